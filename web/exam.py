"""Mock exams: start, sit (clock on the server), hand in, result; trainers' fixed papers and item analysis.

The exam page is one form holding the whole paper, so it can be handed in without JavaScript;
``exam.js`` saves each answer as it is given (``PUT /api/exams/<id>/answers/<n>``), keeps the
answer sheet and the clock in step with the server, and hands in when the time is up.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from corpus.errors import InvalidInput
from quiz.exam import (
    ExamClosed,
    answered_count,
    create_paper,
    draw_paper,
    exam_result,
    exam_state,
    get_paper,
    get_sitting,
    list_papers,
    list_sittings,
    paper_questions,
    pick_questions,
    remaining_seconds,
    result_view,
    save_answer,
    sitting_header,
    start_exam,
    submit_exam,
)
from quiz.model import LETTERS, TYPE_LABELS
from quiz.models import ExamPaper, ExamSitting
from quiz.practice import favourite_ids, practice_outline
from quiz.scoring import EXAM_COUNTS, PASS_MARK
from quiz.stats import item_analysis
from web.auth import current_user, json_body, trainer_required
from web.clock import fresh_rng, now
from web.db import bank_cache, get_session, paper_cache
from web.pages import data_page

bp = Blueprint("exam", __name__)


def _minutes() -> int:
    return int(current_app.config["EXAM_MINUTES"])


def _sitting_summary(s: ExamSitting) -> dict[str, Any]:
    paper = get_session().get(ExamPaper, s.paper_id) if s.paper_id else None
    return {
        **sitting_header(s),
        "paper_title": paper.title if paper else None,
        "submitted": s.submitted_at is not None,
        "score": s.score,
        "passed": s.passed,
        "remaining_seconds": remaining_seconds(s, now()),
    }


def _index_data() -> dict[str, Any]:
    db, user = get_session(), current_user()
    sittings = list_sittings(db, user.id, now=now())  # hands in one whose time ran out
    db.commit()
    return {
        "rules": {"counts": EXAM_COUNTS, "minutes": _minutes(), "pass_mark": PASS_MARK},
        "sittings": [_sitting_summary(s) for s in sittings],
        "papers": [{"id": p.id, "title": p.title, "count": len(p.question_ids)} for p in list_papers(db)],
    }


@data_page(bp, "/exams", template="exams/index.html")
def index() -> dict[str, Any]:
    """The rules, a button to start, a running exam to resume, past results, trainers' fixed papers."""
    return _index_data()


def _start(seed: Any, paper_id: Any) -> ExamSitting:
    db, user = get_session(), current_user()
    try:
        seed_n = int(seed) if seed not in (None, "") else None
        paper_n = int(paper_id) if paper_id not in (None, "") else None
    except (TypeError, ValueError):
        raise InvalidInput("试卷号和随机种子应为整数") from None
    sitting = start_exam(
        db,
        user.id,
        now=now(),
        rng=fresh_rng(),
        seed=seed_n,
        paper_id=paper_n,
        minutes=_minutes(),
        bank=bank_cache(),
        papers=paper_cache(),
    )
    db.commit()
    return sitting


@bp.post("/exams/start")
def start() -> ResponseReturnValue:
    """Start a mock exam (or go back to the one running)."""
    sitting = _start(request.form.get("seed"), request.form.get("paper"))
    return redirect(url_for("exam.sitting_page", eid=sitting.id))


@bp.get("/exams/<int:eid>")
def sitting_page(eid: int) -> ResponseReturnValue:
    """The paper, the clock and the answer sheet; the result once handed in."""
    db, user = get_session(), current_user()
    sitting = get_sitting(db, user.id, eid, now=now())
    db.commit()
    if sitting.submitted_at is not None:
        return redirect(url_for("exam.result_page", eid=eid))
    return render_template("exams/sitting.html", letters=LETTERS, exam=exam_state(db, sitting, now=now(), papers=paper_cache()))


