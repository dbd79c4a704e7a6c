"""`qualframe serve` in a real browser: Debian's Chromium, headless, driven over the DevTools
protocol (a WebSocket, with the `websockets` client). The page is opened, clicked into, a
document opened and a sentence coded with keys, and the coding is looked for in the database.
Every request the page makes is recorded: none may leave the server."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qualframe.cli.serve import tui_command
from tests.support.tui import codings, sentences

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class DevTools:
    """A minimal DevTools-protocol client: commands by id, events kept for inspection."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self.socket = connect(url, max_size=None)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    def drain(self, seconds: float) -> None:
        """Collect events for a while (the page working on its own)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.events.append(json.loads(self.socket.recv(timeout=left)))
            except TimeoutError:
                return

    def type(self, text: str) -> None:
        for character in text:
            self.call("Input.dispatchKeyEvent", type="char", text=character)
            time.sleep(0.05)

    def key(self, name: str, code: int, text: str = "") -> None:
        for kind in ("rawKeyDown" if not text else "keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=name,
                code=name,
                windowsVirtualKeyCode=code,
                nativeVirtualKeyCode=code,
                text=text if kind == "keyDown" else "",
            )
        time.sleep(0.1)

    def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def close(self) -> None:
        self.socket.close()


@contextmanager
def process(args: list[str], **options: Any) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(args, text=True, **options)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()


def test_the_command_runs_the_workbench_for_this_project(tmp_path: Path) -> None:
    command = tui_command(tmp_path / "my project", "ana")
    assert re.search(r"-m qualframe -p '.*my project' tui --coder ana$", command)


def test_code_a_sentence_in_headless_chromium(sample_dir: Path, tmp_path: Path) -> None:
    assert CHROMIUM, "needs Debian's chromium (scripts/test.sh installs it)"
    port, devtools_port = free_port(), free_port()
    environment = {**os.environ, "QUALFRAME_CODER": "tester", "PYTHONPATH": str(REPO)}
    server_log = (tmp_path / "server.log").open("w")
    serve = [sys.executable, "-m", "qualframe", "-p", str(sample_dir), "serve"]
    with process(
        [*serve, "--port", str(port)], env=environment, stdout=server_log, stderr=server_log
    ):
        wait_until(lambda: listening(port), 60, "the server")
        browser = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            f"--remote-debugging-port={devtools_port}",
            "--window-size=1280,900",
            "about:blank",
        ]
        with process(browser, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            wait_until(lambda: listening(devtools_port), 60, "chromium")
            with urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/list") as reply:
                targets = json.load(reply)
            page = next(target for target in targets if target["type"] == "page")
            tools = DevTools(page["webSocketDebuggerUrl"])
            try:
                drive(tools, port, sample_dir)
            finally:
                tools.close()
    start, end = sentences(sample_dir, "P05")[0]
    assert codings(sample_dir) == [("free_riding", start, end, "tester")]


def drive(tools: DevTools, port: int, project: Path) -> None:
    tools.call("Network.enable")
    tools.call("Page.enable")
    tools.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
    tools.drain(8)  # the page, its script, the websocket, the app's first frames
    tools.click(640, 450)  # into the terminal
    tools.type("P05")
    tools.key("Enter", 13, "\r")
    tools.drain(4)  # the reader opens
    tools.type("c")
    tools.drain(2)
    tools.type("free-riding")
    tools.key("Enter", 13, "\r")
    wait_until(lambda: codings(project), 30, "the coding in the database")
    requested = [
        event["params"]["request"]["url"]
        for event in tools.events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    assert requested, "no request recorded"
    local = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/")
    assert all(url.startswith(local) or url.startswith("data:") for url in requested), requested
