"""The suggestions review's jobs: the queue, one suggestion with what the reviewer judges it by,
and the two decisions. No Textual here (see `qualframe.tui.data`).

The queue and the decisions call the functions of `qualframe suggest list|accept|reject`, so
the review screen and the command line filter, code and log the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qualframe.tui.data import DocumentText, Job, reader_data

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.coding.suggestions import SuggestionContext, SuggestionItem


@dataclass(frozen=True)
class FilterChoice:
    """One entry of a filter: `value` is what `list_suggestions` takes, `pending` how many
    suggestions it would show (a theme or a code with codes under it: theirs too), `within`
    the choices that hold this one (a code's theme and parent codes)."""

    value: str
    label: str
    pending: int
    within: tuple[str, ...] = ()
    theme: bool = False


@dataclass(frozen=True)
class ReviewQueue:
    """The pending suggestions under the filter, in reading order, and the filters' choices
    (counted over every pending suggestion, so a choice says what it would show); `accepted`
    and `rejected` as the reviewer sees them (under blind coding: their own decisions), for the
    note when nothing is pending."""

    items: list[SuggestionItem]
    codes: list[FilterChoice]
    documents: list[FilterChoice]
    pending: int
    accepted: int
    rejected: int


def review_queue(code: str | None, document: str | None, coder: str) -> Job[ReviewQueue]:
    """The queue `coder` reviews: under blind coding, what they have not judged themselves."""

    def job(session: Session) -> ReviewQueue:
        from qualframe.codebook.store import list_codes, list_themes
        from qualframe.coding.suggestions import list_suggestions, review_counts

        everything = list_suggestions(session, viewer=coder)
        items = (
            everything
            if code is None and document is None
            else list_suggestions(session, code=code, document=document, viewer=coder)
        )
        by_document = Counter(item.document for item in everything)
        rows = list_codes(session)
        parents = {row["id"]: row["parent"] for row in rows}
        within: dict[str, tuple[str, ...]] = {}
        for row in rows:  # tree order: a parent comes before its codes
            parent = row["parent"]
            within[row["id"]] = (
                (*within.get(parent, ()), parent) if parent in parents else (row["theme"],)
            )
        pending: Counter[str] = Counter()
        for item in everything:
            pending.update([item.code, *within.get(item.code, ())])
        codes: list[FilterChoice] = []
        for theme in list_themes(session):
            if pending[theme["id"]]:
                codes.append(
                    FilterChoice(theme["id"], theme["name"], pending[theme["id"]], theme=True)
                )
                codes.extend(
                    FilterChoice(row["id"], row["name"], pending[row["id"]], within[row["id"]])
                    for row in rows
                    if row["theme"] == theme["id"] and pending[row["id"]]
                )
        documents = [FilterChoice(name, name, count) for name, count in sorted(by_document.items())]
        decided = review_counts(session, coder)
        return ReviewQueue(
            items, codes, documents, len(everything), decided["accepted"], decided["rejected"]
        )

    return job


@dataclass(frozen=True)
class Review:
    """One suggestion as the reviewer judges it: the passage in its turn, the code's
    definition, criteria and examples, and the document's codings (the reviewer's own only,
    under blind coding). `document` is None when the caller already shows that document."""

    context: SuggestionContext
    theme: str
    examples: list[str]
    codings: list[dict[str, Any]]
    document: DocumentText | None


def review(suggestion_id: int, coder: str, *, with_text: bool) -> Job[Review]:
    def job(session: Session) -> Review:
        from qualframe.codebook.store import find_code
        from qualframe.coding.codings import document_codings
        from qualframe.coding.suggestions import suggestion_context

        context = suggestion_context(session, suggestion_id, coder)
        code = find_code(session, context.item.code)
        theme = code
        while theme.parent is not None:
            theme = theme.parent
        name = context.item.document
        text = reader_data(session, name).document if with_text else None
        return Review(
            context,
            theme.name,
            [str(e) for e in code.examples or []],
            document_codings(session, name, viewer=coder),
            text,
        )

    return job


@dataclass(frozen=True)
class Decision:
    """A review that committed; `message` is the line the reviewer sees."""

    suggestion_id: int
    message: str


def accept(
    item: SuggestionItem, coder: str, where: str, span: tuple[int, int] | None = None
) -> Job[Decision]:
    """`a` (or `e` then enter): code the passage, or the adjusted `span`, in `coder`'s name;
    `where` names the passage in the message (`P03 l.24`)."""

    def job(session: Session) -> Decision:
        from qualframe.coding.suggestions import accept_suggestion

        start, end = span if span is not None else (None, None)
        accept_suggestion(session, item.id, coder, start=start, end=end)
        adjusted = " (adjusted)" if span is not None and span != (item.start, item.end) else ""
        return Decision(
            item.id, f"Accepted: {where} coded {item.code_name}{adjusted} (u undoes it)."
        )

    return job


def reject(item: SuggestionItem, coder: str, where: str) -> Job[Decision]:
    """`x`: reject; later runs do not suggest it again."""

    def job(session: Session) -> Decision:
        from qualframe.coding.suggestions import reject_suggestion

        reject_suggestion(session, item.id, coder)
        return Decision(item.id, f"Rejected: {item.code_name} at {where} (u undoes it).")

    return job
