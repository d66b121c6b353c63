"""Mock exams (模拟考试): papers, sittings with a server-side clock, submission and results.

A sitting keeps a snapshot of its questions as they were when it started, so its result reads the
same after any rebuild or edit of the bank. The deadline is stored with the sitting: answers saved
after it (plus a few seconds for the network) are refused, and the first request that finds a
sitting past its deadline submits what was answered.

Saves, hand-ins and starts of one user take turns (:func:`quiz.practice.lock_answers`) and read
the sitting after taking it: a hand-in scores every save acknowledged before it, and a save that
comes after it is refused (409), never acknowledged and then lost. A user has one running sitting
(a unique index); six quick starts open one. A sitting the schema upgrade closed because an older
version had let it run beside a newer one (``merged``) is scored the first time it is read.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.errors import Conflict, InvalidInput, NotFound
from kb import store
from quiz.bank import BankCache, ProcessCache, bank_version, list_questions, question_pool
from quiz.model import TYPE_LABELS
from quiz.models import ExamAnswer, ExamPaper, ExamSitting, QuestionRow
from quiz.paper import Candidate, assemble_paper, question_chapter
from quiz.practice import (
    AnswerPlan,
    answer_text,
    answered_questions,
    check_request_id,
    lock_answers,
    plan_answers,
    review_basis,
    source_links,
    write_answers,
)
from quiz.review import question_data
from quiz.schedule import utc
from quiz.scoring import EXAM_COUNTS, EXAM_MINUTES, PASS_MARK, POINTS, PaperScore, parse_given, score_paper

GRACE = dt.timedelta(seconds=10)
MERGED = "merged"  # closed by the schema upgrade beside a newer running sitting; scored when first read


class ExamNotFound(NotFound):
    """No sitting (or paper) with this id belongs to this user."""


class ExamClosed(Conflict):
    """The sitting is submitted or its time is up: no more answers."""


def paper_candidates(session: Session, bank: BankCache | None = None) -> list[Candidate]:
    """Every active question that may go into a paper (单选 and 多选); with ``bank``, worked out once per bank version."""

    def read() -> tuple[Candidate, ...]:
        return tuple(
            Candidate(id=r.id, qtype=r.type, work=r.work, chapter=question_chapter(r.refs, r.work), span_key=r.span_key)
            for r in question_pool(session)
            if r.type in EXAM_COUNTS
        )

    return list(bank.current(session, "paper candidates", read) if bank is not None else read())


PICK_LIMIT = 200


def pick_questions(
    session: Session,
    *,
    work: str | None = None,
    chapter: str | None = None,
    qtype: str | None = None,
    difficulty: int | None = None,
) -> list[dict[str, Any]]:
    """Questions a trainer may pick for a paper: 单选 and 多选 of a work, chapter, type and difficulty (1–5)."""
    if qtype and qtype not in EXAM_COUNTS:
        raise InvalidInput(f"试卷只用单选题和多选题，题型只能是 {'、'.join(EXAM_COUNTS)}")
    if difficulty is not None and not 1 <= difficulty <= 5:
        raise InvalidInput(f"难度应为 1–5，收到 {difficulty}")
    rows, _ = list_questions(session, work=work, type=qtype, ref=chapter)
    return [
        {"id": r.id, "type": r.type, "type_label": TYPE_LABELS[r.type], "difficulty": r.difficulty, "stem": r.stem}
        for r in rows
        if r.type in EXAM_COUNTS and (difficulty is None or r.difficulty == difficulty)
    ][:PICK_LIMIT]


def _snapshot(row: QuestionRow) -> dict[str, Any]:
    return question_data(row) | {"span_key": row.span_key}


def _snapshots(session: Session, ids: Sequence[str], bank: BankCache | None) -> list[dict[str, Any]]:
    """What a sitting keeps of each of these questions (InvalidInput naming any not in the bank); with ``bank``, each
    question's snapshot is made once per bank version and the sitting gets a copy of it."""
    if bank is None:
        return [_snapshot(r) for r in _rows(session, ids)]
    kept = bank.many(
        bank_version(session), "snapshot", ids, lambda missing: {r.id: _snapshot(r) for r in _rows(session, missing)}
    )
    return [dict(kept[i]) for i in ids]


def _rows(session: Session, ids: Sequence[str]) -> list[QuestionRow]:
    found = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(list(ids))))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(f"这些题号不在题库中：{'、'.join(missing[:10])}")
    return [found[i] for i in ids]


