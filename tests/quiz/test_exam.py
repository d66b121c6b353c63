"""Mock-exam sittings: the clock on the server, hand-in by time-out, results that survive rebuilds, fixed papers."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput
from quiz.accounts import local_user
from quiz.bank import list_questions
from quiz.exam import (
    ExamClosed,
    check_paper,
    create_paper,
    draw_paper,
    exam_result,
    exam_state,
    get_sitting,
    save_answer,
    start_exam,
    submit_exam,
)
from quiz.models import Attempt, QuestionRow
from quiz.review import edit_question, question_data
from tests.conftest import NOW


def test_a_sitting_scores_by_the_rules_and_records_the_answers(db: Session) -> None:
    user = local_user(db, now=NOW)
    sitting = start_exam(db, user.id, now=NOW, rng=random.Random(1), seed=21)
    assert [i["id"] for i in sitting.items] == draw_paper(db, 21)  # reproducible from the seed
    state = exam_state(db, sitting, now=NOW)
    assert state["remaining_seconds"] == 120 * 60 and "answer" not in state["items"][0]
    for position in range(50):  # 50 单选 right
        save_answer(db, sitting, position, sitting.items[position]["answer"], now=NOW)
    save_answer(db, sitting, 50, "A" if sitting.items[50]["answer"] != ["A"] else "B", now=NOW)  # one wrong
    multi = sitting.items[60]["answer"]
    save_answer(db, sitting, 60, multi[:1], now=NOW, flagged=True)  # 0.5
    save_answer(db, sitting, 61, sitting.items[61]["answer"], now=NOW)  # 2
    assert exam_state(db, sitting, now=NOW)["flagged"] == 1
    submit_exam(db, sitting, now=NOW + dt.timedelta(minutes=30))
    result = exam_result(db, sitting)
    assert result["total"] == 52.5 and result["passed"] is False
    assert {b["type"]: b["points"] for b in result["by_type"]} == {"single": 50.0, "multi": 2.5}
    assert sum(b["points"] for b in result["by_work"]) == 52.5
    assert result["items"][60]["status"] == "partial" and result["items"][70]["status"] == "blank"
    assert result["items"][0]["explanation"] and result["items"][0]["sources"]
    assert len(db.scalars(select(Attempt).where(Attempt.source == "exam")).all()) == 53
    with pytest.raises(ExamClosed):
        save_answer(db, sitting, 0, "A", now=NOW + dt.timedelta(minutes=31))


def test_a_reload_resumes_and_time_out_hands_in_what_was_answered(db: Session) -> None:
    user = local_user(db, now=NOW)
    sitting = start_exam(db, user.id, now=NOW, rng=random.Random(1), seed=5, minutes=120)
    save_answer(db, sitting, 0, sitting.items[0]["answer"], now=NOW + dt.timedelta(minutes=5))
    again = start_exam(db, user.id, now=NOW + dt.timedelta(minutes=6), rng=random.Random(2))
    assert again.id == sitting.id  # one sitting at a time; starting again resumes it
    assert exam_state(db, again, now=NOW + dt.timedelta(minutes=60))["remaining_seconds"] == 60 * 60
    late = NOW + dt.timedelta(minutes=121)
    with pytest.raises(ExamClosed, match="时间已到"):
        save_answer(db, sitting, 1, sitting.items[1]["answer"], now=late)
    assert sitting.submitted_by == "timeout" and sitting.score == 1.0
    assert sitting.submitted_at is not None


def test_opening_a_sitting_after_its_deadline_submits_it(db: Session) -> None:
    user = local_user(db, now=NOW)
    sitting = start_exam(db, user.id, now=NOW, rng=random.Random(1), seed=5, minutes=1)
    same = get_sitting(db, user.id, sitting.id, now=NOW + dt.timedelta(seconds=75))
    assert same.submitted_by == "timeout" and exam_result(db, same)["total"] == 0.0
    fresh = start_exam(db, user.id, now=NOW + dt.timedelta(seconds=76), rng=random.Random(1), seed=6)
    assert fresh.id != sitting.id


def test_results_read_the_same_after_the_question_is_edited(db: Session) -> None:
    user = local_user(db, now=NOW)
    sitting = start_exam(db, user.id, now=NOW, rng=random.Random(1), seed=8)
    first = sitting.items[0]
    save_answer(db, sitting, 0, first["answer"], now=NOW)
    submit_exam(db, sitting, now=NOW)
    row = db.get(QuestionRow, first["id"])
    data = question_data(row) | {"stem": "改过的题干（　）。"}
    edit_question(db, row.id, data, editor="t", now=NOW, note=None)
    result = exam_result(db, sitting)
    assert result["items"][0]["stem"] == first["stem"] and result["total"] == 1.0


def test_fixed_papers_are_checked(db: Session) -> None:
    singles, _ = list_questions(db, type="single")
    judge, _ = list_questions(db, type="judge", limit=1)
    ids = [r.id for r in singles[:5]]
    paper, warnings = create_paper(db, "第一套", ids, created_by=None, now=NOW)
    assert paper.question_ids == ids and any("60 道" in w for w in warnings)
    with pytest.raises(InvalidInput, match="重复"):
        check_paper(db, ids + ids[:1])
    with pytest.raises(InvalidInput, match="只用单选题和多选题"):
        check_paper(db, [*ids, judge[0].id])
    with pytest.raises(InvalidInput, match="不在题库"):
        check_paper(db, [*ids, "qnope"])
    multis, _ = list_questions(db, type="multi")
    choice = [*singles, *multis]
    twins = [r for r in choice if sum(1 for s in choice if s.span_key == r.span_key) > 1][:2]
    twins = [r for r in choice if r.span_key == twins[0].span_key][:2]
    with pytest.raises(InvalidInput, match="同一处原文"):
        check_paper(db, [r.id for r in twins])
    with pytest.raises(InvalidInput, match="标题"):
        create_paper(db, "  ", ids, created_by=None, now=NOW)
    user = local_user(db, now=NOW)
    sitting = start_exam(db, user.id, now=NOW, rng=random.Random(1), paper_id=paper.id)
    assert [i["id"] for i in sitting.items] == ids and sitting.seed is None
