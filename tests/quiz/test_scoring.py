"""The exam's scoring rules, to the half point, and how typed answers are read."""

from __future__ import annotations

import pytest

from corpus.errors import InvalidInput
from quiz.scoring import is_correct, parse_given, score_item, score_paper


@pytest.mark.parametrize(
    ("qtype", "keys", "given", "points"),
    [
        ("single", ["B"], ["B"], 1.0),
        ("single", ["B"], ["A"], 0.0),
        ("single", ["B"], [], 0.0),
        ("single", ["B"], ["A", "B"], 0.0),  # two ticks on a 单选 never score
        ("multi", ["A", "C", "D"], ["A", "C", "D"], 2.0),
        ("multi", ["A", "C", "D"], ["D", "C", "A"], 2.0),  # order does not matter
        ("multi", ["A", "C", "D"], ["A"], 0.5),
        ("multi", ["A", "C", "D"], ["A", "D"], 1.0),
        ("multi", ["A", "B", "C", "D"], ["A", "B", "C"], 1.5),
        ("multi", ["A", "C", "D"], ["A", "B"], 0.0),  # any wrong option: nothing
        ("multi", ["A", "C", "D"], ["A", "C", "D", "E"], 0.0),  # all keys plus a wrong one: nothing
        ("multi", ["A", "B"], ["A", "B", "C", "D", "E"], 0.0),
        ("multi", ["A", "C", "D"], [], 0.0),
        ("judge", ["正确"], ["正确"], 0.0),  # drilling only: no points in a paper
    ],
)
def test_score_item(qtype: str, keys: list[str], given: list[str], points: float) -> None:
    assert score_item(qtype, keys, given) == points


def _paper(singles: int, multis: int) -> list[tuple[str, str, str, list[str]]]:
    items = [(f"s{i}", "single", "work-a" if i % 2 else "work-b", ["A"]) for i in range(singles)]
    return items + [(f"m{i}", "multi", "work-a", ["A", "B", "C"]) for i in range(multis)]


def test_a_perfect_paper_scores_100_and_the_breakdown_adds_up() -> None:
    items = _paper(60, 20)
    answers = {p: it[3] for p, it in enumerate(items)}
    score = score_paper(items, answers)
    assert (score.total, score.max_total, score.passed) == (100.0, 100.0, True)
    assert score.by_type["single"].points == 60 and score.by_type["multi"].points == 40
    assert sum(b.points for b in score.by_work.values()) == 100
    assert score.by_work["work-a"].items == 30 + 20


def test_pass_mark_is_60_exactly_and_half_points_count() -> None:
    items = _paper(60, 20)
    answers: dict[int, list[str]] = {p: ["A"] for p in range(59)}  # 59 points from 单选
    assert score_paper(items, answers).passed is False
    answers[60] = ["A"]  # one 多选 with one correct option: 0.5
    almost = score_paper(items, answers)
    assert almost.total == 59.5 and not almost.passed
    answers[61] = ["B"]
    exact = score_paper(items, answers)
    assert exact.total == 60.0 and exact.passed
    statuses = {i.position: i.status for i in exact.items}
    assert statuses[0] == "right" and statuses[59] == "blank" and statuses[60] == "partial"
    answers[62] = ["A", "E"]
    assert score_paper(items, answers).items[62].status == "wrong"


@pytest.mark.parametrize(
    ("qtype", "raw", "expected"),
    [
        ("single", "b", ["B"]),
        ("single", "2", ["B"]),
        ("single", ["C"], ["C"]),
        ("multi", "ca d", ["A", "C", "D"]),
        ("multi", "1,3,4", ["A", "C", "D"]),
        ("multi", ["E", "A"], ["A", "E"]),
        ("judge", "对", ["正确"]),
        ("judge", "错误", ["错误"]),
        ("judge", "B", ["错误"]),
        ("judge", "1", ["正确"]),
        ("cloze", "  五年 ", ["五年"]),
        ("single", "", []),
        ("multi", None, []),
    ],
)
def test_parse_given(qtype: str, raw: str | list[str] | None, expected: list[str]) -> None:
    assert parse_given(qtype, raw) == expected


@pytest.mark.parametrize(("qtype", "raw"), [("single", "AB"), ("single", "F"), ("multi", "AZ"), ("judge", "也许")])
def test_parse_given_refuses_what_cannot_be_an_answer(qtype: str, raw: str) -> None:
    with pytest.raises(InvalidInput):
        parse_given(qtype, raw, 4 if qtype == "single" else 5)


def test_is_correct_for_drilling() -> None:
    assert is_correct("multi", ["A", "C"], ["C", "A"])
    assert not is_correct("multi", ["A", "C"], ["A"])  # partial is not right when drilling
    assert is_correct("cloze", ["5", "五"], ["五"])
    assert is_correct("cloze", ["社区党组织书记"], ["社区党组织书记。"])
    assert not is_correct("cloze", ["5"], [""])
    assert is_correct("judge", ["错误"], ["错误"]) and not is_correct("judge", ["错误"], ["正确"])
