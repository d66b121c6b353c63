"""Item analysis (facility, discrimination, flags) and progress (streaks, mastery, weakest clauses)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from quiz.accounts import create_user, local_user
from quiz.bank import list_questions
from quiz.exam import save_answer, start_exam, submit_exam
from quiz.practice import record_answer
from quiz.stats import analyse_items, item_analysis, progress, streaks
from tests.conftest import NOW


def test_streaks() -> None:
    today = dt.date(2026, 11, 21)
    days = [today - dt.timedelta(days=n) for n in (0, 1, 2, 5, 6, 7, 8)]
    assert streaks(days, today) == (3, 4)
    assert streaks(days[1:], today) == (2, 4)  # today not done yet: the run up to yesterday still counts
    assert streaks([], today) == (0, 0)


def test_item_analysis_flags_out_of_band_items() -> None:
    users = range(10)
    strong = {u: u >= 5 for u in users}  # users 5–9 do well overall
    answers = {
        f"q{i}": {u: strong[u] for u in users}
        for i in range(5)  # five items that separate well
    }
    answers["easy"] = {u: True for u in users}
    answers["hard"] = {u: u == 9 for u in users}
    answers["inverted"] = {u: not strong[u] for u in users}  # the weak get it right: a suspect key
    answers["few"] = {0: False, 1: False}
    stats = {s.question_id: s for s in analyse_items(answers, min_responses=5)}
    assert stats["q0"].discrimination is not None and stats["q0"].discrimination > 0.9 and stats["q0"].flags == ()
    assert stats["easy"].facility == 1.0 and "too_easy" in stats["easy"].flags
    assert stats["hard"].facility == 0.1 and "too_hard" in stats["hard"].flags
    assert stats["inverted"].discrimination is not None and stats["inverted"].discrimination < 0
    assert "negative" in stats["inverted"].flags
    assert stats["few"].discrimination is None and stats["few"].flags == ()  # too few answers to judge


def test_item_analysis_on_stored_answers(db: Session) -> None:
    rows, _ = list_questions(db, type="single", limit=4)
    for n in range(6):
        user = create_user(db, f"user{n}", password_hash="x", now=NOW)
        for i, row in enumerate(rows):
            right = n >= 3 if i < 3 else n < 3
            given = row.answer if right else [next(x for x in "ABCD" if x not in row.answer)]
            record_answer(db, user.id, row, given, source="practice", session_id=None, elapsed_ms=None, now=NOW)
    data = item_analysis(db, min_responses=5)
    assert data["users"] == 6 and data["questions"] == 4
    first = data["items"][0]
    assert first["question_id"] == rows[3].id and first["flags"] == ["negative"] and first["flag_labels"] == ["区分度为负"]


def test_progress_pictures_the_candidates_history(db: Session) -> None:
    user = local_user(db, now=NOW)
    rows, _ = list_questions(db, work="shequ-yijian-2024", type="single", limit=4)
    yesterday = NOW - dt.timedelta(days=1)
    record_answer(db, user.id, rows[0], rows[0].answer, source="practice", session_id=None, elapsed_ms=None, now=yesterday)
    wrong = [next(x for x in "ABCD" if x not in rows[1].answer)]
    record_answer(db, user.id, rows[1], wrong, source="practice", session_id=None, elapsed_ms=None, now=NOW)
    record_answer(db, user.id, rows[1], wrong, source="practice", session_id=None, elapsed_ms=None, now=NOW)
    sitting = start_exam(db, user.id, now=NOW, rng=random.Random(1), seed=2)
    save_answer(db, sitting, 0, sitting.items[0]["answer"], now=NOW)
    submit_exam(db, sitting, now=NOW)
    data = progress(db, user.id, now=NOW)
    assert data["streak"] == {"current": 2, "longest": 2, "today_done": True}
    days = {d["day"]: d for d in data["accuracy_by_day"]}
    assert days["2026-11-21"]["answered"] == 3 and days["2026-11-20"]["accuracy"] == 1.0
    assert len(data["accuracy_by_day"]) == 30 and len(data["activity"]) == 84
    central = next(w for w in data["mastery"] if w["work"] == "shequ-yijian-2024")
    assert central["seen"] >= 2 and central["mastered"] >= 1 and 0 < central["mastery"] < 1
    assert sum(c["questions"] for c in central["chapters"]) == central["questions"]
    assert data["weakest"][0]["ref"] == rows[1].refs[0] and data["weakest"][0]["accuracy"] == 0.0
    assert data["exams"] == [
        {"id": sitting.id, "submitted_at": NOW.isoformat(), "day": "2026-11-21", "score": 1.0, "passed": False}
    ]
