"""Tables of the question bank.

``question`` is derived data: every build replaces it. ``question_edit`` and ``question_report``
hold what people did (a trainer's correction, a candidate's 纠错) and are never touched by a build;
they point at questions by the stable question id, so a rebuild finds them again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, text
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


# ---- what candidates do: accounts, answers, review state, sessions, mock exams -----------------
#
# None of these tables is touched by a build. They name questions by the stable question id (a
# string, not a foreign key), so answers and review history survive any rebuild of the bank.


class User(Base):
    """A person using the app: the local profile on one computer, or an account on a shared server."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    # the name as compared (NFKC, case-folded): one account per folded name, so s1ALICE cannot sit beside s1alice
    username_key: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str | None] = mapped_column(Text)  # None: a local profile, no login
    role: Mapped[str] = mapped_column(String(10), default="candidate")  # candidate | trainer
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # bumped by logging out and by a new password: a session cookie signed with an older number is void
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the embedded default: when a browser took this local profile (each further browser gets its own)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Attempt(Base):
    """One answer to one question, in practice or in a mock exam. Append-only.

    ``request_id`` is the idempotency key the page sent with the answer: a repeat of the same request
    finds this row and gets the first result back (one attempt per user and key).
    """

    __tablename__ = "attempt"
    __table_args__ = (
        Index("ix_attempt_user_time", "user_id", "answered_at"),
        Index("uq_attempt_request", "user_id", "request_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    question_id: Mapped[str] = mapped_column(String(16), index=True)
    qtype: Mapped[str] = mapped_column(String(10))
    work: Mapped[str] = mapped_column(String(100))
    refs: Mapped[list[Any]] = mapped_column(JSON, default=list)  # kept so stats survive a retired question
    given: Mapped[list[Any]] = mapped_column(JSON, default=list)
    correct: Mapped[bool] = mapped_column()
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))  # practice | exam
    session_id: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[str | None] = mapped_column(String(64))


class ReviewCard(Base):
    """The spaced-repetition state (an FSRS card) of one question for one user."""

    __tablename__ = "review_card"
    __table_args__ = (Index("ix_review_card_due", "user_id", "due"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSON)  # fsrs.Card.to_dict()
    due: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReviewLogRow(Base):
    """One FSRS review: the rating given and where it sent the card. Append-only."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int] = mapped_column(Integer)  # 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    due_before: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    due_after: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    stability: Mapped[float | None] = mapped_column()
    difficulty: Mapped[float | None] = mapped_column()


class WrongItem(Base):
    """A question in a user's 错题本: in it from a wrong answer until answered right N times running."""

    __tablename__ = "wrong_item"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    wrong_count: Mapped[int] = mapped_column(Integer, default=0)
    right_streak: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_wrong_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cleared_by: Mapped[str | None] = mapped_column(String(10))  # streak | hand


class Favourite(Base):
    """A question a user starred (收藏)."""

    __tablename__ = "favourite"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PracticeSession(Base):
    """A drill: the queue of question ids fixed at the start, and how far the user got."""

    __tablename__ = "practice_session"
    __table_args__ = (Index("ix_practice_session_user", "user_id", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    mode: Mapped[str] = mapped_column(String(12))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    queue: Mapped[list[Any]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    memorise: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ExamPaper(Base):
    """A fixed paper a trainer put together (by hand or from a seed) to print or to sit."""

    __tablename__ = "exam_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    question_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    seed: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


RUNNING = text("submitted_at IS NULL")


class ExamSitting(Base):
    """One mock exam sat by one user: the paper as it was when it started, the clock, the result.

    A user has at most one running sitting (``submitted_at`` empty): a unique partial index.
    """

    __tablename__ = "exam_sitting"
    __table_args__ = (
        Index("ix_exam_sitting_user", "user_id", "started_at"),
        Index("uq_exam_sitting_running", "user_id", unique=True, sqlite_where=RUNNING, postgresql_where=RUNNING),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    paper_id: Mapped[int | None] = mapped_column(Integer)
    seed: Mapped[int | None] = mapped_column(Integer)
    # the paper (80 question snapshots, ~200 KB) and the scored result are loaded only when read: a save, the
    # clock, the list of sittings and the progress page need neither (a save reads its one item: ``sitting_item``)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list, deferred=True)  # question snapshots, in paper order
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    deadline: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str | None] = mapped_column(String(10))  # candidate | timeout | merged
    score: Mapped[float | None] = mapped_column()
    passed: Mapped[bool | None] = mapped_column()
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, deferred=True)


class ExamAnswer(Base):
    """The current answer to one item of a sitting (overwritten until the sitting is submitted).

    ``request_id`` is the key of the save that wrote it: the same save sent again is not applied twice.
    """

    __tablename__ = "exam_answer"

    sitting_id: Mapped[int] = mapped_column(ForeignKey("exam_sitting.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    given: Mapped[list[Any]] = mapped_column(JSON, default=list)
    flagged: Mapped[bool] = mapped_column(default=False)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[str | None] = mapped_column(String(64))
