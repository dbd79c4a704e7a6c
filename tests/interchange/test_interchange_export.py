"""`qualframe export OUT.qdpx|.qde`: valid REFI-QDA that real third-party readers read right,
and that qualframe reads back without losing anything."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import xmlschema

from tests.support.projects import FIXTURES, Runner, make_runner
from tests.support.refi_clients import read_with

REFI = FIXTURES / "refi-qda"
UNICODE_TRANSCRIPT = (
    "---\ncase: P99\nrole: Matron\n---\n"
    "Interviewer: Was it worth it? 😀\n\n"
    "P99: Ça dépend 🙂🙂. The league table felt like public humiliation for us, naïvely.\n"
)


@pytest.fixture
def coded(sample: Runner, tmp_path: Path) -> Runner:
    """The sample project with codings by two coders (some after emoji), memos on every kind
    of target, a case attribute and a chart summary."""
    transcript = tmp_path / "P99.txt"
    transcript.write_text(UNICODE_TRANSCRIPT, encoding="utf-8")
    assert sample("import", str(transcript)).code == 0
    text = sample("doc", "show", "P99", "--format", "json").json()["text"]
    start = text.index("The league")
    assert (
        sample(
            "code",
            "add",
            "P99",
            "league_table_effect",
            "--start",
            str(start),
            "--end",
            str(text.index(",", start)),
            "--coder",
            "ann",
        ).code
        == 0
    )
    assert (
        sample(
            "code",
            "add",
            "P99",
            "league_table_effect",
            "--start",
            "0",
            "--end",
            "32",
            "--coder",
            "bo",
        ).code
        == 0
    )
    for doc, code, a, b, who in (
        ("P01", "free_riding", 120, 180, "ann"),
        ("P02", "social_loafing", 10, 90, "bo"),
    ):
        assert (
            sample(
                "code", "add", doc, code, "--start", str(a), "--end", str(b), "--coder", who
            ).code
            == 0
        )
    for target in (
        ("project",),
        ("document", "P01"),
        ("code", "free_riding"),
        ("coding", "1"),
        ("case", "P01"),
        ("cell", "P01/free_riding"),
    ):
        assert sample("memo", "add", *target, "--text", f"memo on {target[0]} — é").code == 0
    assert sample("summary", "set", "P01", "free_riding", "Joined late; felt junior.").code == 0
    return sample


def validate(path: Path) -> None:
    schema = xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd"))
    if path.suffix == ".qdpx":
        with zipfile.ZipFile(path) as archive:
            schema.validate(archive.read("project.qde").decode("utf-8"))
    else:
        schema.validate(str(path))


@pytest.mark.both_backends
def test_export_is_valid_against_the_refi_schema(coded: Runner, tmp_path: Path) -> None:
    for name in ("out.qdpx", "out.qde"):
        result = coded("export", str(tmp_path / name))
        assert result.code == 0, result.err
        validate(tmp_path / name)
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        names = archive.namelist()
        sources = [n for n in names if n.startswith("sources/")]
        assert len(sources) == 14 and "project.qde" in names
        body = archive.read(next(n for n in sources if "\r" not in n)).decode("utf-8")
        assert "\r" not in body


def test_qdapy_reads_every_coding_with_its_exact_text(coded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "out.qdpx"
    assert coded("export", str(out)).code == 0
    ours = coded("code", "list", "--format", "json").json()
    names = {row["id"]: row["name"] for row in coded("codebook", "list", "--format", "json").json()}
    read = read_with("qdapy", out)
    assert read["sources"] == 14
    assert read["coders"] == ["ann", "bo"]
    assert set(names.values()) <= set(read["codes"])
    got = sorted((f["text"], f["code"], f["coder"]) for f in read["fragments"])
    want = sorted((r["text"], names[r["code"]], r["coder"]) for r in ours)
    assert got == want
    assert any("😀" in text for text, _, _ in got) and any("league table" in t for t, _, _ in got)


def test_qualitative_coding_validates_and_imports_the_export(coded: Runner, tmp_path: Path) -> None:
    out = tmp_path / "out.qdpx"
    assert coded("export", str(out)).code == 0
    read = read_with("qc", out)
    names = {row["name"] for row in coded("codebook", "list", "--format", "json").json()}
    assert read["sources"] == 14
    assert names <= set(read["codes"])
    assert read["coders"] == ["ann", "bo", "tester"]  # every User; tester wrote the memos
    assert read["coded_lines"] >= 3


def _state(run: Runner) -> dict[str, object]:
    """Everything a round trip must keep, without database ids."""
    codings = run("code", "list", "--format", "json").json()
    memos = run("memo", "list", "--format", "json").json()
    return {
        "codebook": run("codebook", "list", "--format", "json").json(),
        "codings": sorted(
            (
                c["uuid"],
                c["document"],
                c["case"],
                c["code"],
                c["start"],
                c["end"],
                c["text"],
                c["coder"],
            )
            for c in codings
        ),
        "docs": [
            {k: v for k, v in d.items() if k != "id"}
            for d in run("doc", "list", "--format", "json").json()
        ],
        "cases": sorted(
            (c["uuid"], c["name"], c["parent"], json.dumps(c["attributes"], sort_keys=True))
            for c in run("case", "list", "--format", "json").json()
        ),
        "memos": sorted((m["target_type"], m["target_ref"], m["text"], m["coder"]) for m in memos),
        "P99": run("doc", "show", "P99", "--format", "json").json(),
        "chart": [  # the matrix with its summaries and references; not the title or the time
            line
            for line in run(
                "chart", "--theme", "collective_action_problems", "--format", "md"
            ).out.splitlines()
            if line.startswith("|")
        ],
    }


@pytest.mark.both_backends
def test_round_trip_into_an_empty_project_loses_nothing(
    coded: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.qdpx"
    assert coded("export", str(out)).code == 0
    assert coded("init", str(tmp_path / "copy")).code == 0
    copy = make_runner(capsys, tmp_path / "copy")
    result = copy("import", str(out))
    assert result.code == 0, result.err
    before, after = _state(coded), _state(copy)
    for key in before:
        assert after[key] == before[key], key
    again = tmp_path / "again.qdpx"
    assert copy("export", str(again)).code == 0
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(again) as b:
        assert json.loads(a.read("qualframe.json")) == json.loads(b.read("qualframe.json"))
