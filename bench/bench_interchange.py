"""Interchange benchmark (issue 12): REFI-QDA export and import, and bulk `code import`.

A project of 1,000 interviews (8,000 words each, speaker turns and sentences), 60 codes and
100,000 codings is generated with Core bulk inserts (the chart benchmark's generator, plus
segments). Measured, each as its own `qualframe` process (wall time, peak RSS):
`export OUT.qdpx`, then `import OUT.qdpx` into an empty project. Then `code import` of the
100,000 codings as CSV into a copy of the project without codings, in-process, against the
honest ceiling: a plain sqlite3 `executemany` of the same rows, ids already resolved, into
another copy, in the same run.

    .venv/bin/python -m bench.bench_interchange [--docs 1000 --words 8000 --codings 100000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.bench_charts import bulk, generate, run_measured
from bench.report import write_section
from qualframe.interchange.bulk import import_file
from qualframe.project import init_project, open_project
from qualframe.store.db import run_transaction
from qualframe.store.models import Revision, Segment

WORD = re.compile(r"\S+")
#: The generated turns have no inner punctuation: a "sentence" every this many words.
SENTENCE_WORDS = 15
TURN = re.compile(r"^(?P<label>[A-Za-z0-9]+): ", re.M)


def add_segments(project_dir: Path) -> int:
    """Turns and sentences for every generated document, found by regex (cheap, and what the
    import must carry across, as a real project's spaCy segments would be)."""
    project = open_project(project_dir)
    rows = []
    with project.sessions() as session:
        for revision_id, text in session.execute(select(Revision.id, Revision.text)):
            for block in re.finditer(r"[^\n]+", text):
                label = TURN.match(block.group())
                rows.append(
                    {
                        "revision_id": revision_id,
                        "kind": "turn",
                        "start": block.start(),
                        "end": block.end(),
                        "speaker": label.group("label") if label else None,
                        "utterance_start": block.start() + (label.end() if label else 0),
                    }
                )
                words = list(
                    WORD.finditer(text, block.start() + (label.end() if label else 0), block.end())
                )
                for first in range(0, len(words), SENTENCE_WORDS):
                    last = words[min(first + SENTENCE_WORDS, len(words)) - 1]
                    rows.append(
                        {
                            "revision_id": revision_id,
                            "kind": "sentence",
                            "start": words[first].start(),
                            "end": last.end(),
                            "speaker": None,
                            "utterance_start": None,
                        }
                    )
    bulk(project.engine, Segment, rows)
    project.close()
    return len(rows)


def qualframe(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "qualframe", "-p", str(project), *args]


def code_import_rates(project_dir: Path, work: Path) -> dict[str, float]:
    """`code import` of every coding (as CSV) vs a bare executemany of the same rows."""
    csv_path = work / "codings.csv"
    elapsed, _ = run_measured(qualframe(project_dir, "code", "export", str(csv_path)))
    db = project_dir / "qualframe.db"
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            'SELECT uuid, document_id, revision_id, code_id, start, "end", coder_id, '
            "codebook_version_id, created FROM codings"
        ).fetchall()
    copies = {}
    for name in ("qualframe", "baseline"):
        copy = work / name
        shutil.copytree(project_dir, copy)
        with sqlite3.connect(copy / "qualframe.db") as conn:
            conn.execute("DELETE FROM codings")
        copies[name] = copy
    with sqlite3.connect(copies["baseline"] / "qualframe.db") as conn:
        start = time.perf_counter()
        conn.executemany(
            'INSERT INTO codings (uuid, document_id, revision_id, code_id, start, "end", '
            "coder_id, codebook_version_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.commit()
        bare = time.perf_counter() - start
    project = open_project(copies["qualframe"])
    start = time.perf_counter()
    added, _present = run_transaction(
        project.sessions, lambda session: import_file(session, csv_path, "bench")
    )
    ours = time.perf_counter() - start
    project.close()
    assert added == len(rows), (added, len(rows))
    return {"rows": len(rows), "ours": ours, "bare": bare, "export": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--codes", type=int, default=60)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-interchange-") as tmp:
        work = Path(tmp)
        source = work / "source"
        project = init_project(source)
        generate(
            project.engine,
            argparse.Namespace(
                cases=args.docs,
                codes=args.codes,
                codings=args.codings,
                summaries=0,
                words=args.words,
            ),
        )
        project.close()
        segments = add_segments(source)
        out = work / "out.qdpx"
        export_s, export_mb = run_measured(qualframe(source, "export", str(out)))
        target = work / "target"
        init_project(target).close()
        import_s, import_mb = run_measured(qualframe(target, "import", str(out)))
        with sqlite3.connect(target / "qualframe.db") as conn:
            landed = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        assert landed == args.codings, landed
        rates = code_import_rates(source, work)
        size_mb = out.stat().st_size / 1024**2
    ours_rate, bare_rate = rates["rows"] / rates["ours"], rates["rows"] / rates["bare"]
    figures = {
        "export": (export_s, export_mb),
        "import": (import_s, import_mb),
        "size": size_mb,
        "segments": segments,
        "ours_rate": ours_rate,
        "bare_rate": bare_rate,
    }
    body = report(args, figures)
    print(body)
    if not args.no_write:
        write_section("Interchange: REFI-QDA and bulk codings (issue 12)", body)


def report(args: argparse.Namespace, f: dict[str, object]) -> str:
    export_s, export_mb = f["export"]  # type: ignore[misc]
    import_s, import_mb = f["import"]  # type: ignore[misc]
    ratio = f["ours_rate"] / f["bare_rate"]  # type: ignore[operator]
    return f"""
`.venv/bin/python -m bench.bench_interchange --docs {args.docs} --words {args.words} --codings
{args.codings}` — a generated project: {args.docs:,} interviews of {args.words:,} words (speaker
turns and {f["segments"]:,} turn and sentence segments), {args.codes} codes, {args.codings:,}
codings; SQLite. Each `qualframe` command runs as its own process (wall time, peak RSS).

| measure | figure | target |
|---|---|---|
| `qualframe export OUT.qdpx` ({f["size"]:.0f} MB archive) | **{export_s:.1f} s**, peak {export_mb:.0f} MiB | ≤ 10 s |
| `qualframe import OUT.qdpx` into an empty project | **{import_s:.1f} s**, peak {import_mb:.0f} MiB | ≤ 20 s, ≤ 500 MB |
| `code import` of {args.codings:,} codings (CSV, in-process, one transaction) | **{f["ours_rate"]:,.0f} codings/s** | ≥ 20,000/s |
| bare sqlite3 `executemany` of the same rows (ids resolved), same run | {f["bare_rate"]:,.0f} rows/s | — |
| `code import` ÷ bare executemany | **{ratio:.2f}** | — |

The import reads the XML once with defusedxml (streaming) and validates it against the XSD
with lxml, keeps every source's text and selections, then writes in one transaction; the
turns and sentences come from `qualframe.json` in the archive (a file from another tool is
segmented as `qualframe import` segments transcripts). `code import` checks every row (document,
code, offsets inside the text, the passage's text) before its one `executemany`.
"""


if __name__ == "__main__":
    main()
