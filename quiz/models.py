"""Tables of the question bank.

``question`` is derived data: every build replaces it. ``question_edit`` and ``question_report``
hold what people did (a trainer's correction, a candidate's 纠错) and are never touched by a build;
they point at questions by the stable question id, so a rebuild finds them again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kb.db import Base


class QuestionRow(Base):
    """A question of the bank as the last build made it, with any trainer edit applied."""

    __tablename__ = "question"
    __table_args__ = (Index("ix_question_work_type", "work", "type"),)

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    type: Mapped[str] = mapped_column(String(10))
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)
    answer: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text)
    refs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    difficulty: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    generator: Mapped[str] = mapped_column(String(30))
    work: Mapped[str] = mapped_column(String(100))
    span_key: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | retired
    origin: Mapped[str] = mapped_column(String(10), default="generated")  # generated | edited
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class QuestionEdit(Base):
    """A trainer's correction of a question: the whole edited question, kept across rebuilds."""

    __tablename__ = "question_edit"

    question_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # stem, options, answer, explanation, …
    retired: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    editor: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class QuestionReport(Base):
    """A 纠错 report on a question by any user, and how a trainer resolved it."""

    __tablename__ = "question_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    reporter: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | fixed | dismissed
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)
