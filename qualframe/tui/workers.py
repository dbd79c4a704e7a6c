"""Database work off the UI thread, reporting back by message.

A screen (or the app) mixes in `DataClient` and calls `read(job, done)` or `write(job, done)`:
the job runs in a Textual thread worker and its result comes back as a `JobDone` message to
the same screen, whose handler calls `done` on the UI thread. A failure comes back as
`JobFailed` with one line to show, never a traceback. A screen that closed meanwhile simply
never hears back (a write has committed all the same).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message
from textual.worker import Worker, get_current_worker

from qualframe.tui.data import Job, describe_error

if TYPE_CHECKING:
    from qualframe.tui.protocol import WorkbenchApp

T = TypeVar("T")


@dataclass
class JobDone(Message):
    """A job finished; `callback(result)` runs on the UI thread."""

    callback: Callable[[Any], object]
    result: Any


@dataclass
class JobFailed(Message):
    """A job failed; `message` is one line for the researcher."""

    message: str
    callback: Callable[[str], object] | None


class DataClient:
    """Mixin for screens (and the app) that read or write the project."""

    if TYPE_CHECKING:

        @property
        def app(self) -> WorkbenchApp:
            """The workbench (Textual's `app`, typed as what the clients use of it)."""

    def read(
        self,
        job: Job[T],
        done: Callable[[T], object],
        *,
        group: str,
        exclusive: bool = True,
        failed: Callable[[str], object] | None = None,
    ) -> Worker[None]:
        """Run `job` in a thread; a newer read of the same group supersedes an older one."""
        gateway = self.app.gateway
        return self._run_in_thread(lambda: gateway.read(job), done, failed, group, exclusive)

    def write(
        self,
        job: Job[T],
        done: Callable[[T], object],
        failed: Callable[[str], object] | None = None,
    ) -> Worker[None]:
        """Queue `job` on the writer (so writes commit in key order) and wait in a thread."""
        future: Future[T] = self.app.gateway.submit_write(job)
        return self._run_in_thread(future.result, done, failed, "write", False)

    def _run_in_thread(
        self,
        call: Callable[[], T],
        done: Callable[[T], object],
        failed: Callable[[str], object] | None,
        group: str,
        exclusive: bool,
    ) -> Worker[None]:
        def work() -> None:
            worker = get_current_worker()
            try:
                result = call()
            except Exception as exc:
                if os.environ.get("QUALFRAME_DEBUG"):
                    raise
                if not worker.is_cancelled:
                    self.post_message(JobFailed(describe_error(exc), failed))  # type: ignore[attr-defined]
                return
            if not worker.is_cancelled:
                self.post_message(JobDone(done, result))  # type: ignore[attr-defined]

        run_worker = self.run_worker  # type: ignore[attr-defined]
        return run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def on_job_done(self, message: JobDone) -> None:
        message.stop()
        message.callback(message.result)

    def on_job_failed(self, message: JobFailed) -> None:
        message.stop()
        if message.callback is not None:
            message.callback(message.message)
        else:
            self.app.notify(message.message, title="Not done", severity="error", timeout=8)
