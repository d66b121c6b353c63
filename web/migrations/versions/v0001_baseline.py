"""Baseline: the schema ``create_all`` made at commit b8bf8fb, before migrations existed.

An installation from before migrations has some or all of these tables and no ``alembic_version``:
this revision creates only the tables it lacks (before migrations tables were only ever added,
never altered), and ``web.migrate.upgrade_database`` checks the result against the models.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of b8bf8fb's schema that the database lacks (all of them in a new one)."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "app_user" not in existing:
        op.create_table(
            "app_user",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("username", sa.String(length=60), nullable=False),
            sa.Column("display_name", sa.String(length=60), nullable=False),
            sa.Column("password_hash", sa.Text(), nullable=True),
            sa.Column("role", sa.String(length=10), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
            sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
        )
    if "build_info" not in existing:
        op.create_table(
            "build_info",
            sa.Column("key", sa.String(length=50), nullable=False),
            sa.Column("value", sa.JSON(), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("key", name=op.f("pk_build_info")),
        )
    if "fact" not in existing:
        op.create_table(
            "fact",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("ref", sa.String(length=200), nullable=False),
            sa.Column("work", sa.String(length=100), nullable=False),
            sa.Column("ordinal", sa.Integer(), nullable=False),
            sa.Column("value", sa.Double(), nullable=False),
            sa.Column("high", sa.Double(), nullable=True),
            sa.Column("unit", sa.String(length=20), nullable=False),
            sa.Column("bound", sa.String(length=4), nullable=False),
            sa.Column("per", sa.String(length=50), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("subject", sa.Text(), nullable=False),
            sa.Column("sentence", sa.Text(), nullable=False),
            sa.Column("topics", sa.JSON(), nullable=False),
            sa.Column("span_start", sa.Integer(), nullable=False),
            sa.Column("span_end", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_fact")),
        )
        with op.batch_alter_table("fact", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_fact_ref"), ["ref"], unique=False)
            batch_op.create_index(batch_op.f("ix_fact_work"), ["work"], unique=False)
    if "link" not in existing:
        op.create_table(
            "link",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("source", sa.String(length=200), nullable=False),
            sa.Column("target", sa.String(length=200), nullable=False),
            sa.Column("source_work", sa.String(length=100), nullable=False),
            sa.Column("target_work", sa.String(length=100), nullable=False),
            sa.Column("score", sa.Double(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("terms", sa.JSON(), nullable=False),
            sa.Column("parts", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_link")),
        )
        with op.batch_alter_table("link", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_link_source"), ["source"], unique=False)
            batch_op.create_index(batch_op.f("ix_link_target"), ["target"], unique=False)
    if "question" not in existing:
        op.create_table(
            "question",
            sa.Column("id", sa.String(length=16), nullable=False),
            sa.Column("type", sa.String(length=10), nullable=False),
            sa.Column("stem", sa.Text(), nullable=False),
            sa.Column("options", sa.JSON(), nullable=False),
            sa.Column("answer", sa.JSON(), nullable=False),
            sa.Column("explanation", sa.Text(), nullable=False),
            sa.Column("refs", sa.JSON(), nullable=False),
            sa.Column("evidence", sa.JSON(), nullable=False),
            sa.Column("difficulty", sa.Integer(), nullable=False),
            sa.Column("tags", sa.JSON(), nullable=False),
            sa.Column("generator", sa.String(length=30), nullable=False),
            sa.Column("work", sa.String(length=100), nullable=False),
            sa.Column("span_key", sa.Text(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.Column("meta", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
        )
        with op.batch_alter_table("question", schema=None) as batch_op:
            batch_op.create_index("ix_question_work_type", ["work", "type"], unique=False)
    if "question_edit" not in existing:
        op.create_table(
            "question_edit",
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("retired", sa.Boolean(), nullable=False),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("editor", sa.String(length=100), nullable=True),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_edit")),
        )
    if "question_report" not in existing:
        op.create_table(
            "question_report",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("reason", sa.String(length=20), nullable=False),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("reporter", sa.String(length=100), nullable=True),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("resolution", sa.Text(), nullable=True),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_question_report")),
        )
        with op.batch_alter_table("question_report", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_question_report_question_id"), ["question_id"], unique=False)
    if "source_file" not in existing:
        op.create_table(
            "source_file",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=255), nullable=False),
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("size", sa.Integer(), nullable=False),
            sa.Column("encoding", sa.String(length=32), nullable=True),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("message", sa.Text(), nullable=True),
            sa.Column("text", sa.Text(), nullable=True),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_source_file")),
            sa.UniqueConstraint("name", name=op.f("uq_source_file_name")),
        )
    if "variant" not in existing:
        op.create_table(
            "variant",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("work", sa.String(length=100), nullable=False),
            sa.Column("path", sa.String(length=100), nullable=False),
            sa.Column("ordinal", sa.Integer(), nullable=False),
            sa.Column("base_ref", sa.String(length=200), nullable=True),
            sa.Column("witness", sa.String(length=100), nullable=False),
            sa.Column("witness_ref", sa.String(length=200), nullable=True),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("base_start", sa.Integer(), nullable=False),
            sa.Column("base_end", sa.Integer(), nullable=False),
            sa.Column("witness_start", sa.Integer(), nullable=False),
            sa.Column("witness_end", sa.Integer(), nullable=False),
            sa.Column("base_text", sa.Text(), nullable=False),
            sa.Column("witness_text", sa.Text(), nullable=False),
            sa.Column("majority", sa.String(length=20), nullable=True),
            sa.Column("readings", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_variant")),
        )
        with op.batch_alter_table("variant", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_variant_base_ref"), ["base_ref"], unique=False)
            batch_op.create_index(batch_op.f("ix_variant_witness_ref"), ["witness_ref"], unique=False)
            batch_op.create_index("ix_variant_work_ordinal", ["work", "ordinal"], unique=False)
    if "work" not in existing:
        op.create_table(
            "work",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("slug", sa.String(length=100), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("issuers", sa.JSON(), nullable=False),
            sa.Column("date", sa.Date(), nullable=True),
            sa.Column("doc_number", sa.String(length=100), nullable=True),
            sa.Column("level", sa.String(length=20), nullable=False),
            sa.Column("region", sa.String(length=50), nullable=True),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("meta", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_work")),
            sa.UniqueConstraint("slug", name=op.f("uq_work_slug")),
        )
    if "attempt" not in existing:
        op.create_table(
            "attempt",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("qtype", sa.String(length=10), nullable=False),
            sa.Column("work", sa.String(length=100), nullable=False),
            sa.Column("refs", sa.JSON(), nullable=False),
            sa.Column("given", sa.JSON(), nullable=False),
            sa.Column("correct", sa.Boolean(), nullable=False),
            sa.Column("elapsed_ms", sa.Integer(), nullable=True),
            sa.Column("source", sa.String(length=10), nullable=False),
            sa.Column("session_id", sa.Integer(), nullable=True),
            sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_attempt_user_id_app_user")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt")),
        )
        with op.batch_alter_table("attempt", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_attempt_question_id"), ["question_id"], unique=False)
            batch_op.create_index("ix_attempt_user_time", ["user_id", "answered_at"], unique=False)
    if "exam_paper" not in existing:
        op.create_table(
            "exam_paper",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("title", sa.String(length=100), nullable=False),
            sa.Column("question_ids", sa.JSON(), nullable=False),
            sa.Column("seed", sa.Integer(), nullable=True),
            sa.Column("created_by", sa.Integer(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["created_by"], ["app_user.id"], name=op.f("fk_exam_paper_created_by_app_user")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_paper")),
        )
    if "exam_sitting" not in existing:
        op.create_table(
            "exam_sitting",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("paper_id", sa.Integer(), nullable=True),
            sa.Column("seed", sa.Integer(), nullable=True),
            sa.Column("items", sa.JSON(), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
            sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("submitted_by", sa.String(length=10), nullable=True),
            sa.Column("score", sa.Double(), nullable=True),
            sa.Column("passed", sa.Boolean(), nullable=True),
            sa.Column("result", sa.JSON(), nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_exam_sitting_user_id_app_user")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_sitting")),
        )
        with op.batch_alter_table("exam_sitting", schema=None) as batch_op:
            batch_op.create_index("ix_exam_sitting_user", ["user_id", "started_at"], unique=False)
    if "favourite" not in existing:
        op.create_table(
            "favourite",
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_favourite_user_id_app_user")),
            sa.PrimaryKeyConstraint("user_id", "question_id", name=op.f("pk_favourite")),
        )
    if "practice_session" not in existing:
        op.create_table(
            "practice_session",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("mode", sa.String(length=12), nullable=False),
            sa.Column("params", sa.JSON(), nullable=False),
            sa.Column("queue", sa.JSON(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("answered", sa.Integer(), nullable=False),
            sa.Column("correct", sa.Integer(), nullable=False),
            sa.Column("memorise", sa.Boolean(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_practice_session_user_id_app_user")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_session")),
        )
        with op.batch_alter_table("practice_session", schema=None) as batch_op:
            batch_op.create_index("ix_practice_session_user", ["user_id", "updated_at"], unique=False)
    if "review_card" not in existing:
        op.create_table(
            "review_card",
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("card", sa.JSON(), nullable=False),
            sa.Column("due", sa.DateTime(timezone=True), nullable=False),
            sa.Column("reps", sa.Integer(), nullable=False),
            sa.Column("lapses", sa.Integer(), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_review_card_user_id_app_user")),
            sa.PrimaryKeyConstraint("user_id", "question_id", name=op.f("pk_review_card")),
        )
        with op.batch_alter_table("review_card", schema=None) as batch_op:
            batch_op.create_index("ix_review_card_due", ["user_id", "due"], unique=False)
    if "review_log" not in existing:
        op.create_table(
            "review_log",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("rating", sa.Integer(), nullable=False),
            sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("duration_ms", sa.Integer(), nullable=True),
            sa.Column("due_before", sa.DateTime(timezone=True), nullable=True),
            sa.Column("due_after", sa.DateTime(timezone=True), nullable=False),
            sa.Column("stability", sa.Double(), nullable=True),
            sa.Column("difficulty", sa.Double(), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_review_log_user_id_app_user")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_review_log")),
        )
        with op.batch_alter_table("review_log", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_review_log_user_id"), ["user_id"], unique=False)
    if "witness" not in existing:
        op.create_table(
            "witness",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("work_id", sa.Integer(), nullable=False),
            sa.Column("slug", sa.String(length=100), nullable=False),
            sa.Column("source", sa.String(length=255), nullable=False),
            sa.Column("part", sa.String(length=20), nullable=True),
            sa.Column("is_base", sa.Boolean(), nullable=False),
            sa.Column("label", sa.Text(), nullable=False),
            sa.Column("span_start", sa.Integer(), nullable=False),
            sa.Column("span_end", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("meta", sa.JSON(), nullable=False),
            sa.ForeignKeyConstraint(["work_id"], ["work.id"], name=op.f("fk_witness_work_id_work"), ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_witness")),
        )
        with op.batch_alter_table("witness", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_witness_work_id"), ["work_id"], unique=False)
    if "wrong_item" not in existing:
        op.create_table(
            "wrong_item",
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=16), nullable=False),
            sa.Column("wrong_count", sa.Integer(), nullable=False),
            sa.Column("right_streak", sa.Integer(), nullable=False),
            sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("last_wrong_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("cleared_by", sa.String(length=10), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_wrong_item_user_id_app_user")),
            sa.PrimaryKeyConstraint("user_id", "question_id", name=op.f("pk_wrong_item")),
        )
    if "clause" not in existing:
        op.create_table(
            "clause",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("ref", sa.String(length=200), nullable=False),
            sa.Column("work_id", sa.Integer(), nullable=False),
            sa.Column("witness_id", sa.Integer(), nullable=False),
            sa.Column("parent_ref", sa.String(length=200), nullable=True),
            sa.Column("path", sa.String(length=100), nullable=False),
            sa.Column("ordinal", sa.Integer(), nullable=False),
            sa.Column("depth", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("number", sa.String(length=20), nullable=True),
            sa.Column("heading", sa.Text(), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("emphasis", sa.JSON(), nullable=False),
            sa.Column("span_start", sa.Integer(), nullable=False),
            sa.Column("span_end", sa.Integer(), nullable=False),
            sa.Column("table", sa.JSON(), nullable=True),
            sa.Column("extras", sa.JSON(), nullable=False),
            sa.ForeignKeyConstraint(
                ["witness_id"], ["witness.id"], name=op.f("fk_clause_witness_id_witness"), ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(["work_id"], ["work.id"], name=op.f("fk_clause_work_id_work"), ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_clause")),
            sa.UniqueConstraint("ref", name=op.f("uq_clause_ref")),
        )
        with op.batch_alter_table("clause", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_clause_parent_ref"), ["parent_ref"], unique=False)
            batch_op.create_index("ix_clause_witness_ordinal", ["witness_id", "ordinal"], unique=False)
            batch_op.create_index(batch_op.f("ix_clause_work_id"), ["work_id"], unique=False)
    if "exam_answer" not in existing:
        op.create_table(
            "exam_answer",
            sa.Column("sitting_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("given", sa.JSON(), nullable=False),
            sa.Column("flagged", sa.Boolean(), nullable=False),
            sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["sitting_id"], ["exam_sitting.id"], name=op.f("fk_exam_answer_sitting_id_exam_sitting")),
            sa.PrimaryKeyConstraint("sitting_id", "position", name=op.f("pk_exam_answer")),
        )


def downgrade() -> None:
    """Drop every table of the baseline."""
    op.drop_table("exam_answer")
    with op.batch_alter_table("clause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clause_work_id"))
        batch_op.drop_index("ix_clause_witness_ordinal")
        batch_op.drop_index(batch_op.f("ix_clause_parent_ref"))

    op.drop_table("clause")
    op.drop_table("wrong_item")
    with op.batch_alter_table("witness", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_witness_work_id"))

    op.drop_table("witness")
    with op.batch_alter_table("review_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_log_user_id"))

    op.drop_table("review_log")
    with op.batch_alter_table("review_card", schema=None) as batch_op:
        batch_op.drop_index("ix_review_card_due")

    op.drop_table("review_card")
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_session_user")

    op.drop_table("practice_session")
    op.drop_table("favourite")
    with op.batch_alter_table("exam_sitting", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_sitting_user")

    op.drop_table("exam_sitting")
    op.drop_table("exam_paper")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_attempt_user_time")
        batch_op.drop_index(batch_op.f("ix_attempt_question_id"))

    op.drop_table("attempt")
    op.drop_table("work")
    with op.batch_alter_table("variant", schema=None) as batch_op:
        batch_op.drop_index("ix_variant_work_ordinal")
        batch_op.drop_index(batch_op.f("ix_variant_witness_ref"))
        batch_op.drop_index(batch_op.f("ix_variant_base_ref"))

    op.drop_table("variant")
    op.drop_table("source_file")
    with op.batch_alter_table("question_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_report_question_id"))

    op.drop_table("question_report")
    op.drop_table("question_edit")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index("ix_question_work_type")

    op.drop_table("question")
    with op.batch_alter_table("link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_target"))
        batch_op.drop_index(batch_op.f("ix_link_source"))

    op.drop_table("link")
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_work"))
        batch_op.drop_index(batch_op.f("ix_fact_ref"))

    op.drop_table("fact")
    op.drop_table("build_info")
    op.drop_table("app_user")
