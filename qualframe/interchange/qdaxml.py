"""QDA-XML parsing and validation that untrusted files cannot turn against us.

Reading uses defusedxml (no DTDs, no entity expansion, no external entities), streaming, so a
large project never sits in memory as a tree. Validation against the bundled REFI-QDA XSDs
uses lxml with entity resolution and network access off; it runs only on bytes defusedxml
has already accepted. Vendors write a few namespace variants (`urn:QDA-XML:project:1:0`,
codebook `:1:0` / `:0:4`) that the XSD rejects at the root: they are accepted as the standard
namespace, and the caller is told.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any, Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from qualframe.errors import UserError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: Namespaces seen in the wild for each kind, accepted as the standard one.
VARIANTS = {
    "project": ("urn:QDA-XML:project:1:0",),
    "codebook": ("urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4"),
}
SCHEMAS = {"project": "Project-mrt2019.xsd", "codebook": "Codebook-mrt2019.xsd"}
Kind = Literal["project", "codebook"]
#: How many schema errors a failed validation names.
MAX_ERRORS = 3


@lru_cache(maxsize=256)
def local(tag: str) -> str:
    """An element's name without its namespace (vendors disagree on the namespace)."""
    return tag.rpartition("}")[2]


def stream(
    data: bytes, where: str, events: tuple[str, ...] = ("start", "end")
) -> Iterator[tuple[str, Element]]:
    """(event, element) pairs of `data`, parsed safely; bad XML becomes one `UserError` line."""
    try:
        yield from iterparse(io.BytesIO(data), events=events, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UserError(f"refused unsafe XML ({exc})", path=where) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise UserError(f"not well-formed XML: {exc.msg}", path=where, line=line) from None


def normalise_namespace(data: bytes, kind: Kind) -> tuple[bytes, str | None]:
    """`data` with a known vendor namespace variant replaced by the standard one, and a note
    saying so (None when the file already used the standard namespace)."""
    standard = PROJECT_NS if kind == "project" else CODEBOOK_NS
    head = data[:8192]
    for variant in VARIANTS[kind]:
        quoted = f'"{variant}"'.encode()
        if quoted in head:
            fixed = head.replace(quoted, f'"{standard}"'.encode())
            note = f"namespace {variant!r} read as the standard {standard!r}"
            return fixed + data[8192:], note
    return data, None


@lru_cache(maxsize=2)
def _schema(kind: Kind) -> Any:
    from lxml import etree

    text = resources.files("qualframe.interchange").joinpath("schemas", SCHEMAS[kind])
    return etree.XMLSchema(etree.parse(io.BytesIO(text.read_bytes()), _parser()))


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def schema_errors(data: bytes, kind: Kind) -> list[str]:
    """The first schema errors of `data` as 'line N: /Project/...: message'; [] when valid.

    A valid file is checked streaming (elements freed as they are validated), so memory does
    not grow with the file; only a file with errors is parsed whole, to name their paths."""
    from lxml import etree

    schema = _schema(kind)
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(data),
            schema=schema,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        ):
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
        return []
    except etree.XMLSyntaxError:
        pass
    tree = etree.parse(io.BytesIO(data), _parser())
    if schema.validate(tree):
        return []
    errors = []
    for entry in list(schema.error_log)[:MAX_ERRORS]:
        found = tree.xpath(entry.path) if entry.path else []
        path = _element_path(found[0]) if found else "/"
        message = NAMESPACED.sub("", entry.message)
        errors.append(f"line {entry.line}: {path}: {message[:200]}")
    return errors


NAMESPACED = re.compile(r"\{(?:urn|http)[^}]*\}")


def _element_path(element: Any) -> str:
    """`/Project/CodeBook/Codes/Code[2]`: local names, with the position among same-named
    siblings where there is more than one."""
    parts = []
    while element is not None:
        name = local(element.tag)
        parent = element.getparent()
        if parent is not None:
            same = [child for child in parent if child.tag == element.tag]
            if len(same) > 1:
                name += f"[{same.index(element) + 1}]"
        parts.append(name)
        element = parent
    return "/" + "/".join(reversed(parts))


def validate(data: bytes, kind: Kind, where: str) -> None:
    """Refuse `data` unless it follows the REFI-QDA schema of its kind, naming the first
    errors with their element paths."""
    errors = schema_errors(data, kind)
    if errors:
        raise UserError("does not follow the REFI-QDA schema: " + "; ".join(errors), path=where)
