"""Progress for a candidate and item analysis for trainers, computed from the append-only answers.

Days are the user's calendar days (see :mod:`quiz.schedule`). Item analysis uses each user's first
answer to each question: facility is the share right; discrimination is the share right among the
best 27 % of those users minus the share among the weakest 27 %, ranking users by how they did on
every other question (the classical upper–lower index). Out of band: facility above 0.9 (too easy),
below 0.2 (too hard), or a negative discrimination (the weaker candidates do better: often a wrong
key or an ambiguous stem).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.errors import NotFound
from kb import store
from kb.views import clause_label
from quiz.bank import list_questions
from quiz.models import Attempt, ExamSitting, QuestionRow
from quiz.paper import question_chapter
from quiz.practice import ref_order
from quiz.schedule import local_day, utc

TOO_EASY = 0.9
TOO_HARD = 0.2
MIN_RESPONSES = 5
GROUP_SHARE = 0.27
FLAG_LABELS = {"too_easy": "太容易", "too_hard": "太难", "negative": "区分度为负"}


def _attempts(session: Session, user_id: int | None = None) -> list[Attempt]:
    stmt = select(Attempt).order_by(Attempt.id)
    if user_id is not None:
        stmt = stmt.where(Attempt.user_id == user_id)
    return list(session.scalars(stmt))


def streaks(days: Sequence[dt.date], today: dt.date) -> tuple[int, int]:
    """The current run of practice days (today, or up to yesterday when today is not done yet) and the longest."""
    have = set(days)
    current = 0
    day = today if today in have else today - dt.timedelta(days=1)
    while day in have:
        current += 1
        day -= dt.timedelta(days=1)
    longest = run = 0
    previous: dt.date | None = None
    for d in sorted(have):
        run = run + 1 if previous is not None and d - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = d
    return current, longest


def _clause_labels(session: Session, refs: Sequence[str]) -> dict[str, str]:
    labels = {}
    for ref in refs:
        try:
            clause = store.get_clause(session, ref)
            labels[ref] = clause_label(clause)
        except NotFound:
            labels[ref] = ref
    return labels


def progress(session: Session, user_id: int, *, now: dt.datetime, days: int = 30, weeks: int = 12) -> dict[str, Any]:
    """A candidate's progress: accuracy per day, mastery per work and chapter, weakest clauses, exams, streak."""
    attempts = _attempts(session, user_id)
    today = local_day(now)
    per_day: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    latest: dict[str, Attempt] = {}
    per_ref: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a in attempts:
        day = local_day(a.answered_at)
        per_day[day][0] += 1
        per_day[day][1] += int(a.correct)
        latest[a.question_id] = a
        for ref in a.refs or []:
            per_ref[ref][0] += 1
            per_ref[ref][1] += int(a.correct)
    accuracy = []
    for offset in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        answered, right = per_day.get(day, (0, 0))
        accuracy.append(
            {"day": day.isoformat(), "answered": answered, "correct": right, "accuracy": right / answered if answered else None}
        )
    activity = []
    for offset in range(weeks * 7 - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        activity.append({"day": day.isoformat(), "answered": per_day.get(day, (0, 0))[0]})

    rows, _ = list_questions(session)
    chapters: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"questions": 0, "seen": 0, "mastered": 0})
    )
    for r in rows:
        cell = chapters[r.work][question_chapter(r.refs, r.work)]
        cell["questions"] += 1
        if r.id in latest:
            cell["seen"] += 1
            cell["mastered"] += int(latest[r.id].correct)
    works = {w.slug: w.title for w in store.list_works(session)}
    chapter_labels = _clause_labels(session, [c for per in chapters.values() for c in per])
    mastery = []
    for slug, title in works.items():
        if slug not in chapters:
            continue
        parts: list[dict[str, Any]] = [
            {"ref": ref, "label": chapter_labels[ref]} | cell | {"mastery": cell["mastered"] / cell["questions"]}
            for ref, cell in sorted(chapters[slug].items(), key=lambda kv: ref_order(kv[0]))
        ]
        total = {k: sum(p[k] for p in parts) for k in ("questions", "seen", "mastered")}
        mastery.append(
            {"work": slug, "title": title} | total | {"mastery": total["mastered"] / total["questions"], "chapters": parts}
        )

    weak = sorted(
        ((ref, n, right) for ref, (n, right) in per_ref.items() if right < n),
        key=lambda t: (t[2] / t[1], -t[1], ref_order(t[0]), t[0]),
    )[:10]
    weak_labels = _clause_labels(session, [w[0] for w in weak])
    weakest = [
        {"ref": ref, "label": weak_labels[ref], "answered": n, "correct": right, "accuracy": right / n} for ref, n, right in weak
    ]

    sittings = session.scalars(
        select(ExamSitting)
        .where(ExamSitting.user_id == user_id, ExamSitting.submitted_at.is_not(None))
        .order_by(ExamSitting.submitted_at)
    )
    exams = [
        {
            "id": s.id,
            "submitted_at": utc(s.submitted_at).isoformat(),
            "day": local_day(s.submitted_at).isoformat(),
            "score": s.score,
            "passed": s.passed,
        }
        for s in sittings
        if s.submitted_at is not None and s.score is not None  # a sitting the upgrade closed counts once scored
    ]
    current, longest = streaks([d for d, (n, _) in per_day.items() if n], today)
    return {
        "today": today.isoformat(),
        "answered": len(attempts),
        "correct": sum(1 for a in attempts if a.correct),
        "questions_seen": len(latest),
        "accuracy_by_day": accuracy,
        "activity": activity,
        "mastery": mastery,
        "weakest": weakest,
        "exams": exams,
        "streak": {"current": current, "longest": longest, "today_done": per_day.get(today, (0, 0))[0] > 0},
    }


