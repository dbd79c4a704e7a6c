"""Import throughput against the bare spaCy pipeline, re-import, memory, and command start-up.

    .venv/bin/python -m bench.bench_import [--scales 100x8000,1000x10000] [--startup-only]

Measured in one run on one machine (`bench/import_figures.py`): at each scale, the bare
pipeline the import uses (`bench/bare_segment.py`) against `qualframe import` of the same files,
both as whole processes and in-process; the re-import of an unchanged corpus; peak memory; the
bad inputs of issue 16; a 20-transcript import beside Taguette's. Then the median start-to-exit
time of fast commands on the sample project against a bare `python -c "import sqlalchemy.orm"`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import write_section

REPO = Path(__file__).resolve().parents[1]
QUALFRAME = [sys.executable, "-m", "qualframe"]


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - start


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed_with_memory(args: list[str]) -> tuple[float, float]:
    """Seconds, and the peak summed RSS (MiB) of the process tree, sampled every 50 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=REPO)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)
    return time.perf_counter() - start, peak / 1024


def startup(sample: Path, runs: int) -> dict[str, float]:
    """Median seconds of each fast command, and of the bare SQLAlchemy import.

    The package is byte-compiled first, as an installed package is (these machines set
    PYTHONDONTWRITEBYTECODE, which would otherwise compile every module on every start), and the
    commands take turns, round after round, so a change in the machine's load hits all alike.
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "qualframe")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    commands = {
        'python -c "import sqlalchemy.orm"': [sys.executable, "-c", "import sqlalchemy.orm"],
        "qualframe stats": [*QUALFRAME, "-p", str(sample), "stats"],
        "qualframe doc list": [*QUALFRAME, "-p", str(sample), "doc", "list", "--format", "json"],
        "qualframe case list": [*QUALFRAME, "-p", str(sample), "case", "list", "--format", "json"],
        "qualframe codebook list": [
            *QUALFRAME,
            "-p",
            str(sample),
            "codebook",
            "list",
            "--format",
            "json",
        ],
        "qualframe code add": [
            *QUALFRAME,
            "-p",
            str(sample),
            "code",
            "add",
            "P01",
            "free_riding",
            "--start",
            "0",
            "--end",
            "20",
        ],
        "qualframe code list": [*QUALFRAME, "-p", str(sample), "code", "list", "--format", "json"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():
            samples[name].append(timed(args))
    return {name: statistics.median(seconds) for name, seconds in samples.items()}


def sample_project(work: Path) -> Path:
    """The bundled sample project, built afresh in `work`."""
    sample = work / "sample"
    for step in (
        ["init", str(sample)],
        ["-p", str(sample), "codebook", "load", str(REPO / "codebooks" / "collective-action.yaml")],
        ["-p", str(sample), "import", str(REPO / "transcripts_sample")],
    ):
        subprocess.run([*QUALFRAME, *step], check=True, stdout=subprocess.DEVNULL)
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scales",
        default="100x8000,1000x10000",
        help="corpora as DOCSxWORDS, comma-separated (default: both of issue 16)",
    )
    parser.add_argument("--runs", type=int, default=9, help="runs per start-up command")
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="measure start-up only (and rewrite only its section)",
    )
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="print the figures but leave BENCHMARKS.md alone (trial runs)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qf-bench-"))
    try:
        if not args.startup_only:
            from bench.import_figures import measure_all

            measure_all(args, work)
        times = startup(sample_project(work), args.runs)
        for name, seconds in times.items():
            print(f"{name}: {seconds * 1000:.0f} ms")
        if not args.no_write:
            report_startup(args.runs, times)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report_startup(runs: int, times: dict[str, float]) -> None:
    base = times['python -c "import sqlalchemy.orm"']
    rows = "\n".join(
        f"| `{name}` | {seconds * 1000:.0f} ms | {(seconds - base) * 1000:+.0f} ms |"
        for name, seconds in times.items()
    )
    write_section(
        "Start-up (issue 2)",
        f"""
`.venv/bin/python -m bench.bench_import --startup-only` (or the whole bench): the sample project,
whole processes, byte-compiled package, the commands taking turns; median of {runs} rounds.

| command | median | over `import sqlalchemy.orm` (target ≤ +200 ms) |
|---|---|---|
{rows}

Where the time goes beyond SQLAlchemy's import: click and the core command definitions (the
area commands, framework/suggest/team/anonymise, are imported only when called), the ORM models
(declarative scanning, the largest part), creating the SQLite engine (dialect import), then each
statement's first compile. Listings and `stats` are Core statements over the tables' columns, so
they never configure the mappers; `code add` writes ORM objects and does. The console script
freezes the garbage collector's view of what start-up imported (`gc.freeze()`), so collections,
and the full one at exit, do not walk SQLAlchemy's objects again. spaCy, Textual, Alembic, Rich
and PyYAML are not imported by these commands.
""",
    )


if __name__ == "__main__":
    main()
