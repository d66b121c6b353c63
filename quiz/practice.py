"""Drilling: practice sessions, recording answers, the 错题本, favourites and the due queue.

Every answer — in practice (:func:`record_answer`) or in a mock exam (:func:`plan_answers`, then
:func:`write_answers`) — is worked out the same way (:func:`_apply_answer`): it appends an
``attempt``, moves the question in or towards out of the 错题本, and reviews the question's FSRS
card (appending a ``review_log`` row). A practice session fixes its queue of question ids when it
starts, so "where you left off" is a position in that queue; questions retired by a later rebuild
are skipped, never shown broken.

Each answer is stored once whatever the timing. A user's answers are written one request at a
time (:func:`lock_answers`: the user's row is the lock), and each request reads the session after
taking it, so a double tap finds the question already answered. The page sends a ``request_id``
with each answer (a fresh one per answer, the same one when it retries); a request whose key is
already stored gets the first answer's result back, however late it comes.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, bindparam, cast, delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from kb import store
from kb.db import insert_missing, lock_row
from kb.views import clause_label, full_title
from quiz.bank import BankCache, PoolEntry, bank_version, bank_version_column, bank_version_of, get_question, question_pool
from quiz.model import CLOZE, JUDGE, LETTERS, MULTI, SINGLE, SPELLING_SEPARATOR, TYPE_LABELS, TYPES
from quiz.models import Attempt, Favourite, PracticeSession, QuestionRow, ReviewCard, ReviewLogRow, User, WrongItem
from quiz.paper import apart_sample, chapter_of, question_chapter, span_parts
from quiz.schedule import day_end, local_day, rating_for, review, utc
from quiz.scoring import is_correct, parse_given
from quiz.text import normalise_answer

MODES = {
    "order": "按章节顺序",
    "random": "随机练习",
    "type": "按题型练习",
    "wrong": "错题本",
    "favourites": "我的收藏",
    "due": "今日复习",
    "clause": "练本条",
}
DEFAULT_COUNT = 20
MAX_COUNT = 200
WRONG_BOOK_CLEAR_AFTER = 2  # right answers in a row that take a question out of the 错题本
REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class PracticeNotFound(NotFound):
    """No practice session with this id belongs to this user."""


@dataclass(frozen=True)
class Outcome:
    """What one answer did: right or wrong, and what became of the 错题本 entry and the card."""

    attempt: Attempt
    correct: bool
    in_wrong_book: bool
    left_wrong_book: bool
    due: dt.datetime
    rating: int


def ref_order(ref: str) -> tuple[int, ...]:
    """Sort key of a clause ref in reading order: preamble first, then 1, 1.1, 1.2, 2, …, 10."""
    path = ref.split("@", 1)[0].partition("/")[2]
    return tuple(int(p) if p.isdigit() else -1 for p in path.split(".")) if path else ()


# ---- answering -----------------------------------------------------------------------------------


def check_request_id(value: object) -> str | None:
    """The idempotency key sent with an answer (None when there is none), or InvalidInput."""
    if value is None:
        return None
    if not isinstance(value, str) or not REQUEST_ID.fullmatch(value):
        raise InvalidInput("request_id 应为 1–64 个字母、数字、下划线或连字符")
    return value


def lock_answers(session: Session, user_id: int) -> None:
    """Make this user's answer-writing requests take turns until the transaction ends (the user row is the lock)."""
    if lock_row(session, User, user_id) is None:
        raise NotFound(f"没有这个用户：{user_id}")


@dataclass(frozen=True)
class Answered:
    """What recording an answer needs of its question: a bank row, or the light row a hand-in reads for its 80 items."""

    id: str
    type: str
    answer: tuple[str, ...]
    work: str
    refs: tuple[str, ...]

    @classmethod
    def of(cls, row: QuestionRow) -> Answered:
        """The parts of a bank row an answer is recorded with."""
        return cls(row.id, row.type, tuple(row.answer or ()), row.work, tuple(row.refs or ()))


ANSWERED_COLUMNS = (QuestionRow.id, QuestionRow.type, QuestionRow.answer, QuestionRow.work, QuestionRow.refs)


def answered_questions(session: Session, ids: Sequence[str]) -> dict[str, Answered]:
    """The questions of these ids still in the bank, read as :class:`Answered` (no stem, options or explanation)."""
    stmt = select(*ANSWERED_COLUMNS).where(QuestionRow.id.in_(list(ids)))
    return {i: Answered(i, t, tuple(a or ()), w, tuple(r or ())) for i, t, a, w, r in session.execute(stmt)}


@dataclass(frozen=True)
class WrongState:
    """A 错题本 entry as plain values (what an answer changes of a ``wrong_item`` row)."""

    wrong_count: int
    right_streak: int
    added_at: dt.datetime
    last_wrong_at: dt.datetime
    cleared_at: dt.datetime | None
    cleared_by: str | None


WRONG_COLUMNS = (
    WrongItem.wrong_count,
    WrongItem.right_streak,
    WrongItem.added_at,
    WrongItem.last_wrong_at,
    WrongItem.cleared_at,
    WrongItem.cleared_by,
)
WRONG_FIELDS = tuple(c.key for c in WRONG_COLUMNS)


def _wrong_state(item: WrongItem | None) -> WrongState | None:
    return WrongState(*(getattr(item, f) for f in WRONG_FIELDS)) if item is not None else None


def wrong_book_after(
    before: WrongState | None, correct: bool, now: dt.datetime, clear_after: int
) -> tuple[WrongState | None, bool, bool]:
    """A 错题本 entry after one answer, and whether the question is in the book now and whether it just left it."""
    if not correct:
        if before is None:
            return WrongState(1, 0, now, now, None, None), True, False
        if before.cleared_at is not None:  # back in the book: a fresh entry, its count kept
            before = replace(before, added_at=now, cleared_at=None, cleared_by=None)
        return replace(before, wrong_count=before.wrong_count + 1, right_streak=0, last_wrong_at=now), True, False
    if before is None or before.cleared_at is not None:
        return before, False, False
    streak = before.right_streak + 1
    if streak >= clear_after:
        return replace(before, right_streak=streak, cleared_at=now, cleared_by="streak"), False, True
    return replace(before, right_streak=streak), True, False


@dataclass(frozen=True)
class CardState:
    """An FSRS card as plain values (what an answer changes of a ``review_card`` row, besides its time)."""

    card: dict[str, Any]
    due: dt.datetime
    reps: int
    lapses: int


CARD_COLUMNS = (ReviewCard.card, ReviewCard.due, ReviewCard.reps, ReviewCard.lapses)


def _card_state(card: ReviewCard | None) -> CardState | None:
    return CardState(card.card, card.due, card.reps, card.lapses) if card is not None else None


@dataclass(frozen=True)
class _Applied:
    """One answer worked out: the attempt and review-log rows to append, and the 错题本 entry and card after it."""

    attempt: dict[str, Any]
    log: dict[str, Any]
    wrong: WrongState | None
    card: CardState
    in_wrong_book: bool
    left_wrong_book: bool
    due: dt.datetime
    rating: int


def _apply_answer(
    user_id: int,
    question: Answered,
    given: Sequence[str],
    *,
    wrong: WrongState | None,
    card: CardState | None,
    source: str,
    session_id: int | None,
    elapsed_ms: int | None,
    now: dt.datetime,
    clear_after: int,
    request_id: str | None,
) -> _Applied:
    correct = is_correct(question.type, list(question.answer), given)
    attempt = {
        "user_id": user_id,
        "question_id": question.id,
        "qtype": question.type,
        "work": question.work,
        "refs": list(question.refs),
        "given": list(given),
        "correct": correct,
        "elapsed_ms": elapsed_ms,
        "source": source,
        "session_id": session_id,
        "answered_at": now,
        "request_id": request_id,
    }
    wrong, in_book, left = wrong_book_after(wrong, correct, now, clear_after)
    outcome = review(card.card if card else None, question.id, rating_for(question.type, correct, elapsed_ms), now, elapsed_ms)
    log = {
        "user_id": user_id,
        "question_id": question.id,
        "rating": outcome.rating,
        "reviewed_at": now,
        "duration_ms": elapsed_ms,
        "due_before": card.due if card else None,
        "due_after": outcome.due,
        "stability": outcome.stability,
        "difficulty": outcome.difficulty,
    }
    after = CardState(outcome.card, outcome.due, (card.reps if card else 0) + 1, (card.lapses if card else 0) + (not correct))
    return _Applied(attempt, log, wrong, after, in_book, left, outcome.due, outcome.rating)


def record_answer(
    session: Session,
    user_id: int,
    row: QuestionRow,
    given: Sequence[str],
    *,
    source: str,
    session_id: int | None,
    elapsed_ms: int | None,
    now: dt.datetime,
    clear_after: int = WRONG_BOOK_CLEAR_AFTER,
    request_id: str | None = None,
) -> Outcome:
    """Store an answer: append the attempt, update the 错题本 and review the FSRS card (under :func:`lock_answers`)."""
    item, card = session.get(WrongItem, (user_id, row.id)), session.get(ReviewCard, (user_id, row.id))
    applied = _apply_answer(
        user_id,
        Answered.of(row),
        given,
        wrong=_wrong_state(item),
        card=_card_state(card),
        source=source,
        session_id=session_id,
        elapsed_ms=elapsed_ms,
        now=now,
        clear_after=clear_after,
        request_id=request_id,
    )
    if applied.wrong is not None and applied.wrong != _wrong_state(item):
        if item is None:
            session.add(WrongItem(user_id=user_id, question_id=row.id, **asdict(applied.wrong)))
        else:
            for field, value in asdict(applied.wrong).items():
                setattr(item, field, value)
    if card is None:
        session.add(ReviewCard(user_id=user_id, question_id=row.id, updated_at=now, **asdict(applied.card)))
    else:
        for field, value in asdict(applied.card).items():
            setattr(card, field, value)
        card.updated_at = now
    attempt = Attempt(**applied.attempt)
    session.add_all([attempt, ReviewLogRow(**applied.log)])
    session.flush()
    return Outcome(
        attempt=attempt,
        correct=attempt.correct,
        in_wrong_book=applied.in_wrong_book,
        left_wrong_book=applied.left_wrong_book,
        due=applied.due,
        rating=applied.rating,
    )


@dataclass(frozen=True)
class ReviewBasis:
    """What a batch of answers was worked out from, in a form cheap to read again: each card's review count and each
    错题本 entry's counts and clearing (every answer raises a card's ``reps``; every change of an entry moves one of these)."""

    cards: frozenset[tuple[str, int]]
    wrong: frozenset[tuple[str, int, int, dt.datetime | None]]


def _mine(model: type[WrongItem] | type[ReviewCard], user_id: int, ids: Sequence[str]) -> ColumnElement[bool]:
    return (model.user_id == user_id) & model.question_id.in_(list(ids))


def review_basis(session: Session, user_id: int, ids: Sequence[str]) -> ReviewBasis:
    """The :class:`ReviewBasis` of these questions for this user as stored now (two light queries)."""
    cards = select(ReviewCard.question_id, ReviewCard.reps).where(_mine(ReviewCard, user_id, ids))
    wrong = select(WrongItem.question_id, WrongItem.wrong_count, WrongItem.right_streak, WrongItem.cleared_at).where(
        _mine(WrongItem, user_id, ids)
    )
    return ReviewBasis(
        frozenset((q, r) for q, r in session.execute(cards)), frozenset((q, n, s, c) for q, n, s, c in session.execute(wrong))
    )


@dataclass(frozen=True)
class AnswerPlan:
    """Many answers worked out (:func:`plan_answers`), ready to be written by :func:`write_answers`."""

    user_id: int
    ids: list[str]
    basis: ReviewBasis
    attempts: list[dict[str, Any]]
    logs: list[dict[str, Any]]
    new_wrong: list[dict[str, Any]]
    changed_wrong: list[dict[str, Any]]
    new_cards: list[dict[str, Any]]
    changed_cards: list[dict[str, Any]]


def plan_answers(
    session: Session,
    user_id: int,
    answers: Sequence[tuple[Answered, Sequence[str]]],
    *,
    source: str,
    session_id: int | None,
    now: dt.datetime,
    clear_after: int = WRONG_BOOK_CLEAR_AFTER,
) -> AnswerPlan:
    """Work out many answers (a hand-in's 80), in order, as :func:`record_answer` stores each, without writing them.

    The 错题本 entries and cards of all of them are read in two queries. Nothing here needs the user's lock: the plan
    holds the :class:`ReviewBasis` it was made from, and a caller under the lock writes it only if that is still
    what is stored (:func:`review_basis`), else plans again.
    """
    ids = list({q.id for q, _ in answers})
    wrong_rows = select(WrongItem.question_id, *WRONG_COLUMNS).where(_mine(WrongItem, user_id, ids))
    card_rows = select(ReviewCard.question_id, *CARD_COLUMNS).where(_mine(ReviewCard, user_id, ids))
    before_wrong: dict[str, WrongState | None] = {r[0]: WrongState(*r[1:]) for r in session.execute(wrong_rows)}
    before_cards: dict[str, CardState | None] = {r[0]: CardState(*r[1:]) for r in session.execute(card_rows)}
    basis = ReviewBasis(
        frozenset((q, c.reps) for q, c in before_cards.items() if c is not None),
        frozenset((q, w.wrong_count, w.right_streak, w.cleared_at) for q, w in before_wrong.items() if w is not None),
    )
    wrong, cards = dict(before_wrong), dict(before_cards)
    attempts, logs = [], []
    for question, given in answers:
        applied = _apply_answer(
            user_id,
            question,
            given,
            wrong=wrong.get(question.id),
            card=cards.get(question.id),
            source=source,
            session_id=session_id,
            elapsed_ms=None,
            now=now,
            clear_after=clear_after,
            request_id=None,
        )
        wrong[question.id], cards[question.id] = applied.wrong, applied.card
        attempts.append(applied.attempt)
        logs.append(applied.log)
    new_wrong, changed_wrong = _new_and_changed(user_id, before_wrong, wrong, {})
    new_cards, changed_cards = _new_and_changed(user_id, before_cards, cards, {"updated_at": now})
    return AnswerPlan(user_id, ids, basis, attempts, logs, new_wrong, changed_wrong, new_cards, changed_cards)


State = TypeVar("State", WrongState, CardState)


def _new_and_changed(
    user_id: int, before: Mapping[str, State | None], after: Mapping[str, State | None], stamp: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows to insert and the rows to update (by primary key) to go from ``before`` to ``after``."""
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    for qid, state in after.items():
        if state is not None and state != before.get(qid):
            rows[qid in before].append({"user_id": user_id, "question_id": qid} | stamp | vars(state))
    return rows


def write_answers(session: Session, plan: AnswerPlan) -> None:
    """Write what :func:`plan_answers` worked out: one statement per table and kind (executemany), not one per answer."""
    session.flush()
    tables = ((WrongItem, plan.new_wrong, plan.changed_wrong), (ReviewCard, plan.new_cards, plan.changed_cards))
    for model, new, changed in tables:
        table: Any = model.__table__  # Core statements: the ORM's bulk path costs more than the rows' own work
        if new:
            session.execute(insert(table), new)
        if changed:
            session.execute(_update_by_key(table, changed[0]), [{f"k_{k}": v for k, v in row.items()} for row in changed])
    if plan.attempts:  # no ids are needed back
        session.execute(insert(_table(Attempt)), plan.attempts)
        session.execute(insert(_table(ReviewLogRow)), plan.logs)


def _table(model: type[Attempt] | type[ReviewLogRow]) -> Any:
    return model.__table__


def _update_by_key(table: Any, row: dict[str, Any]) -> Any:
    """``UPDATE table SET … WHERE user_id = … AND question_id = …`` for executemany, its parameters named ``k_<column>``."""
    keys = ("user_id", "question_id")
    where = [table.c[k] == bindparam(f"k_{k}") for k in keys]
    return update(table).where(*where).values({c: bindparam(f"k_{c}") for c in row if c not in keys})


def source_links(
    session: Session, refs: Sequence[str], bank: BankCache | None = None, *, version: int | None = None
) -> list[dict[str, str]]:
    """The clauses a question cites, named the way a citation prints them; with ``bank``, each named once per bank
    version (a build rebuilds the clauses and raises the version in one transaction), ``version`` if it was read."""

    def read(wanted: Sequence[str]) -> dict[str, dict[str, str]]:
        found = store.get_clauses(session, wanted)  # one query, not one per ref (a result page cites 80 questions' clauses)
        return {ref: {"ref": ref, "label": clause_label(c), "title": full_title(c.work)} for ref, c in found.items()}

    if bank is None:
        named = read(refs)
    else:
        named = bank.many(version if version is not None else bank_version(session), "citation", refs, read)
    return [dict(named[ref]) if ref in named else {"ref": ref, "label": ref, "title": "（已不在当前语料中）"} for ref in refs]


def answer_text(row: QuestionRow | dict[str, Any]) -> str:
    """The key as a reader sees it: "B. 5", "A、C、D", "正确", "5（或：五）"."""
    data = row if isinstance(row, dict) else {"type": row.type, "answer": row.answer, "options": row.options}
    keys, options = list(data["answer"]), list(data["options"] or [])
    if data["type"] in (SINGLE, MULTI):
        return "；".join(f"{k}. {options[LETTERS.index(k)]}" for k in keys if k in LETTERS[: len(options)])
    if data["type"] == CLOZE and len(keys) > 1:
        return f"{keys[0]}（或：{SPELLING_SEPARATOR.join(keys[1:])}）"
    return "、".join(keys)


@dataclass(frozen=True)
class Citing:
    """What the feedback on an answer shows besides the answer: the sources the question cites, and its star."""

    sources: list[dict[str, str]]
    favourite: bool


def citing(
    session: Session, user_id: int, row: QuestionRow, bank: BankCache | None = None, *, version: int | None = None
) -> Citing:
    """Read what the feedback on an answer to this question cites and whether this user starred it."""
    sources = source_links(session, row.refs, bank, version=version)
    return Citing(sources, session.get(Favourite, (user_id, row.id)) is not None)


def _feedback(
    session: Session,
    row: QuestionRow,
    attempt: Attempt,
    *,
    in_book: bool,
    left: bool,
    due: dt.datetime | None,
    cited: Citing | None = None,
) -> dict[str, Any]:
    cited = cited or citing(session, attempt.user_id, row)
    return {
        "attempt_id": attempt.id,
        "question_id": row.id,
        "correct": attempt.correct,
        "given": list(attempt.given),
        "answer": list(row.answer),
        "answer_text": answer_text(row),
        "explanation": row.explanation,
        "sources": cited.sources,
        "in_wrong_book": in_book,
        "left_wrong_book": left,
        "favourite": cited.favourite,
        "next_review": utc(due).isoformat() if due else None,
    }


def feedback(session: Session, row: QuestionRow, outcome: Outcome, cited: Citing | None = None) -> dict[str, Any]:
    """What the candidate sees right after answering: right or wrong, the key, the explanation, the sources."""
    result = _feedback(
        session, row, outcome.attempt, in_book=outcome.in_wrong_book, left=outcome.left_wrong_book, due=outcome.due, cited=cited
    )
    return result | {"rating": outcome.rating}


def public_question(row: QuestionRow, *, with_answer: bool) -> dict[str, Any]:
    """A question as sent to someone about to answer it (the key only in 背题模式)."""
    data: dict[str, Any] = {
        "id": row.id,
        "type": row.type,
        "type_label": TYPE_LABELS[row.type],
        "stem": row.stem,
        "options": list(row.options or []),
        "work": row.work,
        "refs": list(row.refs or []),
    }
    if row.type == JUDGE:
        data["options"] = ["正确", "错误"]
    if row.type == CLOZE and row.answer:
        # a hint a phone user needs before typing: how long the printed answer is (spaces and punctuation not counted)
        data["answer_length"] = len(normalise_answer(row.answer[0]))
    if with_answer:
        data["answer"] = list(row.answer)
        data["answer_text"] = answer_text(row)
        data["explanation"] = row.explanation
    return data


# ---- sessions ------------------------------------------------------------------------------------


def _active_rows(
    session: Session, *, work: str | None, chapter: str | None, qtype: str | None, bank: BankCache | None = None
) -> list[PoolEntry]:
    """The active questions of a drill's choice; a chapter's are those whose first source lies in it (as the
    chapter menu counts them: an item over a whole document belongs to the chapter of its first option),
    a clause's (练本条) every one that cites it."""
    pool = question_pool(session, work=work, type=qtype, ref=chapter, bank=bank)
    if not chapter or chapter_of(chapter) != chapter:
        return pool  # 练本条: every question on the clause or its sub-clauses
    return [e for e in pool if question_chapter(e.refs, e.work) == chapter]


def _queue(
    session: Session,
    user_id: int,
    mode: str,
    *,
    work: str | None,
    chapter: str | None,
    qtype: str | None,
    count: int,
    now: dt.datetime,
    rng: random.Random,
    bank: BankCache | None,
) -> list[str]:
    if mode in ("order", "clause"):
        rows = _active_rows(session, work=work, chapter=chapter, qtype=qtype, bank=bank)
        type_rank = {t: i for i, t in enumerate(TYPES)}
        rows.sort(key=lambda r: (r.work, ref_order(r.refs[0]) if r.refs else (), type_rank.get(r.type, 9), r.position))
        return [r.id for r in rows]
    if mode in ("random", "type"):
        if mode == "type" and not qtype:
            raise InvalidInput("按题型练习要选一个题型")
        rows = _active_rows(session, work=work, chapter=chapter, qtype=qtype, bank=bank)
        return [r.id for r in apart_sample(rows, lambda r: span_parts(r.span_key), count, rng)]
    active = {r.id for r in _active_rows(session, work=work, chapter=chapter, qtype=qtype, bank=bank)}
    if mode == "wrong":
        items = session.scalars(
            select(WrongItem)
            .where(WrongItem.user_id == user_id, WrongItem.cleared_at.is_(None))
            .order_by(WrongItem.last_wrong_at.desc())
        )
        return [i.question_id for i in items if i.question_id in active][:count]
    if mode == "favourites":
        favs = session.scalars(select(Favourite).where(Favourite.user_id == user_id).order_by(Favourite.created_at.desc()))
        return [f.question_id for f in favs if f.question_id in active][:count]
    if mode == "due":
        cards = session.scalars(
            select(ReviewCard)
            .where(ReviewCard.user_id == user_id, ReviewCard.due <= day_end(local_day(now)))
            .order_by(ReviewCard.due, ReviewCard.question_id)
        )
        return [c.question_id for c in cards if c.question_id in active][:count]
    raise InvalidInput(f"不认识的练习方式：{mode}（可选：{'、'.join(MODES)}）")


EMPTY_QUEUE = {
    "order": "这一章还没有题目",
    "random": "没有符合条件的题目",
    "type": "没有这种题型的题目",
    "wrong": "错题本是空的：答错的题会自动收进来",
    "favourites": "还没有收藏题目：练习时点“收藏”",
    "due": "今天没有要复习的题目",
    "clause": "这一条还没有题目",
}


def start_practice(
    session: Session,
    user_id: int,
    mode: str,
    *,
    now: dt.datetime,
    rng: random.Random,
    work: str | None = None,
    chapter: str | None = None,
    qtype: str | None = None,
    count: int = DEFAULT_COUNT,
    memorise: bool = False,
    resume: bool = True,
    bank: BankCache | None = None,
) -> PracticeSession:
    """Start a drill, or, in chapter order, resume the unfinished one with the same choice.

    With ``bank`` (the process's :class:`~quiz.bank.BankCache`) the questions to draw from are read once per bank version.
    """
    if mode not in MODES:
        raise InvalidInput(f"不认识的练习方式：{mode}（可选：{'、'.join(MODES)}）")
    if qtype and qtype not in TYPES:
        raise InvalidInput(f"题型只能是 {'、'.join(TYPES)}")
    if chapter and work and mode != "clause" and chapter_of(chapter) != chapter:
        raise InvalidInput(f"章节要写成“作品/序号”，如 {work}/2")
    if mode == "clause" and not chapter:
        raise InvalidInput("练本条要给出条款（chapter 写条款引用号）")
    if chapter and not work:
        work = chapter.split("/", 1)[0]
    count = max(1, min(int(count), MAX_COUNT))
    params = {"work": work, "chapter": chapter, "type": qtype, "count": count if mode not in ("order", "clause") else None}
    if mode in ("order", "clause") and resume:
        earlier = session.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.user_id == user_id,
                PracticeSession.mode == mode,
                PracticeSession.finished_at.is_(None),
                PracticeSession.memorise == memorise,
            )
            .order_by(PracticeSession.updated_at.desc())
        )
        for s in earlier:
            if s.params == params:
                return s
    queue = _queue(session, user_id, mode, work=work, chapter=chapter, qtype=qtype, count=count, now=now, rng=rng, bank=bank)
    if not queue:
        raise InvalidInput(EMPTY_QUEUE[mode])
    practice = PracticeSession(
        user_id=user_id,
        mode=mode,
        params=params,
        queue=queue,
        position=0,
        answered=0,
        correct=0,
        memorise=memorise,
        created_at=now,
        updated_at=now,
    )
    session.add(practice)
    session.flush()
    return practice


def get_practice(session: Session, user_id: int, practice_id: int, *, fresh: bool = False) -> PracticeSession:
    """A practice session of this user (``fresh``: read again from the database)."""
    practice = session.get(PracticeSession, practice_id, populate_existing=fresh)
    if practice is None or practice.user_id != user_id:
        raise PracticeNotFound(f"没有这个练习：{practice_id}")
    return practice


Shown = TypeVar("Shown")


def _at_current(
    session: Session,
    practice: PracticeSession,
    now: dt.datetime,
    lookup: Callable[[str], Shown | None],
    active: Callable[[Shown], bool],
) -> Shown | None:
    """What ``lookup`` gives for the question the session is at, skipping any not ``active``; None (and finished) when done."""
    while practice.position < len(practice.queue):
        found = lookup(practice.queue[practice.position])
        if found is not None and active(found):
            return found
        practice.position += 1
    if practice.finished_at is None:
        practice.finished_at = now
        practice.updated_at = now
        session.flush()
    return None


def current_question(session: Session, practice: PracticeSession, *, now: dt.datetime) -> QuestionRow | None:
    """The question the session is at (skipping any retired since it started); None when done."""
    return _at_current(session, practice, now, lambda qid: session.get(QuestionRow, qid), lambda row: row.status == "active")


def practice_state(practice: PracticeSession) -> dict[str, Any]:
    """Where a session stands."""
    return {
        "id": practice.id,
        "mode": practice.mode,
        "mode_label": MODES[practice.mode],
        "params": dict(practice.params or {}),
        "memorise": practice.memorise,
        "total": len(practice.queue),
        "position": practice.position,
        "answered": practice.answered,
        "correct": practice.correct,
        "finished": practice.finished_at is not None,
    }


def _shown(session: Session, user_id: int, row: QuestionRow, memorise: bool) -> dict[str, Any]:
    """A question as a drill shows it: the key and sources only in 背题模式, and whether it is starred."""
    question = public_question(row, with_answer=memorise)
    question["favourite"] = session.get(Favourite, (user_id, row.id)) is not None
    if memorise:
        question["sources"] = source_links(session, row.refs)
    return question


def _attempts(session: Session, practice: PracticeSession, *, request_id: str | None = None) -> list[Attempt]:
    """The answers given in this session, oldest first; with ``request_id``, in the same query, the user's answer sent
    with that key wherever it was given (so an answer's repeat is found without a second look-up)."""
    mine = (Attempt.session_id == practice.id) & (Attempt.source == "practice")
    if request_id is not None:
        mine = mine | (Attempt.request_id == request_id)
    return list(session.scalars(select(Attempt).where(Attempt.user_id == practice.user_id, mine).order_by(Attempt.id)))


def session_attempts(session: Session, practice: PracticeSession) -> dict[str, Attempt]:
    """The latest answer to each question answered in this session."""
    return {a.question_id: a for a in _attempts(session, practice)}


def practice_sheet(session: Session, practice: PracticeSession) -> list[dict[str, Any]]:
    """The session's 答题卡: each question's number and whether it was answered right, wrong, is current or still to do."""
    done = session_attempts(session, practice)
    sheet = []
    for index, qid in enumerate(practice.queue):
        attempt = done.get(qid)
        status = ("right" if attempt.correct else "wrong") if attempt else ("current" if index == practice.position else "todo")
        sheet.append({"index": index, "number": index + 1, "question_id": qid, "status": status})
    return sheet


def question_at(session: Session, user_id: int, practice_id: int, index: int) -> dict[str, Any]:
    """One question of a session by its place (a jump from the 答题卡 or 上一题): its feedback if answered, else the question."""
    practice = get_practice(session, user_id, practice_id)
    if not 0 <= index < len(practice.queue):
        raise InvalidInput(f"这次练习只有 {len(practice.queue)} 题，没有第 {index + 1} 题")
    qid = practice.queue[index]
    attempt = session_attempts(session, practice).get(qid)
    if attempt is not None:
        return {
            "session": practice_state(practice),
            "question": None,
            "feedback": answered_feedback(session, user_id, attempt),
        }
    row = get_question(session, qid)
    if row.status != "active":
        raise InvalidInput(f"第 {index + 1} 题已经停用")
    return {"session": practice_state(practice), "question": _shown(session, user_id, row, practice.memorise), "feedback": None}


def session_summary(session: Session, practice: PracticeSession) -> dict[str, Any]:
    """Where a session stands, told apart from the others: its mode, work, chapter or clause, and day."""
    state = practice_state(practice)
    params = state["params"]
    work_title = chapter_label = None
    if params.get("work"):
        try:
            work_title = store.get_work(session, params["work"]).title
        except NotFound:
            work_title = params["work"]
    if params.get("chapter"):
        try:
            chapter_label = clause_label(store.get_clause(session, params["chapter"]))
        except NotFound:
            chapter_label = params["chapter"]
    return state | {
        "work_title": work_title,
        "chapter_label": chapter_label,
        "type_label": TYPE_LABELS.get(params.get("type") or "", None),
        "updated_at": utc(practice.updated_at).isoformat(),
        "day": local_day(practice.updated_at).isoformat(),
    }


@dataclass(frozen=True)
class ShownQuestion:
    """A question as a drill shows it (:func:`public_question`, without and with its key), made once per bank version."""

    id: str
    active: bool
    refs: tuple[str, ...]
    plain: Mapping[str, Any]
    keyed: Mapping[str, Any]

    @classmethod
    def of(cls, row: QuestionRow) -> ShownQuestion:
        """What a drill shows of this row."""

        def frozen(data: dict[str, Any]) -> Mapping[str, Any]:
            return MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})

        plain, keyed = public_question(row, with_answer=False), public_question(row, with_answer=True)
        return cls(row.id, row.status == "active", tuple(row.refs or ()), frozen(plain), frozen(keyed))

    def view(self, *, with_answer: bool) -> dict[str, Any]:
        """A fresh dict to send (the cached one is shared by every request of the process)."""
        data = self.keyed if with_answer else self.plain
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def shown_question(session: Session, bank: BankCache, version: int | None, qid: str) -> ShownQuestion | None:
    """What a drill shows of question ``qid`` at bank version ``version``, read once per version (None: no such question)."""

    def read() -> ShownQuestion | None:
        row = session.get(QuestionRow, qid)
        return ShownQuestion.of(row) if row is not None else None

    return bank.at(version, ("shown", qid), read)


def _queue_item(dialect: str) -> ColumnElement[str]:
    """The id at the session's position in its queue, in SQL (NULL past the end)."""
    if dialect == "sqlite":
        path = literal("$[") + cast(PracticeSession.position, String) + literal("]")
        return cast(func.json_extract(PracticeSession.queue, path), String)
    item: ColumnElement[str] = PracticeSession.queue[PracticeSession.position].as_string()
    return item


@functools.cache
def _to_show_statement(dialect: str) -> Select[tuple[PracticeSession, Any, bool]]:
    # built once per dialect, not per request: composing the expressions cost more than running them
    starred = exists().where(Favourite.user_id == bindparam("user_id"), Favourite.question_id == _queue_item(dialect))
    return select(PracticeSession, bank_version_column(), starred).where(PracticeSession.id == bindparam("practice_id"))


def _practice_to_show(session: Session, user_id: int, practice_id: int) -> tuple[PracticeSession, int | None, bool]:
    """A session of this user, with in the same statement the bank's version and whether its current question is starred."""
    stmt = _to_show_statement(session.get_bind().dialect.name)
    found = session.execute(stmt, {"user_id": user_id, "practice_id": practice_id}).one_or_none()
    if found is None or found[0].user_id != user_id:
        raise PracticeNotFound(f"没有这个练习：{practice_id}")
    return found[0], bank_version_of(found[1]), bool(found[2])


def next_question(
    session: Session, user_id: int, practice_id: int, *, now: dt.datetime, bank: BankCache | None = None
) -> dict[str, Any]:
    """The session's state and its current question (with the key in 背题模式), or done.

    One statement when ``bank`` (the process's :class:`~quiz.bank.BankCache`) holds the question: the session with the bank's
    version and the star; more only when retired questions are skipped or 背题模式 cites its sources.
    """
    practice, version, starred = _practice_to_show(session, user_id, practice_id)
    cache = bank if bank is not None else BankCache(size=0)
    at = practice.position
    shown = _at_current(session, practice, now, lambda qid: shown_question(session, cache, version, qid), lambda q: q.active)
    if shown is None:
        return {"session": practice_state(practice), "question": None}
    question = shown.view(with_answer=practice.memorise)
    question["favourite"] = starred if practice.position == at else session.get(Favourite, (user_id, shown.id)) is not None
    if practice.memorise:
        question["sources"] = source_links(session, list(shown.refs))
    return {"session": practice_state(practice), "question": question}


def answer_practice(
    session: Session,
    user_id: int,
    practice_id: int,
    question_id: str,
    raw: str | Sequence[str] | None,
    *,
    now: dt.datetime,
    elapsed_ms: int | None = None,
    clear_after: int = WRONG_BOOK_CLEAR_AFTER,
    request_id: str | None = None,
    bank: BankCache | None = None,
) -> dict[str, Any]:
    """Answer a question of the session (the current one, or one jumped to) and get the feedback; the session moves on.

    A repeat — the same ``request_id`` again, or a question of the session answered already (a double tap,
    a resent form) — gets the first answer's result and stores nothing. With ``bank`` (the process's
    :class:`~quiz.bank.BankCache`) the citations and the next question to show are named from it.
    """
    key = check_request_id(request_id)
    # The question and what its feedback cites are read before the lock: no answer of this user changes them, and
    # on SQLite the lock is the whole database's one write lock, which every candidate's answers and saves queue for.
    row = session.get(QuestionRow, question_id)
    version = bank_version(session) if bank is not None else None
    cited = citing(session, user_id, row, bank, version=version) if row is not None else None
    lock_answers(session, user_id)
    practice = get_practice(session, user_id, practice_id, fresh=True)
    answered = _attempts(session, practice, request_id=key)  # with the answer first sent with this key, if any
    first = next((a for a in answered if key is not None and a.request_id == key), None)
    if first is not None:
        return _repeated(session, user_id, first)
    done = {a.question_id: a for a in answered if a.session_id == practice.id and a.source == "practice"}
    if question_id in done:
        return _repeated(session, user_id, done[question_id])
    if question_id not in practice.queue:
        raise InvalidInput("这道题不在这次练习里（可能已经答过了），请刷新")
    index = practice.queue.index(question_id)
    if row is None or row.status != "active":
        raise InvalidInput("这道题已经停用，请换一题")
    if practice.memorise:
        raise InvalidInput("背题模式不用作答：看完点“下一题”")
    given = parse_given(row.type, raw, len(row.options or []) or 5)
    if not given:
        raise InvalidInput("还没有作答")
    outcome = record_answer(
        session,
        user_id,
        row,
        given,
        source="practice",
        session_id=practice.id,
        elapsed_ms=elapsed_ms,
        now=now,
        clear_after=clear_after,
        request_id=key,
    )
    if index == practice.position:  # on to the next question not answered yet (a jump may have answered some)
        practice.position = next(
            (i for i in range(index + 1, len(practice.queue)) if practice.queue[i] not in done), len(practice.queue)
        )
    practice.answered += 1
    practice.correct += int(outcome.correct)
    practice.updated_at = now
    if bank is not None:  # skip any question retired since the drill started, by what the bank keeps of it
        _at_current(session, practice, now, lambda qid: shown_question(session, bank, version, qid), lambda q: q.active)
    else:
        current_question(session, practice, now=now)
    session.flush()
    result = feedback(session, row, outcome, cited)
    result["session"] = practice_state(practice)
    return result


def _stored_feedback(session: Session, user_id: int, attempt: Attempt) -> tuple[QuestionRow, dict[str, Any]]:
    if attempt.user_id != user_id:
        raise NotFound("没有这条作答记录")
    row = get_question(session, attempt.question_id)
    wrong = session.get(WrongItem, (user_id, row.id))
    card = session.get(ReviewCard, (user_id, row.id))
    in_book = wrong is not None and wrong.cleared_at is None
    left = wrong is not None and wrong.cleared_by == "streak" and wrong.cleared_at == attempt.answered_at
    return row, _feedback(session, row, attempt, in_book=in_book, left=left, due=card.due if card else None)


def answered_feedback(session: Session, user_id: int, attempt: Attempt) -> dict[str, Any]:
    """The feedback of an answer already given (shown again after a reload)."""
    row, result = _stored_feedback(session, user_id, attempt)
    return result | {"question": public_question(row, with_answer=True)}


def _repeated(session: Session, user_id: int, attempt: Attempt) -> dict[str, Any]:
    """What the first request for this answer returned (the rating follows from the stored answer)."""
    row, result = _stored_feedback(session, user_id, attempt)
    practice = get_practice(session, user_id, attempt.session_id) if attempt.session_id else None
    rating = int(rating_for(row.type, attempt.correct, attempt.elapsed_ms))
    shown = {"question": public_question(row, with_answer=True), "rating": rating}
    return result | shown | ({"session": practice_state(practice)} if practice else {})


def skip_question(session: Session, user_id: int, practice_id: int, question_id: str, *, now: dt.datetime) -> PracticeSession:
    """Move past the current question without answering (and onwards in 背题模式)."""
    practice = get_practice(session, user_id, practice_id)
    row = current_question(session, practice, now=now)
    if row is not None and row.id == question_id:
        practice.position += 1
        practice.updated_at = now
        current_question(session, practice, now=now)
        session.flush()
    return practice


def recent_sessions(session: Session, user_id: int, limit: int = 10) -> list[PracticeSession]:
    """The user's latest practice sessions, unfinished ones first."""
    rows = session.scalars(
        select(PracticeSession).where(PracticeSession.user_id == user_id).order_by(PracticeSession.updated_at.desc()).limit(limit)
    )
    return sorted(rows, key=lambda s: s.finished_at is not None)


# ---- 错题本, favourites, due counts ---------------------------------------------------------------


Listed = TypeVar("Listed", WrongItem, Favourite)


def _with_questions(session: Session, listed: list[Listed]) -> list[tuple[Listed, QuestionRow | None]]:
    """Each entry of a list with its question (None when gone), read in one query rather than one per entry."""
    ids = [entry.question_id for entry in listed]
    rows = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(ids)))} if ids else {}
    return [(entry, rows.get(entry.question_id)) for entry in listed]


def wrong_book(session: Session, user_id: int) -> list[tuple[WrongItem, QuestionRow | None]]:
    """The questions in the user's 错题本, most recently missed first."""
    items = session.scalars(
        select(WrongItem)
        .where(WrongItem.user_id == user_id, WrongItem.cleared_at.is_(None))
        .order_by(WrongItem.last_wrong_at.desc())
    )
    return _with_questions(session, list(items))


def remove_wrong(session: Session, user_id: int, question_id: str, *, now: dt.datetime) -> None:
    """Take a question out of the 错题本 by hand."""
    item = session.get(WrongItem, (user_id, question_id))
    if item is None or item.cleared_at is not None:
        raise NotFound(f"错题本里没有这道题：{question_id}")
    item.cleared_at, item.cleared_by = now, "hand"
    session.flush()


def set_favourite(session: Session, user_id: int, question_id: str, on: bool, *, now: dt.datetime) -> bool:
    """Star or unstar a question; returns whether it is starred now (starring twice at once stars it once)."""
    get_question(session, question_id)
    if on:
        insert_missing(session, Favourite, {"user_id": user_id, "question_id": question_id, "created_at": now})
    else:
        session.execute(delete(Favourite).where(Favourite.user_id == user_id, Favourite.question_id == question_id))
    session.flush()
    return on


