"""Drilling pages and the practice half of the JSON API.

Pages work without JavaScript (plain forms, answer → feedback → next); ``practice.js`` adds the
keyboard (1–5 / A–E to choose, Enter to submit and go on) and times each answer for FSRS.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from corpus.errors import InvalidInput
from quiz.model import LETTERS, TYPE_LABELS, TYPES
from quiz.models import Attempt
from quiz.practice import (
    DEFAULT_COUNT,
    MODES,
    answer_practice,
    answered_feedback,
    due_counts,
    favourites,
    favourites_view,
    get_practice,
    next_question,
    practice_outline,
    practice_sheet,
    practice_state,
    question_at,
    recent_sessions,
    remove_wrong,
    session_summary,
    set_favourite,
    skip_question,
    start_practice,
    wrong_book,
    wrong_book_view,
)
from web.auth import current_user, json_body, safe_next
from web.clock import fresh_rng, now
from web.db import bank_cache, get_session
from web.pages import data_page

bp = Blueprint("practice", __name__)


def _clear_after() -> int:
    return int(current_app.config["WRONG_BOOK_CLEAR_AFTER"])


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        raise InvalidInput(f"应为整数：{value}") from None


@data_page(
    bp,
    "/practice",
    template="practice/home.html",
    context={"type_labels": TYPE_LABELS, "types": TYPES, "default_count": DEFAULT_COUNT},
)
def home() -> dict[str, Any]:
    """Choose how to drill: by work and chapter, at random, by type, 错题本, favourites, due today."""
    db, user = get_session(), current_user()
    return {
        "user": {"id": user.id, "name": user.display_name, "role": user.role},
        "modes": MODES,
        "due": due_counts(db, user.id, now=now()),
        "wrong_book": len(wrong_book(db, user.id)),
        "favourites": len(favourites(db, user.id)),
        "outline": practice_outline(db, bank_cache()),
        "sessions": [session_summary(db, s) for s in recent_sessions(db, user.id)],
        "clear_after": _clear_after(),
    }


def _start(form: Any) -> int:
    db, user = get_session(), current_user()
    practice = start_practice(
        db,
        user.id,
        form.get("mode", "random"),
        now=now(),
        rng=fresh_rng(),
        work=form.get("work") or None,
        chapter=form.get("chapter") or None,
        qtype=form.get("type") or None,
        count=_int(form.get("count"), DEFAULT_COUNT) or DEFAULT_COUNT,
        memorise=str(form.get("memorise", "")).lower() in ("1", "true", "on", "yes"),
        resume=str(form.get("restart", "")).lower() not in ("1", "true", "on", "yes"),
        bank=bank_cache(),
    )
    db.commit()
    return practice.id


@bp.post("/practice/start")
def start() -> ResponseReturnValue:
    """Start (or resume) a drill from the menu's form."""
    try:
        return redirect(url_for("practice.session_page", sid=_start(request.form)))
    except InvalidInput as exc:
        flash(str(exc))
        return redirect(url_for("practice.home"))


@bp.get("/practice/<int:sid>")
def session_page(sid: int) -> str:
    """The current question; or the feedback on the answer just given (``?a=attempt``); or question N of the
    答题卡 (``?at=N``, 0-based: its feedback if answered); or the summary."""
    db, user = get_session(), current_user()
    feedback = None
    attempt_id = request.args.get("a", type=int)
    if attempt_id:
        attempt = db.get(Attempt, attempt_id)
        if attempt is not None and attempt.user_id == user.id and attempt.session_id == sid and attempt.source == "practice":
            feedback = answered_feedback(db, user.id, attempt)
    data = next_question(db, user.id, sid, now=now(), bank=bank_cache())
    at = request.args.get("at")
    if at is not None and not feedback:
        index = _int(at)
        data = question_at(db, user.id, sid, index if index is not None else -1)
        feedback = data.pop("feedback")
    db.commit()
    # one idempotency key per question shown: the form sent twice (a double tap, a resent POST) is one answer
    key = secrets.token_hex(12)
    sheet = practice_sheet(db, get_practice(db, user.id, sid))
    shown = feedback["question_id"] if feedback else (data["question"] or {}).get("id")
    index = next((c["index"] for c in sheet if c["question_id"] == shown), None)
    return render_template(
        "practice/session.html", letters=LETTERS, feedback=feedback, sheet=sheet, index=index, request_id=key, **data
    )


@bp.post("/practice/<int:sid>/answer")
def answer(sid: int) -> ResponseReturnValue:
    """Answer the current question (form), then show the feedback."""
    db, user = get_session(), current_user()
    raw = request.form.getlist("answer")
    try:
        result = answer_practice(
            db,
            user.id,
            sid,
            request.form.get("question_id", ""),
            raw if len(raw) != 1 else raw[0],
            now=now(),
            elapsed_ms=_int(request.form.get("elapsed_ms")),
            clear_after=_clear_after(),
            request_id=request.form.get("request_id") or None,
            bank=bank_cache(),
        )
    except InvalidInput as exc:
        db.rollback()
        flash(str(exc))
        return redirect(url_for("practice.session_page", sid=sid))
    db.commit()
    return redirect(url_for("practice.session_page", sid=sid, a=result["attempt_id"]))


