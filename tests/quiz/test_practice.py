"""Practice services: 错题本 rules, FSRS persistence, sessions that resume, rebuilds that keep it all."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from corpus.errors import InvalidInput
from kb.build import build_corpus
from quiz.accounts import local_user
from quiz.bank import build_bank, get_question, list_questions
from quiz.models import Attempt, QuestionRow, ReviewCard, ReviewLogRow, WrongItem
from quiz.practice import (
    answer_practice,
    due_counts,
    next_question,
    record_answer,
    ref_order,
    remove_wrong,
    set_favourite,
    skip_question,
    start_practice,
    wrong_book,
)
from quiz.review import set_retired
from quiz.schedule import day_end, local_day, utc
from tests.conftest import NOW


def _single(db: Session) -> QuestionRow:
    rows, _ = list_questions(db, type="single", limit=1)
    return rows[0]


def _wrong(row: QuestionRow) -> list[str]:
    return [next(letter for letter in "ABCD" if letter not in row.answer)]


def test_ref_order_is_reading_order() -> None:
    refs = ["w/10", "w/2.1", "w/preamble", "w/2", "w/1"]
    assert sorted(refs, key=ref_order) == ["w/preamble", "w/1", "w/2", "w/2.1", "w/10"]


def test_wrong_book_takes_a_miss_and_lets_go_after_n_right_in_a_row(db: Session) -> None:
    user = local_user(db, now=NOW)
    row = _single(db)
    t = NOW
    out = record_answer(
        db, user.id, row, _wrong(row), source="practice", session_id=None, elapsed_ms=20_000, now=t, clear_after=2
    )
    assert out.in_wrong_book and not out.correct
    out = record_answer(db, user.id, row, row.answer, source="practice", session_id=None, elapsed_ms=20_000, now=t, clear_after=2)
    assert out.in_wrong_book and not out.left_wrong_book  # one right is not enough
    out = record_answer(
        db, user.id, row, _wrong(row), source="practice", session_id=None, elapsed_ms=20_000, now=t, clear_after=2
    )
    assert db.get(WrongItem, (user.id, row.id)).right_streak == 0  # a miss resets the run
    for _ in range(2):
        out = record_answer(
            db, user.id, row, row.answer, source="practice", session_id=None, elapsed_ms=20_000, now=t, clear_after=2
        )
    assert out.left_wrong_book and not out.in_wrong_book
    item = db.get(WrongItem, (user.id, row.id))
    assert item.cleared_by == "streak" and item.wrong_count == 2
    assert wrong_book(db, user.id) == []
    record_answer(db, user.id, row, _wrong(row), source="practice", session_id=None, elapsed_ms=None, now=t)
    assert [w.question_id for w, _ in wrong_book(db, user.id)] == [row.id]  # back in after a new miss
    remove_wrong(db, user.id, row.id, now=t)
    assert db.get(WrongItem, (user.id, row.id)).cleared_by == "hand" and wrong_book(db, user.id) == []
    with pytest.raises(Exception, match="错题本里没有"):
        remove_wrong(db, user.id, row.id, now=t)
    assert db.scalar(select(func.count()).select_from(Attempt)) == 6  # every answer kept


def test_fsrs_cards_persist_and_ratings_follow_the_answers(db: Session) -> None:
    user = local_user(db, now=NOW)
    row = _single(db)
    record_answer(db, user.id, row, row.answer, source="practice", session_id=None, elapsed_ms=30_000, now=NOW)
    card = db.get(ReviewCard, (user.id, row.id))
    assert utc(card.due) == NOW + dt.timedelta(minutes=10)  # Good on a new card: the second learning step
    later = utc(card.due)
    record_answer(db, user.id, row, row.answer, source="practice", session_id=None, elapsed_ms=30_000, now=later)
    assert (utc(db.get(ReviewCard, (user.id, row.id)).due) - later).days >= 1  # graduated to days
    record_answer(
        db, user.id, row, _wrong(row), source="practice", session_id=None, elapsed_ms=30_000, now=later + dt.timedelta(days=3)
    )
    card = db.get(ReviewCard, (user.id, row.id))
    assert card.lapses == 1 and card.reps == 3
    assert utc(card.due) - (later + dt.timedelta(days=3)) <= dt.timedelta(minutes=10)  # Again: back soon
    other = list_questions(db, type="single", limit=2)[0][1]
    record_answer(db, user.id, other, other.answer, source="practice", session_id=None, elapsed_ms=3_000, now=NOW)
    ratings = [log.rating for log in db.scalars(select(ReviewLogRow).order_by(ReviewLogRow.id))]
    assert ratings == [3, 3, 1, 4]  # Good, Good, Again, Easy (a quick right answer)
    assert card.card["card_id"] and card.card["stability"]


def test_due_counts_today_and_tomorrow_and_the_due_queue(db: Session) -> None:
    user = local_user(db, now=NOW)
    rows, _ = list_questions(db, type="single", limit=3)
    for row in rows:
        record_answer(db, user.id, row, row.answer, source="practice", session_id=None, elapsed_ms=30_000, now=NOW)
    db.get(ReviewCard, (user.id, rows[2].id)).due = day_end(local_day(NOW)) + dt.timedelta(hours=3)  # tomorrow
    db.flush()
    assert due_counts(db, user.id, now=NOW) == {"today": 2, "tomorrow": 1, "cards": 3}
    practice = start_practice(db, user.id, "due", now=NOW, rng=random.Random(1))
    assert practice.queue == sorted([rows[0].id, rows[1].id], key=lambda q: (utc(db.get(ReviewCard, (user.id, q)).due), q))
    with pytest.raises(InvalidInput, match="收藏"):
        start_practice(db, user.id, "favourites", now=NOW, rng=random.Random(1))


def test_ordered_drill_resumes_where_it_stopped(db: Session) -> None:
    user = local_user(db, now=NOW)
    chapter = "shequ-yijian-2024/2"
    first = start_practice(db, user.id, "order", now=NOW, rng=random.Random(1), chapter=chapter)
    assert all(get_question(db, q).refs[0].startswith(chapter) for q in first.queue)
    assert [ref_order(get_question(db, q).refs[0]) for q in first.queue] == sorted(
        ref_order(get_question(db, q).refs[0]) for q in first.queue
    )
    for _ in range(2):
        q = next_question(db, user.id, first.id, now=NOW)["question"]
        answer_practice(db, user.id, first.id, q["id"], "正确" if q["type"] == "judge" else "A" if q["options"] else "x", now=NOW)
    again = start_practice(db, user.id, "order", now=NOW, rng=random.Random(2), chapter=chapter)
    assert again.id == first.id and again.position == 2
    fresh = start_practice(db, user.id, "order", now=NOW, rng=random.Random(2), chapter=chapter, resume=False)
    assert fresh.id != first.id and fresh.position == 0


def test_answering_twice_records_once_and_wrong_question_is_refused(db: Session) -> None:
    user = local_user(db, now=NOW)
    practice = start_practice(db, user.id, "random", now=NOW, rng=random.Random(5), qtype="single", count=3)
    q = next_question(db, user.id, practice.id, now=NOW)["question"]
    assert "answer" not in q  # no key before answering
    first = answer_practice(db, user.id, practice.id, q["id"], "A", now=NOW)
    again = answer_practice(db, user.id, practice.id, q["id"], "A", now=NOW)
    assert first["attempt_id"] == again["attempt_id"] and first["correct"] == again["correct"]
    assert first["answer"] == get_question(db, q["id"]).answer and first["explanation"] and first["sources"]
    assert db.scalar(select(func.count()).select_from(Attempt)) == 1
    with pytest.raises(InvalidInput, match="不在这次练习里"):
        answer_practice(db, user.id, practice.id, "q-not-in-this-session", "A", now=NOW)
    with pytest.raises(InvalidInput, match="还没有作答"):
        answer_practice(db, user.id, practice.id, practice.queue[1], "", now=NOW)


def test_memorise_mode_shows_the_key_and_needs_no_answer(db: Session) -> None:
    user = local_user(db, now=NOW)
    practice = start_practice(db, user.id, "random", now=NOW, rng=random.Random(5), count=2, memorise=True)
    q = next_question(db, user.id, practice.id, now=NOW)["question"]
    assert q["answer"] and q["explanation"] and q["sources"]
    with pytest.raises(InvalidInput, match="背题模式"):
        answer_practice(db, user.id, practice.id, q["id"], "A", now=NOW)
    skip_question(db, user.id, practice.id, q["id"], now=NOW)
    assert next_question(db, user.id, practice.id, now=NOW)["session"]["position"] == 1


def test_a_question_retired_mid_session_is_skipped(db: Session) -> None:
    user = local_user(db, now=NOW)
    practice = start_practice(db, user.id, "random", now=NOW, rng=random.Random(9), count=3)
    set_retired(db, practice.queue[0], True, editor="t", now=NOW, note=None)
    assert next_question(db, user.id, practice.id, now=NOW)["question"]["id"] == practice.queue[1]


def test_a_rebuild_keeps_answers_cards_wrong_book_and_favourites(db: Session) -> None:
    user = local_user(db, now=NOW)
    row = _single(db)
    record_answer(db, user.id, row, _wrong(row), source="practice", session_id=None, elapsed_ms=None, now=NOW)
    set_favourite(db, user.id, row.id, True, now=NOW)
    practice = start_practice(db, user.id, "wrong", now=NOW, rng=random.Random(1))
    db.commit()
    build_corpus(db, DEFAULT_RAW, DEFAULT_CATALOG, now=NOW + dt.timedelta(days=1))
    build_bank(db, now=NOW + dt.timedelta(days=1))
    db.commit()
    assert get_question(db, row.id).stem == row.stem  # the same id again
    assert db.scalar(select(func.count()).select_from(Attempt)) == 1
    assert db.get(ReviewCard, (user.id, row.id)) is not None and db.get(WrongItem, (user.id, row.id)) is not None
    assert next_question(db, user.id, practice.id, now=NOW)["question"]["id"] == row.id
    assert next_question(db, user.id, practice.id, now=NOW)["question"]["favourite"] is True
