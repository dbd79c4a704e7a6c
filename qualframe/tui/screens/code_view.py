"""The code view (`o`): every passage coded with one code, across all cases, grouped by case,
each with its context, coder and memos (the core's `code_report`, as `qualframe code report`).

`enter` shows the passage in its transcript (`esc` there comes back), `r` recodes it, `d`
uncodes it (both undone by `u`), `w` keeps only the cases with an attribute value. The list
is drawn a line at a time (`PassageList`): a busy code has thousands of passages. The case
headings between them cannot be highlighted, so the cursor steps over them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from qualframe.coding.report import in_context
from qualframe.tui import data
from qualframe.tui.bindings import APP, CODE_VIEW
from qualframe.tui.screens.base import WorkbenchScreen
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.passage_list import Entry, PassageList
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


def heading(group_case: str, attributes: Mapping[str, str], count: int) -> Entry:
    """`P10  Hospital D · Matron  3 passages` (not selectable)."""
    details = " · ".join(value for value in attributes.values() if value)
    noun = "passage" if count == 1 else "passages"
    runs = ((group_case, "heading"), (f"  {details}" if details else "", "dim"))
    return Entry(None, (((*runs, (f"  {count} {noun}", "dim"))),))


def passage_entry(passage: Passage) -> Entry:
    """`P10 l.23 · ana ✎ 1`, then the passage in bold between its context, then its memos."""
    head: list[tuple[str, str]] = [
        (f"{passage.document} l.{passage.line}", "bold"),
        (f" · {passage.coder or 'unknown'}", "dim"),
    ]
    if passage.memos:
        head.append((f"  ✎ {len(passage.memos)}", "mark"))
    before, text, after = in_context(passage)
    blocks = [tuple(head), ((before, "dim"), (text, "bold"), (after, "dim"))]
    for memo in passage.memos:
        blocks.append((("✎ ", "mark"), *inline_markdown(" ".join(memo.split()))))
    return Entry(str(passage.coding_id), tuple(blocks))


def inline_markdown(text: str) -> tuple[tuple[str, str], ...]:
    """`**bold**` and `*italic*` of a memo as styles, not asterisks (the rest as a memo)."""
    runs: list[tuple[str, str]] = []
    for match in re.finditer(r"\*\*(.+?)\*\*|\*(.+?)\*|([^*]+|\*)", text):
        bold, italic, plain = match.groups()
        if bold is not None:
            runs.append((bold, "memo-bold"))
        elif italic is not None:
            runs.append((italic, "memo"))
        else:
            runs.append((plain, "memo-plain"))
    return tuple(runs)


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
        yield PassageList(id="cv-passages")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)

    def on_screen_resume(self) -> None:
        """Shown: read the passages (the first time, and back from the reader, where one may
        have been recoded). Reading on mount as well ran the report twice at once."""
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
        listing = self.query_one(PassageList)
        index = listing.highlighted
        kept = listing.entries[index].key if index is not None else None
        self.report = report
        self.passages = {}
        entries: list[Entry] = []
        for group in report.groups:
            entries.append(heading(group.case, group.attributes, len(group.passages)))
            for passage in group.passages:
                self.passages[str(passage.coding_id)] = passage
                entries.append(passage_entry(passage))
        keys = [entry.key for entry in entries]
        if kept in self.passages:
            wanted: int | None = keys.index(kept)
        else:
            after = [i for i, e in enumerate(entries) if e.selectable and i >= (index or 0)]
            before = [i for i, e in enumerate(entries) if e.selectable]
            wanted = after[0] if after else (before[-1] if before else None)
        listing.show(entries, wanted)
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
        listing = self.query_one(PassageList)
        if listing.highlighted is None:
            return None
        return self.passages.get(str(listing.entries[listing.highlighted].key))

    # --- actions --------------------------------------------------------------------------

    def on_passage_list_chosen(self, event: PassageList.Chosen) -> None:
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
        from qualframe.tui.dialogs.beside import beside_list
        from qualframe.tui.dialogs.code_picker import CodePickerScreen

        def apply(key: str, picker: CodePickerScreen) -> None:
            def done(change: data.Change) -> None:
                picker.close()
                self._changed(change)

            def failed(message: str) -> None:
                picker.close()
                self._not_done(message)

            job = data.change_coding(passage.coding_id, self.app.gateway.coder, code=key)
            self.write(job, done, failed)

        title = f"Recode {passage.document} l.{passage.line} with…"
        beside = beside_list(self.query_one(PassageList))
        self.app.push_screen(
            CodePickerScreen(codebook, title, allow_new=False, apply=apply, beside=beside)
        )

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
