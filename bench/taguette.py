"""Taguette's import, measured for real: its server running, documents uploaded over its API.

Taguette (PyPI `taguette`) is installed into its own virtual environment (it pins SQLAlchemy
1.4; ours is 2.x), started in single-user mode with a SQLite database, and sent each transcript
as a `POST /api/project/N/document/new`, one after another, the way its upload form does.
Taguette converts `.txt` with Calibre's `ebook-convert`, which is not installed here, so each
transcript is sent as the simplest HTML (one `<p>` per paragraph): Taguette then only
sanitises and stores it, its cheapest path. Timed: the uploads, with the server already up.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

TOKEN = re.compile(r"\?token=(\w+)")


def install(venv: Path) -> Path | None:
    """`venv/bin/taguette`, installing it there first; None if it cannot be installed."""
    binary = venv / "bin" / "taguette"
    if binary.exists():
        return binary
    python = "python3"
    steps = [
        [python, "-m", "venv", str(venv)],
        [str(venv / "bin" / "pip"), "install", "-q", "taguette"],
    ]
    for step in steps:
        if subprocess.run(step, capture_output=True).returncode:
            return None
    return binary if binary.exists() else None


class Server:
    """A Taguette server on `port`, with a logged-in opener and one project."""

    def __init__(self, binary: Path, work: Path, port: int = 7499) -> None:
        self.base = f"http://localhost:{port}"
        database = f"sqlite:///{work / 'taguette.sqlite3'}"
        self.process = subprocess.Popen(
            [str(binary), "--no-browser", "--port", str(port), "--database", database],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        token = self._token()
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(f"{self.base}/?token={token}").read()
        self.project = self._new_project()

    def _token(self) -> str:
        assert self.process.stdout is not None
        deadline = time.monotonic() + 60
        for line in self.process.stdout:
            found = TOKEN.search(line)
            if found:
                return found.group(1)
            if time.monotonic() > deadline:
                break
        raise RuntimeError("taguette did not start")

    def _xsrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "_xsrf")

    def _new_project(self) -> int:
        self.opener.open(f"{self.base}/project/new").read()
        form = urllib.parse.urlencode(
            {"name": "bench", "description": "", "_xsrf": self._xsrf()}
        ).encode()
        response = self.opener.open(f"{self.base}/project/new", data=form)
        return int(response.geturl().rstrip("/").rsplit("/", 1)[1])

    def upload(self, name: str, text: str) -> None:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        boundary = uuid.uuid4().hex
        parts = [
            _field(boundary, "name", name),
            _field(boundary, "description", ""),
            _field(boundary, "_xsrf", self._xsrf()),
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}.html"\r\nContent-Type: text/html\r\n\r\n{body}\r\n'
            ),
            f"--{boundary}--\r\n",
        ]
        request = urllib.request.Request(
            f"{self.base}/api/project/{self.project}/document/new",
            data="".join(parts).encode("utf-8"),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-XSRFToken": self._xsrf(),
            },
        )
        reply = json.loads(self.opener.open(request).read())
        assert "created" in reply, reply

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def _field(boundary: str, name: str, value: str) -> str:
    return f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'


def timed_upload(binary: Path, work: Path, files: list[Path]) -> float:
    """Seconds to upload `files` to a running Taguette server."""
    server = Server(binary, work)
    try:
        texts = [(path.stem, path.read_text("utf-8").split("---", 2)[-1]) for path in files]
        start = time.perf_counter()
        for name, text in texts:
            server.upload(name, text)
        return time.perf_counter() - start
    finally:
        server.close()
