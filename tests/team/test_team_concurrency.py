"""Several coders at once, through the command line in separate processes: 8 processes x 50
codings on PostgreSQL and 4 on SQLite (WAL). None is lost and no "database is locked" reaches
anyone; two people editing one code at once: the later, stale edit is refused."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from qualframe.codebook.reshape import rename_code
from qualframe.project import open_project
from qualframe.store.db import run_transaction
from qualframe.store.models import Code
from qualframe.team.versions import code_version
from tests.support.projects import REPO, Runner, project_url

CODINGS_EACH = 50

#: One coder's process: wait for the start signal, then add codings one CLI call at a time.
CODER_SCRIPT = """
import sys, time
from pathlib import Path
from qualframe.cli import run
project, coder, go, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
while not go.exists():
    time.sleep(0.01)
failures = 0
for index in range(count):
    start = (index * 37) % 4000
    code = ("hierarchy", "competition", "data_burden")[index % 3]
    if run(["-p", project, "code", "add", "P05", code, "--start", str(start),
            "--end", str(start + 25), "--coder", coder]) != 0:
        failures += 1
sys.exit(1 if failures else 0)
"""


def test_concurrent_coders_lose_nothing(sample: Runner, sample_dir: Path, tmp_path: Path) -> None:
    processes = 4 if project_url(sample_dir).startswith("sqlite") else 8
    go = tmp_path / "go"
    # two processes share each coder name, so new coders are also created concurrently
    coders = [f"coder{index // 2}" for index in range(processes)]
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CODER_SCRIPT,
                str(sample_dir),
                coder,
                str(go),
                str(CODINGS_EACH),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for coder in coders
    ]
    time.sleep(0.5)
    go.touch()
    outcomes = [(child.wait(timeout=600), *child.communicate()) for child in children]
    errors = "".join(err for _, _, err in outcomes)
    assert "locked" not in errors and "could not serialize" not in errors, errors
    assert [code for code, _, _ in outcomes] == [0] * processes, errors
    rows = sample("code", "list", "--format", "json").json()
    assert Counter(r["coder"] for r in rows) == {
        coder: CODINGS_EACH * coders.count(coder) for coder in set(coders)
    }
    assert len({r["uuid"] for r in rows}) == processes * CODINGS_EACH
    created = sample("log", "--entity", "coding", "--format", "json").json()
    assert len(created) == processes * CODINGS_EACH
    assert sample("stats", "--format", "json").json()["coders"] == processes // 2


def test_two_people_editing_one_code_at_once(sample_dir: Path) -> None:
    """Both loaded version N. Ana's save holds the row while Ben's save starts; Ben's save must
    wait for Ana's and then be refused as stale, not overwrite her change."""
    project = open_project(sample_dir)
    with project.sessions() as session:
        code = session.scalar(select(Code).where(Code.key == "reciprocity"))
        assert code is not None
        seen = code_version(session, code)
    ana_saved, ben_outcome = threading.Event(), []

    def ana() -> None:
        def work(session: object) -> None:
            rename_code(
                session,
                "reciprocity",
                "Give and take",
                "ana",  # type: ignore[arg-type]
                if_version=seen,
            )
            ana_saved.set()
            time.sleep(0.5)  # Ben's save arrives while this transaction is still open

        run_transaction(project.sessions, work)

    def ben() -> None:
        ana_saved.wait()
        try:
            run_transaction(
                project.sessions,
                lambda session: rename_code(
                    session, "reciprocity", "Mutual help", "ben", if_version=seen
                ),
            )
            ben_outcome.append("saved")
        except Exception as exc:  # the refusal is the expected outcome
            ben_outcome.append(str(exc))

    threads = [threading.Thread(target=ana), threading.Thread(target=ben)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(ben_outcome) == 1 and "changed since version" in ben_outcome[0], ben_outcome
    with project.sessions() as session:
        code = session.scalar(select(Code).where(Code.key == "reciprocity"))
        assert code is not None and code.name == "Give and take"
        assert code_version(session, code) == seen + 1
    project.close()
