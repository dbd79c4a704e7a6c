"""The import figures of `bench.bench_import` (issue 16): against the honest ceiling, in one run.

At each scale (documents × words): the bare pipeline the import uses (`bench.bare_segment`) and
`qualframe import` of the same files, as whole processes (taking turns, best of the rounds) and
in-process (this process, pipeline loaded, a new project each time); the re-import of the
unchanged corpus; peak memory of the import's processes. Then the bad inputs, one of each
(time, sentences, longest sentence; the long turn also at a tenth of its length, to show the
time grows linearly), and 20 transcripts of 8,000 words imported beside Taguette's upload of
the same (`bench.taguette`, when it installs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_import import QUALFRAME, timed, timed_with_memory
from bench.corpus import generate
from bench.report import write_section

BARE = [sys.executable, "-m", "bench.bare_segment"]
QUOTED_TAGUETTE = 0.72


def measure_all(args: argparse.Namespace, work: Path) -> None:
    scales = [tuple(int(n) for n in scale.split("x")) for scale in args.scales.split(",")]
    load = [os.getloadavg()[0]]
    rows = [measure_scale(work, docs, words) for docs, words in scales]
    bad = bad_inputs(work)
    taguette = versus_taguette(work)
    load.append(os.getloadavg()[0])
    if not args.no_write:
        report(rows, bad, taguette, load)


def measure_scale(work: Path, docs: int, words: int) -> dict[str, Any]:
    corpus = work / f"corpus-{docs}x{words}"
    written = generate(corpus, docs, words)
    print(f"corpus: {docs} documents, {written:,} words")
    rounds = 2 if docs * words <= 2_000_000 else 1
    bare, whole, peak, cpu_bare, cpu_import = [], [], 0.0, [], []
    for index in range(rounds):
        before = children_cpu()
        bare.append(timed([*BARE, str(corpus)]))
        cpu_bare.append(children_cpu() - before)
        project = new_project(work, f"whole-{docs}-{index}")
        before = children_cpu()
        seconds, mib = timed_with_memory(
            [*QUALFRAME, "-p", str(project), "import", str(corpus), "--format", "json"]
        )
        cpu_import.append(children_cpu() - before)
        whole.append(seconds)
        peak = max(peak, mib)
    again = timed([*QUALFRAME, "-p", str(project), "import", str(corpus), "--format", "json"])
    bare_in, import_in = in_process(work, corpus, docs)
    row = {
        "docs": docs,
        "words": written,
        "bare": min(bare),
        "import": min(whole),
        "bare_in": bare_in,
        "import_in": import_in,
        "again": again,
        "peak": peak,
        "cpu_bare": min(cpu_bare),
        "cpu_import": min(cpu_import),
    }
    print(
        f"  whole process: bare {row['bare']:.2f} s, import {row['import']:.2f} s "
        f"(ratio {row['bare'] / row['import']:.2f}); in-process: bare {bare_in:.2f} s, "
        f"import {import_in:.2f} s (ratio {bare_in / import_in:.2f}); re-import {again:.2f} s; "
        f"peak {peak:.0f} MiB; CPU bare {row['cpu_bare']:.2f} s, import {row['cpu_import']:.2f} s"
    )
    return row


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far, grandchildren
    included (the import's worker is waited for by the import)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def new_project(work: Path, name: str) -> Path:
    project = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work)) / "project"
    subprocess.run([*QUALFRAME, "init", str(project)], check=True, stdout=subprocess.DEVNULL)
    return project


def in_process(work: Path, corpus: Path, docs: int) -> tuple[float, float]:
    """Seconds of the bare pipeline and of `import_files`, in this process, pipeline loaded."""
    from bench.bare_segment import segment, transcripts
    from qualframe.corpus.importing import collect_files, import_files
    from qualframe.nlp.sentences import load_pipeline
    from qualframe.project import open_project

    load_pipeline()
    start = time.perf_counter()
    segment(transcripts(corpus))
    bare = time.perf_counter() - start
    project = open_project(new_project(work, f"in-process-{docs}"))
    try:
        start = time.perf_counter()
        import_files(project, collect_files([corpus]))
        return bare, time.perf_counter() - start
    finally:
        project.close()


BAD_INPUTS: dict[str, str] = {
    "unbalanced brackets": "P1: We went to [Hospital B and then. It was fine. (Really. Yes.\n\n"
    * 200,
    "1,000 [pause] in a row": "P1: Um. " + "[pause] " * 1000 + "Then yes.\n",
    "200,000-character turn, no full stop": "P1: "
    + ("and then we went back to the ward, " * 5800)[:200_000]
    + "\n",
    "20,000-character turn, no full stop": "P1: "
    + ("and then we went back to the ward, " * 580)[:20_000]
    + "\n",
    "mixed scripts (Arabic, Chinese, emoji)": (
        "P1: مرحبا بكم. هل أنت بخير؟ نعم.\n\nP2: 好的。我们走吧！ 👍🏻 Great, thanks 😀.\n\n" * 300
    ),
}


def bad_inputs(work: Path) -> list[dict[str, Any]]:
    """One import of each bad input (in-process, a new project each), timed."""
    from qualframe.corpus.importing import import_files
    from qualframe.project import open_project

    rows = []
    for index, (label, text) in enumerate(BAD_INPUTS.items()):
        path = work / "bad" / f"bad{index}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        project = open_project(new_project(work, f"bad-{index}"))
        try:
            start = time.perf_counter()
            (outcome,) = import_files(project, [path])
            seconds = time.perf_counter() - start
            longest = _longest_sentence(project, outcome.name)
        finally:
            project.close()
        rows.append(
            {
                "input": label,
                "chars": len(text),
                "seconds": seconds,
                "sentences": outcome.sentences,
                "longest": longest,
            }
        )
        print(f"  {label}: {seconds:.3f} s, {outcome.sentences} sentences, longest {longest}")
    return rows


def _longest_sentence(project: Any, name: str) -> int:
    from sqlalchemy import func, select

    from qualframe.store.models import Document, Segment

    with project.sessions() as session:
        return int(
            session.scalar(
                select(func.max(Segment.end - Segment.start))
                .join(Document, Document.current_revision_id == Segment.revision_id)
                .where(Document.name == name, Segment.kind == "sentence")
            )
            or 0
        )


def versus_taguette(work: Path) -> dict[str, Any]:
    """20 transcripts of 8,000 words: our import (whole process, and in-process) and
    Taguette's upload of the same texts with its server running."""
    from bench.taguette import install, timed_upload

    corpus = work / "corpus-20x8000"
    generate(corpus, 20, 8000)
    ours = min(
        timed([*QUALFRAME, "-p", str(new_project(work, f"tg-{i}")), "import", str(corpus)])
        for i in range(3)
    )
    _bare, ours_in = in_process(work, corpus, 20)
    binary = install(work / "taguette-venv")
    theirs = None
    if binary is not None:
        files = sorted(corpus.glob("*.txt"))
        theirs = min(timed_upload(binary, work / f"taguette-{i}", files) for i in range(2))
    print(
        f"  20 × 8k: ours {ours:.2f} s whole process, {ours_in:.2f} s in-process; "
        f"Taguette {theirs if theirs is None else f'{theirs:.2f} s'}"
    )
    return {"ours": ours, "ours_in": ours_in, "taguette": theirs}


