"""Spaced repetition with FSRS (the ``fsrs`` package; this is the only module that imports it).

A card per user and question. A right answer is rated Good, a quick right answer Easy, a wrong one
Again. Fuzzing is off, so the same history always gives the same due time (no hidden randomness).
All times are UTC; the user's calendar day (for "due today" and streaks) is the UTC time shifted by
a fixed offset, China Standard Time by default (China has no daylight saving).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fsrs import Card, Rating, Scheduler

from quiz.model import CLOZE, JUDGE, MULTI, SINGLE

SCHEDULER = Scheduler(enable_fuzzing=False)
DAY_OFFSET = dt.timedelta(hours=8)
# A right answer faster than this is "easy" (ms): reading a stem and four options takes a while.
QUICK_MS = {SINGLE: 8_000, MULTI: 12_000, JUDGE: 6_000, CLOZE: 10_000}


def utc(moment: dt.datetime) -> dt.datetime:
    """Read a stored time as UTC (SQLite gives naive datetimes back; everything is stored in UTC)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def local_day(moment: dt.datetime, offset: dt.timedelta = DAY_OFFSET) -> dt.date:
    """The user's calendar day of a UTC moment."""
    return (utc(moment) + offset).date()


def day_end(day: dt.date, offset: dt.timedelta = DAY_OFFSET) -> dt.datetime:
    """The UTC moment a user's calendar day ends."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) - offset


def card_id_for(question_id: str) -> int:
    """A stable integer card id for FSRS from the question id."""
    digits = "".join(ch for ch in question_id if ch in "0123456789abcdef")
    return int(digits[:12] or "0", 16)


def rating_for(qtype: str, correct: bool, elapsed_ms: int | None) -> Rating:
    """Again for a wrong answer, Easy for a quick right one, Good otherwise."""
    if not correct:
        return Rating.Again
    if elapsed_ms is not None and 0 < elapsed_ms <= QUICK_MS.get(qtype, 8_000):
        return Rating.Easy
    return Rating.Good


@dataclass(frozen=True)
class Review:
    """The outcome of one review: the new card state and the log entry."""

    card: dict[str, Any]
    due: dt.datetime
    rating: int
    stability: float | None
    difficulty: float | None


def review(card: dict[str, Any] | None, question_id: str, rating: Rating, now: dt.datetime, duration_ms: int | None) -> Review:
    """Review a card (a new one when ``card`` is None) at ``now`` and return its next state."""
    now = utc(now)
    current = Card.from_dict(card) if card else Card(card_id=card_id_for(question_id), due=now)  # type: ignore[arg-type]
    updated, log = SCHEDULER.review_card(current, rating, now, duration_ms)
    return Review(
        card=dict(updated.to_dict()),
        due=utc(updated.due),
        rating=int(log.rating),
        stability=updated.stability,
        difficulty=updated.difficulty,
    )
