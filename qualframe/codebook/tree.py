"""The code tree, walked one way: themes at the top, codes under them, siblings in codebook
order (position, then id). Listings, charts and the review filters read the codes' rows once
and walk them here, in memory, instead of querying per node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar


class TreeNode(Protocol):
    """What a walk needs of a code's row (ORM rows, core rows and charts' nodes all have it)."""

    @property
    def id(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...

    @property
    def position(self) -> int: ...


N = TypeVar("N", bound=TreeNode)


def children_of(nodes: Iterable[N]) -> dict[int | None, list[N]]:
    """Each parent's children in codebook order (None: the themes)."""
    children: dict[int | None, list[N]] = {}
    for node in sorted(nodes, key=lambda n: (n.position, n.id)):
        children.setdefault(node.parent_id, []).append(node)
    return children


def depth_first(
    children: Mapping[int | None, Sequence[N]],
    parent: int | None,
    *,
    enter: Callable[[N], bool] = lambda node: True,
) -> Iterator[tuple[N, int]]:
    """Every node under `parent`, depth-first in codebook order, with its depth (0: a child of
    `parent`); a node `enter` refuses is skipped with everything under it."""
    stack = [(node, 0) for node in reversed(children.get(parent, [])) if enter(node)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        below = children.get(node.id, [])
        stack.extend((child, depth + 1) for child in reversed(below) if enter(child))


def root_of(nodes: Mapping[int, N], node: N) -> N:
    """The theme a code is under (a theme is its own)."""
    while node.parent_id is not None:
        node = nodes[node.parent_id]
    return node
