"""Suggestion reviews per coder: with blind coding on, one coder's decision neither shows in nor
empties a colleague's queue; with it off the team shares one queue. Undo restores the review
rows, and migration 0002 carries the decisions of older projects over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from qualframe.store.db import make_engine
from qualframe.store.models import Coder, Event, SuggestionReview
from qualframe.store.schema import HEAD_REVISION, MIGRATIONS
from tests.support.projects import Runner, db_rows, project_url


def queue(run: Runner, coder: str, status: str = "pending") -> dict[int, str]:
    rows = run("suggest", "list", "--status", status, "--coder", coder, "--format", "json").json()
    return {row["id"]: row["status"] for row in rows}


def reviews(project_dir: Path) -> list[tuple[Any, ...]]:
    """(suggestion, coder, status, id, uuid) of every review, oldest first."""
    return db_rows(
        project_dir,
        select(
            SuggestionReview.suggestion_id,
            Coder.name,
            SuggestionReview.status,
            SuggestionReview.id,
            SuggestionReview.uuid,
        )
        .join(Coder, Coder.id == SuggestionReview.coder_id)
        .order_by(SuggestionReview.id),
    )


def accepted_count(run: Runner, code: str) -> int:
    rows = run("codebook", "list", "--format", "json").json()
    return next(row["suggestions_accepted"] for row in rows if row["id"] == code)


def test_blind_coders_review_independently(suggested: Runner, suggested_dir: Path) -> None:
    assert suggested("blind", "on").code == 0
    target = suggested("suggest", "list", "--format", "json").json()[0]
    assert suggested("suggest", "accept", str(target["id"]), "--coder", "ana").code == 0
    assert queue(suggested, "ana", "all")[target["id"]] == "accepted"
    assert target["id"] not in queue(suggested, "ana")
    assert queue(suggested, "bo")[target["id"]] == "pending"  # ana's accept does not show
    logged = suggested("log", "--entity", "suggestion", "--coder", "bo", "--format", "json")
    assert logged.json() == []  # nor in the audit trail
    assert suggested("suggest", "accept", str(target["id"]), "--coder", "bo").code == 0
    again = suggested("suggest", "accept", str(target["id"]), "--coder", "bo")
    assert again.code == 2 and "already accepted" in again.err
    for coder in ("ana", "bo"):  # each sees their own coding only
        codings = suggested("code", "list", "--coder", coder, "--format", "json").json()
        assert [(c["coder"], c["start"], c["end"]) for c in codings] == [
            (coder, target["start"], target["end"])
        ]
    assert accepted_count(suggested, target["code"]) == 2
    assert [(s, coder, status) for s, coder, status, *_ in reviews(suggested_dir)] == [
        (target["id"], "ana", "accepted"),
        (target["id"], "bo", "accepted"),
    ]
    # a third coder can still reject it; blind off, the newest decision is the team's label
    assert suggested("suggest", "reject", str(target["id"]), "--coder", "cy").code == 0
    assert suggested("blind", "off").code == 0
    assert queue(suggested, "ana", "all")[target["id"]] == "rejected"


def test_without_blind_coding_the_team_shares_one_queue(suggested: Runner) -> None:
    first, second, *_ = suggested("suggest", "list", "--format", "json").json()
    assert suggested("suggest", "accept", str(first["id"]), "--coder", "ana").code == 0
    assert suggested("suggest", "reject", str(second["id"]), "--coder", "ana").code == 0
    bo = queue(suggested, "bo")
    assert first["id"] not in bo and second["id"] not in bo
    assert queue(suggested, "bo", "all")[first["id"]] == "accepted"
    refused = suggested("suggest", "accept", str(first["id"]), "--coder", "bo")
    assert refused.code == 2 and "already accepted" in refused.err
    refused = suggested("suggest", "reject", str(second["id"]), "--coder", "bo")
    assert refused.code == 2 and "already rejected" in refused.err
    # bo may still overrule a reject by accepting: the newest decision wins
    assert suggested("suggest", "accept", str(second["id"]), "--coder", "bo").code == 0
    assert queue(suggested, "ana", "all")[second["id"]] == "accepted"
    assert accepted_count(suggested, first["code"]) >= 1


def test_undo_of_an_accept_removes_the_review(suggested: Runner, suggested_dir: Path) -> None:
    assert suggested("blind", "on").code == 0
    target = suggested("suggest", "list", "--format", "json").json()[0]
    assert suggested("suggest", "reject", str(target["id"]), "--coder", "ana").code == 0
    assert suggested("suggest", "accept", str(target["id"]), "--coder", "bo").code == 0
    before_undo = reviews(suggested_dir)
    assert suggested("undo", "--coder", "bo").code == 0
    assert reviews(suggested_dir) == before_undo[:1]  # ana's reject stays
    assert suggested("code", "list", "--coder", "bo", "--format", "json").json() == []
    assert queue(suggested, "bo")[target["id"]] == "pending"
    assert suggested("redo", "--coder", "bo").code == 0
    assert reviews(suggested_dir) == before_undo  # the same row: id and UUID
    # a change of mind: undo puts the earlier decision back, with its id and UUID
    assert suggested("suggest", "accept", str(target["id"]), "--coder", "ana").code == 0
    assert [r[2] for r in reviews(suggested_dir)] == ["accepted", "accepted"]
    assert suggested("undo", "--coder", "ana").code == 0
    assert reviews(suggested_dir) == before_undo


def _migrate(project_dir: Path, target: str) -> None:
    """Move a project's schema to `target` (down, for an old project) as Alembic would."""
    from alembic import command
    from alembic.config import Config

    engine = make_engine(project_url(project_dir))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, target)
    finally:
        engine.dispose()


