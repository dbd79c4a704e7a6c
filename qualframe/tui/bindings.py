"""Every key of the workbench, declared once with an id and a description.

The footer (through Textual's bindings), the help screen and the command palette all read these
groups, so a key documented in one place is the key that works everywhere. The keys are the
contract in the design notes: tests and scripts drive the app with them. Ids are stable
(`qualframe.code`, ...) so a keymap can rebind a key without touching the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

Scope = Literal["app", "screen", "view"]


@dataclass(frozen=True)
class Key:
    """One action: the keys that run it, a short footer label and a one-line explanation.

    `bind` False lists a key Textual binds itself (ctrl+p) without binding it twice;
    `palette` False keeps pure cursor motion out of the command palette.
    """

    id: str
    keys: str
    action: str
    label: str
    help: str
    show: bool = False
    palette: bool = True
    bind: bool = True
    priority: bool = False

    @property
    def display(self) -> str:
        """The keys as a person reads them: `↓ j` rather than `down,j`."""
        return " ".join(_DISPLAY.get(k, k) for k in self.keys.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            id=self.id,
            tooltip=self.help,
            priority=self.priority,
        )


_DISPLAY = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "shift+down": "shift+↓",
    "shift+up": "shift+↑",
    "shift+left": "shift+←",
    "shift+right": "shift+→",
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "ctrl+r": "ctrl+r",
    "ctrl+p": "ctrl+p",
    "ctrl+s": "ctrl+s",
    "enter": "enter",
    "tab": "tab",
}


@dataclass(frozen=True)
class KeyGroup:
    """Keys that belong together; `scope` says which object runs their actions."""

    title: str
    scope: Scope
    keys: tuple[Key, ...]

    def bindings(self) -> list[Binding]:
        return [key.binding() for key in self.keys if key.bind]


APP = KeyGroup(
    "Everywhere",
    "app",
    (
        Key(
            "qualframe.help", "question_mark", "help", "Help", "Every key of this screen", show=True
        ),
        Key("qualframe.search", "slash", "search", "Search", "Search all transcripts"),
        Key(
            "qualframe.undo",
            "u",
            "undo",
            "Undo",
            "Undo your latest coding change (kept across restarts)",
            show=True,
        ),
        Key("qualframe.redo", "ctrl+r", "redo", "Redo", "Redo the change you undid last"),
        Key("qualframe.framework", "f", "framework", "Matrix", "Framework matrix: cases by codes"),
        Key("qualframe.suggestions", "s", "suggestions", "Suggestions", "Review suggested codings"),
        Key(
            "qualframe.code_view",
            "o",
            "code_view",
            "Code view",
            "Code view: every passage coded with a code, by case",
        ),
        Key(
            "qualframe.disagreements",
            "D",
            "disagreements",
            "Disagreements",
            "Passages where two coders differ, side by side",
        ),
        Key(
            "qualframe.quit",
            "q",
            "leave",
            "Quit",
            "Quit qualframe (asks first if a memo or summary is unsaved)",
            show=True,
        ),
        Key(
            "qualframe.palette",
            "ctrl+p",
            "command_palette",
            "Commands",
            "Command palette: every action by name",
            bind=False,
            palette=False,
        ),
    ),
)

HOME = KeyGroup(
    "Documents",
    "screen",
    (
        Key(
            "qualframe.open",
            "enter",
            "open",
            "Open",
            "Open the highlighted document",
            show=True,
            palette=False,
        ),
        Key(
            "qualframe.home_down",
            "down",
            "next_document",
            "Next",
            "Next document (typing in the filter box goes on)",
            show=True,
            palette=False,
        ),
        Key(
            "qualframe.home_up",
            "up",
            "previous_document",
            "Previous",
            "Previous document (typing in the filter box goes on)",
            palette=False,
        ),
        Key(
            "qualframe.filter",
            "tab",
            "filter",
            "Filter ⇄ list",
            "Between the filter box (typing filters the list; where the screen opens) and "
            "the list, where letters are commands (f, s, D, m, n, u, q)",
            show=True,
        ),
        Key(
            "qualframe.memo_document",
            "m",
            "memo",
            "Memo",
            "Write a memo on the highlighted document or the project",
            show=True,
        ),
        Key("qualframe.new_code_home", "n", "new_code", "New code", "Create an emergent code"),
        Key(
            "qualframe.search_home",
            "slash",
            "app.search",
            "Search",
            "Search all transcripts",
            show=True,
            palette=False,
        ),
    ),
)

READER = KeyGroup(
    "Coding",
    "screen",
    (
        Key(
            "qualframe.code",
            "c",
            "code",
            "Code",
            "Code the selection, or the sentence under the cursor",
            show=True,
        ),
        Key(
            "qualframe.new_code",
            "n",
            "new_code",
            "New code",
            "Create an emergent code (and code the passage with it)",
            show=True,
        ),
        Key(
            "qualframe.memo",
            "m",
            "memo",
            "Memo",
            "Write a memo on this document, a code or a coding",
            show=True,
        ),
        Key("qualframe.remove", "d", "remove", "Uncode", "Remove a coding under the cursor"),
        Key(
            "qualframe.recode",
            "r",
            "recode",
            "Recode",
            "Change the code of a coding under the cursor",
        ),
        Key(
            "qualframe.extend",
            "e",
            "extend",
            "Extend",
            "Extend or shrink a coding under the cursor",
        ),
        Key("qualframe.panel", "b", "toggle_panel", "Codebook", "Show or hide the codebook panel"),
        Key(
            "qualframe.back",
            "escape",
            "back",
            "Back",
            "Back to the documents",
            show=True,
            palette=False,
        ),
    ),
)

TRANSCRIPT = KeyGroup(
    "Moving and selecting",
    "view",
    (
        Key(
            "qualframe.down",
            "down,j",
            "cursor_down",
            "Next",
            "Next sentence (extends a selection)",
            palette=False,
        ),
        Key(
            "qualframe.up",
            "up,k",
            "cursor_up",
            "Previous",
            "Previous sentence (extends a selection)",
            palette=False,
        ),
        Key(
            "qualframe.select",
            "v",
            "select",
            "Select",
            "Start a selection at the cursor; arrows extend it",
            show=True,
        ),
        Key(
            "qualframe.extend_down",
            "shift+down",
            "extend_down",
            "Select down",
            "Extend the selection a sentence down (while adjusting: move the start)",
            palette=False,
        ),
        Key(
            "qualframe.extend_up",
            "shift+up",
            "extend_up",
            "Select up",
            "Extend the selection a sentence up (while adjusting: move the start)",
            palette=False,
        ),
        Key(
            "qualframe.word_right",
            "right",
            "word_right",
            "Word →",
            "While adjusting a coding: its end a word later",
            palette=False,
        ),
        Key(
            "qualframe.word_left",
            "left",
            "word_left",
            "Word ←",
            "While adjusting a coding: its end a word earlier",
            palette=False,
        ),
        Key(
            "qualframe.start_left",
            "shift+left",
            "start_left",
            "Word less",
            "Select a word less (while adjusting: the start a word earlier)",
            palette=False,
        ),
        Key(
            "qualframe.start_right",
            "shift+right",
            "start_right",
            "Word more",
            "Select a word more, across sentences (adjusting: start a word later)",
            palette=False,
        ),
        Key(
            "qualframe.page_down",
            "pagedown",
            "page_down",
            "Page down",
            "A screen down",
            palette=False,
        ),
        Key("qualframe.page_up", "pageup", "page_up", "Page up", "A screen up", palette=False),
        Key("qualframe.first", "home", "first", "First", "First sentence", palette=False),
        Key("qualframe.last", "end", "last", "Last", "Last sentence", palette=False),
        Key(
            "qualframe.save_extent",
            "enter",
            "save_extent",
            "Save",
            "While adjusting a coding: save its new extent",
            palette=False,
        ),
        Key(
            "qualframe.clear",
            "escape",
            "clear",
            "Clear",
            "Clear the selection, or cancel adjusting",
            palette=False,
        ),
    ),
)

MATRIX = KeyGroup(
    "Framework matrix",
    "screen",
    (
        Key(
            "qualframe.matrix_open",
            "enter",
            "open_cell",
            "Open",
            "Open the cell: its summary beside the excerpts behind it",
            show=True,
        ),
        Key(
            "qualframe.matrix_edit",
            "e",
            "edit_cell",
            "Edit",
            "Write or edit the summary of the highlighted cell",
            show=True,
        ),
        Key(
            "qualframe.matrix_theme",
            "t",
            "choose_theme",
            "Theme",
            "Switch theme (or every theme, a column each)",
            show=True,
        ),
        Key(
            "qualframe.matrix_group",
            "g",
            "choose_grouping",
            "Group",
            "Group the cases by organisation or by a case attribute",
            show=True,
        ),
        Key(
            "qualframe.matrix_filter",
            "w",
            "choose_filter",
            "Filter",
            "Keep only the cases with an attribute value (choose it again to drop it)",
            show=True,
        ),
        Key(
            "qualframe.matrix_undo",
            "u",
            "undo",
            "Undo",
            "Undo your latest summary edit or coding change",
            show=True,
        ),
        Key(
            "qualframe.matrix_redo",
            "ctrl+r",
            "redo",
            "Redo",
            "Redo the summary edit or coding change you undid last",
        ),
        Key(
            "qualframe.matrix_move",
            "up,down,left,right",
            "move",
            "Move",
            "Move between cells (the case column stays in view)",
            palette=False,
            bind=False,
        ),
        Key(
            "qualframe.matrix_back",
            "escape",
            "back",
            "Back",
            "Back to where you were",
            show=True,
            palette=False,
        ),
    ),
)

CELL = KeyGroup(
    "Chart cell",
    "screen",
    (
        Key(
            "qualframe.cell_jump",
            "enter",
            "jump",
            "Go to",
            "Show the highlighted excerpt in its transcript (esc comes back here)",
            show=True,
        ),
        Key("qualframe.cell_edit", "e", "edit", "Edit", "Edit the summary in place", show=True),
        Key(
            "qualframe.cell_save",
            "ctrl+s",
            "save",
            "Save",
            "Save the summary (refused if it changed since you read it; your text stays)",
            show=True,
        ),
        Key(
            "qualframe.cell_history",
            "h",
            "history",
            "History",
            "Show or hide the summary's earlier versions",
            show=True,
        ),
        Key("qualframe.cell_memo", "m", "memo", "Memo", "Write a memo on this cell"),
        Key(
            "qualframe.cell_undo",
            "u",
            "undo",
            "Undo",
            "Undo your latest summary edit or coding change",
            show=True,
        ),
        Key(
            "qualframe.cell_redo",
            "ctrl+r",
            "redo",
            "Redo",
            "Redo the summary edit or coding change you undid last",
        ),
        Key(
            "qualframe.cell_pane",
            "tab",
            "app.focus_next",
            "Pane",
            "Between the summary and the excerpts",
            palette=False,
            bind=False,
        ),
        Key(
            "qualframe.cell_back",
            "escape",
            "back",
            "Back",
            "Back to the matrix; while editing, stop (unsaved text: a second esc drops it)",
            show=True,
            palette=False,
        ),
    ),
)

MATRIX_PICKER = KeyGroup(
    "Choosing",
    "screen",
    (
        Key("qualframe.choice_down", "down", "option_down", "Next", "Next choice", palette=False),
        Key("qualframe.choice_up", "up", "option_up", "Previous", "Previous choice", palette=False),
        Key(
            "qualframe.choice_cancel",
            "escape",
            "cancel",
            "Cancel",
            "Close without changing anything",
            show=True,
            palette=False,
        ),
    ),
)

SEARCH = KeyGroup(
    "Search",
    "screen",
    (
        Key(
            "qualframe.search_open",
            "enter",
            "open_hit",
            "Open",
            "Open the document at the highlighted hit (before the hits came: search now)",
            show=True,
            palette=False,
        ),
        Key(
            "qualframe.search_down",
            "down",
            "next_hit",
            "Next",
            "Next hit (the query box keeps the focus: letters stay text)",
            palette=False,
        ),
        Key("qualframe.search_up", "up", "previous_hit", "Previous", "Previous hit", palette=False),
        Key(
            "qualframe.search_back",
            "escape",
            "back",
            "Back",
            "Close the search",
            show=True,
            palette=False,
        ),
    ),
)

SUGGESTIONS = KeyGroup(
    "Reviewing suggestions",
    "screen",
    (
        Key(
            "qualframe.suggest_accept",
            "a",
            "accept",
            "Accept",
            "Accept the suggestion: code the passage with its code, in your name",
            show=True,
        ),
        Key(
            "qualframe.suggest_adjust",
            "e",
            "adjust",
            "Adjust",
            "Adjust the passage before "
            "accepting it (arrows move the end, shift+arrows the start, enter accepts)",
            show=True,
        ),
        Key(
            "qualframe.suggest_reject",
            "x",
            "reject",
            "Reject",
            "Reject the suggestion (it is not suggested again)",
            show=True,
        ),
        Key(
            "qualframe.suggest_skip",
            "space",
            "skip",
            "Skip",
            "Skip to the next suggestion and decide later",
            show=True,
        ),
        Key(
            "qualframe.suggest_previous",
            "backspace",
            "previous",
            "Previous",
            "Back to the previous suggestion in the queue",
        ),
        Key(
            "qualframe.suggest_code_filter",
            "c",
            "filter_code",
            "By code",
            "Review only the suggestions of one code or theme",
        ),
        Key(
            "qualframe.suggest_document_filter",
            "d",
            "filter_document",
            "By document",
            "Review only the suggestions in one document",
        ),
        Key(
            "qualframe.suggest_open",
            "enter",
            "open_reader",
            "Reader",
            "Open the passage in the reader (escape there comes back)",
        ),
        Key(
            "qualframe.suggest_back",
            "escape",
            "back",
            "Back",
            "Close the suggestions review (while adjusting: cancel)",
            show=True,
            palette=False,
            priority=True,
        ),
    ),
)

CODE_VIEW = KeyGroup(
    "Code view",
    "screen",
    (
        Key(
            "qualframe.cv_jump",
            "enter",
            "jump",
            "Go to",
            "Show the highlighted passage in its transcript (esc comes back here)",
            show=True,
            palette=False,
        ),
        Key(
            "qualframe.cv_recode",
            "r",
            "recode",
            "Recode",
            "Recode the highlighted passage",
            show=True,
        ),
        Key(
            "qualframe.cv_uncode",
            "d",
            "uncode",
            "Uncode",
            "Remove the highlighted coding (u undoes it)",
            show=True,
        ),
        Key(
            "qualframe.cv_filter",
            "w",
            "filter",
            "Filter",
            "Only the cases with an attribute value (or all cases again)",
            show=True,
        ),
        Key(
            "qualframe.cv_back",
            "escape",
            "back",
            "Back",
            "Back to where you were",
            show=True,
            palette=False,
        ),
    ),
)

DIALOG = KeyGroup(
    "Dialog",
    "screen",
    (
        Key("qualframe.dialog_save", "ctrl+s", "save", "Save", "Save", show=True, palette=False),
        Key(
            "qualframe.dialog_cancel",
            "escape",
            "cancel",
            "Cancel",
            "Close without saving",
            show=True,
            palette=False,
        ),
    ),
)

PICKER = KeyGroup(
    "Code picker",
    "screen",
    (
        Key("qualframe.pick_down", "down", "option_down", "Next", "Next code", palette=False),
        Key("qualframe.pick_up", "up", "option_up", "Previous", "Previous code", palette=False),
        Key(
            "qualframe.pick_cancel",
            "escape",
            "cancel",
            "Cancel",
            "Close without coding",
            show=True,
            palette=False,
        ),
    ),
)

DISAGREEMENTS = KeyGroup(
    "Disagreements",
    "screen",
    (
        Key(
            "qualframe.disagreement_open",
            "enter",
            "open_passage",
            "Open",
            "Open the highlighted passage in the reader (escape comes back)",
            show=True,
            palette=False,
        ),
        Key(
            "qualframe.disagreement_first",
            "a",
            "first_coder",
            "Coders",
            "Choose the first coder (left column)",
            show=True,
        ),
        Key(
            "qualframe.disagreement_second",
            "b",
            "second_coder",
            "Coder B",
            "Choose the second coder (right column)",
        ),
        Key(
            "qualframe.disagreement_code",
            "c",
            "code_filter",
            "Code",
            "Show one code only, or all codes",
            show=True,
        ),
        Key(
            "qualframe.disagreement_back",
            "escape",
            "back",
            "Back",
            "Close the disagreements",
            show=True,
            palette=False,
        ),
    ),
)

ERROR = KeyGroup(
    "Problem",
    "app",
    (Key("qualframe.error_quit", "q", "quit", "Quit", "Quit qualframe", show=True, bind=False),),
)
