"""`qualframe doc resegment`: a project imported with the old sentencizer gets the new units;
codings keep their offsets, the change is in the event log, undo and redo swap the units, and
suggestions and sentence-level agreement follow the new units."""

from __future__ import annotations

from pathlib import Path

from qualframe.corpus.resegment import replace_sentences, stored_sentences
from qualframe.ingest.model import Turn
from qualframe.nlp.sentences import pieces
from qualframe.project import open_project
from qualframe.store.models import Document, Segment
from tests.support.projects import CODEBOOK, Runner, db_rows


def old_units(project_dir: Path) -> dict[str, int]:
    """Store what the importer of earlier versions stored: spaCy's plain sentencizer over each
    turn (the bug: `Um. [` / `pause] We got there.`). Returns sentence counts by document."""
    import spacy
    from sqlalchemy import select

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    project = open_project(project_dir)
    counts = {}
    try:
        with project.sessions() as session, session.begin():
            for document in session.scalars(select(Document)):
                revision = document.current_revision_id
                text = document.current_revision.text
                turns = [
                    Turn(s, e, speaker, u)
                    for s, e, speaker, u in session.execute(
                        select(Segment.start, Segment.end, Segment.speaker, Segment.utterance_start)
                        .where(Segment.revision_id == revision, Segment.kind == "turn")
                        .order_by(Segment.start)
                    )
                ]
                spans = []
                for a, b in pieces(text, turns):
                    for sent in nlp(text[a:b]).sents:
                        chunk = sent.text
                        start = a + sent.start_char + len(chunk) - len(chunk.lstrip())
                        end = a + sent.start_char + len(chunk.rstrip())
                        if end > start:
                            spans.append((start, end))
                replace_sentences(session, revision, spans)
                counts[document.name] = len(spans)
    finally:
        project.close()
    return counts


def sentences(qf: Runner, doc: str) -> list[str]:
    shown = qf("doc", "show", doc, "--format", "json").json()
    return [shown["text"][s["start"] : s["end"]] for s in shown["sentences"]]


def broken(texts: list[str]) -> list[str]:
    return [t for t in texts if t.count("[") != t.count("]")]


def test_resegment_fixes_old_units_and_keeps_codings(sample: Runner, sample_dir: Path) -> None:
    before_counts = old_units(sample_dir)
    assert broken(sentences(sample, "P01")), "the old units split brackets"
    added = sample("code", "add", "P01", "free_riding", "--start", "100", "--end", "321")
    assert added.code == 0, added.err
    codings = sample("code", "list", "--format", "json").json()

    result = sample("doc", "resegment", "--format", "json")
    assert result.code == 0, result.err
    outcomes = {row["name"]: row for row in result.json()}
    assert len(outcomes) == 13
    assert outcomes["P01"]["status"] == "changed"
    assert outcomes["P01"]["before"] == before_counts["P01"]
    for name in outcomes:
        assert not broken(sentences(sample, name)), name
    assert sample("code", "list", "--format", "json").json() == codings

    changed = [name for name, row in outcomes.items() if row["status"] == "changed"]
    logged = db_rows(
        sample_dir,
        "SELECT d.name FROM events e JOIN documents d ON d.id = e.entity_id "
        "WHERE e.entity = 'document' AND e.action = 'resegment'",
    )
    assert sorted(name for (name,) in logged) == sorted(changed)
    again = sample("doc", "resegment", "P01", "--format", "json").json()
    assert again == [{**outcomes["P01"], "status": "unchanged", "before": outcomes["P01"]["after"]}]


def test_undo_and_redo_swap_the_units(qf: Runner, project_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "t1.txt"
    path.write_text("P1: Um. [pause] We got there. It was [Hospital B]. Fine.\n", encoding="utf-8")
    assert qf("import", str(path)).code == 0
    new = sentences(qf, "t1")
    old_units(project_dir)
    old = sentences(qf, "t1")
    assert old != new and broken(old)

    assert qf("doc", "resegment", "t1").code == 0
    assert sentences(qf, "t1") == new
    undone = qf("undo")
    assert undone.code == 0 and "resegment" in undone.out
    assert sentences(qf, "t1") == old
    assert qf("redo").code == 0
    assert sentences(qf, "t1") == new


def test_undo_is_refused_after_a_new_revision(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "t1.txt"
    path.write_text("P1: Um. [pause] We got there.\n", encoding="utf-8")
    assert qf("import", str(path)).code == 0
    old_units(project_dir)
    assert qf("doc", "resegment", "t1").code == 0
    path.write_text("P1: Um. [pause] We got there. And back.\n", encoding="utf-8")
    assert qf("import", "--replace", str(path)).code == 0
    units = sentences(qf, "t1")
    result = qf("undo")
    assert result.code == 2 and "newer text revision" in result.err
    assert sentences(qf, "t1") == units


def test_suggestions_follow_the_new_units(sample: Runner, sample_dir: Path) -> None:
    old_units(sample_dir)
    assert sample("codebook", "load", str(CODEBOOK)).code == 0
    assert sample("suggest", "run").code == 0
    stale = sample("suggest", "list", "--format", "json").json()
    assert broken([row["text"] for row in stale]), "suggestions placed in split sentences"
    assert sample("suggest", "run", "--format", "json").json()["documents"] == 0

    changed = [
        row["name"]
        for row in sample("doc", "resegment", "--format", "json").json()
        if row["status"] == "changed"
    ]
    report = sample("suggest", "run", "--format", "json").json()
    assert report["documents"] == len(changed) > 0
    fresh = sample("suggest", "list", "--format", "json").json()
    assert not broken([row["text"] for row in fresh])
    units = {
        (name, start, end)
        for name in {row["document"] for row in fresh}
        for start, end in _units(sample_dir, name)
    }
    inside = [
        row
        for row in fresh
        if any(n == row["document"] and s <= row["start"] < e for n, s, e in units)
    ]
    assert len(inside) == len(fresh)


def _units(project_dir: Path, name: str) -> list[tuple[int, int]]:
    project = open_project(project_dir)
    try:
        with project.sessions() as session:
            from sqlalchemy import select

            revision = session.scalar(
                select(Document.current_revision_id).where(Document.name == name)
            )
            assert revision is not None
            return stored_sentences(session, revision)
    finally:
        project.close()


def test_sentence_level_agreement_uses_the_new_units(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    text = 'P1: He said "Stop. Now." and left. Fine.\n'
    (tmp_path / "t1.txt").write_text(text, encoding="utf-8")
    assert qf("import", str(tmp_path / "t1.txt")).code == 0
    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    old_units(project_dir)
    assert len(sentences(qf, "t1")) == 4  # He said "Stop. | Now." | and left. | Fine.
    for coder, word in (("ana", "Stop."), ("ben", "and left.")):
        start = text.index(word)
        assert qf("coder", "add", coder).code == 0
        added = qf(
            "code",
            "add",
            "t1",
            "free_riding",
            "--start",
            str(start),
            "--end",
            str(start + len(word)),
            "--coder",
            coder,
        )
        assert added.code == 0, added.err

    def sentence_level() -> dict[str, object]:
        report = qf("agreement", "--coders", "ana", "ben", "--format", "json").json()
        return report["overall"]["sentence"]

    assert sentence_level()["units"] == 4
    assert qf("doc", "resegment", "t1").code == 0
    after = sentence_level()
    assert after["units"] == 2
    assert after["with_uncoded"]["percent"] == 100
