"""The code view (`o`): every passage coded with one code, across all cases, grouped by case,
each with its context, coder and memos (the core's `code_report`, as `qualframe code report`).

`enter` shows the passage in its transcript (`esc` there comes back), `r` recodes it, `d`
uncodes it (both undone by `u`), `w` keeps only the cases with an attribute value. The list
holds one option per passage; the case headings between them are disabled options, so the
cursor steps over them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from qualframe.coding.report import in_context
from qualframe.tui import data
from qualframe.tui.bindings import APP, CODE_VIEW
from qualframe.tui.screens.base import WorkbenchScreen
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.coding.report import CodeReport, Passage
    from qualframe.tui.dialogs.code_picker import CodePickerScreen

#: The filter choice that drops the filter.
NO_FILTER = ""


def report_job(key: str, viewer: str, where: Mapping[str, tuple[str, ...]]) -> data.Job[CodeReport]:
    def job(session: Session) -> CodeReport:
        from qualframe.coding.report import code_report

        return code_report(session, key, viewer=viewer, where=where)

    return job


def attributes_job(session: Session) -> dict[str, list[str]]:
    from qualframe.coding.report import attribute_values

    return attribute_values(session)


def heading(group_case: str, attributes: Mapping[str, str], count: int) -> Text:
    text = Text()
    text.append(group_case, style="bold underline")
    details = " · ".join(value for value in attributes.values() if value)
    text.append(f"  {details}" if details else "", style="dim")
    text.append(f"  {count} passage{'' if count == 1 else 's'}", style="dim")
    return text


def passage_prompt(passage: Passage) -> Text:
    """`P10 l.23 · ana ✎1`, then the passage in bold between its context, then its memos."""
    text = Text()
    text.append(f"{passage.document} l.{passage.line}", style="bold")
    text.append(f" · {passage.coder or 'unknown'}", style="dim")
    if passage.memos:
        text.append(f"  ✎ {len(passage.memos)}", style="yellow")
    text.append("\n")
    for part, style in zip(in_context(passage), ("dim", "bold", "dim"), strict=True):
        text.append(part, style=style)
    for memo in passage.memos:
        text.append("\n✎ ", style="yellow")
        text.append_text(inline_markdown(" ".join(memo.split()), "italic yellow"))
    return text


def inline_markdown(text: str, style: str) -> Text:
    """`**bold**` and `*italic*` of a memo as styles, not asterisks (one line of a list)."""
    shown = Text(style=style)
    for match in re.finditer(r"\*\*(.+?)\*\*|\*(.+?)\*|([^*]+|\*)", text):
        bold, italic, plain = match.groups()
        if bold is not None:
            shown.append(bold, style="bold")
        elif italic is not None:
            shown.append(italic, style="italic")
        else:
            shown.append(plain)
    return shown


class CodeViewScreen(WorkbenchScreen[None]):
    """The passages of the code `key`; `refresh_data` reads them again (after undo)."""

    KEY_GROUPS = (CODE_VIEW, APP)
    BINDINGS = CODE_VIEW.bindings()
    HELP_TITLE = "the code view"
    AUTO_FOCUS = "#cv-passages"
    DEFAULT_CSS = """
    CodeViewScreen #cv-title, CodeViewScreen #cv-summary {
        height: auto;
        margin: 0 1;
    }
    CodeViewScreen #cv-title {
        margin-top: 1;
        max-height: 3;  /* the name and the definition's start: the passages need the room */
    }
    CodeViewScreen #cv-summary {
        color: $text-muted;
        margin-bottom: 1;
    }
    CodeViewScreen #cv-passages {
        height: 1fr;
        margin: 0 1;
    }
    """

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.where: dict[str, tuple[str, ...]] = {}
        self.report: CodeReport | None = None
        self.passages: dict[str, Passage] = {}

    def compose(self) -> ComposeResult:
        yield ProjectHeader("code view", id="header")
        yield Static("", id="cv-title")
        yield Static("Reading the passages…", id="cv-summary")
        yield OptionList(id="cv-passages")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        """Back from the reader: the passage may have been recoded there."""
        self.refresh_data()

    def refresh_data(self) -> None:
        self.read(
            report_job(self.key, self.app.gateway.coder, self.where),
            self._show,
            group="code-view",
            failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.query_one("#cv-summary", Static).update(Text(message, style="bold red"))

    def _show(self, report: CodeReport) -> None:
        """Fill the list, the cursor staying on the passage it was on (or the one after)."""
        listing = self.query_one(OptionList)
        index = listing.highlighted
        kept = listing.get_option_at_index(index).id if index is not None else None
        self.report = report
        self.passages = {}
        options: list[Option] = []
        for group in report.groups:
            options.append(
                Option(heading(group.case, group.attributes, len(group.passages)), disabled=True)
            )
            for passage in group.passages:
                self.passages[str(passage.coding_id)] = passage
                options.append(Option(passage_prompt(passage), id=str(passage.coding_id)))
        listing.clear_options()
        listing.add_options(options)
        if kept in self.passages:
            listing.highlighted = listing.get_option_index(kept)
        elif self.passages:
            wanted = min(index or 0, len(options) - 1)
            while wanted < len(options) - 1 and options[wanted].disabled:
                wanted += 1
            listing.highlighted = wanted if not options[wanted].disabled else None
        self._show_header(report)

    def _show_header(self, report: CodeReport) -> None:
        title = Text()
        title.append(report.name, style="bold")
        title.append(f"  {report.key}", style="dim")
        if report.theme:
            title.append(f"  · {report.theme}", style="dim")
        if report.definition:
            title.append("\n" + " ".join(report.definition.split()), style="italic")
        self.query_one("#cv-title", Static).update(title)
        where = "; ".join(f"{k} = {' or '.join(v)}" for k, v in report.where.items())
        summary = (
            f"{report.total} passage{'' if report.total == 1 else 's'} in "
            f"{len(report.groups)} case{'' if len(report.groups) == 1 else 's'}, "
            f"{report.documents} document{'' if report.documents == 1 else 's'}"
            if report.total
            else "No passage is coded with this code"
        )
        summary += f" · only cases where {where} (w changes it)" if where else ""
        self.query_one("#cv-summary", Static).update(summary)

    def current(self) -> Passage | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        return self.passages.get(str(listing.get_option_at_index(listing.highlighted).id))

    # --- actions --------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        """`enter`: the passage in its transcript."""
        if (passage := self.current()) is not None:
            self.app.open_document(passage.document, (passage.start, passage.end))

    def action_uncode(self) -> None:
        """`d`: remove the highlighted coding (`u` brings it back)."""
        if (passage := self.current()) is not None:
            self.write(
                data.remove_coding(passage.coding_id, self.app.gateway.coder),
                self._changed,
                self._not_done,
            )

    def action_recode(self) -> None:
        """`r`: recode the highlighted coding with another code."""
        if (passage := self.current()) is not None:
            self.read(
                data.codebook_job(self.app.gateway.coder),
                partial(self._pick_code, passage),
                group="codebook",
            )

    def _pick_code(self, passage: Passage, codebook: data.Codebook) -> None:
        from qualframe.tui.dialogs.code_picker import CodePickerScreen

        def apply(key: str, picker: CodePickerScreen) -> None:
            self.write(
                data.change_coding(passage.coding_id, self.app.gateway.coder, code=key),
                lambda change: (picker.close(), self._changed(change)),
                lambda message: (picker.close(), self._not_done(message)),
            )

        title = f"Recode {passage.document} l.{passage.line} with…"
        self.app.push_screen(CodePickerScreen(codebook, title, allow_new=False, apply=apply))

    def _changed(self, change: data.Change) -> None:
        if change.message:
            self.notify(change.message[:1].upper() + change.message[1:] + ".", timeout=3)
        self.refresh_data()

    def _not_done(self, message: str) -> None:
        self.notify(message, title="Not done", severity="error", timeout=8)

    def action_filter(self) -> None:
        """`w`: keep only the cases with one attribute value (or drop the filter)."""
        self.read(attributes_job, self._choose_filter, group="code-view-attributes")

    def _choose_filter(self, values: dict[str, list[str]]) -> None:
        from qualframe.tui.dialogs.matrix_choice import Choice, ChoiceScreen

        choices = [Choice(NO_FILTER, "All cases", ticked=not self.where)]
        for key, found in values.items():
            for value in found:
                ticked = value in self.where.get(key, ())
                label = f"{key.replace('_', ' ')} = {value}"
                choices.append(Choice(f"{key}={value}", label, ticked=ticked))
        self.app.push_screen(ChoiceScreen("Only the cases where…", choices), self._filtered)

    def _filtered(self, chosen: str | None) -> None:
        if chosen is None:
            return
        key, _, value = chosen.partition("=")
        self.where = {key: (value,)} if chosen != NO_FILTER else {}
        self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()
