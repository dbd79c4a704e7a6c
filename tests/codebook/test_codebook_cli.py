"""Codebook versions in a project: load, list, export fixed point, emergent codes, changes."""

from __future__ import annotations

from pathlib import Path

from tests.support.projects import CODEBOOK, Runner, db_snapshot


def test_check_the_bundled_codebook(qf: Runner) -> None:
    result = qf("codebook", "check", str(CODEBOOK))
    assert result.code == 0 and "ok" in result.out


def test_check_reports_every_problem_with_file_and_line(qf: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "codebook:\n  name: x\n  version: '1'\nthemes:\n"
        "  - id: t\n    name: T\n    codes:\n"
        "      - id: a\n        name: A\n        definition: d\n        colour: red\n"
        "      - id: a\n        name: A again\n        definition: d\n",
        encoding="utf-8",
    )
    result = qf("codebook", "check", str(bad))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert any(line.startswith(f"{bad}:11:") and "colour" in line for line in lines)
    assert any(line.startswith(f"{bad}:12:") and "duplicate" in line.lower() for line in lines)


def test_load_rejects_a_broken_codebook_and_changes_nothing(
    qf: Runner, tmp_path: Path, project_dir: Path
) -> None:
    bad = tmp_path / "tabs.yaml"
    bad.write_text("codebook:\n\tname: x\n", encoding="utf-8")
    before = db_snapshot(project_dir)
    result = qf("codebook", "load", str(bad))
    assert result.code == 2 and result.err.count("\n") == 1
    assert f"{bad}:2" in result.err and "Traceback" not in result.err
    assert db_snapshot(project_dir) == before


def test_list_has_the_contract_keys(sample: Runner) -> None:
    rows = sample("codebook", "list", "--format", "json").json()
    assert len(rows) >= 20
    assert set(rows[0]) == {
        "id",
        "name",
        "theme",
        "parent",
        "origin",
        "definition",
        "codings",
        "suggestions_accepted",
        "suggestions_rejected",
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id["data_burden"]["parent"] == "transaction_costs"
    assert by_id["data_burden"]["theme"] == "costs_of_collaborating"
    assert len({r["theme"] for r in rows}) >= 5


def test_export_load_export_is_a_fixed_point(sample: Runner, tmp_path: Path) -> None:
    assert (
        sample(
            "codebook",
            "new",
            "peer_pressure",
            "Peer pressure",
            "--theme",
            "collective_action_problems",
            "--definition",
            "Felt pressure from peers in the network to keep up.",
        ).code
        == 0
    )
    first = tmp_path / "one.yaml"
    second = tmp_path / "two.yaml"
    assert sample("codebook", "export", str(first)).code == 0
    text = first.read_text(encoding="utf-8")
    assert "peer_pressure" in text and "origin: emergent" in text and "created_by: tester" in text
    assert sample("codebook", "load", str(first)).code == 0
    assert sample("codebook", "export", str(second)).code == 0
    assert second.read_text(encoding="utf-8") == text


def test_new_version_renames_retires_and_keeps_old_codings(sample: Runner, tmp_path: Path) -> None:
    assert sample("code", "add", "P01", "social_loafing", "--start", "0", "--end", "10").code == 0
    edited = tmp_path / "v2.yaml"
    text = CODEBOOK.read_text(encoding="utf-8")
    text = text.replace("name: Free-riding", "name: Free riding", 1)
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "id: social_loafing" in line)
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    edited.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    assert sample("codebook", "check", str(edited)).code == 0
    assert sample("codebook", "load", str(edited)).code == 0
    rows = {r["id"]: r for r in sample("codebook", "list", "--format", "json").json()}
    assert rows["free_riding"]["name"] == "Free riding"
    assert "social_loafing" not in rows
    codings = sample("code", "list", "--code", "social_loafing", "--format", "json").json()
    assert len(codings) == 1
    assert sample("code", "add", "P01", "social_loafing", "--start", "0", "--end", "5").code == 2


def test_rename_move_merge_split_are_recorded(sample: Runner) -> None:
    assert sample("code", "add", "P01", "free_riding", "--start", "0", "--end", "10").code == 0
    assert sample("code", "add", "P01", "free_riding", "--start", "20", "--end", "30").code == 0
    assert sample("codebook", "rename", "reciprocity", "Give and take").code == 0
    assert sample("codebook", "move", "fragmentation", "collective_action_problems").code == 0
    assert sample("codebook", "move", "transaction_costs", "data_burden").code == 2  # cycle
    ids = [
        c["id"] for c in sample("code", "list", "--code", "free_riding", "--format", "json").json()
    ]
    assert (
        sample(
            "codebook",
            "split",
            "free_riding",
            "taking_credit",
            "Taking credit",
            "--coding",
            str(ids[0]),
        ).code
        == 0
    )
    assert sample("codebook", "merge", "social_loafing", "free_riding").code == 0
    rows = {r["id"]: r for r in sample("codebook", "list", "--format", "json").json()}
    assert rows["reciprocity"]["name"] == "Give and take"
    assert rows["fragmentation"]["theme"] == "collective_action_problems"
    assert rows["taking_credit"]["codings"] == 1 and rows["free_riding"]["codings"] == 1
    assert "social_loafing" not in rows


def test_a_code_without_a_name_is_refused(sample: Runner, sample_dir: Path) -> None:
    """`rename`, `split` and `new` with an empty or blank name: exit 2, one line, nothing
    changed (the workbench's forms refused it already; the command line took it)."""
    before = db_snapshot(sample_dir)
    for args in (
        ("rename", "reciprocity", " "),
        ("split", "free_riding", "taking_credit", ""),
        ("new", "peer_pressure", "", "--theme", "collective_action_problems", "--definition", "x"),
    ):
        result = sample("codebook", *args)
        assert result.code == 2, args
        assert "a code needs a name" in result.err and "Traceback" not in result.err
    assert db_snapshot(sample_dir) == before
