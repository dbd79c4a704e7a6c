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
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.bench_charts import bulk, generate
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


def run_measured(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one command. The machine
    is shared, so CPU time says what the command itself costs. Peak memory comes from
    `/usr/bin/time` around the command: this process's own rusage would count the memory the
    child inherited at fork (the generated project), not what the command used."""
    start = time.perf_counter()
    process = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}: {process.stderr[-500:]}")
    _wall, user, system, peak_kb = process.stderr.split()[-4:]
    return elapsed, float(user) + float(system), int(peak_kb) / 1024


def qualframe(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "qualframe", "-p", str(project), *args]


def code_import_rates(project_dir: Path, work: Path) -> dict[str, float]:
    """`code import` of every coding (as CSV) vs a bare executemany of the same rows."""
    csv_path = work / "codings.csv"
    run_measured(qualframe(project_dir, "code", "export", str(csv_path)))
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
        start, cpu = time.perf_counter(), time.process_time()
        conn.executemany(
            'INSERT INTO codings (uuid, document_id, revision_id, code_id, start, "end", '
            "coder_id, codebook_version_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.commit()
        bare, bare_cpu = time.perf_counter() - start, time.process_time() - cpu
    project = open_project(copies["qualframe"])
    start, cpu = time.perf_counter(), time.process_time()
    added, _present = run_transaction(
        project.sessions, lambda session: import_file(session, csv_path, "bench")
    )
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    project.close()
    assert added == len(rows), (added, len(rows))
    return {
        "rows": len(rows),
        "ours": ours,
        "bare": bare,
        "ours_cpu": ours_cpu,
        "bare_cpu": bare_cpu,
    }


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
        export = run_measured(qualframe(source, "export", str(out)))
        target = work / "target"
        init_project(target).close()
        imported = run_measured(qualframe(target, "import", str(out)))
        with sqlite3.connect(target / "qualframe.db") as conn:
            landed = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        assert landed == args.codings, landed
        rates = code_import_rates(source, work)
        size_mb = out.stat().st_size / 1024**2
    figures = {
        "export": export,
        "import": imported,
        "size": size_mb,
        "segments": segments,
        "rates": {
            key: rates["rows"] / rates[key] for key in ("ours", "bare", "ours_cpu", "bare_cpu")
        },
        "load": os.getloadavg()[0],
    }
    body = report(args, figures)
    print(body)
    if not args.no_write:
        write_section("Interchange: REFI-QDA and bulk codings (issue 12)", body)


def report(args: argparse.Namespace, f: dict[str, Any]) -> str:
    export_s, export_cpu, export_mb = f["export"]
    import_s, import_cpu, import_mb = f["import"]
    r = f["rates"]
    return f"""
`.venv/bin/python -m bench.bench_interchange --docs {args.docs} --words {args.words} --codings
{args.codings}` — a generated project: {args.docs:,} interviews of {args.words:,} words (speaker
turns and {f["segments"]:,} turn and sentence segments), {args.codes} codes, {args.codings:,}
codings; SQLite. Each `qualframe` command runs as its own process: wall time, CPU time (user +
system) and peak RSS. The machine is shared with other engineers' work (load average
{f["load"]:.1f} on 2 cores at the end of this run), so wall times are longer than the CPU the
commands used; CPU time is what they cost on an idle machine.

| measure | wall | CPU | peak memory | target |
|---|---|---|---|---|
| `qualframe export OUT.qdpx` ({f["size"]:.0f} MB archive) | **{export_s:.1f} s** | {export_cpu:.1f} s | {export_mb:.0f} MiB | ≤ 10 s |
| `qualframe import OUT.qdpx` into an empty project | **{import_s:.1f} s** | {import_cpu:.1f} s | **{import_mb:.0f} MiB** | ≤ 20 s, ≤ 500 MB |

| `code import` of {args.codings:,} codings (CSV, in-process, one transaction) | by wall time | by CPU time |
|---|---|---|
| `qualframe code import` (every row checked, then one executemany) | **{r["ours"]:,.0f} codings/s** | {r["ours_cpu"]:,.0f} codings/s |
| bare sqlite3 `executemany` of the same rows (ids resolved), same run | {r["bare"]:,.0f} rows/s | {r["bare_cpu"]:,.0f} rows/s |
| `code import` ÷ bare executemany (target: `code import` ≥ 20,000 codings/s) | **{r["ours"] / r["bare"]:.2f}** | {r["ours_cpu"] / r["bare_cpu"]:.2f} |

The import reads the XML once with defusedxml (streaming), validates it against the XSD with
lxml (streaming too: a tree is built only to name the errors of a file that has some), keeps
every source's text and selections, then writes in one transaction; the turns and sentences
come from the archive's `qualframe/segments/` (a file from another tool is segmented as
`qualframe import` segments transcripts). Its time is mostly SQLite's: inserting the
segments, the codings with their indexes, and the full-text index of every line.
`code import` checks every row (document, code, offsets inside the text, the passage's text)
before its one `executemany`.

{verdict(f)}
"""


def verdict(f: dict[str, Any]) -> str:
    """Each target, met or not, in words: the tables hold the figures, this says what they mean."""
    export_s, export_cpu, _ = f["export"]
    import_s, import_cpu, import_mb = f["import"]
    rate = f["rates"]["ours"]

    def said(ok: bool) -> str:
        return "met" if ok else "**not met**"

    return (
        f"Targets: export ≤ 10 s {said(export_s <= 10)} in wall time"
        f" ({said(export_cpu <= 10)} in CPU time); import ≤ 20 s {said(import_s <= 20)} in wall"
        f" time ({said(import_cpu <= 20)} in CPU time, {import_cpu:.1f} s); peak memory ≤ 500 MB"
        f" {said(import_mb <= 500)}; `code import` ≥ 20,000 codings/s {said(rate >= 20_000)}."
    )


if __name__ == "__main__":
    main()
