"""Sentence segmentation for the importer, in a second process when there is much of it.

The importer's main process reads, parses and writes; spaCy is the other half of the work, so
with many files it runs in one worker process, fed each text as soon as it is parsed, and both
cores work: the worker does what the bare spaCy pipeline would (measured: the writer's share,
parsing, word counts, search index and inserts, is the smaller). The worker is started before
the first file is read, so spaCy's own start-up overlaps the reading; it imports only spaCy and
`qualframe.nlp` (no database, no CLI) and sends sentences back as packed integers. A fresh
interpreter is spawned unless this process has the pipeline loaded already and runs no other
thread: then a fork inherits it, start-up free. Texts go in through a queue whose feeder thread
never blocks the reader, so a worker that falls behind never stalls the parsing, and the worker
is stopped (not drained) when the import ends or fails.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from array import array
from collections.abc import Callable, Sequence
from typing import Any

Span = tuple[int, int]
#: Seconds between checks that the worker is still alive while waiting for a result.
POLL = 1.0


def segment_packed(text: str, spans: Sequence[Span], pipeline: str) -> bytes:
    """Sentence offsets of `text`'s pieces `spans`, flattened into machine integers (pickling a
    tuple per sentence costs the receiving process more than the insert)."""
    from qualframe.nlp.sentences import load_pipeline, sentence_spans

    flat = array("q")
    for start, end in sentence_spans(load_pipeline(pipeline), text, spans):
        flat.append(start)
        flat.append(end)
    return flat.tobytes()


def unpack(packed: bytes) -> list[Span]:
    flat = array("q")
    flat.frombytes(packed)
    return list(zip(flat[0::2], flat[1::2], strict=True))


def _serve(inbox: Any, outbox: Any, pipeline: str) -> None:
    """The worker's loop: (key, text, spans) in, (key, packed result or error) out."""
    from qualframe.nlp.sentences import load_pipeline

    load_pipeline(pipeline)
    while (task := inbox.get()) is not None:
        key, text, spans = task
        try:
            outbox.put((key, segment_packed(text, spans, pipeline), None))
        except Exception as exc:  # reported by the main process, which stops the import
            outbox.put((key, None, f"{type(exc).__name__}: {exc}"))


class Segmenter:
    """Sentences on demand: `submit` hands a text over and returns a function that gives its
    sentences when called (waiting for the worker if there is one)."""

    def __init__(self, pipeline: str, *, worker: bool) -> None:
        self.pipeline = pipeline
        self.process: Any = None
        self.sent = 0
        self.results: dict[int, tuple[Any, str | None]] = {}
        if worker:
            self._start()

    def _start(self) -> None:
        from qualframe.nlp.sentences import load_pipeline

        warm = "spacy" in sys.modules and load_pipeline.cache_info().currsize > 0
        method = "fork" if warm and threading.active_count() == 1 else "spawn"
        context: Any = multiprocessing.get_context(method)
        self.inbox = context.Queue()
        self.outbox = context.Queue()
        self.inbox.cancel_join_thread()  # at exit, never wait to flush texts nobody will read
        self.process = context.Process(
            target=_serve, args=(self.inbox, self.outbox, self.pipeline), daemon=True
        )
        self.process.start()

    def submit(self, text: str, spans: Sequence[Span]) -> Callable[[], list[Span]]:
        if self.process is None:
            return lambda: unpack(segment_packed(text, spans, self.pipeline))
        key = self.sent
        self.sent += 1
        self.inbox.put((key, text, list(spans)))
        return lambda: self._result(key)

    def _result(self, key: int) -> list[Span]:
        import queue

        while key not in self.results:
            try:
                got, packed, error = self.outbox.get(timeout=POLL)
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError("the sentence worker process stopped") from None
                continue
            self.results[got] = (packed, error)
        result, error = self.results.pop(key)
        if error is not None:
            raise RuntimeError(f"sentence segmentation failed: {error}")
        return unpack(result)

    def close(self) -> None:
        """Stop the worker; texts not yet segmented are dropped (the import ended or failed)."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.inbox.close()
            self.outbox.close()
            self.process = None

    def __enter__(self) -> Segmenter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
