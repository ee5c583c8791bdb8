"""config_changes: the audit trail of every configuration change; hits indexed for /review

Two indexes let /review walk a guild's newest messages (or one label's hits) and stop at its page.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "config_changes",
        # 64-bit on PostgreSQL; SQLite's INTEGER PRIMARY KEY is the 64-bit rowid
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=True),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_config_changes")),
    )
    op.create_index("ix_config_changes_guild_created", "config_changes", ["guild_id", "created_at"])
    op.create_index("ix_hits_guild_review", "hits", ["guild_id", "opens_message", "created_at", "id"])
    op.create_index("ix_hits_guild_label_review", "hits", ["guild_id", "label", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_hits_guild_label_review", table_name="hits")
    op.drop_index("ix_hits_guild_review", table_name="hits")
    op.drop_index("ix_config_changes_guild_created", table_name="config_changes")
    op.drop_table("config_changes")