@bp.post("/exams/<int:eid>/submit")
def submit(eid: int) -> ResponseReturnValue:
    """Hand in: the form's answers are saved first (so the page works without scripts)."""
    db, user = get_session(), current_user()
    sitting = get_sitting(db, user.id, eid, now=now())
    if sitting.submitted_at is None:
        try:
            for position in range(len(sitting.items)):
                key = f"q{position}"
                if key in request.form:
                    values = request.form.getlist(key)
                    save_answer(db, sitting, position, values if len(values) != 1 else values[0], now=now())
        except ExamClosed as exc:
            flash(str(exc))
        submit_exam(db, sitting, now=now())
    db.commit()
    return redirect(url_for("exam.result_page", eid=eid))


@data_page(
    bp,
    "/exams/<int:eid>/result",
    template="exams/result.html",
    context={"letters": LETTERS},
    wrap="result",
    html_only=("page_items",),
)
def result_page(eid: int) -> dict[str, Any]:
    """Total, pass or fail, points per work and type, each item with its key and explanation (?show=wrong|blank&page=)."""
    page = request.args.get("page", "1")
    if not page.isdigit():
        raise InvalidInput(f"page 应为正整数，收到“{page}”")
    return result_view(_result(eid), show=request.args.get("show", "all"), page=int(page))


# ---- JSON API ------------------------------------------------------------------------------------


@bp.post("/api/exams")
def api_start() -> ResponseReturnValue:
    """Start a mock exam: {seed?} for a drawn paper or {paper_id} for a fixed one → the sitting."""
    body = json_body()
    sitting = _start(body.get("seed"), body.get("paper_id"))
    return exam_state(get_session(), sitting, now=now(), papers=paper_cache()), 201


@bp.get("/api/exams/<int:eid>")
def api_state(eid: int) -> ResponseReturnValue:
    """The sitting: items without keys, answers so far, flags, seconds left."""
    db = get_session()
    sitting = get_sitting(db, current_user().id, eid, now=now())
    db.commit()
    return exam_state(db, sitting, now=now(), papers=paper_cache())


@bp.put("/api/exams/<int:eid>/answers/<int:number>")
def api_save(eid: int, number: int) -> ResponseReturnValue:
    """Save the answer to item ``number`` (1-based): {answer, flagged?, request_id?}; 409 once handed in or out of time."""
    body = json_body()
    db = get_session()
    sitting = get_sitting(db, current_user().id, eid, now=now())
    try:
        flagged = body.get("flagged")
        saved = save_answer(
            db,
            sitting,
            number - 1,
            body.get("answer"),
            now=now(),
            flagged=None if flagged is None else bool(flagged),
            request_id=body.get("request_id"),
            papers=paper_cache(),
        )
    except ExamClosed:
        db.commit()  # keep the automatic hand-in, then answer 409 (web.errors) with ``submitted``
        raise
    db.commit()
    return {
        "number": number,
        "given": saved.given,
        "flagged": saved.flagged,
        "answered": answered_count(db, sitting),
        "remaining_seconds": remaining_seconds(sitting, now()),
    }


@bp.post("/api/exams/<int:eid>/submit")
def api_submit(eid: int) -> ResponseReturnValue:
    """Hand in and get the result."""
    db = get_session()
    sitting = get_sitting(db, current_user().id, eid, now=now())
    submit_exam(db, sitting, now=now(), papers=paper_cache())
    db.commit()
    return exam_result(db, sitting, paper_cache(), bank_cache())


def _result(eid: int) -> dict[str, Any]:
    db, user = get_session(), current_user()
    sitting = get_sitting(db, user.id, eid, now=now())
    db.commit()
    if sitting.submitted_at is None:
        raise InvalidInput("还没有交卷", location=url_for("exam.sitting_page", eid=eid))
    result = exam_result(db, sitting, paper_cache(), bank_cache())
    starred = favourite_ids(db, user.id, [i["question_id"] for i in result["items"]])
    result["items"] = [i | {"favourite": i["question_id"] in starred} for i in result["items"]]
    return result


