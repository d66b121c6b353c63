"""The candidate's progress page: pictures of accuracy, mastery, weak clauses, mock exams, streak."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from markupsafe import Markup

from quiz.practice import due_counts
from quiz.scoring import PASS_MARK
from quiz.stats import progress
from web.auth import current_user
from web.charts import bar_chart, calendar, line_chart
from web.clock import now
from web.db import get_session
from web.pages import data_page

bp = Blueprint("progress", __name__)


def _data() -> dict[str, Any]:
    db, user = get_session(), current_user()
    data = progress(db, user.id, now=now())
    data["due"] = due_counts(db, user.id, now=now())
    return data


def _charts(data: dict[str, Any]) -> dict[str, Markup]:
    accuracy = [(d["day"][5:], None if d["accuracy"] is None else 100 * d["accuracy"]) for d in data["accuracy_by_day"]]
    exams = [(e["day"][5:], float(e["score"] or 0)) for e in data["exams"]]
    works = [(w["title"], w["mastery"], f"已掌握 {w['mastered']}/{w['questions']}") for w in data["mastery"]]
    return {
        "accuracy": line_chart("近 30 天每日正确率", accuracy),
        "exams": line_chart("模拟考试成绩", exams, unit="分", threshold=PASS_MARK, threshold_label=f"及格线 {PASS_MARK:g}"),
        "mastery": bar_chart("各文件掌握程度", works),
        "chapters": Markup("").join(
            bar_chart(
                f"{w['title']}：各章掌握程度",
                [(c["label"], c["mastery"], f"已掌握 {c['mastered']}/{c['questions']}") for c in w["chapters"]],
            )
            for w in data["mastery"]
        ),
        "calendar": calendar("近 12 周每日练习", [(d["day"], d["answered"]) for d in data["activity"]]),
    }


@data_page(bp, "/progress", template="progress/index.html", html_only=("charts",))
def progress_page() -> dict[str, Any]:
    """Accuracy over time, mastery per work and chapter, weakest clauses, exam scores, streak."""
    data = _data()
    return data | {"charts": _charts(data)}
