"""The disagreement report: the passages where coders differ, with each coder's codings there.

A passage is a stretch of text that at least one coder coded with a code, as wide as the
overlapping (or touching) codings of that code by any of the coders reach. Where every coder
covered the whole stretch they agree; otherwise it is a disagreement, of one of two kinds:
`presence` (some coder did not apply the code there at all) or `extent` (all applied it, over
different stretches). Each passage carries, per coder, every coding of theirs that overlaps it,
whatever its code, so a reviewer (or the TUI, side by side) sees what the others used instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.analysis.comparison import CodedDocument, CodedSpan, load_comparison
from qualframe.corpus.lines import line_label, line_span, line_starts
from qualframe.store.models import Document, Revision


@dataclass(frozen=True)
class Disagreement:
    """One passage of one document where the coders differ on one code."""

    document: str
    document_id: int
    code: str
    start: int
    end: int
    kind: str  # presence | extent
    coded_by: tuple[str, ...]
    missing: tuple[str, ...]
    #: characters of the passage every coder coded with `code`
    agreed: int
    #: per coder (all compared coders, in order): their codings overlapping the passage
    codings: dict[str, tuple[CodedSpan, ...]]
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "code": self.code,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "coded_by": list(self.coded_by),
            "missing": list(self.missing),
            "agreed_chars": self.agreed,
            "codings": {
                coder: [
                    {"id": s.coding_id, "code": s.code, "start": s.start, "end": s.end}
                    for s in spans
                ]
                for coder, spans in self.codings.items()
            },
            "text": self.text,
        }


def list_disagreements(
    session: Session,
    coders: Sequence[str],
    codes: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> list[Disagreement]:
    """Every passage where the coders differ, by document, then position, then code."""
    comparison = load_comparison(session, coders, codes, documents)
    texts = dict(
        session.execute(
            select(Document.id, Revision.text)
            .join(Revision, Revision.id == Document.current_revision_id)
            .where(Document.id.in_([d.id for d in comparison.documents]))
        ).all()
    )
    found = []
    for document in comparison.documents:
        for code in comparison.codes:
            found.extend(_passages(document, texts[document.id], code, comparison.coders))
    return sorted(found, key=lambda d: (d.document, d.start, d.end, d.code))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of intervals; touching ones join."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _covered(intervals: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(max(s, start), min(e, end)) for s, e in intervals if s < end and e > start]


def _length(intervals: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in intervals)


def _intersection(per_coder: list[list[tuple[int, int]]]) -> int:
    """Characters inside every coder's intervals."""
    common = per_coder[0]
    for other in per_coder[1:]:
        common = [
            (max(s, t), min(e, u)) for s, e in common for t, u in other if max(s, t) < min(e, u)
        ]
    return _length(common)


def _passages(
    document: CodedDocument, text: str, code: str, coders: tuple[str, ...]
) -> list[Disagreement]:
    by_coder = {
        coder: _merged(
            [(s.start, s.end) for s in document.spans if s.coder == coder and s.code == code]
        )
        for coder in coders
    }
    union = _merged([interval for intervals in by_coder.values() for interval in intervals])
    out = []
    for start, end in union:
        inside = {coder: _covered(by_coder[coder], start, end) for coder in coders}
        if all(_length(inside[coder]) == end - start for coder in coders):
            continue
        coded_by = tuple(coder for coder in coders if inside[coder])
        out.append(
            Disagreement(
                document=document.name,
                document_id=document.id,
                code=code,
                start=start,
                end=end,
                kind="extent" if len(coded_by) == len(coders) else "presence",
                coded_by=coded_by,
                missing=tuple(coder for coder in coders if not inside[coder]),
                agreed=_intersection(list(inside.values())),
                codings={
                    coder: tuple(
                        s
                        for s in document.spans
                        if s.coder == coder and s.start < end and s.end > start
                    )
                    for coder in coders
                },
                text=text[start:end],
            )
        )
    return out


@dataclass(frozen=True)
class Passage:
    """One disagreement and the lines of its document it spans (1-based, inclusive)."""

    item: Disagreement
    first_line: int
    last_line: int

    @property
    def lines(self) -> str:
        """`l.4` or `l.4–6`, as chart references write it."""
        return line_label(self.first_line, self.last_line)


def with_lines(session: Session, found: Sequence[Disagreement]) -> list[Passage]:
    """The disagreements with where they are, in their documents' current texts' lines (what
    the disagreement view and chart references cite)."""
    document_ids = {d.document_id for d in found}
    starts = {
        doc_id: line_starts(text)
        for doc_id, text in session.execute(
            select(Document.id, Revision.text)
            .join(Revision, Revision.id == Document.current_revision_id)
            .where(Document.id.in_(document_ids))
        )
    }
    return [Passage(d, *line_span(starts[d.document_id], d.start, d.end)) for d in found]
