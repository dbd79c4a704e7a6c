"""Keys of the Framework matrix, a cell and the matrix's pickers."""

from __future__ import annotations

from qualframe.tui.bindings.keys import Key, KeyGroup

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
