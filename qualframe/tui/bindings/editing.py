"""Keys of the codebook screen: changing the code tree and a code's texts by hand."""

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
        Key("qualframe.cb_split", "x", "split", "Split", "Split off a new sibling code", show=True),
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