def report(
    rows: list[dict[str, Any]],
    bad: list[dict[str, Any]],
    taguette: dict[str, Any],
    load: list[float],
) -> None:
    scale_rows = "\n".join(
        f"| {r['docs']:,} × {r['words'] // r['docs']:,} words ({r['words']:,}) | "
        f"{r['bare']:.2f} s | {r['import']:.2f} s | **{r['bare'] / r['import']:.2f}** | "
        f"{r['bare_in']:.2f} s | {r['import_in']:.2f} s | **{r['bare_in'] / r['import_in']:.2f}** | "
        f"{r['again']:.2f} s ({r['again'] / r['import']:.1%}) | {r['peak']:.0f} MiB | "
        f"{r['cpu_bare']:.1f} s / {r['cpu_import']:.1f} s |"
        for r in rows
    )
    bad_rows = "\n".join(
        f"| {b['input']} | {b['chars']:,} | {b['seconds']:.3f} s | {b['sentences']:,} | "
        f"{b['longest']:,} |"
        for b in bad
    )
    tg = taguette["taguette"]
    tg_text = f"**{tg:.2f} s**" if tg is not None else "not installed"
    write_section(
        "Import (issue 16)",
        f"""
`.venv/bin/python -m bench.bench_import` — synthetic corpora (Zipf-like vocabulary from
`transcripts_sample/`, speaker turns, `bench/corpus.py`) generated afresh each run. The
ceiling is the bare spaCy pipeline the import uses (`bench/bare_segment.py`: blank English,
sentencizer, abbreviations and the transcription-units component), over the same files split
at blank lines, counting `doc.sents` only. Whole process: wall time from start to exit of
`python -m bench.bare_segment DIR` and of `qualframe import DIR` into a new SQLite project
(best of the rounds, the two taking turns); in-process: the same work called in this process
with the pipeline loaded. Ratio = ceiling ÷ import (target ≥ 0.8). Load average (1 min) on
this shared 2-core machine: {load[0]:.1f} at the start, {load[1]:.1f} at the end. The import's
two processes overlap only when a second core is free: with the cores busy with other work, the
wall-time ratio tends to the ratio of CPU times (last column), which counts what the import does
beyond segmenting (parsing, word counts, the full-text index, the inserts).

| corpus | bare, whole process | import, whole process | ratio | bare, in-process | import, in-process | ratio | re-import (unchanged) | peak memory (import's processes) | CPU time, whole process: bare / import (both processes) |
|---|---|---|---|---|---|---|---|---|---|
{scale_rows}

**Correction.** Until issue 16 this section (then "Import (issue 2)") reported a ratio of 1.77
at 1,000 × 10,000 words: its "bare pipeline" counted words in a Python loop over every token,
which made that baseline two to three times slower than spaCy itself, and it fed whole files
(spaCy's tokenizer stops caching within a long text once a special case has matched, another
2–3×). Against the honest ceiling, issue 16 measured the import of that time at about 0.4
(whole process, 100 × 8,000 words). What changed since: each file is read and parsed once (it was
read up to four times), the spaCy worker starts before the first file is read and is fed as
files parse (both cores work from the start), sentences and search lines go to the database
through the driver's executemany, and folding ASCII lines for search skips Unicode
normalisation.

**Bad input**, one file each, imported in-process into a new project (no crash; units cut
at `MAX_CHARS` = 1,000 characters where a turn has no full stop; the 20,000- and
200,000-character turns show the time growing linearly):

| input | characters | import | sentences | longest sentence (chars) |
|---|---|---|---|---|
{bad_rows}

**Beside Taguette**: 20 transcripts × 8,000 words. `qualframe import` (segmenting every
turn into sentences): **{taguette["ours"]:.2f} s** as a whole process (start to exit, best of
3), {taguette["ours_in"]:.2f} s in-process. Taguette 1.5.2 (which does not segment), its
server already running, the same 20 texts uploaded over its API one after another
(`bench/taguette.py`; sent as HTML because its `.txt` path needs Calibre, not installed
here; best of 2): {tg_text}. The figure quoted in issue 16 for Taguette is {QUOTED_TAGUETTE} s.
""",
    )
