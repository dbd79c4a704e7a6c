"""Writing files so that nothing is half-written: a temporary file, then an atomic rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qualframe.errors import UserError


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
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