# ---- fixed papers (trainer) ----------------------------------------------------------------------


def check_paper(session: Session, ids: Sequence[str]) -> tuple[list[QuestionRow], list[str]]:
    """The questions of a hand-made paper, or InvalidInput; plus warnings that do not stop it."""
    ids = [i.strip() for i in ids if i.strip()]
    if not ids:
        raise InvalidInput("试卷里还没有题目")
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    if dupes:
        raise InvalidInput(f"这些题号重复了：{'、'.join(dupes)}")
    rows = _rows(session, ids)
    bad = [r.id for r in rows if r.type not in EXAM_COUNTS]
    if bad:
        raise InvalidInput(f"模拟考试只用单选题和多选题，这些不是：{'、'.join(bad[:10])}")
    retired = [r.id for r in rows if r.status != "active"]
    if retired:
        raise InvalidInput(f"这些题已停用：{'、'.join(retired[:10])}")
    spans = Counter(r.span_key for r in rows)
    same = [r.id for r in rows if spans[r.span_key] > 1]
    if same:
        raise InvalidInput(f"这些题考的是同一处原文，只能留一道：{'、'.join(same[:10])}")
    warnings = []
    counts = Counter(r.type for r in rows)
    for qtype, need in EXAM_COUNTS.items():
        if counts[qtype] != need:
            warnings.append(f"{TYPE_LABELS[qtype]} {counts[qtype]} 道（真题是 {need} 道）")
    rows.sort(key=lambda r: list(EXAM_COUNTS).index(r.type))  # 单选 before 多选, as printed
    return rows, warnings


def create_paper(
    session: Session, title: str, ids: Sequence[str], *, created_by: int | None, now: dt.datetime, seed: int | None = None
) -> tuple[ExamPaper, list[str]]:
    """Save a fixed paper a trainer put together; returns it with any warnings about its format."""
    title = title.strip()[:100]
    if not title:
        raise InvalidInput("试卷要有标题")
    rows, warnings = check_paper(session, ids)
    paper = ExamPaper(title=title, question_ids=[r.id for r in rows], seed=seed, created_by=created_by, created_at=now)
    session.add(paper)
    session.flush()
    return paper, warnings


def draw_paper(session: Session, seed: int, bank: BankCache | None = None) -> list[str]:
    """The ids of the paper the bank gives for this seed."""
    return assemble_paper(paper_candidates(session, bank), seed)


def list_papers(session: Session) -> list[ExamPaper]:
    """Fixed papers, newest first."""
    return list(session.scalars(select(ExamPaper).order_by(ExamPaper.id.desc())))


def get_paper(session: Session, paper_id: int) -> ExamPaper:
    """A fixed paper."""
    paper = session.get(ExamPaper, paper_id)
    if paper is None:
        raise ExamNotFound(f"没有这套试卷：{paper_id}")
    return paper


def paper_questions(session: Session, paper: ExamPaper) -> list[dict[str, Any]]:
    """The questions of a fixed paper for printing (those no longer in the bank are left out)."""
    found = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(list(paper.question_ids))))}
    return [_snapshot(found[i]) | {"answer_text": answer_text(found[i])} for i in paper.question_ids if i in found]


# ---- sittings ------------------------------------------------------------------------------------


def running_sitting(session: Session, user_id: int) -> ExamSitting | None:
    """The user's sitting that is started and not submitted, if any."""
    return session.scalars(
        select(ExamSitting)
        .where(ExamSitting.user_id == user_id, ExamSitting.submitted_at.is_(None))
        .order_by(ExamSitting.id.desc())
        .execution_options(populate_existing=True)
    ).first()


def start_exam(
    session: Session,
    user_id: int,
    *,
    now: dt.datetime,
    rng: random.Random,
    seed: int | None = None,
    paper_id: int | None = None,
    minutes: int = EXAM_MINUTES,
    bank: BankCache | None = None,
    papers: ProcessCache | None = None,
) -> ExamSitting:
    """Start a mock exam (a fresh paper from a seed, or a trainer's fixed paper); resume a running one.

    With ``bank`` the questions to draw from and their snapshots are read once per bank version; with ``papers``
    the new sitting's paper is kept for the requests that follow (:func:`paper_of`).
    """
    running = running_sitting(session, user_id)
    if running is not None and close_if_timed_out(session, running, now=now) is None:
        return running
    if paper_id is not None:
        ids = list(get_paper(session, paper_id).question_ids)
    else:
        seed = rng.randrange(1, 2**31) if seed is None else seed
        ids = draw_paper(session, seed, bank)
    items = _snapshots(session, ids, bank)
    lock_answers(session, user_id)
    running = running_sitting(session, user_id)  # started by a request that held the lock before us
    if running is not None:
        return running
    sitting = ExamSitting(
        user_id=user_id,
        paper_id=paper_id,
        seed=seed if paper_id is None else None,
        items=items,
        started_at=now,
        deadline=now + dt.timedelta(minutes=minutes),
        result={},
    )
    session.add(sitting)
    session.flush()
    if papers is not None:
        papers.put(_paper_key(sitting), items)
    return sitting


