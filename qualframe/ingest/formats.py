"""The transcript files qualframe reads, by suffix: the one table the importer, the readers
and the anonymisation check consult (a new format is added here and in `readers`)."""

from __future__ import annotations

from pathlib import Path

#: Every suffix read as a transcript, in the order messages list them.
SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")
#: Caption formats: cue numbers and timings around the words.
TIMED = (".vtt", ".srt")


def is_transcript(path: Path) -> bool:
    """A file of a supported type, not hidden (editors leave `.~lock` and `._` files)."""
    return path.suffix.lower() in SUFFIXES and path.is_file() and not path.name.startswith(".")


def unsupported(path: Path) -> str:
    """The message for a file of another type."""
    return f"unsupported file type '{path.suffix.lower()}' (expected {', '.join(SUFFIXES)})"
