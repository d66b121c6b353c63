"""Reviewing the bank: 纠错 reports from any user, and a trainer's fixes, edits and retirements.

Services over a session; they flush, never commit. An edit is stored whole in ``question_edit``
(with a snapshot of the question it was made on), so a rebuild lays it over the regenerated
question, or restores the question from the snapshot if the generators no longer make it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from kb import store
from kb.render import highlight_span_html
from kb.views import clause_label, full_title
from quiz.bank import EDITABLE, apply_edit, bump_bank_version, get_question, list_questions
from quiz.model import FALSE, LETTERS, MULTI, OPTION_COUNT, SINGLE, TRUE
from quiz.models import QuestionEdit, QuestionReport, QuestionRow
from quiz.text import form_problem

REPORT_REASONS = {
    "wrong_key": "答案错误",
    "ambiguous": "有不止一个正确选项或表述有歧义",
    "typo": "错别字或格式问题",
    "outdated": "政策已更新，内容过时",
    "source": "出处不对",
    "other": "其他",
}


def question_data(row: QuestionRow) -> dict[str, Any]:
    """A question row as a plain dict (the export and JSON contract)."""
    return {
        "id": row.id,
        "type": row.type,
        "stem": row.stem,
        "options": list(row.options or []),
        "answer": list(row.answer or []),
        "explanation": row.explanation,
        "refs": list(row.refs or []),
        "evidence": list(row.evidence or []),
        "difficulty": row.difficulty,
        "tags": list(row.tags or []),
        "generator": row.generator,
        "work": row.work,
        "status": row.status,
        "edited": row.origin == "edited",
    }


def report_question(
    session: Session, qid: str, *, reason: str, note: str | None, reporter: str | None, now: dt.datetime
) -> QuestionReport:
    """Record a 纠错 report on a question."""
    get_question(session, qid)
    if reason not in REPORT_REASONS:
        raise InvalidInput(f"纠错原因只能是：{'、'.join(REPORT_REASONS.values())}")
    note = (note or "").strip()
    if len(note) > 1000:
        raise InvalidInput("说明太长了（最多 1000 字）")
    report = QuestionReport(question_id=qid, reason=reason, note=note or None, reporter=reporter, status="open", created_at=now)
    session.add(report)
    session.flush()
    return report


def list_reports(session: Session, *, status: str | None = "open") -> list[QuestionReport]:
    """Reports, newest first."""
    stmt = select(QuestionReport).order_by(QuestionReport.created_at.desc(), QuestionReport.id.desc())
    if status:
        stmt = stmt.where(QuestionReport.status == status)
    return list(session.scalars(stmt))


def question_reports(session: Session, qid: str) -> list[QuestionReport]:
    """Every report on one question, oldest first."""
    stmt = select(QuestionReport).where(QuestionReport.question_id == qid).order_by(QuestionReport.id)
    return list(session.scalars(stmt))


def check_edit(qtype: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate an edited question's fields for its type; return them cleaned."""
    out: dict[str, Any] = {}
    stem = str(data.get("stem", "")).strip()
    if problem := form_problem(stem):
        raise InvalidInput(f"题干：{problem}")
    out["stem"] = stem
    options = [str(o).strip() for o in data.get("options", []) if str(o).strip()]
    answer = [str(a).strip().upper() if qtype in (SINGLE, MULTI) else str(a).strip() for a in data.get("answer", [])]
    answer = [a for a in answer if a]
    if qtype in (SINGLE, MULTI):
        if len(options) != OPTION_COUNT[qtype]:
            raise InvalidInput(f"{'单选题要 4 个' if qtype == SINGLE else '多选题要 5 个'}选项，现在有 {len(options)} 个")
        for i, o in enumerate(options):
            if problem := form_problem(o, option=True):
                raise InvalidInput(f"选项 {LETTERS[i]}：{problem}")
        if len({o for o in options}) != len(options):
            raise InvalidInput("选项不能重复")
        letters = LETTERS[: len(options)]
        if any(a not in letters for a in answer):
            raise InvalidInput(f"答案只能是 {'、'.join(letters)} 中的字母")
        answer = sorted(set(answer))
        if qtype == SINGLE and len(answer) != 1:
            raise InvalidInput("单选题必须恰好有 1 个正确答案")
        if qtype == MULTI and not 2 <= len(answer) <= 4:
            raise InvalidInput("多选题要有 2–4 个正确答案")
    elif qtype == "judge":
        options = []
        if answer not in ([TRUE], [FALSE]):
            raise InvalidInput("判断题的答案只能是“正确”或“错误”")
    else:
        options = []
        if not answer:
            raise InvalidInput("填空题至少要有一个可接受的答案")
    out["options"] = options
    out["answer"] = answer
    out["explanation"] = str(data.get("explanation", "")).strip()
    if not out["explanation"]:
        raise InvalidInput("解析不能为空：请写明依据的条款")
    if "difficulty" in data and data["difficulty"] not in (None, ""):
        try:
            difficulty = int(data["difficulty"])
        except (TypeError, ValueError):
            raise InvalidInput("难度应为 1–5 的整数") from None
        if not 1 <= difficulty <= 5:
            raise InvalidInput("难度应为 1–5 的整数")
        out["difficulty"] = difficulty
    return out


