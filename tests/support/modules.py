"""Which modules a piece of code imports, measured in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from tests.support.projects import REPO


def loaded_modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    return set(out.split())
