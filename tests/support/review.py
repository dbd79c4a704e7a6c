"""Reading the suggestions review in tests: each suggestion's status, and what the reader shows."""

from __future__ import annotations

from pathlib import Path

from qualframe.coding.reviewing import SuggestionItem, list_suggestions
from qualframe.project import open_project
from qualframe.tui.widgets.transcript_view import TranscriptView


def pending(project_dir: Path, **filters: str) -> list[SuggestionItem]:
    project = open_project(project_dir)
    with project.sessions() as session:
        items = list_suggestions(session, **filters)
    project.close()
    return items


def statuses(project_dir: Path) -> dict[int, str]:
    return {item.id: item.status for item in pending(project_dir, status="all")}


def in_view(view: TranscriptView, offset: int) -> bool:
    """Is the row showing `offset` on screen?"""
    row = next(i for i, r in enumerate(view.rows) if r.start <= offset < max(r.end, r.start + 1))
    top = int(view.scroll_offset.y)
    return top <= row < top + view.size.height
