"""hit_days: hits per UTC day, channel, label and action, for the dashboard's overview

Filled from the existing hits (one GROUP BY), then written with every new hit.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hit_days",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "day", "channel_id", "label", "action", name=op.f("pk_hit_days")),
    )
    # the day of a hit in UTC, whatever the server's time zone
    day = (
        "date(created_at)"
        if op.get_bind().dialect.name == "sqlite"
        else "(created_at AT TIME ZONE 'UTC')::date"
    )
    op.execute(
        "INSERT INTO hit_days (guild_id, day, channel_id, label, action, hits, messages) "
        f"SELECT guild_id, {day}, channel_id, label, action, COUNT(*), "
        "SUM(CASE WHEN opens_message THEN 1 ELSE 0 END) "
        f"FROM hits GROUP BY guild_id, {day}, channel_id, label, action"
    )


def downgrade() -> None:
    op.drop_table("hit_days")
