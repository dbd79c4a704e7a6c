"""Framework matrices at scale: building every matrix against one plain SELECT, exports, memory.

    .venv/bin/python -m bench.bench_charts [--cases 1000] [--codes 60] [--codings 100000]
                                           [--summaries 20000] [--words 5000]

A project is generated directly through SQLAlchemy Core bulk inserts (not the CLI): cases with
organisations and attributes, one interview of about `--words` words per case, six themes of
`--codes / 6` codes, codings of one to a few sentences from the start of a turn, summaries on distinct
cells (one in ten with a second version). Then, in one run on one machine:
(1) the plain SELECT returning case, code, offsets, quote text and latest summary for every
coding (best of three, fully fetched); (2) `build_matrices` of every theme on the same data
(best of three); (3) the xlsx and csv exports of those matrices; (4) `qualframe chart -o` of
both formats in a fresh process, for wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from bench.corpus import vocabulary
from bench.report import write_section
from qualframe.framework.exports import ChartExport, render
from qualframe.framework.matrix import build_matrices
from qualframe.project import init_project
from qualframe.store.models import (
    Case,
    CaseAttribute,
    Code,
    CodebookVersion,
    Coder,
    Coding,
    Document,
    Revision,
    Summary,
    new_uuid,
)

THEMES = 6
ROLES = ("Staff nurse", "Consultant", "Physiotherapist", "Ward manager", "Data analyst")
PLAIN_SELECT = """
SELECT d.case_id, c.code_id, c.start, c."end",
       substr(r.text, c.start + 1, c."end" - c.start) AS quote, s.text AS summary
FROM codings c
JOIN documents d ON d.id = c.document_id
JOIN revisions r ON r.id = c.revision_id
LEFT JOIN summaries s ON s.case_id = d.case_id AND s.code_id = c.code_id
 AND s.version = (SELECT max(m.version) FROM summaries m
                  WHERE m.case_id = s.case_id AND m.code_id = s.code_id)
"""


def chunks(rows: list[dict[str, Any]], size: int = 20_000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def bulk(engine: Engine, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert rows with Core executemany, in chunks, one transaction."""
    with engine.begin() as conn:
        for part in chunks(rows):
            conn.execute(insert(model), part)


def interview(
    rng: random.Random, words: list[str], weights: list[float], case: str, size: int
) -> str:
    """Alternating interviewer and participant turns, a blank line between turns."""
    turns, written, number = [], 0, 0
    while written < size:
        speaker = "Interviewer" if number % 2 == 0 else case
        count = rng.randint(8, 30) if speaker == "Interviewer" else rng.randint(40, 220)
        body = " ".join(rng.choices(words, weights, k=count))
        turns.append(f"{speaker}: {body[:1].upper()}{body[1:]}.")
        written += count
        number += 1
    return "\n\n".join(turns) + "\n"


