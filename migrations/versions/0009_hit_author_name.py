"""hits.author_name: the author's display name as the bot saw it, so the queue names them offline

The bot records the name it already holds (the message's author: their nickname in the server,
else their display name); the dashboard shows it without asking Discord. Nullable and empty on
every existing row: those authors are still named through Discord's REST API. The name is kept
in the hit's own row, so retention and a guild's deletion take it with the author's id.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # adding a nullable column rewrites no row on either database
    op.add_column("hits", sa.Column("author_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hits", schema=None) as batch_op:  # SQLite copies the table
        batch_op.drop_column("author_name")
