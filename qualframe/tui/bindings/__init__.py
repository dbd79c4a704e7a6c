"""Every key of the workbench, declared once with an id and a description.

The footer (through Textual's bindings), the help screen and the command palette all read these
groups, so a key documented in one place is the key that works everywhere. The keys are the
contract in the design notes: tests and scripts drive the app with them. Ids are stable
(`qualframe.code`, ...) so a keymap can rebind a key without touching the code.
"""

from __future__ import annotations

from qualframe.tui.bindings.charting import CELL, MATRIX, MATRIX_PICKER
from qualframe.tui.bindings.editing import CODEBOOK, SPLIT
from qualframe.tui.bindings.everywhere import APP, DIALOG, ERROR, HOME, PICKER, SEARCH
from qualframe.tui.bindings.keys import Key, KeyGroup, Scope
from qualframe.tui.bindings.reading import CODE_VIEW, READER, TRANSCRIPT
from qualframe.tui.bindings.reviewing import DISAGREEMENTS, SUGGESTIONS

__all__ = [
    "APP",
    "CELL",
    "CODEBOOK",
    "CODE_VIEW",
    "DIALOG",
    "DISAGREEMENTS",
    "ERROR",
    "HOME",
    "MATRIX",
    "MATRIX_PICKER",
    "PICKER",
    "READER",
    "SEARCH",
    "SPLIT",
    "SUGGESTIONS",
    "TRANSCRIPT",
    "Key",
    "KeyGroup",
    "Scope",
]