def _snapshot(row: QuestionRow) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in QuestionRow.__table__.columns}


def edit_question(
    session: Session,
    qid: str,
    data: Mapping[str, Any],
    *,
    editor: str | None,
    now: dt.datetime,
    note: str | None = None,
    resolve: Sequence[int] = (),
) -> QuestionRow:
    """Save a trainer's correction; it wins over the generator on every later build."""
    row = get_question(session, qid)
    clean = check_edit(row.type, data)
    edit = session.get(QuestionEdit, qid)
    if edit is None:
        edit = QuestionEdit(question_id=qid, data={}, retired=False, updated_at=now)
        session.add(edit)
    snapshot = dict(edit.data.get("_question") or _snapshot(row))
    edit.data = {**{k: v for k, v in edit.data.items() if k in EDITABLE}, **clean, "_question": snapshot}
    edit.editor, edit.note, edit.updated_at = editor, note, now
    apply_edit(row, edit)
    _resolve(session, qid, resolve, "fixed", note or "已修改", now)
    session.flush()
    bump_bank_version(session, now)
    return row


def set_retired(
    session: Session, qid: str, retired: bool, *, editor: str | None, now: dt.datetime, note: str | None = None
) -> QuestionRow:
    """Retire a question (kept, never served) or bring it back."""
    row = get_question(session, qid)
    edit = session.get(QuestionEdit, qid)
    if edit is None:
        edit = QuestionEdit(question_id=qid, data={"_question": _snapshot(row)}, retired=retired, updated_at=now)
        session.add(edit)
    edit.retired, edit.editor, edit.note, edit.updated_at = retired, editor, note, now
    apply_edit(row, edit)
    if retired:
        _resolve(session, qid, (), "fixed", note or "已停用", now)
    session.flush()
    bump_bank_version(session, now)
    return row


def dismiss_report(session: Session, report_id: int, *, note: str | None, now: dt.datetime) -> QuestionReport:
    """Close a report without changing the question."""
    report = session.get(QuestionReport, report_id)
    if report is None:
        raise InvalidInput(f"没有这条纠错记录：{report_id}")
    report.status, report.resolved_at, report.resolution = "dismissed", now, note or "经核对无误"
    session.flush()
    return report


def _resolve(session: Session, qid: str, ids: Sequence[int], status: str, note: str, now: dt.datetime) -> None:
    for report in question_reports(session, qid):
        if report.status == "open" and (not ids or report.id in ids):
            report.status, report.resolved_at, report.resolution = status, now, note


def select_questions(
    session: Session, *, work: str | None = None, types: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Active questions for an export, filtered by work, types (any of) and tags (all of)."""
    rows, _ = list_questions(session, work=work)
    return [
        question_data(r) for r in rows if (not types or r.type in types) and all(t in (r.tags or []) or t == r.work for t in tags)
    ]


# ---- read models of the question and review pages -------------------------------------------------


def question_view(session: Session, qid: str) -> dict[str, Any]:
    """A question with its source clauses (tested span marked) and its 纠错 reports."""
    row = get_question(session, qid)
    sources = []
    for ref in row.refs:
        try:
            clause = store.get_clause(session, ref)
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
        for r in question_reports(session, qid)
    ]
    return {"question": question_data(row), "sources": sources, "reports": reports}


def review_queue(session: Session) -> dict[str, Any]:
    """Questions with open 纠错 reports (reports on questions no build makes any more too), and edited ones."""
    by_question: dict[str, list[dict[str, Any]]] = {}
    for r in list_reports(session, status="open"):
        by_question.setdefault(r.question_id, []).append(
            {"id": r.id, "reason": REPORT_REASONS.get(r.reason, r.reason), "note": r.note, "created_at": r.created_at.isoformat()}
        )
    items = []
    for qid, reps in by_question.items():
        try:
            items.append({"question": question_data(get_question(session, qid)), "reports": reps})
        except NotFound:
            items.append(
                {"question": {"id": qid, "stem": "（这道题已不在题库中）", "type": "", "status": "missing"}, "reports": reps}
            )
    edited, _ = list_questions(session, status=None)
    return {"queue": items, "edited": [question_data(r) for r in edited if r.origin == "edited"]}
