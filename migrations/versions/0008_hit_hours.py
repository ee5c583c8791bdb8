"""hit_hours: hit_days' counts per UTC hour, so the overview's days follow the reader's time zone

Filled from the existing hits (one GROUP BY), then written with every new hit beside its day
count. ``hour`` is whole hours since 1970-01-01 00:00 UTC, computed from the instant itself on
both databases (not the server's time zone).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hit_hours",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "guild_id", "hour", "channel_id", "label", "action", name=op.f("pk_hit_hours")
        ),
    )
    # SQLite keeps UTC text ('2026-12-07 01:30:00.000000', '+00:00' where written so): '%s' reads
    # it as seconds since the epoch; PostgreSQL's epoch of a timestamptz is the instant's own
    hour = (
        "CAST(strftime('%s', created_at) AS INTEGER) / 3600"
        if op.get_bind().dialect.name == "sqlite"
        else "CAST(floor(extract(epoch FROM created_at) / 3600) AS INTEGER)"
    )
    op.execute(
        "INSERT INTO hit_hours (guild_id, hour, channel_id, label, action, hits, messages) "
        f"SELECT guild_id, {hour}, channel_id, label, action, COUNT(*), "
        "SUM(CASE WHEN opens_message THEN 1 ELSE 0 END) "
        f"FROM hits GROUP BY guild_id, {hour}, channel_id, label, action"
    )


def downgrade() -> None:
    op.drop_table("hit_hours")
