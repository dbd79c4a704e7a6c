"""The suggestions review's jobs: the queue, one suggestion with what the reviewer judges it by,
and the two decisions. No Textual here (see `qualframe.tui.data`).

The queue and the decisions call the functions of `qualframe suggest list|accept|reject`, so
the review screen and the command line filter, code and log the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.coding.review_queue import FilterChoice as FilterChoice  # the screen's names
from qualframe.coding.review_queue import ReviewQueue as ReviewQueue
from qualframe.coding.review_queue import review_queue as queue_of
from qualframe.tui.data import DocumentText, Job, reader_data

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.coding.codings import CodingMark
    from qualframe.coding.reviewing import SuggestionContext, SuggestionItem


def review_queue(code: str | None, document: str | None, coder: str) -> Job[ReviewQueue]:
    """The queue `coder` reviews (`coding.review_queue`)."""
    return lambda session: queue_of(session, code, document, coder)


@dataclass(frozen=True)
class Review:
    """One suggestion as the reviewer judges it: the passage in its turn, the code's
    definition, criteria and examples, and the document's codings (the reviewer's own only,
    under blind coding). `document` is None when the caller already shows that document."""

    context: SuggestionContext
    theme: str
    examples: list[str]
    codings: list[CodingMark]
    document: DocumentText | None


def review(suggestion_id: int, coder: str, *, with_text: bool) -> Job[Review]:
    def job(session: Session) -> Review:
        from qualframe.codebook.store import find_code
        from qualframe.coding.codings import document_codings
        from qualframe.coding.reviewing import suggestion_context

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
        from qualframe.coding.reviewing import accept_suggestion

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
        from qualframe.coding.reviewing import reject_suggestion

        reject_suggestion(session, item.id, coder)
        return Decision(item.id, f"Rejected: {item.code_name} at {where} (u undoes it).")

    return job
