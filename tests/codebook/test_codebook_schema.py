"""Codebook YAML: the bundled codebook, every kind of problem with its line, and export.

Problems are asserted by line because the line is what a researcher acts on; the expected line is
found from the test's own YAML (`line_of`) so the fixtures can be edited without renumbering.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from qualframe.codebook.schema import (
    CodebookInvalid,
    CodebookSpec,
    CodeSpec,
    Problem,
    ThemeSpec,
    check_codebook,
    check_codebook_text,
    dict_to_spec,
    parse_codebook,
    parse_codebook_text,
)
from qualframe.codebook.yamlio import render_codebook, spec_to_dict, write_codebook

BUNDLED = Path(__file__).resolve().parents[2] / "codebooks" / "collective-action.yaml"

EXPECTED_TREE = {
    "collaborative_gains": {
        "collaborative_advantage": None,
        "community_of_practice": None,
        "idea_sharing": None,
        "reciprocity": None,
    },
    "collective_action_problems": {
        "free_riding": None,
        "social_loafing": None,
        "collaborative_inertia": None,
    },
    "rivalry_and_benchmarking": {
        "competition": None,
        "league_table_effect": None,
        "duplication_of_effort": None,
        "fragmentation": None,
        "audit_and_feedback": None,
    },
    "costs_of_collaborating": {
        "transaction_costs": {"data_burden", "imposed_timetables", "method_learning"},
    },
    "starting_positions": {
        "asymmetric_starting_positions": None,
        "all_teach_all_learn": None,
    },
    "organisational_context": {
        "leadership_support": None,
        "competing_priorities": None,
        "hierarchy": None,
        "internal_legitimacy": None,
    },
}

VALID_HEAD = """\
codebook:
  name: Test codebook
  version: "0.1"
themes:
"""


def write(tmp_path: Path, text: str, name: str = "codebook.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of `path` containing `needle`."""
    found = [
        number
        for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if needle in row
    ]
    return found[occurrence - 1]


def one_problem(path: Path) -> Problem:
    problems = check_codebook(path)
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


# --- the bundled codebook ----------------------------------------------------------------------


def test_bundled_codebook_checks_clean() -> None:
    assert check_codebook(BUNDLED) == []


def test_bundled_codebook_has_the_agreed_themes_and_codes() -> None:
    spec = parse_codebook(BUNDLED)
    codes = list(spec.iter_codes())
    assert len(spec.themes) >= 5
    assert len(codes) >= 20
    tree = {
        theme.id: {code.id: ({child.id for child in code.children} or None) for code in theme.codes}
        for theme in spec.themes
    }
    assert tree == EXPECTED_TREE


def test_every_bundled_code_is_fully_described() -> None:
    for _theme, _parent, code in parse_codebook(BUNDLED).iter_codes():
        assert code.origin == "sensitizing", code.id
        for field in ("name", "definition", "include", "exclude", "source"):
            assert getattr(code, field).strip(), f"{code.id}: {field}"
        assert code.examples, code.id
        assert code.patterns, code.id
        assert sum(code.definition.count(end) for end in ".?!") >= 2, code.id


def test_every_bundled_token_pattern_is_valid_for_spacy() -> None:
    matcher = Matcher(Vocab(), validate=True)
    for _theme, _parent, code in parse_codebook(BUNDLED).iter_codes():
        for number, pattern in enumerate(code.patterns.get("tokens", [])):
            matcher.add(f"{code.id}-{number}", [pattern])
        for word in code.patterns.get("words", []):
            assert len(word.split()) == 1, (code.id, word)


# --- problems with their lines -----------------------------------------------------------------


