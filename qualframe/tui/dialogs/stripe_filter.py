"""Which stripes the reader shows (`F`): tick the codes and the coders whose codings to see,
as NVivo's "coding stripes: selected items". A ticked box is shown; ticking every box (or
`a`) shows everything; choosing coders hides codings that have none (imported ones). The
choice stays while the researcher moves between documents, and the reader's header says how
many codings it hides, so a filter is never forgotten."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from qualframe.coding.codings import CodingFilter
from qualframe.tui.colors import hue
from qualframe.tui.layout import Mark
from qualframe.tui.screens.base import WorkbenchDialog


def _ticks(
    counted: Counter[str], chosen: frozenset[str], labels: dict[str, Text]
) -> list[Selection[str]]:
    """One box per value here (with its count, the most used first) and per value chosen
    before but absent here; an empty choice means all, so every box starts ticked."""
    values = [value for value, _ in counted.most_common()] + sorted(chosen - set(counted))
    return [
        Selection(
            Text(f"{counted.get(value, 0):>4} ", style="dim") + labels.get(value, Text(value)),
            value,
            not chosen or value in chosen,
        )
        for value in values
    ]


def _chosen(ticked: Iterable[str], offered: int) -> frozenset[str]:
    """Every box ticked is no filter at all (codes added later show too)."""
    values = frozenset(ticked)
    return frozenset() if len(values) == offered else values


class StripeFilterScreen(WorkbenchDialog[CodingFilter]):
    """Dismissed with the new filter, or None (cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "apply", "Show these", priority=True),
        Binding("a", "everything", "Show all"),
        Binding("escape", "cancel", "Cancel"),
    ]
    AUTO_FOCUS = "#stripe-codes"

    DEFAULT_CSS = """
    #stripe-filter {
        width: 90%;
        max-width: 84;
    }
    #stripe-lists {
        height: auto;
    }
    #stripe-lists Vertical {
        height: auto;
        width: 1fr;
    }
    #stripe-lists #stripe-code-column {
        width: 2fr;
    }
    #stripe-lists SelectionList {
        height: auto;
        max-height: 14;
    }
    """

    def __init__(self, marks: list[Mark], current: CodingFilter) -> None:
        """`marks`: every coding of the document (shown or not), in text order."""
        super().__init__()
        self.current = current
        self.codes = Counter(mark.code for mark in marks)
        self.coders = Counter(mark.coder for mark in marks if mark.coder is not None)
        self.code_labels = {mark.code: Text(mark.name, style=hue(mark.color)) for mark in marks}

    def compose(self) -> ComposeResult:
        with Vertical(id="stripe-filter", classes="dialog"):
            yield Label("Show the stripes of…", classes="dialog-title")
            with Horizontal(id="stripe-lists"):
                with Vertical(id="stripe-code-column"):
                    yield Label("Codes", classes="dialog-hint")
                    yield SelectionList[str](
                        *_ticks(self.codes, self.current.codes, self.code_labels),
                        id="stripe-codes",
                    )
                with Vertical():
                    yield Label("Coders", classes="dialog-hint")
                    yield SelectionList[str](
                        *_ticks(self.coders, self.current.coders, {}), id="stripe-coders"
                    )
            yield Static(
                "space tick · tab other list · enter show · a show all · esc cancel",
                classes="dialog-hint",
            )

    def action_apply(self) -> None:
        codes = self.query_one("#stripe-codes", SelectionList)
        coders = self.query_one("#stripe-coders", SelectionList)
        if not codes.selected or (coders.option_count and not coders.selected):
            self.notify("Tick a code and a coder to show (a shows everything).")
            return
        self.dismiss(
            CodingFilter(
                _chosen(codes.selected, codes.option_count),
                _chosen(coders.selected, coders.option_count),
            )
        )

    def action_everything(self) -> None:
        self.dismiss(CodingFilter())
