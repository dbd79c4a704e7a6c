"""Consistent placeholders across a corpus, and the key that maps originals to them.

The same identifier gets the same placeholder in every file (`Sarah Jones` is `[Person 1]`
in P01 and in the focus group), and a bare first or last name that belongs to exactly one
known full name shares its placeholder. People and places are numbered (`[Person 1]`,
`[Location 2]`), hospitals and organisations lettered (`[Hospital A]`), as in the sample
transcripts; placeholders a transcriber already used are never handed out again.

The key is the one file that can undo the anonymisation, so it is written with mode 0600, a
key that other users can read is refused, and nothing in qualframe copies it into a database,
log or export: it lives where the researcher puts it, outside the project.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from qualframe.errors import UserError
from qualframe.gate.identifiers import CATEGORIES

KEY_FORMAT = "qualframe-anonymisation-key"
LETTERED = frozenset({"hospital", "organisation"})
_EXISTING = re.compile(
    r"\b(?P<word>"
    + "|".join(map(re.escape, CATEGORIES.values()))
    + r") (?P<token>[A-Z]{1,3}|\d{1,4})\b"
)
"""A placeholder already in a text, bracketed or not (`[Person 1]`, front matter's `Hospital A`)."""
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def normalise(original: str) -> str:
    """The form originals are compared in: case, spacing and a possessive ignored."""
    return _POSSESSIVE.sub("", " ".join(original.split())).casefold()


def letters(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA: bijective base 26, so letters never run out."""
    out = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        out = chr(ord("A") + remainder) + out
    return out


@dataclass
class Key:
    """Original -> placeholder, per category; `new` counts entries added since loading."""

    entries: dict[tuple[str, str], str] = field(default_factory=dict)
    originals: dict[tuple[str, str], str] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=dict)
    new: int = 0

    @classmethod
    def load(cls, path: Path) -> Key:
        """The key at `path`, or an empty one if there is no file yet. Refused: a key others can
        read or write, a key that cannot be read, a file that is not a key."""
        key = cls()
        try:
            info = path.stat()
        except FileNotFoundError:
            return key
        except OSError as exc:
            raise UserError(f"cannot use the key file: {exc.strerror}", path=str(path)) from None
        if not stat.S_ISREG(info.st_mode):
            raise UserError("the key must be a file", path=str(path))
        if info.st_mode & (stat.S_IROTH | stat.S_IWOTH):
            raise UserError(
                f"the key file is readable or writable by every user on this machine (mode "
                f"{stat.S_IMODE(info.st_mode):04o}); it can undo the anonymisation: run "
                f"chmod 600 {path}",
                path=str(path),
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except PermissionError:
            raise UserError(
                "the key file cannot be read (permission denied)", path=str(path)
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise UserError(
                "not a qualframe anonymisation key (unreadable JSON)", path=str(path)
            ) from None
        if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
            raise UserError("not a qualframe anonymisation key", path=str(path))
        for number, entry in enumerate(data.get("entries", []), 1):
            try:
                key.add(entry["category"], entry["original"], entry["placeholder"])
            except (KeyError, TypeError, ValueError):
                raise UserError(f"entry {number} of the key is malformed", path=str(path)) from None
        return key

    def add(self, category: str, original: str, placeholder: str) -> None:
        if category not in CATEGORIES or not original.strip():
            raise ValueError(category)
        self.entries[(category, normalise(original))] = placeholder
        self.originals.setdefault((category, normalise(original)), original)
        self.reserve(placeholder)

    def reserve(self, text: str) -> None:
        """Mark every placeholder in `text` as taken (already in a transcript or the key)."""
        for match in _EXISTING.finditer(text):
            self.used.setdefault(match.group("word"), set()).add(match.group("token"))

    def known(self) -> list[tuple[str, str]]:
        """(original, category) of every entry: identifiers to look for in new files."""
        return [(self.originals[k], k[0]) for k in self.entries]

    def placeholder(self, category: str, original: str) -> str:
        """The placeholder for `original`: its own entry, the full name a bare first or last
        name belongs to, or the next free one."""
        norm = normalise(original)
        found = self.entries.get((category, norm))
        if found is None and category == "person" and " " not in norm:
            found = self._person_with_part(norm)
        if found is None:
            found = self._next(category)
            self.new += 1
        self.entries[(category, norm)] = found
        self.originals.setdefault((category, norm), original)
        return found

    def _person_with_part(self, part: str) -> str | None:
        owners = {
            placeholder
            for (category, norm), placeholder in self.entries.items()
            if category == "person" and " " in norm and part in norm.split()
        }
        return owners.pop() if len(owners) == 1 else None

    def _next(self, category: str) -> str:
        word = CATEGORIES[category]
        taken = self.used.setdefault(word, set())
        number = 1
        while (token := letters(number) if category in LETTERED else str(number)) in taken:
            number += 1
        taken.add(token)
        return f"[{word} {token}]"

    def dump(self) -> bytes:
        entries = [
            {
                "category": category,
                "original": self.originals[(category, norm)],
                "placeholder": placeholder,
            }
            for (category, norm), placeholder in sorted(
                self.entries.items(), key=lambda kv: (kv[0][0], kv[1])
            )
        ]
        return (
            json.dumps(
                {"format": KEY_FORMAT, "version": 1, "entries": entries},
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        ).encode("utf-8")

    def save(self, path: Path) -> None:
        """Write the key whole or not at all, readable and writable by its owner only."""
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise UserError("the folder for the key does not exist", path=str(folder))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.dump())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
