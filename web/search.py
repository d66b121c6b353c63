"""The search page and its JSON twin, and the per-process index holder that only opens indexes.

A request never builds an index: when the index is missing or older than the corpus, the page
answers from the last good one (or shows an empty page) with a notice to run ``policykb build``,
and the JSON twin carries ``index_state`` (``fresh`` / ``stale`` / ``missing``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, request

from corpus.model import level_label
from kb.engine import STATE_NOTICES, ClauseIndex, IndexHolder, IndexState, SearchResult, WorkInfo, search_dict
from kb.search import SearchIndex
from kb.vocab import load_vocabulary
from web.db import get_session, known_corpus_hash
from web.pages import data_page

bp = Blueprint("search", __name__)

FILTERS = ("work", "level", "region", "year")
PER_PAGE = 20


def init_app(app: Flask) -> None:
    """Create the app's index holder: the index opens once per process (and per build), not per request."""
    vocab = load_vocabulary(
        userdict=Path(app.config["SEARCH_USERDICT"]),
        aliases=Path(app.config["SEARCH_ALIASES"]),
        question_words=Path(app.config["SEARCH_QUESTION_WORDS"]),
    )
    for warning in vocab.warnings:
        app.logger.warning("检索词表：%s", warning)
    app.extensions["policykb.search"] = IndexHolder(
        Path(app.config["INDEX_DIR"]), vocab, SearchIndex, Path(app.config["SEARCH_USERDICT"])
    )


def get_index() -> tuple[ClauseIndex | None, IndexState]:
    """The newest built search index (None before the first build) and how it stands against the corpus."""
    holder: IndexHolder = current_app.extensions["policykb.search"]
    return holder.get(get_session(), corpus_hash=known_corpus_hash())


def _page_arg() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _form() -> dict[str, Any]:
    return {"q": request.args.get("q", ""), "args": {k: request.args.getlist(k) for k in FILTERS}}


@data_page(bp, "/search", template="search/results.html", wrap="data", furniture=_form)
def search_page() -> dict[str, Any]:
    """Search clauses: words, questions, "exact phrases", -exclusions and filters."""
    q = request.args.get("q", "")
    filters = {k: request.args.getlist(k) for k in FILTERS if request.args.getlist(k)}
    index, state = get_index()
    if index is None:
        result = SearchResult(q, 0, (), 1, PER_PAGE)
        works: Mapping[str, WorkInfo] = {}
    else:
        result = index.search(q, page=_page_arg(), per_page=PER_PAGE, filters=filters)
        works = index.works
    data = search_dict(result)
    data["index_state"] = state
    data["index_notice"] = STATE_NOTICES.get(state)
    data["facets_labelled"] = {
        "work": [
            {"value": s, "label": works[s].title if s in works else s, "count": n}
            for s, n in sorted(
                result.facets.get("work", {}).items(), key=lambda kv: list(works).index(kv[0]) if kv[0] in works else 99
            )
        ],
        "level": [{"value": v, "label": level_label(v), "count": n} for v, n in result.facets.get("level", {}).items()],
        "region": [{"value": v, "label": v, "count": n} for v, n in sorted(result.facets.get("region", {}).items())],
        "year": [
            {"value": v, "label": f"{v}年", "count": n} for v, n in sorted(result.facets.get("year", {}).items(), reverse=True)
        ],
    }
    data["works"] = [{"slug": w.slug, "title": w.title} for w in works.values()]
    return data