def test_malformed_yaml_names_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: [unclosed
    description: x
""",
    )
    problem = one_problem(path)
    assert problem.path == str(path)
    assert problem.line == line_of(path, "description: x")
    assert problem.message.startswith("invalid YAML")
    assert f"line {line_of(path, '[unclosed')}" in problem.message


def test_tab_indentation_is_reported_at_the_tab(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD + "  - id: a_theme\n\tname: Tabbed\n",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "\tname: Tabbed")
    assert problem.message == "tab character used for indentation; use spaces"


def test_duplicate_sibling_ids_name_both_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: free_riding
        name: Free-riding
        definition: Taking without giving.
      - id: free_riding
        name: Free-riding again
        definition: The same id twice.
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "id: free_riding", occurrence=2)
    assert "duplicate id 'free_riding'" in problem.message
    assert f"first on line {line_of(path, 'id: free_riding')}" in problem.message


def test_duplicate_ids_across_themes_and_depths(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: costs
    name: Costs
    codes:
      - id: transaction_costs
        name: Transaction costs
        definition: The costs of taking part.
        codes:
          - id: data_burden
            name: Data burden
            definition: The work of data returns.
  - id: data_burden
    name: A theme that reuses a nested code's id
""",
    )
    problem = one_problem(path)
    first, second = line_of(path, "id: data_burden"), line_of(path, "id: data_burden", 2)
    assert second - first > 1
    assert problem.line == second
    assert f"first on line {first}" in problem.message


def test_unknown_key_is_named_with_the_allowed_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: free_riding
        name: Free-riding
        definition: Taking without giving.
        exampels: [typo]
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "exampels")
    assert "unknown key 'exampels'" in problem.message
    assert "did you mean 'examples'" in problem.message
    assert "allowed: id, name, definition" in problem.message


def test_duplicate_key_in_one_mapping(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    name: Another name
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "name: Another name")
    assert f"duplicate key 'name' (first on line {line_of(path, 'name: A theme')})" in (
        problem.message
    )


def test_missing_definition_points_at_the_code(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: free_riding
        name: Free-riding
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "id: free_riding")
    assert problem.message == "code 'free_riding': missing 'definition'"


def test_empty_definition_is_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: free_riding
        name: Free-riding
        definition:
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "definition:")
    assert "'definition' is empty" in problem.message


def test_id_must_be_snake_case(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: Free-Riding
    name: A theme
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "Free-Riding")
    assert "not snake_case" in problem.message
    assert "'free_riding'" in problem.message


def test_cycle_through_anchors_terminates_and_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - &loop
        id: parent_code
        name: Parent
        definition: A code that contains itself.
        codes:
          - id: child_code
            name: Child
            definition: An ordinary child.
            codes:
              - *loop
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "- *loop")
    assert problem.message.startswith("cycle:")
    assert f"line {line_of(path, '&loop')}" in problem.message


def test_alias_repeating_a_code_elsewhere_is_a_duplicate(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: first_theme
    name: First
    codes:
      - &shared
        id: shared_code
        name: Shared
        definition: Listed twice by reference.
  - id: second_theme
    name: Second
    codes:
      - *shared
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "- *shared")
    assert "duplicate id 'shared_code'" in problem.message


def test_bad_token_pattern_is_reported_at_its_token(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: free_riding
        name: Free-riding
        definition: Taking without giving.
        patterns:
          tokens:
            - [{LEMMA: take}, {OP: "?"}, {LOWER: credit}]
            - - LEMMA: take
              - LEMA: credit
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "LEMA: credit")
    assert "invalid token pattern" in problem.message
    assert "LEMA" in problem.message


def test_unquoted_no_in_a_token_gets_a_hint(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: social_loafing
        name: Social loafing
        definition: Less effort in a group.
        patterns:
          tokens:
            - [{LOWER: no}, {LOWER: one}, {LOWER: came}]
""",
    )
    problem = one_problem(path)
    assert 'write "no"' in problem.message


def test_pattern_shapes_are_checked(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: free_riding
        name: Free-riding
        definition: Taking without giving.
        patterns:
          words: [freeload, gave nothing back]
          phrases: gave nothing back
          regexes: [x]
""",
    )
    problems = check_codebook(path)
    assert [problem.line for problem in problems] == [
        line_of(path, "words:"),
        line_of(path, "phrases:"),
        line_of(path, "regexes:"),
    ]
    assert "more than one word" in problems[0].message
    assert "must be a list of text" in problems[1].message
    assert "unknown key 'regexes'" in problems[2].message


