"""The home page (a study dashboard) and 我的 (everything the phone's tab bar does not show)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from kb import store
from kb.views import work_dict
from quiz.dashboard import study_dashboard
from web.auth import current_user
from web.clock import now
from web.db import get_session
from web.pages import data_page

bp = Blueprint("home", __name__)


@data_page(bp, "/", template="home/dashboard.html", json_rule="/home.json")
def dashboard() -> dict[str, Any]:
    """Continue where I stopped, due today, 错题本, last mock score, days to the exam, chapters done."""
    db, user = get_session(), current_user()
    data = study_dashboard(db, user.id, now=now(), exam_date=current_app.config.get("EXAM_DATE"))
    return data | {"works_count": len(store.list_works(db)), "documents": [work_dict(w) for w in store.list_works(db)]}


@bp.get("/me")
def me_page() -> str:
    """我的: progress, 错题本, favourites, exam history, the reading pages, trainer pages, the account."""
    return render_template("home/me.html")
