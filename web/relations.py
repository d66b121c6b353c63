"""Pages for versions and cross-links: collation, revision diff, compare, topics.

The data of each page is a read model of ``kb.readmodels``; this blueprint reads the request and
renders it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from kb import readmodels
from kb.readmodels import KIND_LABELS, STATUS_LABELS
from kb.vocab import Topic, parse_topics
from web.db import get_session
from web.pages import data_page

bp = Blueprint("relations", __name__)


@data_page(bp, "/works/<slug>/collation", template="relations/collation.html")
def collation_page(slug: str) -> dict[str, Any]:
    """A work's witnesses collated against its base: 对照 (side by side), 编注 (inline), a variants table."""
    data = readmodels.collation_view(
        get_session(),
        slug,
        witness=request.args.get("witness") or None,
        kind=request.args.get("kind") or None,
        single=request.args.get("single") == "1",
        show_all=request.args.get("all") == "1",
    )
    return data | {"view": request.args.get("view", "side")}


@data_page(
    bp,
    "/diff",
    template="relations/diff.html",
    html_only=("choices",),
    context={"status_labels": STATUS_LABELS, "kind_labels": KIND_LABELS},
)
def diff_page() -> dict[str, Any]:
    """Diff any two works, witnesses or clauses (?a=…&b=…): clauses added, removed, moved, changed."""
    a, b = request.args.get("a", "").strip(), request.args.get("b", "").strip()
    session = get_session()
    data: dict[str, Any] = {"a": a, "b": b, "choices": readmodels.diff_choices(session), "pairs": [], "summary": None}
    if a and b:
        vocab = current_app.extensions["policykb.search"].vocab
        data.update(readmodels.diff_view(session, a, b, vocab=vocab, only_changes=request.args.get("all") != "1"))
    return data


@data_page(bp, "/compare/<path:ref>", template="relations/compare.html")
def compare_page(ref: str) -> dict[str, Any]:
    """A clause beside its counterparts in other works: numbers that differ, what each adds."""
    return readmodels.compare_view(get_session(), ref)


def _topics() -> list[Topic]:
    return parse_topics(current_app.config["TOPICS_PATH"], [])


@data_page(bp, "/topics", template="relations/topics.html")
def topics_page() -> dict[str, Any]:
    """Every topic with how many clauses of each work deal with it."""
    return readmodels.topics_view(get_session(), _topics())


@data_page(bp, "/topics/<name>", template="relations/topic.html")
def topic_page(name: str) -> dict[str, Any]:
    """What each work says on one topic, side by side, with its numeric provisions."""
    return readmodels.topic_view(get_session(), _topics(), name)
