"""Pages of the question bank: browse, a question with its source, 纠错, the trainer's review and exports.

Trainer pages are open to the local profile on the embedded default and to trainer accounts on a
shared deployment (see ``web.accounts``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from corpus.errors import InvalidInput, NotFound
from kb import store
from kb.render import highlight_span_html
from kb.views import clause_label, full_title
from quiz.bank import get_question, list_questions
from quiz.export import FORMATS, render
from quiz.model import LETTERS, TYPE_LABELS, TYPES
from quiz.review import (
    REPORT_REASONS,
    dismiss_report,
    edit_question,
    list_reports,
    question_data,
    question_reports,
    report_question,
    select_questions,
    set_retired,
)
from web.accounts import current_user, trainer_required
from web.clock import now as _now
from web.db import get_session
from web.texts import split_json

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


@bp.get("/questions")
def bank_page() -> str:
    """The bank: filter by work, clause, type, generator, tag; counts and coverage from the last build."""
    data = _bank_data()
    return render_template("questions/list.html", type_labels=TYPE_LABELS, types=TYPES, letters=LETTERS, **data)


@bp.get("/questions.json")
def bank_json() -> Response:
    """JSON twin of the bank page."""
    return jsonify(_bank_data())


def _question_page_data(qid: str) -> dict[str, Any]:
    db = get_session()
    row = get_question(db, qid)
    sources = []
    for ref in row.refs:
        try:
            clause = store.get_clause(db, ref)
        except NotFound:
            continue  # a source gone from the corpus (an edited question kept from before)
        spans = [(e["start"], e["end"]) for e in row.evidence if e["ref"] == ref and e["end"] > e["start"]]
        sources.append(
            {
                "ref": ref,
                "label": clause_label(clause),
                "title": full_title(clause.work),
                "text": clause.text,
                "html": highlight_span_html(clause.text, *spans[0]) if spans else None,
                "table": clause.table,
            }
        )
    reports = [
        {
            "id": r.id,
            "reason": REPORT_REASONS.get(r.reason, r.reason),
            "note": r.note,
            "status": r.status,
            "resolution": r.resolution,
        }
        for r in question_reports(db, qid)
    ]
    return {"question": question_data(row), "sources": sources, "reports": reports}


@bp.get("/questions/<qid>")
def question_page(qid: str) -> ResponseReturnValue:
    """One question: stem, options, key and explanation (folded), its source clauses, 纠错."""
    qid, as_json = split_json(qid)
    data = _question_page_data(qid)
    if as_json:
        return jsonify(data)
    return render_template("questions/question.html", type_labels=TYPE_LABELS, letters=LETTERS, reasons=REPORT_REASONS, **data)


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
        now=_now(),
    )
    db.commit()
    if request.accept_mimetypes.best == "application/json":
        return {"id": item.id, "status": item.status}, 201
    flash("已收到纠错，培训师核对后会处理。谢谢！")
    return redirect(url_for("questions.question_page", qid=qid))


# ---- trainer: review -----------------------------------------------------------------------------


def _review_data() -> dict[str, Any]:
    db = get_session()
    reports = list_reports(db, status="open")
    by_question: dict[str, list[dict[str, Any]]] = {}
    for r in reports:
        by_question.setdefault(r.question_id, []).append(
            {"id": r.id, "reason": REPORT_REASONS.get(r.reason, r.reason), "note": r.note, "created_at": r.created_at.isoformat()}
        )
    items = []
    for qid, reps in by_question.items():
        try:
            items.append({"question": question_data(get_question(db, qid)), "reports": reps})
        except NotFound:  # a report on a question no build makes any more
            items.append(
                {"question": {"id": qid, "stem": "（这道题已不在题库中）", "type": "", "status": "missing"}, "reports": reps}
            )
    edited, _ = list_questions(db, status=None)
    return {
        "queue": items,
        "edited": [question_data(r) for r in edited if r.origin == "edited"],
    }


@bp.get("/review")
@trainer_required
def review_page() -> str:
    """The trainer's queue: questions with open 纠错 reports; questions already edited or retired."""
    return render_template("questions/review.html", type_labels=TYPE_LABELS, **_review_data())


@bp.get("/review.json")
@trainer_required
def review_json() -> Response:
    """JSON twin of the review queue."""
    return jsonify(_review_data())


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
                edit_question(db, qid, data, editor=current_user().username, now=_now(), note=request.form.get("note") or None)
                flash("已保存：这次修改会一直保留，重建题库也不会被覆盖。")
            elif action in ("retire", "restore"):
                set_retired(
                    db, qid, action == "retire", editor=current_user().username, now=_now(), note=request.form.get("note") or None
                )
                flash("已停用这道题。" if action == "retire" else "已恢复这道题。")
            elif action == "dismiss":
                dismiss_report(db, request.form.get("report", 0, type=int) or 0, note=request.form.get("note"), now=_now())
                flash("已关闭这条纠错。")
            else:
                raise InvalidInput(f"不认识的操作：{action}")
            db.commit()
            return redirect(url_for("questions.review_question", qid=qid))
        except InvalidInput as exc:
            db.rollback()
            error = str(exc)
    data = _question_page_data(qid)
    return render_template(
        "questions/edit.html", type_labels=TYPE_LABELS, letters=LETTERS, error=error, form=request.form, **data
    ), (400 if error else 200)


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
    works = [{"slug": w.slug, "title": w.title} for w in store.list_works(get_session())]
    return render_template("questions/export.html", formats=FORMAT_LABELS, works=works, types=TYPES, type_labels=TYPE_LABELS)


@bp.get("/export/questions")
@trainer_required
def export_download() -> ResponseReturnValue:
    """The export file for the chosen format and filter."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in FORMATS:
        raise InvalidInput(f"不支持的格式：{fmt}")
    tags = [t.strip() for t in request.args.get("tag", "").split(",") if t.strip()]
    questions = select_questions(
        get_session(), work=request.args.get("work") or None, types=request.args.getlist("type"), tags=tags
    )
    if not questions:
        raise InvalidInput("没有符合条件的题目")
    title = (request.args.get("title") or "社区工作者政策练习题").strip()[:60]
    _, data = render(questions, fmt, title)[0]
    mimetype, ext = FORMATS[fmt]
    name = f"{title}{'-答案' if fmt == 'docx-key' else ''}.{ext}"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "X-Question-Count": str(len(questions))},
    )