@bp.get("/api/exams/<int:eid>/result")
def api_result(eid: int) -> ResponseReturnValue:
    """The result of a handed-in sitting (400 before that)."""
    return _result(eid)


# ---- trainer: fixed papers, item analysis --------------------------------------------------------


def _picker(args: Any) -> dict[str, Any]:
    """The 挑题 filter (work, chapter, type, difficulty) from a request, and the questions it finds."""
    difficulty = args.get("difficulty") or None
    if difficulty is not None and not str(difficulty).isdigit():
        raise InvalidInput(f"难度应为 1–5，收到“{difficulty}”")
    chosen = {k: args.get(k) or None for k in ("work", "chapter", "type")} | {
        "difficulty": int(difficulty) if difficulty else None
    }
    found = None
    if any(chosen.values()):
        found = pick_questions(
            get_session(), work=chosen["work"], chapter=chosen["chapter"], qtype=chosen["type"], difficulty=chosen["difficulty"]
        )
    return {"chosen": chosen, "found": found, "outline": practice_outline(get_session(), bank_cache())}


@bp.route("/papers", methods=["GET", "POST"])
@trainer_required
def papers_page() -> ResponseReturnValue:
    """Fixed papers; put one together by picking questions (work, chapter, type, difficulty), from a drawn paper, or by ids."""
    db, user = get_session(), current_user()
    error: str | None = None
    ids_text = request.form.get("ids", "")
    args = request.form if request.method == "POST" else request.args
    picked = [i for i in request.form.getlist("pick") if i not in ids_text.split()]
    if picked:
        ids_text = "\n".join([*ids_text.split(), *picked])
    if request.method == "POST" and request.form.get("action") != "add":
        try:
            seed = request.form.get("seed", type=int)
            paper, warnings = create_paper(
                db, request.form.get("title", ""), ids_text.split(), created_by=user.id, now=now(), seed=seed
            )
            db.commit()
            flash(f"已保存试卷“{paper.title}”，共 {len(paper.question_ids)} 题。" + ("；".join(warnings) if warnings else ""))
            return redirect(url_for("exam.paper_print", pid=paper.id))
        except InvalidInput as exc:
            db.rollback()
            error = str(exc)
    elif request.method == "GET" and request.args.get("seed"):
        seed = request.args.get("seed", type=int)
        if seed is None:
            raise InvalidInput("随机种子应为整数")
        ids_text = "\n".join(draw_paper(db, seed, bank_cache()))
    papers = [
        {"id": p.id, "title": p.title, "count": len(p.question_ids), "created_at": p.created_at.isoformat()}
        for p in list_papers(db)
    ]
    return render_template(
        "exams/papers.html",
        papers=papers,
        error=error,
        ids_text=ids_text,
        form=request.form,
        seed=args.get("seed", ""),
        picker=_picker(args),
        type_labels=TYPE_LABELS,
    ), (400 if error else 200)


@data_page(
    bp,
    "/papers/<int:pid>",
    template="exams/paper_print.html",
    context={"letters": LETTERS, "type_labels": TYPE_LABELS},
    trainer=True,
)
def paper_print(pid: int) -> dict[str, Any]:
    """A fixed paper to print: the questions, then the key with explanations on a new page."""
    paper = get_paper(get_session(), pid)
    questions = paper_questions(get_session(), paper)
    return {"id": paper.id, "title": paper.title, "questions": questions, "missing": len(paper.question_ids) - len(questions)}


@data_page(bp, "/items", template="exams/items.html", context={"type_labels": TYPE_LABELS}, trainer=True)
def items_page() -> dict[str, Any]:
    """Item analysis across users: facility and discrimination, out-of-band items first."""
    return item_analysis(get_session(), min_responses=int(current_app.config["ITEM_MIN_RESPONSES"]))
