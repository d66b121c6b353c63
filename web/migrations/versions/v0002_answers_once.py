"""Answers once: idempotency keys on attempts and exam saves, one running sitting per user.

``attempt.request_id`` (unique per user) and ``exam_answer.request_id`` hold the key a page sends
with an answer, so a repeated request finds the first one. ``uq_exam_sitting_running`` allows one
sitting per user with ``submitted_at`` empty. A database from before may hold several running
sittings of one user (six quick taps on 开始考试 opened six): the newest (highest id, the one the
pages showed) stays running, and each older one is closed as ``merged`` at its last save (or its
start). Nothing is deleted: its answers stay, and the app scores it the first time it is read, as
it does a sitting whose time ran out.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RUNNING = sa.text("submitted_at IS NULL")


def upgrade() -> None:
    """Add the request ids and the one-running-sitting index, closing older duplicates first."""
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))
        batch_op.create_index("uq_attempt_request", ["user_id", "request_id"], unique=True)

    with op.batch_alter_table("exam_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))

    op.execute(
        """
        UPDATE exam_sitting
        SET submitted_by = 'merged',
            submitted_at = COALESCE(
                (SELECT MAX(a.saved_at) FROM exam_answer a WHERE a.sitting_id = exam_sitting.id),
                exam_sitting.started_at
            )
        WHERE submitted_at IS NULL
          AND id < (SELECT MAX(s.id) FROM exam_sitting s WHERE s.user_id = exam_sitting.user_id AND s.submitted_at IS NULL)
        """
    )
    with op.batch_alter_table("exam_sitting", schema=None) as batch_op:
        batch_op.create_index("uq_exam_sitting_running", ["user_id"], unique=True, sqlite_where=RUNNING, postgresql_where=RUNNING)


def downgrade() -> None:
    """Drop the index and the request ids (merged sittings stay handed in)."""
    with op.batch_alter_table("exam_sitting", schema=None) as batch_op:
        batch_op.drop_index("uq_exam_sitting_running", sqlite_where=RUNNING, postgresql_where=RUNNING)

    with op.batch_alter_table("exam_answer", schema=None) as batch_op:
        batch_op.drop_column("request_id")

    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_index("uq_attempt_request")
        batch_op.drop_column("request_id")