def test_an_old_project_keeps_its_decisions(suggested: Runner, suggested_dir: Path) -> None:
    """A project at revision 0001 (one status per suggestion) is upgraded on open, each
    decision becoming its reviewer's review; a decision without a recorded reviewer goes to
    the coder of its event, else to the project's first coder."""
    first, second, third, fourth, *_ = suggested("suggest", "list", "--format", "json").json()
    assert suggested("suggest", "accept", str(first["id"]), "--coder", "ana").code == 0
    assert suggested("suggest", "reject", str(second["id"]), "--coder", "bo").code == 0
    assert suggested("suggest", "reject", str(third["id"]), "--coder", "ana").code == 0
    _migrate(suggested_dir, "0001")
    assert db_rows(suggested_dir, "SELECT version_num FROM alembic_version") == [("0001",)]
    old = dict(
        db_rows(suggested_dir, "SELECT id, status FROM suggestions WHERE status != 'pending'")
    )
    assert old == {first["id"]: "accepted", second["id"]: "rejected", third["id"]: "rejected"}
    # as written before reviewers were recorded: no reviewer, and once no event either
    db_rows(
        suggested_dir, "UPDATE suggestions SET reviewed_by = NULL WHERE id = :id", id=second["id"]
    )
    db_rows(
        suggested_dir, "UPDATE suggestions SET status = 'accepted' WHERE id = :id", id=fourth["id"]
    )

    pending = queue(suggested, "tester")  # opening the project upgrades it
    assert db_rows(suggested_dir, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert not {first["id"], second["id"], third["id"], fourth["id"]} & set(pending)
    first_coder = db_rows(suggested_dir, select(Coder.name).order_by(Coder.id).limit(1))[0][0]
    assert sorted((s, coder, status) for s, coder, status, *_ in reviews(suggested_dir)) == [
        (first["id"], "ana", "accepted"),
        (second["id"], "bo", "rejected"),
        (third["id"], "ana", "rejected"),
        (fourth["id"], first_coder, "accepted"),
    ]
    assert suggested("undo", "--coder", "ana").code == 0  # an event written before the upgrade
    assert third["id"] in queue(suggested, "tester")


def test_undo_of_an_accept_logged_before_the_upgrade(
    suggested: Runner, suggested_dir: Path
) -> None:
    """An accept logged by the old schema (its `before` is the status another coder left, no
    review row) is undone after the upgrade: the accepter's review goes, the earlier reject
    comes back as its coder's."""
    target = suggested("suggest", "list", "--format", "json").json()[0]
    assert suggested("suggest", "reject", str(target["id"]), "--coder", "ana").code == 0
    assert suggested("suggest", "accept", str(target["id"])).code == 0
    coders = dict(db_rows(suggested_dir, select(Coder.name, Coder.id)))
    _migrate(suggested_dir, "0001")
    accept_id, before = db_rows(
        suggested_dir, select(Event.id, Event.before).where(Event.action == "accept")
    )[0]
    old_before = {key: value for key, value in before.items() if key != "review"}
    db_rows(
        suggested_dir,
        update(Event)
        .where(Event.id == accept_id)
        .values(before={**old_before, "status": "rejected", "reviewed_by": coders["ana"]}),
    )

    assert queue(suggested, "tester", "all")[target["id"]] == "accepted"  # opened: upgraded
    assert [r[1:3] for r in reviews(suggested_dir)] == [("tester", "accepted")]
    assert suggested("undo").code == 0
    assert [r[1:3] for r in reviews(suggested_dir)] == [("ana", "rejected")]
    assert queue(suggested, "tester", "all")[target["id"]] == "rejected"
    assert suggested("code", "list", "--format", "json").json() == []