def test_an_alternative_the_tokenizer_splits_is_reported(tmp_path: Path) -> None:
    """`we've|we` and `gonna|will`: the matcher keeps a split choice as written, so it could
    never match; a choice the tokenizer keeps whole (`o'clock`, `n't`) is fine."""
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: idea_sharing
        name: Idea sharing
        definition: Passing ideas on.
        patterns:
          lemmas:
            - take|nick their idea
            - we've|we have ideas
            - o'clock|noon meeting
            - do|n't|did share
            - gonna|will share
""",
    )
    problems = check_codebook(path)
    assert [problem.line for problem in problems] == [
        line_of(path, "we've|we"),
        line_of(path, "gonna|will"),
    ]
    assert '"we\'ve" in "we\'ve|we" is 2 words to the tokenizer (we + \'ve)' in (
        problems[0].message
    )
    assert str(problems[1]).startswith(f"{path}:{line_of(path, 'gonna')}: code 'idea_sharing'")


def test_emergent_code_needs_its_creator_and_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: gallows_humour
        name: Gallows humour
        definition: Joking about the burden.
        origin: emergent
        created: "2026-05-01"
""",
    )
    problem = one_problem(path)
    assert problem.line == line_of(path, "id: gallows_humour")
    assert problem.message == "code 'gallows_humour': an emergent code needs 'created_by'"


def test_origin_and_created_are_checked(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    name: A theme
    codes:
      - id: first_code
        name: First
        definition: Has an unknown origin.
        origin: inductive
      - id: second_code
        name: Second
        definition: Has a bad date.
        origin: emergent
        created_by: coder1
        created: last Tuesday
""",
    )
    problems = check_codebook(path)
    assert [problem.line for problem in problems] == [
        line_of(path, "origin: inductive"),
        line_of(path, "created: last Tuesday"),
    ]
    assert "sensitizing, emergent" in problems[0].message
    assert "ISO date" in problems[1].message


def test_empty_file(tmp_path: Path) -> None:
    problem = one_problem(write(tmp_path, ""))
    assert problem.line == 1
    assert "empty" in problem.message


def test_top_level_must_be_a_mapping_with_both_sections(tmp_path: Path) -> None:
    assert "must be a mapping" in one_problem(write(tmp_path, "- just\n- a list\n")).message
    problems = check_codebook(write(tmp_path, "codebook:\n  name: Only the header\n", "b.yaml"))
    assert [problem.message for problem in problems] == [
        "missing 'themes:' (a list of themes, each with its codes)"
    ]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes(b"codebook:\n  name: x\n\x00\x01\x02binary")
    problem = one_problem(path)
    assert problem.line == 3
    assert "binary" in problem.message


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes("codebook:\n  name: Caf\u00e9\n".encode("latin-1"))
    problem = one_problem(path)
    assert problem.line == 2
    assert "not UTF-8" in problem.message


def test_control_character_is_located(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes(b"codebook:\n  name: bell \x07 here\n")
    problem = one_problem(path)
    assert problem.line == 2
    assert "U+0007" in problem.message


def test_unreadable_file_has_no_line(tmp_path: Path) -> None:
    problem = one_problem(tmp_path / "missing.yaml")
    assert problem.line == 0
    assert str(problem) == f"{tmp_path / 'missing.yaml'}: cannot read the codebook: " + (
        "No such file or directory"
    )


def test_every_problem_is_reported_sorted_by_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: Bad Theme
    name: A theme
    codes:
      - id: no_definition
        name: No definition
      - id: bad_examples
        name: Bad examples
        definition: Examples are not a list.
        examples: just one string
""",
    )
    problems = check_codebook(path)
    assert len(problems) == 3
    assert [problem.line for problem in problems] == sorted(problem.line for problem in problems)
    assert str(problems[0]) == f"{path}:{problems[0].line}: {problems[0].message}"


