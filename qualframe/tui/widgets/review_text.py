"""What the suggestions review writes: the note when nothing is pending, the marks of a
suggestion's transcript, and the status line under it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.text import Text

from qualframe.tui.colors import hue
from qualframe.tui.layout import Mark
from qualframe.tui.suggestions_data import Review

NO_SUGGESTIONS = (
    "No suggestions to review.\n\n"
    "Suggestions come from the patterns of your codebook's codes. Make them (again after "
    "importing documents or changing the codebook) with:\n\n"
    "    qualframe suggest run\n\n"
    "and open this review again (s)."
)
ALL_REVIEWED = (
    "Every suggestion has been reviewed: {accepted} accepted, {rejected} rejected.\n\n"
    "New documents or a changed codebook bring new ones:\n\n"
    "    qualframe suggest run"
)
NONE_IN_FILTER = (
    "No pending suggestions for this filter ({pending} pending in all).\n\n"
    "Choose another with c (code) or d (document)."
)


def empty_note(counts: Counter[str]) -> str:
    """Why nothing is shown: the filter, everything reviewed, or no suggestions made yet."""
    if counts["all"]:
        return NONE_IN_FILTER.format(pending=counts["all"])
    if counts["accepted"] or counts["rejected"]:
        return ALL_REVIEWED.format(accepted=counts["accepted"], rejected=counts["rejected"])
    return NO_SUGGESTIONS


def review_marks(result: Review, color: Callable[[str], int]) -> list[Mark]:
    """The document's codings, and the suggestion drawn as the coding it would become
    (a negative id: it is no coding yet)."""
    marks = [
        Mark(c.id, c.start, c.end, c.code, c.code_name, c.coder, color(c.code))
        for c in result.codings
    ]
    marks.append(suggested_mark(result, color))
    return sorted(marks, key=lambda m: (m.start, m.id))


def suggested_mark(result: Review, color: Callable[[str], int]) -> Mark:
    """The suggestion as the coding it would become (a negative id: it is no coding yet)."""
    item = result.context.item
    name = f"{item.code_name}?"
    return Mark(-item.id, item.start, item.end, item.code, name, None, color(item.code))


def status_text(shown: Review, where: str, color: Callable[[str], int]) -> Text:
    """`P03 l.24 · speaker P03 · suggested X · coded here: Data burden (ana)`."""
    context = shown.context
    item = context.item
    text = Text(" ")
    text.append(where, style="bold")
    if context.speaker:
        text.append(f" · {context.speaker}", style="dim")
    text.append(" · suggested ", style="dim")
    text.append(item.code_name, style=hue(color(item.code)))
    overlapping = [c for c in shown.codings if c.start < item.end and c.end > item.start]
    if overlapping:
        text.append("  · coded here: ", style="dim")
        for index, coding in enumerate(overlapping):
            if index:
                text.append(" · ", style="dim")
            text.append(coding.code_name, style=hue(color(coding.code)))
            text.append(f" ({coding.coder or 'unknown'})", style="dim")
    else:
        text.append("  · not coded yet", style="dim")
    return text
