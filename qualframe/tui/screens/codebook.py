"""The codebook screen (`C`): the code tree with the highlighted code's definition, criteria
and examples, and every change to the codebook by hand, each the core function its
command-line twin calls, recorded in the log and undone by `u`: edit a code's texts (`e`),
rename (`r`), move (`m`), merge (`g`), split off a sibling with the codings ticked (`x`),
colour (`c`), retire (`delete`), new code (`n`) and new theme (`t`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Tree

from qualframe.tui import codebook_data, data
from qualframe.tui.bindings import APP, CODEBOOK
from qualframe.tui.colors import NAMES, PALETTE
from qualframe.tui.dialogs.code_form import CodeFormScreen, Field
from qualframe.tui.dialogs.matrix_choice import Choice, ChoiceScreen
from qualframe.tui.dialogs.new_code import NewCodeScreen, code_id
from qualframe.tui.screens.base import WorkbenchScreen
from qualframe.tui.widgets.codebook_panel import CodebookPanel
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader

if TYPE_CHECKING:
    from collections.abc import Callable

    from qualframe.tui.data import Codebook, CodeDetail, CodeInfo


class CodebookScreen(WorkbenchScreen[None]):
    """The codebook, to change; `refresh_data` reads it again (after a change, undo, redo)."""

    KEY_GROUPS = (CODEBOOK, APP)
    BINDINGS = CODEBOOK.bindings()
    HELP_TITLE = "the codebook"
    AUTO_FOCUS = "#code-tree"

    def __init__(self) -> None:
        super().__init__()
        self.codebook: Codebook | None = None

    def compose(self) -> ComposeResult:
        yield ProjectHeader("codebook", id="header")
        yield CodebookPanel(id="cb-panel")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)
        self.refresh_data()

    def refresh_data(self) -> None:
        self.read(data.codebook_job(self.app.gateway.coder), self._show, group="codebook")

    def _show(self, codebook: Codebook) -> None:
        self.codebook = codebook
        panel = self.query_one(CodebookPanel)
        panel.details.clear()  # texts may have changed: read the shown one again
        panel.show_codebook(codebook)
        if panel.shown is not None:
            self.on_codebook_panel_detail_wanted(CodebookPanel.DetailWanted(panel.shown))

    def on_codebook_panel_detail_wanted(self, event: CodebookPanel.DetailWanted) -> None:
        event.stop()
        panel = self.query_one(CodebookPanel)
        self.read(data.code_detail_job(event.key), panel.show_detail, group="detail")

    # --- what the cursor is on ------------------------------------------------------------

    def highlighted(self) -> str | None:
        node = self.query_one("#code-tree", Tree).cursor_node
        return str(node.data) if node is not None and node.data is not None else None

    def _code(self) -> CodeInfo | None:
        """The highlighted code, or None (said) on a theme or an empty codebook."""
        key = self.highlighted()
        code = self.codebook.code(key) if self.codebook and key else None
        if code is None:
            self.notify("Move onto a code first (themes are changed from the command line).")
        return code

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message[:1].upper() + message[1:] + " (u undoes it).", timeout=4)
            self.refresh_data()

    def _change(self, job: data.Job[str]) -> None:
        self.write(job, self._done, failed=self._refused)

    def _refused(self, message: str) -> None:
        self.notify(message, title="Not done", severity="error", timeout=8)

    # --- the changes ----------------------------------------------------------------------

    def action_rename(self) -> None:
        if (code := self._code()) is None:
            return
        coder = self.app.gateway.coder
        form = CodeFormScreen(
            f"Rename {code.key}",
            [Field("name", "Name", code.name)],
            lambda v: codebook_data.rename(code.key, v["name"], coder),
        )
        self.app.push_screen(form, self._done)

    def action_edit(self) -> None:
        if (code := self._code()) is not None:
            self.read(data.code_detail_job(code.key), self._edit_form, group="edit")

    def _edit_form(self, detail: CodeDetail) -> None:
        coder = self.app.gateway.coder
        fields = [
            Field("definition", "Definition: what the code covers", detail.definition, True),
            Field("include", "Include: when to apply it", detail.include, True),
            Field(
                "exclude", "Exclude: when not to (and what to use instead)", detail.exclude, True
            ),
            Field("examples", "Examples, one a line", "\n".join(detail.examples), True),
        ]

        def change(v: dict[str, str]) -> data.Job[str]:
            examples = v["examples"].splitlines()
            return codebook_data.edit_texts(
                detail.key, v["definition"], v["include"], v["exclude"], examples, coder
            )

        self.app.push_screen(
            CodeFormScreen(f"{detail.name}  {detail.key}", fields, change), self._done
        )

    def action_move(self) -> None:
        if (code := self._code()) is None or self.codebook is None:
            return
        places = [Choice(t.id, t.name, "theme", t.id == code.parent) for t in self.codebook.themes]
        places += [
            Choice(c.key, c.name, c.key, c.key == code.parent)
            for c in self.codebook.codes
            if c.key != code.key
        ]
        self._choose(
            f"Move {code.name} under…",
            places,
            lambda to: codebook_data.move(code.key, to, self.app.gateway.coder),
        )

    def action_merge(self) -> None:
        if (code := self._code()) is None or self.codebook is None:
            return
        targets = [Choice(c.key, c.name, c.key) for c in self.codebook.codes if c.key != code.key]
        self._choose(
            f"Merge {code.name} into… (its {code.codings} coding(s) move, it is retired)",
            targets,
            lambda to: codebook_data.merge(code.key, to, self.app.gateway.coder),
        )

    def _choose(
        self, title: str, choices: list[Choice], job: Callable[[str], data.Job[str]]
    ) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                self._change(job(value))

        self.app.push_screen(ChoiceScreen(title, choices), chosen)

    def action_split(self) -> None:
        from qualframe.tui.dialogs.split_code import SplitCodeScreen  # reads the code report

        if (code := self._code()) is not None:
            self.app.push_screen(SplitCodeScreen(code), self._done)

    def action_colour(self) -> None:
        if (code := self._code()) is None:
            return
        choices = [
            Choice(PALETTE[i][1], name.capitalize(), PALETTE[i][1], i == code.color)
            for i, name in enumerate(NAMES)
        ]
        choices.append(Choice("", "By its place in the codebook", "the default"))
        self._choose(
            f"Colour of {code.name}",
            choices,
            lambda value: codebook_data.colour(code.key, value, self.app.gateway.coder),
        )

    def action_retire(self) -> None:
        if (code := self._code()) is not None:
            self._change(codebook_data.retire(code.key, self.app.gateway.coder))

    def action_new_theme(self) -> None:
        coder = self.app.gateway.coder
        form = CodeFormScreen(
            "New theme",
            [Field("name", "Name"), Field("description", "Description: what it gathers", "", True)],
            lambda v: codebook_data.new_theme(
                code_id(v["name"]), v["name"].strip(), v["description"], coder
            ),
        )
        self.app.push_screen(form, self._done)

    def action_new_code(self) -> None:
        def created(made: object) -> None:
            if made is not None:
                self._done(f"new code {getattr(made, 'key', '')}")

        self.app.push_screen(NewCodeScreen(), created)

    def action_back(self) -> None:
        self.app.pop_screen()
