"""The home page's read model: what a candidate needs to decide what to study today.

It only gathers what the other read models already compute (practice sessions, the due queue,
the 错题本, mock exams, mastery per chapter) so the home page and the pages behind its links always
agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from quiz.exam import list_sittings, remaining_seconds, sitting_header
from quiz.practice import due_counts, favourites, recent_sessions, session_summary, wrong_book
from quiz.schedule import local_day
from quiz.stats import progress


def days_to(exam_date: dt.date | None, *, now: dt.datetime) -> int | None:
    """Whole days from today (the user's calendar day) to the exam; None when no date is set."""
    return None if exam_date is None else (exam_date - local_day(now)).days


def _counts(part: dict[str, Any]) -> dict[str, int]:
    """A work's or chapter's questions, how many were answered (done) and right the last time (correct)."""
    return {"questions": part["questions"], "done": part["seen"], "correct": part["mastered"]}


def study_dashboard(session: Session, user_id: int, *, now: dt.datetime, exam_date: dt.date | None = None) -> dict[str, Any]:
    """Unfinished drills and exam, due today, 错题本 and favourites, the last mock score, days to the exam, chapters."""
    sittings = list_sittings(session, user_id, now=now)
    running = next((s for s in sittings if s.submitted_at is None), None)
    last = next((s for s in sittings if s.submitted_at is not None), None)
    stats = progress(session, user_id, now=now)
    return {
        "unfinished": [session_summary(session, s) for s in recent_sessions(session, user_id) if s.finished_at is None],
        "running_exam": (sitting_header(running) | {"remaining_seconds": remaining_seconds(running, now)}) if running else None,
        "last_exam": (sitting_header(last) | {"score": last.score, "passed": last.passed}) if last else None,
        "due": due_counts(session, user_id, now=now),
        "wrong_book": len(wrong_book(session, user_id)),
        "favourites": len(favourites(session, user_id)),
        "exam_date": exam_date.isoformat() if exam_date else None,
        "days_to_exam": days_to(exam_date, now=now),
        "streak": stats["streak"],
        "works": [
            {"work": w["work"], "title": w["title"]}
            | _counts(w)
            | {"chapters": [{"ref": c["ref"], "label": c["label"]} | _counts(c) for c in w["chapters"]]}
            for w in stats["mastery"]
        ],
    }
