"""Writing files so that nothing is half-written: a temporary file, then an atomic rename.

The temporary file is private while it is written (mkstemp makes it 0600); the finished file
gets the mode any new file of the user's would (0666 less the umask), so an export can be
shared as the user's other files are.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qualframe.errors import UserError


def current_umask() -> int:
    """The process's umask (read by setting it and putting it straight back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError("the folder does not exist", path=str(folder))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except PermissionError as exc:
        raise UserError("no permission to write here", path=str(folder)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
