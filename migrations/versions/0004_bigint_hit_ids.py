"""64-bit hit and feedback ids on PostgreSQL

A network logging ten million hits a day exhausts a 32-bit serial id in seven months (ids never
come back after retention deletes). SQLite's INTEGER PRIMARY KEY is already the 64-bit rowid.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("hits", "id"), ("feedback", "id"), ("feedback", "hit_id"))
SEQUENCES = ("hits_id_seq", "feedback_id_seq")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())
    for sequence in SEQUENCES:  # a serial's sequence is typed too, with the int4 maximum
        op.execute(f"ALTER SEQUENCE {sequence} AS bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sequence in SEQUENCES:
        op.execute(f"ALTER SEQUENCE {sequence} AS integer")
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
