"""A key of the workbench, declared once, and the groups keys come in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

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

    def bindings(self) -> list[BindingType]:
        return [key.binding() for key in self.keys if key.bind]
