"""Errors a user can act on.

Every problem caused by the user's input (a file, an argument, a project) is raised as
`UserError`; the command line turns it into one line on stderr and exit status 2, never a
traceback. Keeping the file and line apart lets callers format them consistently.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or usage: reported as one line, exit status 2, nothing written."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"
