"""Accounts: case-folded user names, a session version per user, claimed local profiles.

``app_user.username_key`` is the name as it is compared (trimmed, NFKC-normalised, case-folded), and
unique: ``s1ALICE`` cannot register beside ``s1alice``. A database from before may hold two names
that fold alike; the older account (lowest id) keeps the plain key, each later one gets
``<key>#<id>`` — nothing is merged or deleted, every account keeps its answers, and each still logs
in by its exact name. ``session_version`` (0) is raised by logout and a new password, which voids
copied cookies; ``claimed_at`` marks the local profile a browser took.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fold(name: str) -> str:
    # frozen here as it was on the day of this revision (quiz.accounts.fold_name may change later)
    return unicodedata.normalize("NFKC", name.strip()).casefold()


def upgrade() -> None:
    """Add the columns, fill the keys (later duplicates suffixed with their id), then make the key unique."""
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username_key", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    taken: set[str] = set()
    for user_id, name in bind.execute(sa.text("SELECT id, username FROM app_user ORDER BY id")).all():
        key = _fold(name)[:60]
        if key in taken:
            key = f"{key[: 59 - len(str(user_id))]}#{user_id}"
        taken.add(key)
        bind.execute(sa.text("UPDATE app_user SET username_key = :key WHERE id = :id"), {"key": key, "id": user_id})
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column("username_key", existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_app_user_username_key"), ["username_key"])


def downgrade() -> None:
    """Drop the three columns."""
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_app_user_username_key"), type_="unique")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("session_version")
        batch_op.drop_column("username_key")