def _paper_key(sitting: ExamSitting) -> tuple[int, dt.datetime]:
    # a sitting's paper is written once, when it starts, and never changed; its start time beside the id, so that
    # an id given again (SQLite may reuse the highest one if that row went) cannot find another sitting's paper
    return sitting.id, utc(sitting.started_at)


def paper_of(sitting: ExamSitting, papers: ProcessCache | None = None) -> list[dict[str, Any]]:
    """A sitting's paper (its 80 question snapshots): with ``papers`` (the process's cache) decoded once per process,
    not on every view, hand-in and result. Callers must not change it."""
    if papers is None:
        return sitting.items
    kept: list[dict[str, Any]] = papers.get(_paper_key(sitting), lambda: sitting.items)
    return kept


def get_sitting(session: Session, user_id: int, sitting_id: int, *, now: dt.datetime) -> ExamSitting:
    """A sitting of this user (submitted on the spot if its time ran out)."""
    sitting = session.get(ExamSitting, sitting_id)
    if sitting is None or sitting.user_id != user_id:
        raise ExamNotFound(f"没有这场考试：{sitting_id}")
    close_if_timed_out(session, sitting, now=now)
    return sitting


def close_if_timed_out(session: Session, sitting: ExamSitting, *, now: dt.datetime) -> ExamSitting | None:
    """Submit a sitting whose time is up (or score one the upgrade closed); returns it when that happened."""
    if sitting.submitted_by == MERGED and not sitting.result:
        return submit_exam(session, sitting, now=now, by=MERGED)
    if sitting.submitted_at is None and utc(now) > utc(sitting.deadline) + GRACE:
        submit_exam(session, sitting, now=utc(sitting.deadline), by="timeout")
        return sitting
    return None


def _answers(session: Session, sitting: ExamSitting) -> dict[int, ExamAnswer]:
    rows = session.scalars(
        select(ExamAnswer).where(ExamAnswer.sitting_id == sitting.id).execution_options(populate_existing=True)
    )
    return {a.position: a for a in rows}


def answered_count(session: Session, sitting: ExamSitting) -> int:
    """How many items of a sitting have an answer saved (what each autosave reports, without the whole paper)."""
    answered = select(func.count()).where(ExamAnswer.sitting_id == sitting.id, func.json_array_length(ExamAnswer.given) > 0)
    return int(session.scalar(answered) or 0)  # counted in SQL: decoding each item's answer cost more than the save itself


def sitting_item(
    session: Session, sitting: ExamSitting, position: int, papers: ProcessCache | None = None
) -> dict[str, Any] | None:
    """One item of a sitting's paper (None past its end): from the process's ``papers`` when it keeps the paper, else
    read alone — a save needs its type and options, not 80 snapshots."""
    if position < 0:
        return None
    kept: list[dict[str, Any]] | None = papers.peek(_paper_key(sitting)) if papers is not None else None
    if kept is not None:
        return kept[position] if position < len(kept) else None
    item: dict[str, Any] | None = session.scalar(select(ExamSitting.items[position]).where(ExamSitting.id == sitting.id))
    return item


