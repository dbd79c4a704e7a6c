"""Keys of every screen, the document list, search, dialogs and pickers."""

from __future__ import annotations

from qualframe.tui.bindings.keys import Key, KeyGroup

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
            "qualframe.codebook",
            "C",
            "codebook",
            "Codebook",
            "Codebook: edit, rename, move, merge, split, retire codes",
        ),
        Key(
            "qualframe.disagreements",
            "D",
            "disagreements",
            "Disagreements",
            "Passages where two coders differ, side by side",
        ),
        Key(
            "qualframe.export_project",
            "",
            "export_project",
            "Export project",
            "Export the project as REFI-QDA for other tools",
            bind=False,
        ),
        Key(
            "qualframe.import_project",
            "",
            "import_project",
            "Import project",
            "Import a REFI-QDA project: a merge",
            bind=False,
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

ERROR = KeyGroup(
    "Problem",
    "app",
    (Key("qualframe.error_quit", "q", "quit", "Quit", "Quit qualframe", show=True, bind=False),),
)
