"""The import reads and parses each file once, segments in a worker process when there are many,
and stops that worker when a file is refused (nothing written, no process left behind)."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

import pytest

from qualframe.corpus import importing
from qualframe.corpus.importing import PARALLEL_FROM, collect_files, import_files
from qualframe.errors import UserError
from qualframe.nlp.segmenter import Segmenter
from qualframe.project import open_project
from tests.support.projects import Runner


def transcripts(folder: Path, count: int) -> Path:
    folder.mkdir()
    for index in range(count):
        (folder / f"T{index:02d}.txt").write_text(
            f"Interviewer: Why? [pause] Tell me.\n\nP{index}: Um. [pause] We got there. "
            f'She said "Stop. Now." and left.\n',
            encoding="utf-8",
        )
    return folder


def test_each_file_is_read_and_parsed_once(
    qf: Runner, project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = transcripts(tmp_path / "in", PARALLEL_FROM + 2)
    reads: Counter[str] = Counter()
    parses: Counter[str] = Counter()
    read, parse = importing.read_source, importing.parse_transcript

    def counted_read(path: Path) -> bytes:
        reads[path.name] += 1
        return read(path)

    def counted_parse(data: bytes, path: Path, **kwargs: object) -> object:
        parses[path.name] += 1
        return parse(data, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "read_source", counted_read)
    monkeypatch.setattr(importing, "parse_transcript", counted_parse)
    project = open_project(project_dir)
    try:
        outcomes = import_files(project, collect_files([folder]))
    finally:
        project.close()
    assert [o.status for o in outcomes] == ["imported"] * (PARALLEL_FROM + 2)
    assert set(reads.values()) == {1} and set(parses.values()) == {1}
    assert len(reads) == PARALLEL_FROM + 2
    assert not multiprocessing.active_children(), "the worker process was stopped"
    shown = qf("doc", "show", "T03", "--format", "json").json()
    sentences = [shown["text"][s["start"] : s["end"]] for s in shown["sentences"]]
    assert sentences == [
        "Why? [pause]",
        "Tell me.",
        "Um. [pause]",
        "We got there.",
        'She said "Stop. Now." and left.',
    ]


def test_a_bad_file_stops_the_worker_and_writes_nothing(project_dir: Path, tmp_path: Path) -> None:
    folder = transcripts(tmp_path / "in", PARALLEL_FROM + 2)
    (folder / "T99.txt").write_bytes(b"\x00\x01binary")
    project = open_project(project_dir)
    try:
        with pytest.raises(UserError, match="binary"):
            import_files(project, collect_files([folder]))
        assert not multiprocessing.active_children()
        assert import_files(project, []) == []
    finally:
        project.close()
    from tests.support.projects import db_rows

    assert db_rows(project_dir, "SELECT count(*) FROM documents") == [(0,)]


def test_the_worker_gives_what_this_process_would() -> None:
    text = 'P1: Um. [pause] We got there.\n\nP2: He said "Stop. Now." Then left.'
    spans = [(4, 29), (35, len(text))]
    with Segmenter("blank:en", worker=True) as worker:
        remote = worker.submit(text, spans)
        assert remote() == Segmenter("blank:en", worker=False).submit(text, spans)()
    assert not multiprocessing.active_children()


def test_a_dead_worker_is_reported() -> None:
    worker = Segmenter("blank:en", worker=True)
    try:
        worker.process.kill()
        worker.process.join()
        result = worker.submit("P1: Yes.", [(4, 8)])
        with pytest.raises(RuntimeError, match="stopped"):
            result()
    finally:
        worker.close()