@bp.post("/practice/<int:sid>/skip")
def skip(sid: int) -> ResponseReturnValue:
    """Go past the current question (or on to the next in 背题模式)."""
    db, user = get_session(), current_user()
    skip_question(db, user.id, sid, request.form.get("question_id", ""), now=now())
    db.commit()
    return redirect(url_for("practice.session_page", sid=sid))


@bp.post("/questions/<qid>/favourite")
def favourite(qid: str) -> ResponseReturnValue:
    """Star or unstar a question from any page."""
    db, user = get_session(), current_user()
    on = set_favourite(db, user.id, qid, request.form.get("on", "1") == "1", now=now())
    db.commit()
    flash("已收藏这道题。" if on else "已取消收藏。")
    return redirect(safe_next(request.form.get("next"), url_for("questions.question_page", qid=qid)))


def _list_data(kind: str) -> dict[str, Any]:
    db, user = get_session(), current_user()
    if kind == "wrong":
        book = wrong_book_view(
            db,
            user.id,
            work=request.args.get("work") or None,
            chapter=request.args.get("chapter") or None,
            qtype=request.args.get("type") or None,
        )
        return {"kind": kind, "clear_after": _clear_after()} | book
    return {"kind": kind, "items": favourites_view(db, user.id), "clear_after": _clear_after()}


@data_page(bp, "/practice/wrong", template="practice/list.html", context={"letters": LETTERS, "type_labels": TYPE_LABELS})
def wrong_page() -> dict[str, Any]:
    """The 错题本: every question answered wrong and not yet answered right N times running (?work=&chapter=&type=)."""
    return _list_data("wrong")


@bp.post("/practice/wrong/<qid>/remove")
def wrong_remove(qid: str) -> ResponseReturnValue:
    """Take a question out of the 错题本 by hand."""
    db, user = get_session(), current_user()
    remove_wrong(db, user.id, qid, now=now())
    db.commit()
    flash("已移出错题本。")
    return redirect(url_for("practice.wrong_page"))


@data_page(bp, "/practice/favourites", template="practice/list.html", context={"letters": LETTERS, "type_labels": TYPE_LABELS})
def favourites_page() -> dict[str, Any]:
    """The user's starred questions."""
    return _list_data("favourites")


# ---- JSON API ------------------------------------------------------------------------------------


@bp.post("/api/practice")
def api_start() -> ResponseReturnValue:
    """Start a practice session: {mode, work?, chapter?, type?, count?, memorise?, restart?}."""
    sid = _start(json_body())
    db, user = get_session(), current_user()
    return practice_state(get_practice(db, user.id, sid)), 201


@bp.get("/api/practice/<int:sid>/next")
def api_next(sid: int) -> ResponseReturnValue:
    """The session's state and its current question (null when finished)."""
    db = get_session()
    data = next_question(db, current_user().id, sid, now=now(), bank=bank_cache())
    db.commit()
    return data


@bp.post("/api/practice/<int:sid>/answer")
def api_answer(sid: int) -> ResponseReturnValue:
    """Answer: {question_id, answer, elapsed_ms?, request_id?} → correctness, key, explanation, sources (a repeat: the same)."""
    body = json_body()
    db = get_session()
    result = answer_practice(
        db,
        current_user().id,
        sid,
        str(body.get("question_id", "")),
        body.get("answer"),
        now=now(),
        elapsed_ms=_int(body.get("elapsed_ms")),
        clear_after=_clear_after(),
        request_id=body.get("request_id"),
        bank=bank_cache(),
    )
    db.commit()
    return result


@bp.post("/api/practice/<int:sid>/skip")
def api_skip(sid: int) -> ResponseReturnValue:
    """Skip the current question: {question_id}."""
    db = get_session()
    practice = skip_question(db, current_user().id, sid, str(json_body().get("question_id", "")), now=now())
    db.commit()
    return practice_state(practice)


@bp.post("/api/favourites/<qid>")
def api_favourite(qid: str) -> ResponseReturnValue:
    """Star ({on: true}) or unstar ({on: false}) a question."""
    db = get_session()
    on = set_favourite(db, current_user().id, qid, bool(json_body().get("on", True)), now=now())
    db.commit()
    return {"question_id": qid, "favourite": on}


@bp.delete("/api/wrong/<qid>")
def api_wrong_remove(qid: str) -> ResponseReturnValue:
    """Take a question out of the 错题本."""
    db = get_session()
    remove_wrong(db, current_user().id, qid, now=now())
    db.commit()
    return {"question_id": qid, "removed": True}


@bp.get("/api/due")
def api_due() -> ResponseReturnValue:
    """How many questions are due today and tomorrow."""
    return due_counts(get_session(), current_user().id, now=now())
