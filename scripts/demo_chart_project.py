"""A sample project coded densely enough to print: for looking at chart exports on paper.

    python scripts/demo_chart_project.py DIR

Imports the bundled sample transcripts and codebook into a new project in DIR, codes every
second participant turn with codes in turn (so some cells hold many long quotes), writes code
and theme summaries (one long), a memo on a cell and a long role label. Not used by the tests.
"""

from __future__ import annotations

import json
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

from qualframe.cli import run

ROOT = Path(__file__).resolve().parent.parent


def qf(project: Path, *args: str) -> str:
    out = StringIO()
    with redirect_stdout(out):
        status = run(["-p", str(project), *args])
    if status != 0:
        raise SystemExit(f"qualframe {' '.join(args)} failed ({status})")
    return out.getvalue()


def main(project: Path) -> None:
    assert run(["init", str(project)]) == 0
    qf(project, "codebook", "load", str(ROOT / "codebooks" / "collective-action.yaml"))
    qf(project, "import", str(ROOT / "transcripts_sample"))
    codes = json.loads(qf(project, "codebook", "list", "--format", "json"))
    problems = [c["id"] for c in codes if c["theme"] == "collective_action_problems"]
    problems = [c for c in problems if c != "collective_action_problems"][:3]
    others = [c["id"] for c in codes if c["id"] != c["theme"]][::4]
    for n, doc in enumerate(json.loads(qf(project, "doc", "list", "--format", "json"))):
        shown = json.loads(qf(project, "doc", "show", doc["name"], "--format", "json"))
        turns = [t for t in shown["turns"] if t.get("utterance_start") is not None]
        for k, turn in enumerate(turns[1::2]):
            code = problems[0] if doc["name"] == "P01" else (problems + others)[(n + k) % 9]
            qf(
                project,
                "code",
                "add",
                doc["name"],
                code,
                "--start",
                str(turn["utterance_start"]),
                "--end",
                str(turn["end"]),
            )
    qf(project, "case", "set", "P02", "role", "Advanced clinical practitioner (stroke, TIA clinic)")
    qf(
        project,
        "summary",
        "set",
        "P01",
        problems[0],
        "Went in place of the lead nurse; felt she was carrying the unit's data on her own "
        "while others arrived with nothing. " * 3,
    )
    qf(project, "summary", "set", "P03", problems[1], "Stayed quiet in the group work.")
    qf(
        project,
        "summary",
        "set",
        "P04",
        "collective_action_problems",
        "Sees the network as worth it despite colleagues who take without giving.",
    )
    qf(project, "summary", "set", "P05", problems[2], "Months of waiting for sign-off.")
    qf(
        project,
        "memo",
        "add",
        "cell",
        f"P01/{problems[0]}",
        "--text",
        "Check against P07: is this free-riding or unequal starting positions?",
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
