"""Concurrent coders: codings stored per second and the latency of one coding, PostgreSQL
against SQLite.

    .venv/bin/python -m bench.bench_team [--coders 8] [--codings 200]

For each database, the sample project is built (13 transcripts, the collective-action
codebook) and N coder processes start together; each opens the project once, as the workbench
does, and stores its codings one transaction at a time through the same path as `code add`
(`run_transaction` + `add_coding`), timing each. The PostgreSQL server is a throw-away local
one (`tests/pg.py`: fsync off), so the figures measure qualframe and the database engine, not
disk flushes; SQLite runs with its project settings (WAL, synchronous=NORMAL).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.report import write_section

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "transcripts_sample"
CODEBOOK = REPO / "codebooks" / "collective-action.yaml"
CODES = ("hierarchy", "competition", "data_burden", "free_riding", "league_table_effect")


def build_project(folder: Path, db_url: str | None) -> None:
    from qualframe.cli import run

    assert run(["init", str(folder), *(["--db", db_url] if db_url else [])]) == 0
    assert run(["-p", str(folder), "codebook", "load", str(CODEBOOK), "--coder", "setup"]) == 0
    assert run(["-p", str(folder), "import", str(SAMPLES), "--coder", "setup"]) == 0


def coder_process(
    folder: str, coder: str, codings: int, start_at: float, results: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    """One coder: wait for the common start, then store codings and time each."""
    from qualframe.coding.codings import add_coding
    from qualframe.project import open_project
    from qualframe.store.db import run_transaction

    project = open_project(Path(folder))
    project.engine  # noqa: B018 - connect and check the schema before the clock starts
    documents = sorted(p.stem for p in SAMPLES.glob("*.txt"))
    latencies = []
    while time.time() < start_at:
        time.sleep(0.001)
    for index in range(codings):
        document = documents[index % len(documents)]
        start = (index * 53) % 9000
        began = time.perf_counter()
        run_transaction(
            project.sessions,
            lambda session, d=document, s=start, i=index: add_coding(
                session, d, CODES[i % len(CODES)], s, s + 40, coder
            ),
        )
        latencies.append(time.perf_counter() - began)
    project.close()
    results.put(latencies)


def measure(folder: Path, coders: int, codings: int) -> dict[str, float]:
    """Run the coders together; throughput over the whole run and latency percentiles."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start_at = time.time() + 5.0  # every process has imported and connected by then
    processes = [
        context.Process(
            target=coder_process, args=(str(folder), f"coder{i}", codings, start_at, results)
        )
        for i in range(coders)
    ]
    for process in processes:
        process.start()
    latencies: list[float] = []
    for _ in processes:
        latencies.extend(results.get(timeout=1800))
    finished = time.time()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    ordered = sorted(latencies)
    return {
        "load": os.getloadavg()[0],
        "per_second": len(latencies) / (finished - start_at),
        "median_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "max_ms": 1000 * ordered[-1],
        "stored": _count_codings(folder),
    }


def _count_codings(folder: Path) -> float:
    from sqlalchemy import func, select

    from qualframe.project import open_project
    from qualframe.store.models import Coding

    project = open_project(folder)
    with project.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Coding)) or 0
    project.close()
    return float(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--coders", type=int, default=8)
    parser.add_argument("--codings", type=int, default=200, help="codings per coder")
    args = parser.parse_args()
    from tests.pg import running_server

    work = Path(tempfile.mkdtemp(prefix="bench-team-"))
    figures = {}
    try:
        with running_server() as server:
            for coders in (1, args.coders):
                folder = work / f"pg{coders}"
                build_project(folder, server.create_database(f"bench_team_{coders}"))
                figures[("PostgreSQL 15", coders)] = measure(folder, coders, args.codings)
        for coders in (1, args.coders):
            build_project(work / f"sqlite{coders}", None)
            figures[("SQLite (WAL)", coders)] = measure(
                work / f"sqlite{coders}", coders, args.codings
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = "\n".join(
        f"| {name} | {coders} | {f['per_second']:,.0f} | {f['median_ms']:.1f} ms "
        f"| **{f['p95_ms']:.1f} ms** | {f['max_ms']:.0f} ms "
        f"| {f['stored']:,.0f} of {coders * args.codings:,} | {f['load']:.1f} |"
        for (name, coders), f in figures.items()
    )
    write_section(
        "Concurrent coders (issue 6)",
        f"""
`.venv/bin/python -m bench.bench_team --coders {args.coders} --codings {args.codings}` —
{args.coders} coder processes start together on the sample project, each storing
{args.codings} codings one transaction at a time (the `code add` path, project kept open as in
the workbench). PostgreSQL is a local throw-away server (fsync off); SQLite uses the project
settings (WAL, synchronous=NORMAL). The machine's 2 cores are shared with other work, so the
load average is given: with 8 coders on 2 cores, most of each latency is waiting for a core.
One coder alone is the baseline.

| database | coders | codings stored per second | median latency | p95 latency of one coding | slowest | stored | load average (1 min) at the end |
|---|---|---|---|---|---|---|---|
{rows}
""",
    )
    print(rows)


if __name__ == "__main__":
    main()
