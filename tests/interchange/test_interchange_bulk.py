"""`qualframe code import FILE.csv|.json` and `code export`: codings in bulk, all or nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.support.projects import Runner, db_snapshot, make_runner


@pytest.fixture
def coded(sample: Runner) -> Runner:
    for doc, code, a, b, who in (
        ("P01", "free_riding", 100, 160, "ann"),
        ("P02", "social_loafing", 10, 90, "bo"),
        ("FG01_faculty", "data_burden", 356, 511, "ann"),
    ):
        assert (
            sample(
                "code", "add", doc, code, "--start", str(a), "--end", str(b), "--coder", who
            ).code
            == 0
        )
    return sample


def _rows(run: Runner) -> list[tuple[object, ...]]:
    return sorted(
        (r["document"], r["code"], r["start"], r["end"], r["text"], r["coder"])
        for r in run("code", "list", "--format", "json").json()
    )


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_then_import_into_a_copy_reproduces_the_codings(
    coded: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"codings{suffix}"
    assert coded("code", "export", str(out)).code == 0
    from tests.support.projects import build_sample

    other = make_runner(capsys, build_sample(tmp_path / "other"))
    result = other("code", "import", str(out))
    assert result.code == 0, result.err
    assert "3 coding(s) imported" in result.out
    assert _rows(other) == _rows(coded)
    again = other("code", "import", str(out))
    assert "0 coding(s) imported, 3 already present" in again.out


@pytest.mark.both_backends
def test_csv_from_code_list_imports_as_it_is(coded: Runner, tmp_path: Path) -> None:
    """The columns `code list --format csv` writes are the columns `code import` reads; its
    UUIDs make a re-import a no-op, and rows without one are new codings."""
    listing = coded("code", "list", "--format", "csv").out
    path = tmp_path / "list.csv"
    path.write_text(listing, encoding="utf-8")
    assert "0 coding(s) imported, 3 already present" in coded("code", "import", str(path)).out
    rows = list(csv.DictReader(listing.splitlines()))
    for row in rows:
        row["uuid"], row["coder"] = "", "cy" if row["coder"] == "ann" else row["coder"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert "2 coding(s) imported, 1 already present" in coded("code", "import", str(path)).out
    assert sorted(r[-1] for r in _rows(coded)) == ["ann", "ann", "bo", "cy", "cy"]


BAD_ROWS = {
    "unknown document": (
        {"document": "P77", "code": "free_riding", "start": 0, "end": 5},
        "no document 'P77'",
    ),
    "unknown code": ({"document": "P01", "code": "nope", "start": 0, "end": 5}, "no code 'nope'"),
    "theme": (
        {"document": "P01", "code": "collective_action_problems", "start": 0, "end": 5},
        "is a theme",
    ),
    "past the end": (
        {"document": "P01", "code": "free_riding", "start": 0, "end": 10**7},
        "outside 'P01'",
    ),
    "not a number": (
        {"document": "P01", "code": "free_riding", "start": "x", "end": 5},
        "start must be a whole number",
    ),
    "text mismatch": (
        {"document": "P01", "code": "free_riding", "start": 0, "end": 5, "text": "hello"},
        "the text does not match",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_one_bad_row_stops_the_whole_file(
    coded: Runner, sample_dir: Path, tmp_path: Path, case: str
) -> None:
    good = {"document": "P03", "code": "hierarchy", "start": 5, "end": 70, "coder": "ann"}
    bad, message = BAD_ROWS[case]
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["document", "code", "start", "end", "text", "coder"])
        writer.writeheader()
        writer.writerows([good, good | {"start": 80, "end": 90}, bad])
    before = db_snapshot(sample_dir)
    result = coded("code", "import", str(path))
    assert result.code == 2 and result.err.count("\n") == 1
    assert f"{path}:4: " in result.err and message in result.err, result.err
    assert db_snapshot(sample_dir) == before


def test_bad_json_names_the_line(coded: Runner, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text('[\n{"document": "P01",\n', encoding="utf-8")
    result = coded("code", "import", str(path))
    assert result.code == 2 and f"{path}:3: not valid JSON" in result.err
    path.write_text(json.dumps({"document": "P01"}), encoding="utf-8")
    assert "expected a JSON list" in coded("code", "import", str(path)).err
