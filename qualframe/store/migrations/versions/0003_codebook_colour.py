"""A code's colour, chosen by the researcher and kept with the codebook (`codes.colour`).

`#RRGGBB`, or null: the workbench then gives the code a palette colour by its place in the
codebook, as before. Existing codes keep null, so nothing changes on screen after upgrading.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 06:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE on both databases: SQLite adds a nullable column in place, whereas a
    # batch (copy and drop) would fail on a project whose codings point at its codes.
    op.add_column("codes", sa.Column("colour", sa.String(length=7), nullable=True))


def downgrade() -> None:
    op.drop_column("codes", "colour")  # in place too (SQLite 3.35 and later)
