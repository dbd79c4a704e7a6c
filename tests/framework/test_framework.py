"""Framework matrices: rows, columns, cells, references, grouping, filters, counts, bad input.

The `charted` fixture codes a handful of known passages in the sample project (an interview,
a passage across two turns, a focus-group speaker, the facilitator) and adds a case with a
non-ASCII name, so every assertion can be checked against the stored text itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qualframe.framework.cells import read_cell
from qualframe.framework.matrix import build_matrices, build_matrix, chart_options
from qualframe.framework.model import line_span
from qualframe.framework.rows import parse_where
from qualframe.framework.summaries import SummaryConflict, set_summary
from qualframe.project import open_project
from qualframe.store.db import transaction
from tests.support.charts import Charted, make_charted
from tests.support.modules import loaded_modules
from tests.support.projects import Runner, db_rows, db_snapshot


@pytest.fixture
def charted(sample: Runner, sample_dir: Path, tmp_path: Path) -> Charted:
    return make_charted(sample, sample_dir, tmp_path)


def chart_json(qf: Runner, *args: str) -> list[dict[str, Any]]:
    result = qf("chart", "--format", "json", *args)
    assert result.code == 0, result.err
    return result.json()


def by_theme(matrices: list[dict[str, Any]], theme: str) -> dict[str, Any]:
    return next(m for m in matrices if m["theme"] == theme)


def row(matrix: dict[str, Any], case: str) -> dict[str, Any]:
    return next(r for r in matrix["rows"] if r["case"] == case)


# --- rows and columns -------------------------------------------------------------------------


def test_rows_are_participants_not_organisations(sample: Runner) -> None:
    matrices = chart_json(sample)
    names = [r["case"] for r in matrices[0]["rows"]]
    assert names == ["F1", "F2", "F3", "F4", *(f"P{i:02d}" for i in range(1, 13))]
    themes = [m["theme"] for m in matrices]
    assert themes[:2] == ["collaborative_gains", "collective_action_problems"]
    assert len(themes) == 6
    assert all([r["case"] for r in m["rows"]] == names for m in matrices)


def test_columns_are_the_themes_codes_in_codebook_order(sample: Runner) -> None:
    costs = by_theme(
        chart_json(sample, "--theme", "costs_of_collaborating"), "costs_of_collaborating"
    )
    assert [c["code"] for c in costs["columns"]] == [
        "transaction_costs",
        "data_burden",
        "imposed_timetables",
        "method_learning",
    ]
    assert [c["depth"] for c in costs["columns"]] == [0, 1, 1, 1]
    assert costs["columns"][1]["parent"] == "transaction_costs"


def test_cells_hold_excerpts_with_references_to_lines(charted: Charted) -> None:
    matrices = chart_json(charted.qf)
    problems = by_theme(matrices, "collective_action_problems")
    cell = row(problems, "P01")["cells"]["free_riding"]
    first = line_span(*charted.lines("p01_free"))
    assert cell["codings"] == 1
    assert cell["references"] == [f"(P01, {first})"]
    assert cell["excerpts"][0]["text"] == charted.quote("p01_free")
    multi = row(problems, "P05")["cells"]["collaborative_inertia"]
    first, last = charted.lines("p05_multi")
    assert last >= first + 2  # three stored lines, at least three printed ones
    assert multi["references"] == [f"(P05, l.{first}–{last})"]
    assert multi["excerpts"][0]["text"] == charted.quote("p05_multi")


def test_focus_group_codings_belong_to_the_speakers_case(charted: Charted) -> None:
    rivalry = by_theme(chart_json(charted.qf), "rivalry_and_benchmarking")
    first, last = charted.lines("fg_f2")
    f2 = row(rivalry, "F2")["cells"]["league_table_effect"]
    lines = f"l.{first}" if first == last else f"l.{first}–{last}"
    assert f2["references"] == [f"(F2, FG01_faculty {lines})"]
    assert f2["excerpts"][0]["text"] == charted.quote("fg_f2")
    facilitator = row(rivalry, "FG01")["cells"]["competition"]
    assert facilitator["excerpts"][0]["text"] == charted.quote("fg_facilitator")
    assert row(rivalry, "F1")["cells"]["league_table_effect"]["codings"] == 0


def test_overview_has_a_column_per_theme_with_every_coding_under_it(charted: Charted) -> None:
    (overview,) = chart_json(charted.qf, "--overview")
    assert overview["theme"] is None
    assert [c["code"] for c in overview["columns"]][:2] == [
        "collaborative_gains",
        "collective_action_problems",
    ]
    p01 = row(overview, "P01")["cells"]["collective_action_problems"]
    assert p01["codings"] == 2


# --- grouping and filters ---------------------------------------------------------------------


def test_rows_grouped_by_organisation(charted: Charted) -> None:
    (matrix,) = chart_json(
        charted.qf, "--theme", "collective_action_problems", "--rows", "organisation"
    )
    groups = [(r["group"], r["case"]) for r in matrix["rows"]]
    assert groups[:4] == [("Collaborative faculty", c) for c in ("F1", "F2", "F3", "F4")]
    assert ("Hospital A", "P01") in groups and ("Hôpital Ésperance", "Zoë") in groups
    order = [g for g, _ in groups]
    assert order.index("Hospital D") < order.index("Hôpital Ésperance")
    assert order == sorted(order, key=order.index)  # each group is one run


def test_rows_grouped_by_an_attribute_and_filtered(charted: Charted) -> None:
    (matrix,) = chart_json(
        charted.qf,
        "--theme",
        "rivalry_and_benchmarking",
        "--rows",
        "role",
        "--where",
        "role=Matron",
        "--where",
        "role=clinical lead",
    )
    assert [(r["group"], r["case"]) for r in matrix["rows"]] == [
        ("Clinical lead", "F2"),
        ("Matron", "P09"),
    ]
    assert matrix["filters"] == {"role": ["Matron", "clinical lead"]}
    (hospital,) = chart_json(
        charted.qf, "--theme", "rivalry_and_benchmarking", "--where", "organisation=Hospital C"
    )
    assert [r["case"] for r in hospital["rows"]] == ["P07", "P08", "P09"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--rows", "shoe_size"), "no case has the attribute 'shoe_size'"),
        (("--where", "shoe_size=9"), "no case has the attribute 'shoe_size'"),
        (("--where", "role=Astronaut"), "no case has role=Astronaut"),
        (("--where", "role"), "a filter reads KEY=VALUE"),
        (("--theme", "no_such_theme"), "no theme 'no_such_theme'"),
        (("--theme", "free_riding"), "'free_riding' is a code, not a theme"),
    ],
)
def test_bad_chart_requests_are_one_line_exit_2(
    sample: Runner, args: tuple[str, ...], message: str
) -> None:
    result = sample("chart", *args)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_empty_project_is_exit_2(qf: Runner, tmp_path: Path) -> None:
    result = qf("chart")
    assert result.code == 2 and "no codebook loaded" in result.err
    from tests.support.projects import CODEBOOK

    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    result = qf("chart", "-o", str(tmp_path / "chart.xlsx"))
    assert result.code == 2 and "no cases yet" in result.err
    assert not (tmp_path / "chart.xlsx").exists()


# --- counts and co-occurrence -----------------------------------------------------------------


def test_counts_are_one_row_per_case_and_code(charted: Charted) -> None:
    result = charted.qf("counts", "--theme", "collective_action_problems", "--format", "json")
    assert result.code == 0, result.err
    rows = result.json()
    assert len(rows) == 18 * 3  # 16 sample participants, Zoë, FG01 (facilitator coded)
    counts = {(r["case"], r["code"]): r["codings"] for r in rows}
    assert counts[("P01", "free_riding")] == 1
    assert counts[("Zoë", "free_riding")] == 1
    assert counts[("P02", "free_riding")] == 0
    table = charted.qf("counts", "--theme", "collective_action_problems")
    assert table.code == 0 and "free_riding" in table.out and "Zoë" in table.out


def test_cooccurrence_counts_overlaps_and_cases(charted: Charted) -> None:
    result = charted.qf("cooccurrence", "--format", "json")
    assert result.code == 0, result.err
    pairs = {(r["code_a"], r["code_b"]): r for r in result.json()}
    assert pairs[("free_riding", "social_loafing")] == {
        "code_a": "free_riding",
        "code_b": "social_loafing",
        "overlaps": 1,
        "cases": 1,
    }
    assert ("free_riding", "competition") not in pairs
    only_hospital_c = charted.qf(
        "cooccurrence", "--where", "organisation=Hospital C", "--format", "json"
    ).json()
    assert only_hospital_c == []


# --- the core API the TUI uses ----------------------------------------------------------------


def test_api_matrix_cell_and_versioned_edit(charted: Charted) -> None:
    project = open_project(charted.directory)
    try:
        with project.sessions() as session:
            matrix = build_matrix(
                session,
                "collective_action_problems",
                rows="organisation",
                where=parse_where(["organisation=Hospital A"]),
            )
            p01 = next(r for r in matrix.rows if r.name == "P01")
            free = next(c for c in matrix.columns if c.key == "free_riding")
            cell = matrix.cell(p01.case_id, free.code_id)
            assert cell.version == 0 and cell.count == 1
            assert cell.excerpts[0].document == "P01"
            assert [group for group, _ in matrix.groups()] == ["Hospital A"]
            options = chart_options(session)
            assert ("collective_action_problems", "Collective action problems") in options.themes
            assert {"case", "organisation", "role"} <= set(options.groupings)
            assert "Matron" in options.values["role"]
        with transaction(project.sessions) as session:
            written = set_summary(
                session, "P01", "free_riding", "Coasting on others.", "ana", if_version=cell.version
            )
        assert written.version == 1
        with pytest.raises(SummaryConflict), transaction(project.sessions) as session:
            set_summary(session, "P01", "free_riding", "Stale edit", "ben", if_version=0)
        with project.sessions() as session:
            view = read_cell(session, "P01", "free_riding")
            assert view.cell.text == "Coasting on others." and view.cell.version == 1
            assert view.cell.excerpts[0].text == charted.quote("p01_free")
            fresh = build_matrices(session, ["collective_action_problems"])[0]
            assert fresh.cell(p01.case_id, free.code_id).summary == view.cell.summary
    finally:
        project.close()


def test_chart_as_markdown_imports_no_office_libraries(sample_dir: Path) -> None:
    modules = loaded_modules(
        "from qualframe.cli import run\n"
        f"assert run(['-p', {str(sample_dir)!r}, 'chart', '--theme', 'starting_positions']) == 0"
    )
    for heavy in ("xlsxwriter", "docx", "openpyxl", "textual"):
        assert heavy not in modules, heavy


def test_failed_chart_writes_nothing(
    charted: Charted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no" / "such" / "chart.xlsx"
    result = charted.qf("chart", "-o", str(missing))
    assert result.code == 2 and "does not exist" in result.err
    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    result = charted.qf("chart", "-o", str(folder / "chart.docx"))
    assert result.code == 2 and "no permission" in result.err
    assert list(folder.iterdir()) == []
    assert charted.qf("chart", "--format", "xlsx").code == 2  # a binary chart needs -o


def test_chart_reads_without_writing(charted: Charted, tmp_path: Path) -> None:
    before = db_snapshot(charted.directory)
    assert charted.qf("chart", "-o", str(tmp_path / "c.html")).code == 0
    assert db_snapshot(charted.directory) == before
    assert db_rows(charted.directory, "SELECT count(*) FROM summaries") == [(0,)]