def generate(engine: Engine, args: argparse.Namespace, seed: int = 7) -> None:
    """The synthetic project, written with bulk inserts straight into the tables."""
    rng = random.Random(seed)
    words, weights = vocabulary()
    with engine.begin() as conn:
        version_id = conn.execute(
            insert(CodebookVersion).values(
                name="bench", label="1", source_name="bench.yaml", snapshot=""
            )
        ).inserted_primary_key[0]
        coder_id = conn.execute(insert(Coder).values(name="bench")).inserted_primary_key[0]
    per_theme = max(1, args.codes // THEMES)
    codes = [
        {
            "id": t + 1,
            "key": f"theme_{t}",
            "name": f"Theme {t}",
            "is_theme": True,
            "parent_id": None,
            "position": t,
            "introduced_version_id": version_id,
        }
        for t in range(THEMES)
    ]
    code_ids = []
    for n in range(args.codes):
        code_id = THEMES + n + 1
        code_ids.append(code_id)
        codes.append(
            {
                "id": code_id,
                "key": f"code_{n:03d}",
                "name": f"Code {n} name",
                "is_theme": False,
                "parent_id": min(n // per_theme, THEMES - 1) + 1,
                "position": n,
                "introduced_version_id": version_id,
            }
        )
    bulk(engine, Code, codes)
    organisations = max(1, args.cases // 25)
    cases = [
        {"id": o + 1, "name": f"Hospital {o:03d}", "kind": "organisation", "parent_id": None}
        for o in range(organisations)
    ]
    people = [organisations + n + 1 for n in range(args.cases)]
    cases += [
        {
            "id": case_id,
            "name": f"P{n:04d}",
            "kind": "participant",
            "parent_id": n % organisations + 1,
        }
        for n, case_id in enumerate(people)
    ]
    bulk(engine, Case, cases)
    bulk(
        engine,
        CaseAttribute,
        [
            {"case_id": c, "key": key, "value": value}
            for c in people
            for key, value in (
                ("role", rng.choice(ROLES)),
                ("years_in_post", str(rng.randint(1, 30))),
            )
        ],
    )
    revisions, documents, line_starts = [], [], {}
    for n, case_id in enumerate(people):
        text = interview(rng, words, weights, f"P{n:04d}", args.words)
        revisions.append(
            {"id": n + 1, "document_id": n + 1, "number": 1, "text": text, "sha256": f"{n:064x}"}
        )
        documents.append(
            {
                "id": n + 1,
                "name": f"P{n:04d}",
                "case_id": case_id,
                "source_format": "txt",
                "source_name": f"P{n:04d}.txt",
                "source_sha256": f"{n:064x}",
                "words": args.words,
            }
        )
        starts = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]
        line_starts[n + 1] = (starts, len(text))
    bulk(engine, Document, documents)
    bulk(engine, Revision, revisions)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE documents SET current_revision_id = id")
    codings = []
    for n in range(args.codings):
        doc = n % args.cases + 1
        starts, length = line_starts[doc]
        index = rng.randrange(len(starts))
        start = starts[index] + rng.randint(0, 20)
        end = min(length, start + rng.randint(60, 500))
        codings.append(
            {
                "document_id": doc,
                "revision_id": doc,
                "code_id": rng.choice(code_ids),
                "start": start,
                "end": end,
                "coder_id": coder_id,
                "codebook_version_id": version_id,
                "uuid": new_uuid(),
            }
        )
    bulk(engine, Coding, codings)
    cells = rng.sample([(c, k) for c in people for k in code_ids], args.summaries)
    summaries = [
        {
            "case_id": c,
            "code_id": k,
            "version": 1,
            "coder_id": coder_id,
            "text": " ".join(rng.choices(words, weights, k=rng.randint(20, 70))),
            "uuid": new_uuid(),
        }
        for c, k in cells
    ]
    summaries += [
        {**row, "version": 2, "uuid": new_uuid(), "text": row["text"] + " (revised)"}
        for row in summaries[::10]
    ]
    bulk(engine, Summary, summaries)


def best_time(action: Callable[[], object], runs: int = 3) -> tuple[float, float]:
    """Best-of-`runs` wall and CPU seconds of `action`: on a shared machine the other runs
    measure the neighbours (CPU time shows the cost when the wall clock is disturbed)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def exports(
    export: ChartExport, work: Path
) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Times of the xlsx and csv exports written to files, and the xlsx file's MiB."""
    xlsx = best_time(lambda: (work / "c.xlsx").write_bytes(render(export, "xlsx")))
    csv = best_time(lambda: (work / "c.csv").write_bytes(render(export, "csv")))
    return xlsx, csv, (work / "c.xlsx").stat().st_size / 2**20


def run_measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--codes", type=int, default=60)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--summaries", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=5000, help="words per interview")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qf-bench-charts-"))
    project = init_project(work / "project")
    try:
        started = time.perf_counter()
        generate(project.engine, args)
        print(f"generated in {time.perf_counter() - started:.1f} s")
        with project.engine.connect() as conn:
            conn.exec_driver_sql(PLAIN_SELECT).fetchall()  # warm the page cache alike
            plain = best_time(lambda: conn.exec_driver_sql(PLAIN_SELECT).fetchall())
            rows = len(conn.exec_driver_sql(PLAIN_SELECT).fetchall())
        print(f"plain SELECT: {plain[0]:.2f} s for {rows:,} rows")
        with project.sessions() as session:
            build = best_time(lambda: build_matrices(session))
            print(f"build_matrices: {build[0]:.2f} s ({build[0] / plain[0]:.2f}× the SELECT)")
            xlsx, csv, size = exports(ChartExport(project.name, build_matrices(session)), work)
        print(f"xlsx export {xlsx[0]:.2f} s ({size:.1f} MiB), csv export {csv[0]:.2f} s")
        cli = [sys.executable, "-m", "qualframe", "-p", str(project.root), "chart", "-o"]
        xlsx_cli, xlsx_peak = run_measured([*cli, str(work / "cli.xlsx")])
        csv_cli, csv_peak = run_measured([*cli, str(work / "cli.csv")])
        print(
            f"qualframe chart -o .xlsx: {xlsx_cli:.1f} s, peak {xlsx_peak:.0f} MiB; "
            f".csv: {csv_cli:.1f} s, peak {csv_peak:.0f} MiB"
        )
        report(
            args, rows, plain, build, xlsx, csv, size, (xlsx_cli, xlsx_peak), (csv_cli, csv_peak)
        )
    finally:
        project.close()
        shutil.rmtree(work, ignore_errors=True)


def report(
    args: argparse.Namespace,
    rows: int,
    plain: tuple[float, float],
    build: tuple[float, float],
    xlsx: tuple[float, float],
    csv: tuple[float, float],
    size: float,
    xlsx_cli: tuple[float, float],
    csv_cli: tuple[float, float],
) -> None:
    load = os.getloadavg()[0]
    write_section(
        "Framework matrices and exports (issue 4)",
        f"""
`.venv/bin/python -m bench.bench_charts --cases {args.cases} --codes {args.codes} --codings
{args.codings} --summaries {args.summaries} --words {args.words}` — a project generated with
SQLAlchemy Core bulk inserts: {args.cases:,} cases (participants under {max(1, args.cases // 25)}
organisations, two attributes each), one {args.words:,}-word interview per case, {THEMES} themes
of {args.codes} codes, {args.codings:,} codings of 60–500 characters, {args.summaries:,}
summarised cells (one in ten with a second version). SQLite, warm page cache. Best of three
runs: wall time, and the process's CPU time in brackets (the machine is shared with other
engineers' test runs; load average {load:.1f} at the end of this run).

| measure | figure | target |
|---|---|---|
| plain SELECT of case, code, offsets, quote (`substr`), latest summary; {rows:,} rows fetched | {plain[0]:.2f} s ({plain[1]:.2f} s) | — |
| `build_matrices` of all {THEMES} themes (rows, cells, excerpts with printed lines and quotes, summaries) | {build[0]:.2f} s ({build[1]:.2f} s) | — |
| matrices ÷ plain SELECT | **{build[0] / plain[0]:.2f}** ({build[1] / plain[1]:.2f}) | ≤ 2 |
| xlsx export of those matrices (XlsxWriter `constant_memory`: index, {THEMES} theme sheets and their {THEMES} quotes sheets, rows as tall as their word-wrapped text, continuation rows where a row cannot show a cell; {size:.1f} MiB) | **{xlsx[0]:.2f} s** ({xlsx[1]:.2f} s) | ≤ 5 s |
| csv export (one row per case × code: {args.cases * args.codes:,} rows) | **{csv[0]:.2f} s** ({csv[1]:.2f} s) | ≤ 1 s |
| `qualframe chart -o chart.xlsx`, whole process (open, build, export, write) | {xlsx_cli[0]:.1f} s, peak RSS **{xlsx_cli[1]:.0f} MiB** | ≤ 400 MB |
| `qualframe chart -o chart.csv`, whole process | {csv_cli[0]:.1f} s, peak RSS **{csv_cli[1]:.0f} MiB** | ≤ 400 MB |

The plain SELECT reads each coding's quote with `substr` over the revision text and joins the
latest summary version; the matrices read each revision's text once, index its printed lines
(wrapped at 76 characters, as `doc export` prints them) and slice quotes in Python.
The xlsx package is deflated at zlib level 1 (about four times faster than the default level 6 on this
much text, for a file about a fifth larger).
""",
    )


if __name__ == "__main__":
    main()