def save_answer(
    session: Session,
    sitting: ExamSitting,
    position: int,
    raw: str | Sequence[str] | None,
    *,
    now: dt.datetime,
    flagged: bool | None = None,
    request_id: str | None = None,
    papers: ProcessCache | None = None,
) -> ExamAnswer:
    """Save (overwrite) the answer to one item and its flag; refused once submitted or out of time.

    The same save sent again (its ``request_id`` is the one that wrote the item) changes nothing and
    returns what it saved, even after the hand-in that took it.
    """
    key = check_request_id(request_id)
    item = sitting_item(session, sitting, position, papers)  # a paper never changes: read before the lock, which is held for less
    lock_answers(session, sitting.user_id)
    session.refresh(sitting, ["submitted_at", "submitted_by"])  # all a save or a hand-in changes of a running sitting
    answer = session.get(ExamAnswer, (sitting.id, position), populate_existing=True)  # read once, under the lock
    if key is not None and answer is not None and answer.request_id == key:
        return answer
    close_if_timed_out(session, sitting, now=now)
    if sitting.submitted_at is not None:
        if sitting.submitted_by == "timeout":
            raise ExamClosed("考试时间已到，已按已作答的内容自动交卷", submitted=True)
        raise ExamClosed("这场考试已经交卷，不能再改答案", submitted=True)
    if item is None:
        raise InvalidInput(f"这场考试没有第 {position + 1} 题")
    given = parse_given(item["type"], raw, len(item["options"]))
    if answer is None:
        answer = ExamAnswer(sitting_id=sitting.id, position=position, given=[], flagged=False, saved_at=now)
        session.add(answer)
    answer.given = given
    if flagged is not None:
        answer.flagged = flagged
    answer.saved_at = now
    answer.request_id = key
    session.flush()
    return answer


def _given(session: Session, sitting: ExamSitting) -> dict[int, list[Any]]:
    """The answers saved so far, by position (items without one left out): two light columns, not the ORM rows."""
    rows = session.execute(select(ExamAnswer.position, ExamAnswer.given).where(ExamAnswer.sitting_id == sitting.id))
    return {position: list(given) for position, given in rows if given}


@dataclass(frozen=True)
class _HandIn:
    """A hand-in worked out from the answers saved so far: the score, and the answers to record in the review state."""

    given: dict[int, list[Any]]
    score: PaperScore
    plan: AnswerPlan


def _work_out(
    session: Session, sitting: ExamSitting, given: dict[int, list[Any]], *, now: dt.datetime, papers: ProcessCache | None
) -> _HandIn:
    items = paper_of(sitting, papers)
    score = score_paper(((i["id"], i["type"], i["work"], i["answer"]) for i in items), given, pass_mark=PASS_MARK)
    questions = answered_questions(session, [items[position]["id"] for position in given])
    answered = [  # a question gone from the bank still counts in the score, not in the review state
        (questions[qid], chosen) for position, chosen in sorted(given.items()) if (qid := items[position]["id"]) in questions
    ]
    plan = plan_answers(session, sitting.user_id, answered, source="exam", session_id=sitting.id, now=now)
    return _HandIn(given, score, plan)


def submit_exam(
    session: Session, sitting: ExamSitting, *, now: dt.datetime, by: str = "candidate", papers: ProcessCache | None = None
) -> ExamSitting:
    """Hand in: score by the exam's rules, store the result, record every answered item (once, whoever hands in first).

    A running sitting is scored, and its answers worked out for the review state, *before* the user's lock (on
    SQLite the whole database's one write lock, which every candidate's answers and saves queue for). Under the
    lock the saved answers and the cards and 错题本 entries of the paper are read again, lightly: if a save or an
    answer landed in between, the hand-in is worked out afresh from what is stored, so every save acknowledged
    before it counts and none after it does.
    """
    early = (
        _work_out(session, sitting, _given(session, sitting), now=now, papers=papers) if sitting.submitted_at is None else None
    )
    lock_answers(session, sitting.user_id)
    session.refresh(sitting, ["submitted_at", "submitted_by", "score", "passed", "result"])
    if sitting.submitted_at is None:
        sitting.submitted_at, sitting.submitted_by = now, by
    elif sitting.result:
        return sitting
    given = _given(session, sitting)
    if early is None or early.given != given or review_basis(session, sitting.user_id, early.plan.ids) != early.plan.basis:
        early = _work_out(session, sitting, given, now=now, papers=papers)  # under the lock now: what is stored is what counts
    sitting.score, sitting.passed = early.score.total, early.score.passed
    sitting.result = early.score.as_dict()
    write_answers(session, early.plan)
    return sitting


def remaining_seconds(sitting: ExamSitting, now: dt.datetime) -> int:
    """Seconds left on the clock (0 once submitted or out of time)."""
    if sitting.submitted_at is not None:
        return 0
    return max(0, int((utc(sitting.deadline) - utc(now)).total_seconds()))


def sitting_header(sitting: ExamSitting) -> dict[str, Any]:
    """What every view of a sitting starts with: its id, how its paper was made, when it started."""
    return {
        "id": sitting.id,
        "seed": sitting.seed,
        "paper_id": sitting.paper_id,
        "started_at": utc(sitting.started_at).isoformat(),
    }


