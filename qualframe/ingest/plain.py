"""Plain-text and Markdown transcripts: front matter, then speaker turns as written.

The text is stored exactly as the researcher wrote it (after the front matter), because
codings point into it; turns are only located, never rewritten. A `.txt` that is really a Zoom
chat or closed-caption export is handed to the Zoom reader instead.
"""

from __future__ import annotations

from typing import Literal

from qualframe.errors import UserError
from qualframe.ingest.frontmatter import split_front_matter
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.turns import find_turns
from qualframe.ingest.zoom_txt import detect_zoom_format, read_zoom_txt

PlainFormat = Literal["txt", "md"]


def read_plain(
    text: str, path: str, source_format: PlainFormat, *, speaker_pattern: str | None = None
) -> ParsedDocument:
    """A `.txt`/`.md` transcript: kind `focus_group` when its front matter says so, else interview.

    A focus group is declared by a `speakers:` mapping (labels to cases) or `kind: focus_group`.
    """
    front_matter, body, _ = split_front_matter(text, path)
    if not body:
        raise UserError("no transcript text after the front matter", path=path)
    zoom_format = detect_zoom_format(body) if source_format == "txt" else None
    if zoom_format is not None:
        return read_zoom_txt(body, zoom_format, front_matter)
    speakers = front_matter.get("speakers") or {}
    focus_group = "speakers" in front_matter or front_matter.get("kind") == "focus_group"
    return ParsedDocument(
        text=body,
        turns=find_turns(body, declared=speakers, speaker_pattern=speaker_pattern),
        front_matter=front_matter,
        kind="focus_group" if focus_group else "interview",
        source_format=source_format,
    )
