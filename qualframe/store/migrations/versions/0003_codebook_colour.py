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
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("colour", sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.drop_column("colour")
