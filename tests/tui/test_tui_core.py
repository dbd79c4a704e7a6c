"""What the workbench needed from the core (the codings of one document, recently used codes,
memos of a document, the themes) and its own Textual-free parts: the transcript layout and
the data layer's error messages. The TUI imports nothing but the core, Textual and Rich."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError

from qualframe.codebook.store import list_themes
from qualframe.coding.codings import document_codings, recent_codes
from qualframe.coding.memos import document_memos
from qualframe.errors import UserError
from qualframe.project import open_project
from qualframe.tui import layout
from qualframe.tui.data import LOCKED, describe_error
from qualframe.tui.layout import Mark, Turn
from qualframe.tui.overlay import build_overlay
from tests.support.projects import REPO, Runner


def test_document_codings_and_recent_codes(sample: Runner, sample_dir: Path) -> None:
    assert sample("code", "add", "P02", "competition", "--start", "10", "--end", "40").code == 0
    assert (
        sample(
            "code", "add", "P02", "hierarchy", "--start", "5", "--end", "60", "--coder", "ana"
        ).code
        == 0
    )
    assert sample("code", "add", "P03", "free_riding", "--start", "0", "--end", "9").code == 0
    assert sample("code", "add", "P02", "data_burden", "--start", "70", "--end", "90").code == 0
    project = open_project(sample_dir)
    with project.sessions() as session:
        rows = document_codings(session, "P02")
        assert [(r.code, r.start, r.end, r.coder) for r in rows] == [
            ("hierarchy", 5, 60, "ana"),
            ("competition", 10, 40, "tester"),
            ("data_burden", 70, 90, "tester"),
        ]
        assert rows[0].code_name and not hasattr(rows[0], "text")
        assert recent_codes(session, "tester") == ["data_burden", "free_riding", "competition"]
        assert recent_codes(session, "tester", limit=1) == ["data_burden"]
        assert recent_codes(session, "nobody") == []
    project.close()


def test_document_memos_holds_document_and_coding_memos(sample: Runner, sample_dir: Path) -> None:
    assert sample("code", "add", "P02", "competition", "--start", "10", "--end", "40").code == 0
    coding = sample("code", "list", "--format", "json").json()[0]["id"]
    assert sample("memo", "add", "document", "P02", "--text", "on the doc").code == 0
    assert sample("memo", "add", "coding", str(coding), "--text", "on the coding").code == 0
    assert sample("memo", "add", "document", "P03", "--text", "elsewhere").code == 0
    assert sample("memo", "add", "code", "competition", "--text", "on the code").code == 0
    project = open_project(sample_dir)
    with project.sessions() as session:
        memos = document_memos(session, "P02")
        themes = list_themes(session)
    project.close()
    assert [(m.target_type, m.text) for m in memos] == [
        ("document", "on the doc"),
        ("coding", "on the coding"),
    ]
    assert (themes[0].id, themes[0].name) == (
        "collaborative_gains",
        "Collaborative advantage and learning",
    )
    assert len(themes) == len({t.id for t in themes}) >= 4


TEXT = (
    "Interviewer: How did it start?\n\nP1: Well, it was slow at first. Then the data "
    "came in every month and it got better.\n\nAn untagged closing line."
)


def turns_of(text: str) -> list[Turn]:
    first = text.index("Interviewer")
    second = text.index("P1:")
    return [
        Turn(first, text.index("\n"), "Interviewer", first + len("Interviewer: ")),
        Turn(second, text.index("\n\nAn"), "P1", second + len("P1: ")),
    ]


def test_layout_rows_separate_turns_and_keep_offsets() -> None:
    rows = layout.layout_rows(TEXT, turns_of(TEXT), 24)
    kinds = [row.kind for row in rows]
    assert kinds[:3] == ["label", "text", "gap"]
    assert TEXT[rows[0].start : rows[0].end] == "Interviewer"
    assert rows[0].line == 1 and rows[1].line is None and rows[1].indent == layout.TURN_INDENT
    labels = [r for r in rows if r.kind == "label"]
    assert [TEXT[r.start : r.end] for r in labels] == ["Interviewer", "P1"]
    assert labels[1].line == 3
    body = [r for r in rows if r.kind == "text" and r.turn == 1]
    assert len(body) >= 3 and all(r.end - r.start <= 24 - layout.TURN_INDENT for r in body)
    joined = " ".join(TEXT[r.start : r.end] for r in body)
    assert joined == TEXT[TEXT.index("Well") : TEXT.index("\n\nAn")]
    closing = next(r for r in rows if r.start == TEXT.index("An untagged"))
    assert closing.turn is None and closing.line == 5 and closing.indent == 0
    assert rows[2] == layout.Row(TEXT.index("\n\nP1") + 1, TEXT.index("\n\nP1") + 1, "gap")


def test_layout_hard_splits_a_word_longer_than_the_line() -> None:
    text = "x" * 30
    rows = layout.layout_rows(text, [], 12)
    assert [(r.start, r.end) for r in rows] == [(0, 12), (12, 24), (24, 30)]


def test_overlay_lanes_and_labels() -> None:
    rows = layout.layout_rows(TEXT, turns_of(TEXT), 24)
    well = TEXT.index("Well")
    marks = [
        Mark(1, well, well + 60, "a", "Alpha", "t", 0),
        Mark(2, well + 5, well + 30, "b", "Beta", "t", 1),
        Mark(3, TEXT.index("An untagged"), len(TEXT), "c", "Gamma", "t", 2),
    ]
    overlay = build_overlay(rows, marks)
    assert overlay.lanes[1] != overlay.lanes[2]
    assert overlay.lanes[3] == 0  # a lane is reused once free
    first_row = layout.row_at(layout.row_starts(rows), well)
    assert 1 in overlay.labels[first_row]
    assert 2 in overlay.labels[first_row + 1]  # its own row, not crowded onto Alpha's
    assert all(1 in overlay.at(r) for r in range(first_row, first_row + 3))
    assert overlay.at(0) == []


def test_sentences_words_and_trimming() -> None:
    starts, ends = [0, 10, 30], [8, 25, 40]
    assert layout.sentence_at(starts, ends, 12) == 1
    assert layout.sentence_at(starts, ends, 27) == 2  # between sentences: the next one
    assert layout.sentence_at(starts, ends, 99) == 2
    text = "one two three four"
    assert layout.next_word_end(text, 3, len(text)) == 7
    assert layout.previous_word_end(text, 0, 13) == 7
    assert layout.next_word_start(text, 0, len(text)) == 4
    assert layout.previous_word_start(text, 0, 8) == 4
    assert layout.trim("  hello  ", 0, 9) == (2, 7)
    assert layout.fallback_sentences("a\n\nb c\n", []) == [(0, 1), (3, 6)]


def test_errors_read_as_one_line() -> None:
    assert (
        describe_error(UserError("no code 'x'", path="f.yaml", line=3)) == "f.yaml:3: no code 'x'"
    )
    locked = OperationalError(
        "INSERT ...", {"text": "transcript words"}, Exception("database is locked")
    )
    assert describe_error(locked) == LOCKED
    assert "transcript words" not in describe_error(
        OperationalError("INSERT ...", {"text": "transcript words"}, Exception("disk I/O"))
    )
    assert describe_error(ValueError("boom")) == "unexpected error: ValueError: boom"


def test_tui_imports_only_the_core_textual_rich_and_the_standard_library() -> None:
    allowed = {"qualframe", "textual", "rich"}
    for path in (REPO / "qualframe" / "tui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        type_only = {
            id(n)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
            for n in ast.walk(block)
        }
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names, (path.name, name)
    data = (REPO / "qualframe" / "tui" / "data.py").read_text(encoding="utf-8")
    assert "textual" not in data and "import rich" not in data


def test_coded_bar_differs_in_shape_and_shows_a_sliver() -> None:
    from qualframe.tui.widgets.document_list import BAR_WIDTH, coded_bar

    assert coded_bar(0.0).plain == "─" * BAR_WIDTH + "   0%"
    assert coded_bar(0.001).plain == "━" + "─" * (BAR_WIDTH - 1) + "  <1%"
    assert coded_bar(0.5).plain == "━" * 4 + "─" * 4 + "  50%"
    assert coded_bar(1.0).plain == "━" * BAR_WIDTH + " 100%"
