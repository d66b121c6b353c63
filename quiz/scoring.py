"""Checking answers and scoring papers by the rules of the real exam.

The objective paper of the national social-worker exam: 60 single-choice items (A–D, 1 point) and
20 multiple-choice items (A–E, 2–4 keys, 2 points). A multiple-choice answer with any wrong option
scores 0; an incomplete answer with no wrong option scores 0.5 for each correct option chosen.
100 points, 120 minutes, pass mark 60. Judge and cloze items are for drilling and carry no points.

Everything here is pure: answers come in as lists of strings, results go out as frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from corpus.errors import InvalidInput
from quiz.model import CLOZE, FALSE, JUDGE, LETTERS, MULTI, SINGLE, TRUE, TYPE_SHORT
from quiz.text import answer_matches

POINTS = {SINGLE: 1.0, MULTI: 2.0}
PARTIAL_PER_OPTION = 0.5
PASS_MARK = 60.0
EXAM_MINUTES = 120
EXAM_COUNTS = {SINGLE: 60, MULTI: 20}

_JUDGE_WORDS = {
    TRUE: {"正确", "对", "是", "√", "✓", "t", "true", "y", "1", "a"},
    FALSE: {"错误", "错", "否", "×", "✗", "x", "f", "false", "n", "2", "b"},
}


def parse_given(qtype: str, raw: str | Sequence[str] | None, option_count: int = 5) -> list[str]:
    """Turn what a user typed or ticked into a canonical answer list (letters, 正确/错误, or the text)."""
    if raw is None:
        return []
    if qtype in (SINGLE, MULTI):
        text = raw if isinstance(raw, str) else "".join(raw)
        letters: set[str] = set()
        for ch in text.upper():
            if ch in LETTERS[:option_count]:
                letters.add(ch)
            elif ch.isdecimal() and 1 <= int(ch) <= option_count:
                letters.add(LETTERS[int(ch) - 1])
            elif ch.isalnum():
                raise InvalidInput(f"选项只能是 {LETTERS[0]}–{LETTERS[option_count - 1]}：{text}")
        if qtype == SINGLE and len(letters) > 1:
            raise InvalidInput("单选题只能选一个选项")
        return sorted(letters)
    if qtype == JUDGE:
        word = (raw if isinstance(raw, str) else "".join(raw)).strip().lower()
        if not word:
            return []
        for verdict, words in _JUDGE_WORDS.items():
            if word in words:
                return [verdict]
        raise InvalidInput(f"判断题请答“正确”或“错误”：{word}")
    text = raw if isinstance(raw, str) else "".join(raw)
    return [text.strip()] if text.strip() else []


def is_correct(qtype: str, keys: Sequence[str], given: Sequence[str]) -> bool:
    """Tell whether an answer is fully right (for drilling: a partial 多选 answer is wrong)."""
    if not given:
        return False
    if qtype == CLOZE:
        return answer_matches(given[0], tuple(keys))
    return sorted(set(given)) == sorted(set(keys))


def score_item(qtype: str, keys: Sequence[str], given: Sequence[str]) -> float:
    """Points for one exam item: 1 for a right 单选; 2, 0.5 per correct option or 0 for a 多选."""
    chosen, key = set(given), set(keys)
    if qtype == SINGLE:
        return POINTS[SINGLE] if chosen and chosen == key else 0.0
    if qtype == MULTI:
        if not chosen or chosen - key:
            return 0.0
        if chosen == key:
            return POINTS[MULTI]
        return PARTIAL_PER_OPTION * len(chosen)
    return 0.0


@dataclass(frozen=True)
class ItemScore:
    """One item of a scored paper."""

    position: int
    question_id: str
    qtype: str
    work: str
    keys: tuple[str, ...]
    given: tuple[str, ...]
    points: float
    max_points: float

    @property
    def status(self) -> str:
        """right, partial, wrong or blank."""
        if not self.given:
            return "blank"
        if self.points == self.max_points:
            return "right"
        return "partial" if self.points > 0 else "wrong"


@dataclass(frozen=True)
class Bucket:
    """Points won and possible in one part of a paper (a work, a type)."""

    points: float = 0.0
    max_points: float = 0.0
    items: int = 0
    right: int = 0


@dataclass(frozen=True)
class PaperScore:
    """A scored paper: total, pass or fail, and the points per work and per type."""

    total: float
    max_total: float
    passed: bool
    pass_mark: float
    items: tuple[ItemScore, ...]
    by_work: dict[str, Bucket] = field(default_factory=dict)
    by_type: dict[str, Bucket] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The score as plain data (stored with the sitting and sent by the API)."""
        return {
            "total": self.total,
            "max_total": self.max_total,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "by_work": {k: vars(v) for k, v in self.by_work.items()},
            "by_type": {TYPE_SHORT.get(k, k): vars(v) | {"type": k} for k, v in self.by_type.items()},
            "items": [
                {
                    "position": i.position,
                    "question_id": i.question_id,
                    "type": i.qtype,
                    "work": i.work,
                    "keys": list(i.keys),
                    "given": list(i.given),
                    "points": i.points,
                    "max_points": i.max_points,
                    "status": i.status,
                }
                for i in self.items
            ],
        }


def _add(bucket: Bucket, item: ItemScore) -> Bucket:
    return Bucket(
        points=bucket.points + item.points,
        max_points=bucket.max_points + item.max_points,
        items=bucket.items + 1,
        right=bucket.right + (item.status == "right"),
    )


def score_paper(
    items: Iterable[tuple[str, str, str, Sequence[str]]],
    answers: Mapping[int, Sequence[str]],
    *,
    pass_mark: float = PASS_MARK,
) -> PaperScore:
    """Score a paper: items are (question id, type, work, keys) in paper order; answers by position."""
    scored: list[ItemScore] = []
    by_work: dict[str, Bucket] = {}
    by_type: dict[str, Bucket] = {}
    for position, (qid, qtype, work, keys) in enumerate(items):
        given = tuple(sorted(set(answers.get(position, ()))))
        item = ItemScore(
            position=position,
            question_id=qid,
            qtype=qtype,
            work=work,
            keys=tuple(keys),
            given=given,
            points=score_item(qtype, keys, given),
            max_points=POINTS.get(qtype, 0.0),
        )
        scored.append(item)
        by_work[work] = _add(by_work.get(work, Bucket()), item)
        by_type[qtype] = _add(by_type.get(qtype, Bucket()), item)
    total = sum(i.points for i in scored)
    return PaperScore(
        total=total,
        max_total=sum(i.max_points for i in scored),
        passed=total >= pass_mark,
        pass_mark=pass_mark,
        items=tuple(scored),
        by_work=by_work,
        by_type=by_type,
    )
