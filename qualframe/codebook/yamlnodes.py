"""PyYAML's node graph as the codebook check walks it: aliases kept where they are used, each
node's line, and what a node is called in a message (`a list`, `an empty value`, ...)."""

from __future__ import annotations

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

TAG = "tag:yaml.org,2002:"
NULL_TAG = TAG + "null"
MERGE_TAG = TAG + "merge"
TEXT_TAGS = frozenset(TAG + name for name in ("str", "int", "float", "bool", "timestamp"))


class Alias:
    """Where an alias (``*name``) was used, pointing at the anchored node it repeats.

    PyYAML's composer hands back the anchored node itself, which loses the alias's own line and
    hides that the content is repeated; keeping the use site lets duplicates and cycles be
    reported where the alias stands.
    """

    __slots__ = ("line", "target")

    def __init__(self, target: Node, line: int) -> None:
        self.target = target
        self.line = line


Ref = Node | Alias


class Loader(yaml.SafeLoader):
    """A safe loader whose composer wraps every alias use in an `Alias` marker."""

    def compose_node(self, parent: Node | None, index: int) -> Ref | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            line = self.peek_event().start_mark.line + 1
            node = super().compose_node(parent, index)
            assert node is not None  # an alias names a node composed before
            return Alias(node, line)
        return super().compose_node(parent, index)


def resolve(ref: Ref) -> tuple[Node, int]:
    """The node a reference stands for, and the line where the reference itself stands."""
    if isinstance(ref, Alias):
        return ref.target, ref.line
    return ref, line_of(ref)


def line_of(node: Node) -> int:
    return node.start_mark.line + 1 if node.start_mark is not None else 0


SCALAR_KINDS = {
    NULL_TAG: "an empty value",
    TAG + "str": "plain text",
    TAG + "int": "a number",
    TAG + "float": "a number",
    TAG + "bool": "true/false",
    TAG + "timestamp": "a date",
}


def describe(node: Node) -> str:
    """What the user wrote, in their terms, for messages like "must be a list, not ..."."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return SCALAR_KINDS.get(node.tag, f"a value tagged {node.tag}")


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG
