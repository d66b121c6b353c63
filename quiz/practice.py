"""Drilling: practice sessions, recording answers, the 错题本, favourites and the due queue.

Every answer — in practice or in a mock exam — goes through :func:`record_answer`: it appends an
``attempt``, moves the question in or towards out of the 错题本, and reviews the question's FSRS
card (appending a ``review_log`` row). A practice session fixes its queue of question ids when it
starts, so "where you left off" is a position in that queue; questions retired by a later rebuild
are skipped, never shown broken.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from kb import store
from kb.views import clause_label, full_title
from quiz.bank import PoolEntry, get_question, question_pool
from quiz.model import CLOZE, JUDGE, LETTERS, MULTI, SINGLE, TYPE_LABELS, TYPES
from quiz.models import Attempt, Favourite, PracticeSession, QuestionRow, ReviewCard, ReviewLogRow, WrongItem
from quiz.paper import chapter_of
from quiz.schedule import day_end, local_day, rating_for, review, utc
from quiz.scoring import is_correct, parse_given

MODES = {
    "order": "按章节顺序",
    "random": "随机练习",
    "type": "按题型练习",
    "wrong": "错题本",
    "favourites": "我的收藏",
    "due": "今日复习",
}
DEFAULT_COUNT = 20
MAX_COUNT = 200
WRONG_BOOK_CLEAR_AFTER = 2  # right answers in a row that take a question out of the 错题本


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


def _update_wrong_book(
    session: Session, user_id: int, qid: str, correct: bool, now: dt.datetime, clear_after: int
) -> tuple[bool, bool]:
    item = session.get(WrongItem, (user_id, qid))
    if not correct:
        if item is None:
            item = WrongItem(user_id=user_id, question_id=qid, wrong_count=0, right_streak=0, added_at=now, last_wrong_at=now)
            session.add(item)
        elif item.cleared_at is not None:
            item.added_at, item.cleared_at, item.cleared_by = now, None, None
        item.wrong_count += 1
        item.right_streak = 0
        item.last_wrong_at = now
        return True, False
    if item is None or item.cleared_at is not None:
        return False, False
    item.right_streak += 1
    if item.right_streak >= clear_after:
        item.cleared_at, item.cleared_by = now, "streak"
        return False, True
    return True, False


def _review_card(
    session: Session, user_id: int, row: QuestionRow, correct: bool, elapsed_ms: int | None, now: dt.datetime
) -> tuple[dt.datetime, int]:
    card = session.get(ReviewCard, (user_id, row.id))
    outcome = review(card.card if card else None, row.id, rating_for(row.type, correct, elapsed_ms), now, elapsed_ms)
    session.add(
        ReviewLogRow(
            user_id=user_id,
            question_id=row.id,
            rating=outcome.rating,
            reviewed_at=now,
            duration_ms=elapsed_ms,
            due_before=card.due if card else None,
            due_after=outcome.due,
            stability=outcome.stability,
            difficulty=outcome.difficulty,
        )
    )
    if card is None:
        card = ReviewCard(user_id=user_id, question_id=row.id, reps=0, lapses=0)
        session.add(card)
    card.card, card.due, card.updated_at = outcome.card, outcome.due, now
    card.reps += 1
    card.lapses += 0 if correct else 1
    return outcome.due, outcome.rating


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
) -> Outcome:
    """Store an answer: append the attempt, update the 错题本 and review the FSRS card."""
    correct = is_correct(row.type, row.answer, given)
    attempt = Attempt(
        user_id=user_id,
        question_id=row.id,
        qtype=row.type,
        work=row.work,
        refs=list(row.refs or []),
        given=list(given),
        correct=correct,
        elapsed_ms=elapsed_ms,
        source=source,
        session_id=session_id,
        answered_at=now,
    )
    session.add(attempt)
    in_book, left = _update_wrong_book(session, user_id, row.id, correct, now, clear_after)
    due, rating = _review_card(session, user_id, row, correct, elapsed_ms, now)
    session.flush()
    return Outcome(attempt=attempt, correct=correct, in_wrong_book=in_book, left_wrong_book=left, due=due, rating=rating)


def source_links(session: Session, refs: Sequence[str]) -> list[dict[str, str]]:
    """The clauses a question cites, named the way a citation prints them."""
    found = store.get_clauses(session, refs)  # one query, not one per ref (a result page cites 80 questions' clauses)
    links = []
    for ref in refs:
        clause = found.get(ref)
        if clause is None:
            links.append({"ref": ref, "label": ref, "title": "（已不在当前语料中）"})
            continue
        links.append({"ref": ref, "label": clause_label(clause), "title": full_title(clause.work)})
    return links


def answer_text(row: QuestionRow | dict[str, Any]) -> str:
    """The key as a reader sees it: "B. 5", "A、C、D", "正确", "5（或：五）"."""
    data = row if isinstance(row, dict) else {"type": row.type, "answer": row.answer, "options": row.options}
    keys, options = list(data["answer"]), list(data["options"] or [])
    if data["type"] in (SINGLE, MULTI):
        return "；".join(f"{k}. {options[LETTERS.index(k)]}" for k in keys if k in LETTERS[: len(options)])
    if data["type"] == CLOZE and len(keys) > 1:
        return f"{keys[0]}（或：{'、'.join(keys[1:])}）"
    return "、".join(keys)


def _feedback(
    session: Session, row: QuestionRow, attempt: Attempt, *, in_book: bool, left: bool, due: dt.datetime | None
) -> dict[str, Any]:
    return {
        "attempt_id": attempt.id,
        "question_id": row.id,
        "correct": attempt.correct,
        "given": list(attempt.given),
        "answer": list(row.answer),
        "answer_text": answer_text(row),
        "explanation": row.explanation,
        "sources": source_links(session, row.refs),
        "in_wrong_book": in_book,
        "left_wrong_book": left,
        "next_review": utc(due).isoformat() if due else None,
    }


def feedback(session: Session, row: QuestionRow, outcome: Outcome) -> dict[str, Any]:
    """What the candidate sees right after answering: right or wrong, the key, the explanation, the sources."""
    result = _feedback(
        session, row, outcome.attempt, in_book=outcome.in_wrong_book, left=outcome.left_wrong_book, due=outcome.due
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
    if with_answer:
        data["answer"] = list(row.answer)
        data["answer_text"] = answer_text(row)
        data["explanation"] = row.explanation
    return data


# ---- sessions ------------------------------------------------------------------------------------


def _active_rows(session: Session, *, work: str | None, chapter: str | None, qtype: str | None) -> list[PoolEntry]:
    return question_pool(session, work=work, type=qtype, ref=chapter)


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
) -> list[str]:
    if mode == "order":
        rows = _active_rows(session, work=work, chapter=chapter, qtype=qtype)
        type_rank = {t: i for i, t in enumerate(TYPES)}
        rows.sort(key=lambda r: (r.work, ref_order(r.refs[0]) if r.refs else (), type_rank.get(r.type, 9), r.position))
        return [r.id for r in rows]
    if mode in ("random", "type"):
        if mode == "type" and not qtype:
            raise InvalidInput("按题型练习要选一个题型")
        ids = [r.id for r in _active_rows(session, work=work, chapter=chapter, qtype=qtype)]
        return rng.sample(ids, min(count, len(ids)))
    active = {r.id for r in _active_rows(session, work=work, chapter=chapter, qtype=qtype)}
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
) -> PracticeSession:
    """Start a drill, or, in chapter order, resume the unfinished one with the same choice."""
    if mode not in MODES:
        raise InvalidInput(f"不认识的练习方式：{mode}（可选：{'、'.join(MODES)}）")
    if qtype and qtype not in TYPES:
        raise InvalidInput(f"题型只能是 {'、'.join(TYPES)}")
    if chapter and work and chapter_of(chapter) != chapter:
        raise InvalidInput(f"章节要写成“作品/序号”，如 {work}/2")
    if chapter and not work:
        work = chapter.split("/", 1)[0]
    count = max(1, min(int(count), MAX_COUNT))
    params = {"work": work, "chapter": chapter, "type": qtype, "count": count if mode != "order" else None}
    if mode == "order" and resume:
        earlier = session.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.user_id == user_id,
                PracticeSession.mode == "order",
                PracticeSession.finished_at.is_(None),
                PracticeSession.memorise == memorise,
            )
            .order_by(PracticeSession.updated_at.desc())
        )
        for s in earlier:
            if s.params == params:
                return s
    queue = _queue(session, user_id, mode, work=work, chapter=chapter, qtype=qtype, count=count, now=now, rng=rng)
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


def get_practice(session: Session, user_id: int, practice_id: int) -> PracticeSession:
    """A practice session of this user."""
    practice = session.get(PracticeSession, practice_id)
    if practice is None or practice.user_id != user_id:
        raise PracticeNotFound(f"没有这个练习：{practice_id}")
    return practice


def current_question(session: Session, practice: PracticeSession, *, now: dt.datetime) -> QuestionRow | None:
    """The question the session is at (skipping any retired since it started); None when done."""
    while practice.position < len(practice.queue):
        row = session.get(QuestionRow, practice.queue[practice.position])
        if row is not None and row.status == "active":
            return row
        practice.position += 1
    if practice.finished_at is None:
        practice.finished_at = now
        practice.updated_at = now
        session.flush()
    return None


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


def next_question(session: Session, user_id: int, practice_id: int, *, now: dt.datetime) -> dict[str, Any]:
    """The session's state and its current question (with the key in 背题模式), or done."""
    practice = get_practice(session, user_id, practice_id)
    row = current_question(session, practice, now=now)
    question = None
    if row is not None:
        question = public_question(row, with_answer=practice.memorise)
        question["favourite"] = session.get(Favourite, (user_id, row.id)) is not None
        if practice.memorise:
            question["sources"] = source_links(session, row.refs)
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
) -> dict[str, Any]:
    """Answer the session's current question and get the feedback; the session moves on."""
    practice = get_practice(session, user_id, practice_id)
    row = current_question(session, practice, now=now)
    if row is None or row.id != question_id:
        previous = practice.queue[practice.position - 1] if practice.position else None
        if previous == question_id:  # the same answer sent twice (a double tap, a resent form)
            attempt = session.scalars(
                select(Attempt)
                .where(Attempt.user_id == user_id, Attempt.session_id == practice.id, Attempt.source == "practice")
                .where(Attempt.question_id == question_id)
                .order_by(Attempt.id.desc())
            ).first()
            if attempt is not None:
                return answered_feedback(session, user_id, attempt)
        raise InvalidInput("这道题不是练习当前的题目（可能已经答过了），请刷新")
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
    )
    practice.position += 1
    practice.answered += 1
    practice.correct += int(outcome.correct)
    practice.updated_at = now
    session.flush()
    result = feedback(session, row, outcome)
    result["session"] = practice_state(practice)
    return result


def answered_feedback(session: Session, user_id: int, attempt: Attempt) -> dict[str, Any]:
    """The feedback of an answer already given (shown again after a reload)."""
    if attempt.user_id != user_id:
        raise NotFound("没有这条作答记录")
    row = get_question(session, attempt.question_id)
    wrong = session.get(WrongItem, (user_id, row.id))
    card = session.get(ReviewCard, (user_id, row.id))
    in_book = wrong is not None and wrong.cleared_at is None
    left = wrong is not None and wrong.cleared_by == "streak" and wrong.cleared_at == attempt.answered_at
    result = _feedback(session, row, attempt, in_book=in_book, left=left, due=card.due if card else None)
    return result | {"question": public_question(row, with_answer=True)}


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
    """Star or unstar a question; returns whether it is starred now."""
    get_question(session, question_id)
    fav = session.get(Favourite, (user_id, question_id))
    if on and fav is None:
        session.add(Favourite(user_id=user_id, question_id=question_id, created_at=now))
    elif not on and fav is not None:
        session.delete(fav)
    session.flush()
    return on


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


def practice_outline(session: Session) -> list[dict[str, Any]]:
    """Works and their chapters with how many active questions each has (the menu of ordered drills)."""
    active = session.execute(select(QuestionRow.work, QuestionRow.refs).where(QuestionRow.status == "active"))
    counts: dict[str, dict[str, int]] = {}
    for work_slug, refs in active:  # two columns, not whole questions: this is every page view of the menu
        chapter = chapter_of(refs[0]) if refs else work_slug
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


def wrong_book_view(session: Session, user_id: int) -> list[dict[str, Any]]:
    """The 错题本 as plain data: each question with its key, how often missed, the current right streak."""
    return [
        {
            "question": _listed(w.question_id, row),
            "wrong_count": w.wrong_count,
            "right_streak": w.right_streak,
            "last_wrong_at": w.last_wrong_at.isoformat(),
        }
        for w, row in wrong_book(session, user_id)
    ]


def favourites_view(session: Session, user_id: int) -> list[dict[str, Any]]:
    """The starred questions as plain data, newest first, each with its key."""
    return [
        {"question": _listed(f.question_id, row), "created_at": f.created_at.isoformat()}
        for f, row in favourites(session, user_id)
    ]
