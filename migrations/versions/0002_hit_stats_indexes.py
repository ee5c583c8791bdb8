"""hits: opens_message flag and covering indexes for /toxstats

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_hits_guild_breakdown": ["guild_id", "channel_id", "action", "label", "created_at", "opens_message"],
    "ix_hits_guild_author": ["guild_id", "author_id", "created_at", "opens_message"],
}


def upgrade() -> None:
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("opens_message", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.drop_index("ix_hits_guild_id")  # every new index starts with guild_id
    # the first stored row of each message opens it (rows of one message share its id order)
    op.execute(
        "UPDATE hits SET opens_message = TRUE WHERE id IN "
        "(SELECT MIN(id) FROM hits GROUP BY guild_id, message_id)"
    )
    with op.batch_alter_table("hits", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hits", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
        batch_op.create_index("ix_hits_guild_id", ["guild_id"], unique=False)
        batch_op.drop_column("opens_message")
