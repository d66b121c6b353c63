"""How pages name things for a reader, in one place every template uses.

Clauses by document and number (《意见》第3条 优化工作力量配置, read through
``kb.readmodels.ClauseTitles`` once per corpus build), question generators by their Chinese label, and
stored UTC moments in the ``TIMEZONE`` setting. Refs, generator names and UTC stay in URLs and JSON.
"""

from __future__ import annotations

from flask import Flask, current_app, g

from kb import store
from kb.readmodels import ClauseTitles
from quiz.generators import GENERATOR_LABELS
from quiz.model import explanation_body
from web.clock import local_time
from web.db import get_session


def _titles() -> ClauseTitles:
    """This build's clause names: made once per corpus build and process, looked up once per request."""
    titles: ClauseTitles | None = g.get("clause_titles")
    if titles is None:
        session = get_session()
        stamp = (store.build_info(session, "corpus") or {}).get("built_at")
        cached = current_app.extensions.get("policykb.clause_titles")
        if cached is None or cached[0] != stamp:
            cached = current_app.extensions["policykb.clause_titles"] = (stamp, ClauseTitles(session))
        titles = g.setdefault("clause_titles", cached[1])
    return titles


def clause_title(ref: str) -> str:
    """The human name of the clause a ref names, for this request."""
    return _titles()(ref)


def work_title(slug: str) -> str:
    """The title of the work a slug names."""
    return _titles().work_title(slug)


def generator_label(name: str) -> str:
    """数字题, 填空题 … for a generator's stored name (an unknown one as it is)."""
    return GENERATOR_LABELS.get(name, name)


def init_app(app: Flask) -> None:
    """Give every template the naming filters."""
    app.add_template_filter(clause_title, "clause_title")
    app.add_template_filter(generator_label, "generator_label")
    app.add_template_filter(work_title, "work_title")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(explanation_body, "explanation_body")  # a page that prints the key itself
