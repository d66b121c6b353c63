"""Pages of the question bank: browse, a question with its source, 纠错, the trainer's review and exports.

Trainer pages are open to the local profile on the embedded default and to trainer accounts on a
shared deployment (see ``web.auth``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from corpus.errors import InvalidInput
from kb import store
from kb.analysis import SLOT_LABELS
from kb.readmodels import analyse_ref
from quiz.bank import list_questions
from quiz.exam import list_papers
from quiz.export import DEFAULT_TITLE, FORMATS, export_files, select_paper
from quiz.model import LETTERS, TYPE_LABELS, TYPES
from quiz.practice import favourite_ids
from quiz.review import (
    REPORT_REASONS,
    dismiss_report,
    edit_question,
    question_data,
    question_view,
    report_question,
    review_queue,
    select_questions,
    set_retired,
)
from web.auth import current_user, trainer_required
from web.clock import now
from web.db import get_session
from web.pages import data_page

bp = Blueprint("questions", __name__)
PAGE_SIZE = 30


# ---- browsing ------------------------------------------------------------------------------------


def _filters() -> dict[str, Any]:
    status = request.args.get("status", "active")
    return {
        "work": request.args.get("work") or None,
        "type": request.args.get("type") or None,
        "generator": request.args.get("generator") or None,
        "ref": request.args.get("ref") or None,
        "tag": request.args.get("tag") or None,
        "status": None if status == "all" else status,
    }


def _bank_data() -> dict[str, Any]:
    db = get_session()
    filters = _filters()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows, total = list_questions(db, **filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    works = [{"slug": w.slug, "title": w.title} for w in store.list_works(db)]
    return {
        "filters": {k: v for k, v in filters.items() if v},
        "page": page,
        "pages": max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
        "total": total,
        "questions": [question_data(r) for r in rows],
        "summary": store.build_info(db, "questions") or {},
        "works": works,
    }


@data_page(
    bp, "/questions", template="questions/list.html", context={"type_labels": TYPE_LABELS, "types": TYPES, "letters": LETTERS}
)
def bank_page() -> dict[str, Any]:
    """The bank: filter by work, clause, type, generator, tag; counts and coverage from the last build."""
    return _bank_data()


@data_page(
    bp,
    "/questions/<qid>",
    template="questions/question.html",
    context={"type_labels": TYPE_LABELS, "letters": LETTERS, "reasons": REPORT_REASONS},
)
def question_page(qid: str) -> dict[str, Any]:
    """One question: stem, options, key and explanation (folded), its source clauses, 纠错, 收藏."""
    db = get_session()
    return question_view(db, qid) | {"favourite": qid in favourite_ids(db, current_user().id, [qid])}


@bp.post("/questions/<qid>/report")
def report(qid: str) -> ResponseReturnValue:
    """Record a 纠错 report (any user)."""
    db = get_session()
    item = report_question(
        db,
        qid,
        reason=request.form.get("reason", ""),
        note=request.form.get("note"),
        reporter=current_user().username,
        now=now(),
    )
    db.commit()
    if request.accept_mimetypes.best == "application/json":
        return {"id": item.id, "status": item.status}, 201
    flash("已收到纠错，培训师核对后会处理。谢谢！")
    return redirect(url_for("questions.question_page", qid=qid))


# ---- trainer: review -----------------------------------------------------------------------------


@data_page(bp, "/review", template="questions/review.html", context={"type_labels": TYPE_LABELS}, trainer=True)
def review_page() -> dict[str, Any]:
    """The trainer's queue: questions with open 纠错 reports; questions already edited or retired."""
    return review_queue(get_session())