def test_parse_raises_with_the_first_problem_and_a_count(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID_HEAD
        + """\
  - id: a_theme
    codes:
      - id: Bad
""",
    )
    with pytest.raises(CodebookInvalid) as raised:
        parse_codebook(path)
    error = raised.value
    assert len(error.problems) == 4
    assert str(error) == f"{error.problems[0]} (and 3 more problems)"
    assert error.exit_code == 2
    assert error.line == error.problems[0].line


# --- export --------------------------------------------------------------------------------------


def emergent_spec() -> CodebookSpec:
    """A codebook as the database layer would build it: unicode names, emergent children."""
    return CodebookSpec(
        name="Kollektives Handeln — Qualitätszirkel",
        version="2.1-beta",
        description="Ein Codebuch mit Umlauten, «guillemets» und 日本語.\nZweite Zeile.",
        themes=[
            ThemeSpec(
                id="kosten",
                name="Kosten der Zusammenarbeit",
                codes=[
                    CodeSpec(
                        id="datenlast",
                        name="Datenlast – Tabellen",
                        definition="Die Arbeit mit Datenrückmeldungen. " * 6,
                        examples=["Noch eine Tabelle…", "yes", "1.10"],
                        patterns={
                            "words": ["tabelle"],
                            "tokens": [[{"LOWER": "noch"}, {"LOWER": "eine", "OP": "?"}]],
                        },
                        children=[
                            CodeSpec(
                                id="gallows_humour",
                                name="Galgenhumor 😅",
                                definition="Joking about the data burden.",
                                origin="emergent",
                                created_by="Zoë",
                                created="2026-05-01T14:30:00",
                            )
                        ],
                    ),
                    CodeSpec(
                        id="workarounds",
                        name="Workarounds",
                        definition="  Leading spaces and trailing ones  ",
                        origin="emergent",
                        created_by="coder2",
                        created="2026-05-02",
                    ),
                ],
            )
        ],
    )


@pytest.mark.parametrize("source", ["bundled", "emergent"])
def test_export_is_a_fixed_point(tmp_path: Path, source: str) -> None:
    spec = parse_codebook(BUNDLED) if source == "bundled" else emergent_spec()
    text = render_codebook(spec)
    path = tmp_path / "exported.yaml"
    write_codebook(spec, path)
    assert path.read_text(encoding="utf-8") == text
    again = parse_codebook(path)
    assert again == spec
    assert render_codebook(again) == text
    assert check_codebook_text(text) == []


def test_export_keeps_order_unicode_and_omits_empty_fields() -> None:
    text = render_codebook(emergent_spec())
    assert "Galgenhumor 😅" in text
    assert "\\u" not in text
    assert text.index("created_by: Zoë") < text.index("created: '2026-05-01T14:30:00'")
    assert "include:" not in text
    assert "- [{LOWER: noch}, {LOWER: eine, OP: '?'}]" in text
    assert "&" not in text and "*" not in text


def test_export_of_the_bundled_codebook_reads_as_prose() -> None:
    text = render_codebook(parse_codebook(BUNDLED))
    assert "definition: >-" in text
    assert text.startswith("codebook:\n  name: Collective action")
    assert "\n      - id: free_riding\n        name: Free-riding\n" in text


def test_dict_round_trip_and_validation() -> None:
    spec = emergent_spec()
    data = spec_to_dict(spec)
    assert list(data["themes"][0]["codes"][0]) == [
        "id",
        "name",
        "definition",
        "examples",
        "origin",
        "patterns",
        "codes",
    ]
    assert dict_to_spec(data) == spec
    data["themes"][0]["codes"][1]["id"] = "datenlast"
    with pytest.raises(CodebookInvalid, match="duplicate id 'datenlast'"):
        dict_to_spec(data)


def test_text_fields_keep_their_spelling() -> None:
    spec = parse_codebook_text(
        VALID_HEAD.replace('"0.1"', "1.10")
        + """\
  - id: a_theme
    name: yes
    codes:
      - id: a_code
        name: 2026-05-01
        definition: 3.0
"""
    )
    assert spec.version == "1.10"
    assert spec.themes[0].name == "yes"
    assert spec.themes[0].codes[0].name == "2026-05-01"
    assert spec.themes[0].codes[0].definition == "3.0"
