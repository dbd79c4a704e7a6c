"""The command palette (ctrl+p): every action of the current screen by name, read from the
same key groups as the footer and the help screen, with its key shown beside it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widget import Widget

from qualframe.tui.bindings import APP, Key, KeyGroup


class WorkbenchCommands(Provider):
    """Offers the actions of the screen the palette was opened from."""

    def actions(self) -> Iterator[tuple[Key, KeyGroup]]:
        groups: tuple[KeyGroup, ...] = getattr(self.screen, "KEY_GROUPS", (APP,))
        seen: set[str] = set()
        for group in groups:
            for key in group.keys:
                if key.palette and key.action not in seen:
                    seen.add(key.action)
                    yield key, group

    def _target(self, group: KeyGroup) -> Screen[object] | App[object] | Widget:
        if group.scope == "app":
            return self.app
        if group.scope == "view":
            return self.screen.query_one("#transcript")
        return self.screen

    def _run(self, key: Key, group: KeyGroup) -> None:
        self.app.call_later(self._target(group).run_action, key.action)

    async def discover(self) -> Hits:
        for key, group in self.actions():
            yield DiscoveryHit(
                key.help, partial(self._run, key, group), text=key.help, help=f"key: {key.display}"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, group in self.actions():
            score = max(matcher.match(key.help), matcher.match(key.label))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(key.help),
                    partial(self._run, key, group),
                    text=key.help,
                    help=f"key: {key.display}",
                )
