"""A text box that keeps the focus while the arrows move in a list of results beside it (as
fzf or an editor's command palette do): letters typed there are text, never commands."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

#: Keys the box leaves to the screen's bindings: help and search stay one key away.
PASSED_THROUGH = frozenset({"question_mark", "slash"})


class QueryBox(Input):
    """An Input that runs `?` and `/` as the screen binds them (nobody filters or picks by
    them), and keeps what was typed when it gets the focus back (no select-all)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, select_on_focus=False, **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key not in PASSED_THROUGH and super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.key not in PASSED_THROUGH:
            return
        # Input's own handler (called after this one) would insert the character.
        event.prevent_default()
        event.stop()
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.enabled:
            await self.app.run_action(active.binding.action, active.node)
