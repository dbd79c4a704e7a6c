"""Keys of the codebook screen (changing the code tree and a code's texts by hand) and of its
split dialog."""

from __future__ import annotations

from qualframe.tui.bindings.keys import Key, KeyGroup

CODEBOOK = KeyGroup(
    "Codebook",
    "screen",
    (
        Key(
            "qualframe.cb_edit",
            "e",
            "edit",
            "Edit",
            "Write the definition, criteria and examples",
            show=True,
        ),
        Key(
            "qualframe.cb_rename",
            "r",
            "rename",
            "Rename",
            "Give the code a new name (its id stays)",
            show=True,
        ),
        Key(
            "qualframe.cb_move",
            "m",
            "move",
            "Move",
            "Move the code under another theme or code",
            show=True,
        ),
        Key(
            "qualframe.cb_merge",
            "g",
            "merge",
            "Merge",
            "Merge the code into another: its codings move, it is retired",
            show=True,
        ),
        Key(
            "qualframe.cb_split",
            "x",
            "split",
            "Split",
            "Split off a new sibling code with the codings you choose",
            show=True,
        ),
        Key(
            "qualframe.cb_colour",
            "c",
            "colour",
            "Colour",
            "Choose the code's colour (kept in the codebook)",
            show=True,
        ),
        Key(
            "qualframe.cb_retire",
            "delete",
            "retire",
            "Retire",
            "Retire the code (its codings stay; u brings it back)",
            show=True,
        ),
        Key("qualframe.cb_new_code", "n", "new_code", "New code", "Create an emergent code"),
        Key("qualframe.cb_theme", "t", "new_theme", "New theme", "Create a theme"),
        Key(
            "qualframe.cb_back",
            "escape",
            "back",
            "Back",
            "Back to where you were",
            show=True,
            palette=False,
        ),
    ),
)

SPLIT = KeyGroup(
    "Split dialog",
    "screen",
    (
        Key(
            "qualframe.split_save",
            "ctrl+s",
            "save",
            "Split",
            "Split: the ticked codings move",
            palette=False,
        ),
        Key(
            "qualframe.split_enter",
            "enter",
            "enter",
            "Next / split",
            "In the name: on to the codings; in the codings: split",
            palette=False,
            bind=False,
        ),
        Key(
            "qualframe.split_tick",
            "space",
            "select",
            "Tick",
            "Tick or untick the highlighted coding",
            palette=False,
            bind=False,
        ),
        Key(
            "qualframe.split_all",
            "a",
            "tick_all",
            "Tick all",
            "In the codings: tick them all (again: untick them all)",
            palette=False,
        ),
        Key(
            "qualframe.split_cancel",
            "escape",
            "cancel",
            "Cancel",
            "Close without splitting",
            palette=False,
        ),
    ),
)
