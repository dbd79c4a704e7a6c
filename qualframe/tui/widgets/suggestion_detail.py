"""Beside a suggestion: why it was made (the rule and the words it fired on) and the code's
definition, inclusion and exclusion criteria and examples, so the reviewer judges the passage
against the codebook rather than against the pattern's guess."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from qualframe.tui.colors import hue
from qualframe.tui.suggestions_data import Review

#: Longest quotation of the matched words before it is cut with an ellipsis.
MATCH_LIMIT = 120


class SuggestionDetail(VerticalScroll):
    """Scrolls on its own: a long definition never pushes the transcript aside."""

    def compose(self) -> ComposeResult:
        yield Static("", id="suggestion-detail-text")

    def show(self, review: Review, color: int) -> None:
        self.query_one("#suggestion-detail-text", Static).update(render_detail(review, color))
        self.scroll_home(animate=False)


def render_detail(review: Review, color: int) -> Text:
    """`Free-riding` over its theme, then why it was suggested, then the codebook's words."""
    context = review.context
    item = context.item
    text = Text()
    text.append(item.code_name, style=Style(bold=True) + hue(color))
    text.append(f"  {item.code}\n", style="dim")
    text.append(f"{review.theme}\n", style="italic")
    text.append("\nWhy suggested\n", style="bold underline")
    matched = " ".join(item.matched.split())
    if len(matched) > MATCH_LIMIT:
        matched = matched[: MATCH_LIMIT - 1] + "…"
    text.append("matched ", style="dim")
    text.append(f"“{matched}”\n", style="bold")
    text.append(f"rule: {item.rule}\n", style="dim")
    for title, body in (
        ("Definition", context.definition),
        ("Include", context.include),
        ("Exclude", context.exclude),
    ):
        if body and body.strip():
            text.append(f"\n{title}\n", style="bold underline")
            text.append(body.strip() + "\n")
    if review.examples:
        text.append("\nExamples\n", style="bold underline")
        for example in review.examples:
            text.append(f"“{example.strip()}”\n", style="italic")
    return text