def exam_state(session: Session, sitting: ExamSitting, *, now: dt.datetime, papers: ProcessCache | None = None) -> dict[str, Any]:
    """A sitting as the exam page needs it: the items without keys, the answers so far, the clock."""
    answers = _answers(session, sitting)
    items = []
    for position, item in enumerate(paper_of(sitting, papers)):
        saved = answers.get(position)
        items.append(
            {
                "position": position,
                "number": position + 1,
                "id": item["id"],
                "type": item["type"],
                "type_label": TYPE_LABELS[item["type"]],
                "points": POINTS.get(item["type"], 0.0),
                "stem": item["stem"],
                "options": item["options"],
                "given": list(saved.given) if saved else [],
                "flagged": bool(saved and saved.flagged),
            }
        )
    return {
        **sitting_header(sitting),
        "deadline": utc(sitting.deadline).isoformat(),
        "remaining_seconds": remaining_seconds(sitting, now),
        "submitted": sitting.submitted_at is not None,
        "answered": sum(1 for i in items if i["given"]),
        "flagged": sum(1 for i in items if i["flagged"]),
        "total": len(items),
        "items": items,
    }


def exam_result(
    session: Session, sitting: ExamSitting, papers: ProcessCache | None = None, bank: BankCache | None = None
) -> dict[str, Any]:
    """A submitted sitting's result: total, pass or fail, points per work and type, every item explained."""
    if sitting.submitted_at is None:
        raise InvalidInput("还没有交卷")
    result = dict(sitting.result)
    titles = {w.slug: w.title for w in store.list_works(session)}
    by_work = [{"work": slug, "title": titles.get(slug, slug)} | bucket for slug, bucket in sorted(result["by_work"].items())]
    paper = paper_of(sitting, papers)
    cited = [ref for item in paper for ref in item["refs"]]
    links = {link["ref"]: link for link in source_links(session, cited, bank)}  # one lookup for the whole paper
    items = []
    for scored, item in zip(result["items"], paper, strict=True):
        items.append(
            scored
            | {
                "number": scored["position"] + 1,
                "stem": item["stem"],
                "options": item["options"],
                "type_label": TYPE_LABELS[item["type"]],
                "answer_text": answer_text(item),
                "explanation": item["explanation"],
                "sources": [links[ref] for ref in item["refs"]],
            }
        )
    return {
        **sitting_header(sitting),
        "submitted_at": utc(sitting.submitted_at).isoformat(),
        "submitted_by": sitting.submitted_by,
        "total": result["total"],
        "max_total": result["max_total"],
        "passed": result["passed"],
        "pass_mark": result["pass_mark"],
        "by_work": by_work,
        "by_type": [result["by_type"][k] | {"label": TYPE_LABELS[result["by_type"][k]["type"]]} for k in result["by_type"]],
        "items": items,
    }


RESULT_FILTERS = {"all": "全部", "wrong": "错题", "blank": "未答"}
RESULT_PAGE_SIZE = 20


def result_view(result: dict[str, Any], *, show: str = "all", page: int = 1, per_page: int = RESULT_PAGE_SIZE) -> dict[str, Any]:
    """A result with one page of its items (全部 / 错题: wrong or incomplete / 未答) as ``page_items``, and the counts."""
    if show not in RESULT_FILTERS:
        raise InvalidInput(f"show 只能是 {'、'.join(RESULT_FILTERS)}，收到“{show}”")
    every = result["items"]
    kept = {
        "all": every,
        "wrong": [i for i in every if i["status"] in ("wrong", "partial")],
        "blank": [i for i in every if i["status"] == "blank"],
    }
    chosen = kept[show]
    pages = max(1, -(-len(chosen) // per_page))
    if not 1 <= page <= pages:
        raise InvalidInput(f"page 应在 1–{pages} 之间，收到 {page}")
    return result | {
        "page_items": chosen[(page - 1) * per_page : page * per_page],
        "filter": {"show": show, "page": page, "pages": pages, "matching": len(chosen)},
        "filters": [{"show": k, "label": v, "count": len(kept[k])} for k, v in RESULT_FILTERS.items()],
    }


def list_sittings(session: Session, user_id: int, *, now: dt.datetime) -> list[ExamSitting]:
    """The user's sittings, newest first (any out of time handed in, any the upgrade closed scored, now)."""
    sittings = list(session.scalars(select(ExamSitting).where(ExamSitting.user_id == user_id).order_by(ExamSitting.id.desc())))
    for sitting in sittings:
        close_if_timed_out(session, sitting, now=now)
    return sittings