@bp.route("/review/<qid>", methods=["GET", "POST"])
@trainer_required
def review_question(qid: str) -> ResponseReturnValue:
    """Fix the key, edit the text, retire or restore a question; dismiss a report."""
    db = get_session()
    error = None
    if request.method == "POST":
        action = request.form.get("action", "save")
        try:
            if action == "save":
                data = {
                    "stem": request.form.get("stem", ""),
                    "options": [request.form.get(f"option_{letter}", "") for letter in LETTERS],
                    "answer": request.form.getlist("answer") or request.form.get("answer_text", "").split("｜"),
                    "explanation": request.form.get("explanation", ""),
                    "difficulty": request.form.get("difficulty"),
                }
                edit_question(db, qid, data, editor=current_user().username, now=now(), note=request.form.get("note") or None)
                flash("已保存：这次修改会一直保留，重建题库也不会被覆盖。")
            elif action in ("retire", "restore"):
                set_retired(
                    db, qid, action == "retire", editor=current_user().username, now=now(), note=request.form.get("note") or None
                )
                flash("已停用这道题。" if action == "retire" else "已恢复这道题。")
            elif action == "dismiss":
                dismiss_report(db, request.form.get("report", 0, type=int) or 0, note=request.form.get("note"), now=now())
                flash("已关闭这条纠错。")
            else:
                raise InvalidInput(f"不认识的操作：{action}")
            db.commit()
            return redirect(url_for("questions.review_question", qid=qid))
        except InvalidInput as exc:
            db.rollback()
            error = str(exc)
    data = question_view(db, qid)
    return render_template(
        "questions/edit.html", type_labels=TYPE_LABELS, letters=LETTERS, error=error, form=request.form, **data
    ), (400 if error else 200)


# ---- trainer: clause analysis ------------------------------------------------------------------


@data_page(bp, "/analyse/<path:ref>", template="questions/analyse.html", context={"slot_labels": SLOT_LABELS}, trainer=True)
def analyse_page(ref: str) -> dict[str, Any]:
    """A clause as the question generators see it: sentences, words, slots and lists."""
    return analyse_ref(
        get_session(),
        ref,
        vocab=current_app.extensions["policykb.search"].vocab,
        lexicons=current_app.extensions["policykb.lexicons"],
    )


# ---- trainer: exports ----------------------------------------------------------------------------

FORMAT_LABELS = {
    "xlsx": "Excel 表格（.xlsx）",
    "docx": "Word 试卷（.docx）",
    "docx-key": "Word 答案与解析（.docx）",
    "moodle": "Moodle XML",
    "gift": "GIFT 文本",
    "apkg": "Anki 牌组（.apkg）",
    "jsonl": "JSON Lines（.jsonl）",
}


@bp.get("/export")
@trainer_required
def export_page() -> str:
    """Choose a format and a filter, then download."""
    db = get_session()
    works = [{"slug": w.slug, "title": w.title} for w in store.list_works(db)]
    papers = [{"id": p.id, "title": p.title} for p in list_papers(db)]
    return render_template(
        "questions/export.html", formats=FORMAT_LABELS, works=works, papers=papers, types=TYPES, type_labels=TYPE_LABELS
    )


@bp.get("/export/questions")
@trainer_required
def export_download() -> ResponseReturnValue:
    """The export file for the chosen format and filter."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in FORMATS:
        raise InvalidInput(f"不支持的格式：{fmt}")
    db = get_session()
    paper_seed = request.args.get("paper_seed", type=int)
    paper_id = request.args.get("paper_id", type=int)
    if paper_seed is not None or paper_id is not None:  # a whole paper; the filters do not apply
        questions, default_title = select_paper(db, seed=paper_seed, paper_id=paper_id)
    else:
        tags = [t.strip() for t in request.args.get("tag", "").split(",") if t.strip()]
        questions = select_questions(db, work=request.args.get("work") or None, types=request.args.getlist("type"), tags=tags)
        default_title = DEFAULT_TITLE
    if not questions:
        raise InvalidInput("没有符合条件的题目")
    title = (request.args.get("title") or default_title).strip()[:60]
    _, data = export_files(db, questions, fmt, title=title, now=now())[0]
    mimetype, ext = FORMATS[fmt]
    name = f"{title}{'-答案' if fmt == 'docx-key' else ''}.{ext}"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "X-Question-Count": str(len(questions))},
    )