@dataclass(frozen=True)
class ItemStats:
    """Facility and discrimination of one question across users."""

    question_id: str
    responses: int
    facility: float
    discrimination: float | None
    flags: tuple[str, ...]


def _rest_score(totals: list[int], right_here: bool) -> float:
    """A user's share right on every other question."""
    answered, right = totals
    others = answered - 1
    return (right - int(right_here)) / others if others else 0.0


def analyse_items(first_answers: dict[str, dict[int, bool]], min_responses: int = MIN_RESPONSES) -> list[ItemStats]:
    """Item statistics from each user's first answer to each question ({question: {user: right}})."""
    per_user: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for answers in first_answers.values():
        for user, right in answers.items():
            per_user[user][0] += 1
            per_user[user][1] += int(right)
    stats = []
    for qid, answers in sorted(first_answers.items()):
        n = len(answers)
        facility = sum(answers.values()) / n if n else 0.0
        discrimination = None
        if n >= min_responses:
            ranked = sorted(answers, key=lambda u: (_rest_score(per_user[u], answers[u]), u))
            size = max(1, round(GROUP_SHARE * n))
            lower, upper = ranked[:size], ranked[-size:]
            discrimination = sum(answers[u] for u in upper) / size - sum(answers[u] for u in lower) / size
        flags: list[str] = []
        if n >= min_responses:
            if facility > TOO_EASY:
                flags.append("too_easy")
            if facility < TOO_HARD:
                flags.append("too_hard")
            if discrimination is not None and discrimination < 0:
                flags.append("negative")
        stats.append(ItemStats(qid, n, facility, discrimination, tuple(flags)))
    return stats


def item_analysis(session: Session, *, min_responses: int = MIN_RESPONSES) -> dict[str, Any]:
    """Facility and discrimination of every answered question across users, out-of-band ones first."""
    first: dict[str, dict[int, bool]] = defaultdict(dict)
    for a in _attempts(session):
        first[a.question_id].setdefault(a.user_id, a.correct)
    stats = analyse_items(first, min_responses)
    rows = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(list(first))))}
    titles = {w.slug: w.title for w in store.list_works(session)}
    items: list[dict[str, Any]] = []
    for s in stats:
        row = rows.get(s.question_id)
        items.append(
            {
                "question_id": s.question_id,
                "stem": row.stem if row else "（这道题已不在题库中）",
                "type": row.type if row else None,
                "work": row.work if row else None,
                "work_title": titles.get(row.work, row.work) if row else None,
                "status": row.status if row else "missing",
                "responses": s.responses,
                "facility": s.facility,
                "discrimination": s.discrimination,
                "flags": list(s.flags),
                "flag_labels": [FLAG_LABELS[f] for f in s.flags],
            }
        )
    items.sort(key=lambda i: (not i["flags"], -i["responses"], i["question_id"]))
    return {
        "users": len({u for answers in first.values() for u in answers}),
        "questions": len(items),
        "flagged": sum(1 for i in items if i["flags"]),
        "min_responses": min_responses,
        "bands": {"too_easy": TOO_EASY, "too_hard": TOO_HARD},
        "items": items,
    }
