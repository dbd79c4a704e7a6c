"""The code tree walk (`codebook.tree`) that listings, charts and review filters share."""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.codebook.tree import children_of, depth_first, root_of


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    position: int
    retired: bool = False


#: theme 1 (codes 3, 4 under it; 5 under 3, listed first by position), theme 2 (code 6, retired
#: with a child 7), given out of order.
NODES = [
    Node(4, 1, 1),
    Node(2, None, 1),
    Node(5, 3, 0),
    Node(1, None, 0),
    Node(3, 1, 0),
    Node(7, 6, 0),
    Node(6, 2, 0, retired=True),
]


def test_depth_first_in_codebook_order_with_depths() -> None:
    walk = [(n.id, depth) for n, depth in depth_first(children_of(NODES), None)]
    assert walk == [(1, 0), (3, 1), (5, 2), (4, 1), (2, 0), (6, 1), (7, 2)]


def test_a_refused_node_is_skipped_with_what_is_under_it() -> None:
    tree = children_of(NODES)
    walk = [n.id for n, _ in depth_first(tree, None, enter=lambda n: not n.retired)]
    assert walk == [1, 3, 5, 4, 2]
    assert [n.id for n, _ in depth_first(tree, 1)] == [3, 5, 4]


def test_root_of_is_the_theme() -> None:
    nodes = {n.id: n for n in NODES}
    assert [root_of(nodes, nodes[i]).id for i in (5, 4, 1, 7)] == [1, 1, 1, 2]
