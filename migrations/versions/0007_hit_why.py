"""hits.why: the words that weighed most for a hit's label, as the review queue shows them

Nullable and empty on every existing row: only hits recorded with the message's text
(``STORE_CONTENT``) get one, and a hit whose explanation failed keeps none.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # adding a nullable column rewrites no row on either database
    op.add_column("hits", sa.Column("why", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hits", schema=None) as batch_op:  # SQLite copies the table
        batch_op.drop_column("why")
