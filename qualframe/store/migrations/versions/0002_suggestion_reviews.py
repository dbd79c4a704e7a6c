"""Suggestion reviews per coder: `suggestion_reviews` replaces `suggestions.status/reviewed_by`.

One status per suggestion let one coder's accept take it out of everyone's queue, which breaks
blind coding. Each decision becomes a row of its own (one per suggestion and coder).

Existing decisions are copied with their reviewer. Rows written before reviewers were recorded
(`reviewed_by` empty) get the coder named by the latest accept/reject event of that suggestion,
else the project's first coder: a decision somebody took is kept (dropping it would put it back
in the queue of a team that already judged it), and the first coder is the best available guess
at who reviewed in a project that had no team yet. Only a project without any coder, where no
attribution is possible, loses such a decision (the suggestion is pending again).

The decisions are read before `suggestions` is rebuilt and written after: SQLite's batch mode
drops and recreates the table, and with foreign keys on that drop would cascade to the reviews.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:45:00.000000
"""

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_suggestions = sa.table(
    "suggestions",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("reviewed_by", sa.Integer),
)
_reviews = sa.table(
    "suggestion_reviews",
    sa.column("id", sa.Integer),
    sa.column("uuid", sa.String),
    sa.column("suggestion_id", sa.Integer),
    sa.column("coder_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("created", sa.DateTime(timezone=True)),
)
_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
)
_coders = sa.table("coders", sa.column("id", sa.Integer), sa.column("name", sa.String))


def upgrade() -> None:
    decisions = _old_decisions()
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("status")
    op.create_table(
        "suggestion_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"]),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("suggestion_id", "coder_id"),
        sa.UniqueConstraint("uuid"),
        sqlite_autoincrement=True,
    )
    if decisions:
        op.bulk_insert(_reviews, decisions)


def _old_decisions() -> list[dict[str, Any]]:
    """Every reviewed suggestion's decision as a `suggestion_reviews` row, oldest first (so
    ids keep the order the decisions were taken in)."""
    bind = op.get_bind()
    coders = dict(bind.execute(sa.select(_coders.c.name, _coders.c.id)).all())
    first_coder = min(coders.values(), default=None)
    latest: dict[int, tuple[int, str | None, datetime]] = {}
    for event_id, entity_id, actor, at in bind.execute(
        sa.select(_events.c.id, _events.c.entity_id, _events.c.actor, _events.c.at)
        .where(_events.c.entity == "suggestion", _events.c.action.in_(("accept", "reject")))
        .order_by(_events.c.id)
    ):
        latest[entity_id] = (event_id, actor, at)
    now, order = datetime.now(UTC), {}
    rows = []
    for suggestion_id, status, reviewed_by in bind.execute(
        sa.select(_suggestions.c.id, _suggestions.c.status, _suggestions.c.reviewed_by).where(
            _suggestions.c.status != "pending"
        )
    ):
        event_id, actor, at = latest.get(suggestion_id, (None, None, now))
        coder_id = reviewed_by or coders.get(actor) or first_coder
        if coder_id is None:
            continue
        rows.append(
            {
                "uuid": str(uuid.uuid4()),
                "suggestion_id": suggestion_id,
                "coder_id": coder_id,
                "status": status,
                "created": at,
            }
        )
        order[suggestion_id] = (event_id is None, event_id or 0, suggestion_id)
    return sorted(rows, key=lambda row: order[row["suggestion_id"]])


def downgrade() -> None:
    """Back to one status per suggestion: the newest decision wins, as the shared queue shows."""
    bind = op.get_bind()
    newest: dict[int, tuple[str, int]] = {}
    for suggestion_id, status, coder_id in bind.execute(
        sa.select(_reviews.c.suggestion_id, _reviews.c.status, _reviews.c.coder_id).order_by(
            _reviews.c.id
        )
    ):
        newest[suggestion_id] = (status, coder_id)
    op.drop_table("suggestion_reviews")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="pending")
        )
        batch_op.add_column(sa.Column("reviewed_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_suggestions_reviewed_by", "coders", ["reviewed_by"], ["id"])
    for suggestion_id, (status, coder_id) in newest.items():
        bind.execute(
            sa.update(_suggestions)
            .where(_suggestions.c.id == suggestion_id)
            .values(status=status, reviewed_by=coder_id)
        )