def favourite_ids(session: Session, user_id: int, question_ids: Sequence[str]) -> set[str]:
    """Which of these questions the user has starred."""
    if not question_ids:
        return set()
    rows = session.scalars(
        select(Favourite.question_id).where(Favourite.user_id == user_id, Favourite.question_id.in_(list(question_ids)))
    )
    return set(rows)


def favourites(session: Session, user_id: int) -> list[tuple[Favourite, QuestionRow | None]]:
    """The user's starred questions, newest first."""
    favs = session.scalars(select(Favourite).where(Favourite.user_id == user_id).order_by(Favourite.created_at.desc()))
    return _with_questions(session, list(favs))


def due_counts(session: Session, user_id: int, *, now: dt.datetime) -> dict[str, int]:
    """How many questions are due for review today (overdue included) and tomorrow."""
    today_end = day_end(local_day(now))
    tomorrow_end = today_end + dt.timedelta(days=1)

    def count(*conds: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(ReviewCard).where(ReviewCard.user_id == user_id, *conds)) or 0)

    return {
        "today": count(ReviewCard.due <= today_end),
        "tomorrow": count(ReviewCard.due > today_end, ReviewCard.due <= tomorrow_end),
        "cards": count(),
    }


def practice_outline(session: Session, bank: BankCache | None = None) -> list[dict[str, Any]]:
    """Works and their chapters with how many active questions each has (the menu of ordered drills).

    With ``bank`` (the process's :class:`~quiz.bank.BankCache`) it is worked out once per bank version (a build
    rebuilds the clauses that name the chapters in the same transaction) and each caller gets a copy.
    """
    if bank is not None:
        return copy.deepcopy(bank.current(session, "outline", lambda: practice_outline(session)))
    active = session.execute(select(QuestionRow.work, QuestionRow.refs).where(QuestionRow.status == "active"))
    counts: dict[str, dict[str, int]] = {}
    for work_slug, refs in active:  # two columns, not whole questions: this is every page view of the menu
        chapter = question_chapter(refs, work_slug)
        counts.setdefault(work_slug, {}).setdefault(chapter, 0)
        counts[work_slug][chapter] += 1
    heads = store.get_clauses(session, (c for by_chapter in counts.values() for c in by_chapter))
    outline = []
    for work in store.list_works(session):
        chapters: list[dict[str, Any]] = []
        for chapter, n in sorted(counts.get(work.slug, {}).items(), key=lambda kv: ref_order(kv[0])):
            label = clause_label(heads[chapter]) if chapter in heads else chapter
            chapters.append({"ref": chapter, "label": label, "count": n})
        if chapters:
            outline.append(
                {"work": work.slug, "title": work.title, "count": sum(c["count"] for c in chapters), "chapters": chapters}
            )
    return outline


GONE = "（这道题已不在题库中）"


def _listed(question_id: str, row: QuestionRow | None) -> dict[str, Any]:
    return public_question(row, with_answer=True) if row else {"id": question_id, "stem": GONE}


def wrong_book_view(
    session: Session, user_id: int, *, work: str | None = None, chapter: str | None = None, qtype: str | None = None
) -> dict[str, Any]:
    """The 错题本 as plain data, filtered by work, chapter and type: each question with its key, how often missed,
    the current right streak; and what each filter would keep (work, chapter, type with counts)."""
    if qtype and qtype not in TYPES:
        raise InvalidInput(f"题型只能是 {'、'.join(TYPES)}，收到“{qtype}”")
    items = [(w, row) for w, row in wrong_book(session, user_id)]
    starred = favourite_ids(session, user_id, [w.question_id for w, _ in items])

    def place(row: QuestionRow | None) -> tuple[str, str, str]:
        if row is None:
            return "", "", ""
        return row.work, question_chapter(row.refs, row.work), row.type

    facets: dict[str, dict[str, int]] = {"work": {}, "chapter": {}, "type": {}}
    kept = []
    for w, row in items:
        w_work, w_chapter, w_type = place(row)
        if row is not None:
            facets["work"][w_work] = facets["work"].get(w_work, 0) + 1
            if not work or w_work == work:
                facets["chapter"][w_chapter] = facets["chapter"].get(w_chapter, 0) + 1
            facets["type"][w_type] = facets["type"].get(w_type, 0) + 1
        if (work and w_work != work) or (chapter and w_chapter != chapter) or (qtype and w_type != qtype):
            continue
        kept.append(
            {
                "question": _listed(w.question_id, row),
                "favourite": w.question_id in starred,
                "wrong_count": w.wrong_count,
                "right_streak": w.right_streak,
                "last_wrong_at": w.last_wrong_at.isoformat(),
            }
        )
    titles = {x.slug: x.title for x in store.list_works(session)}
    heads = store.get_clauses(session, facets["chapter"])  # one query, whatever the number of chapters
    chapter_labels = {ref: clause_label(heads[ref]) if ref in heads else ref for ref in facets["chapter"]}
    return {
        "items": kept,
        "total": len(items),
        "filters": {"work": work, "chapter": chapter, "type": qtype},
        "facets": {
            "work": [{"value": k, "label": titles.get(k, k), "count": n} for k, n in facets["work"].items()],
            "chapter": [
                {"value": k, "label": chapter_labels[k], "count": n}
                for k, n in sorted(facets["chapter"].items(), key=lambda kv: (kv[0].split("/")[0], ref_order(kv[0])))
            ],
            "type": [{"value": t, "label": TYPE_LABELS[t], "count": facets["type"][t]} for t in TYPES if t in facets["type"]],
        },
    }


def favourites_view(session: Session, user_id: int) -> list[dict[str, Any]]:
    """The starred questions as plain data, newest first, each with its key."""
    return [
        {"question": _listed(f.question_id, row), "created_at": f.created_at.isoformat()}
        for f, row in favourites(session, user_id)
    ]
