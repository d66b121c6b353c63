"""Pages for reading the corpus: the list of works, a work's full text, a clause, a source file."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from kb import store
from kb.render import clause_html, highlight_span_html
from kb.views import clause_dict, clause_label, full_title, witness_dict, work_dict
from web.db import get_session
from web.relations import clause_relations

bp = Blueprint("texts", __name__)


def split_json(value: str) -> tuple[str, bool]:
    """Split a trailing .json off a path part: ("x.json") → ("x", True)."""
    return (value[: -len(".json")], True) if value.endswith(".json") else (value, False)


@bp.get("/")
def index() -> str:
    """The home page: every work in the corpus."""
    data = _works_data()
    return render_template("texts/index.html", **data)


@bp.get("/works.json")
def index_json() -> Response:
    """JSON twin of the home page."""
    return jsonify(_works_data(for_json=True))


def _works_data(for_json: bool = False) -> dict[str, Any]:
    session = get_session()
    works = [work_dict(w) for w in store.list_works(session)]
    summary = store.build_info(session, "summary") or {}
    built = store.build_info(session, "corpus") or {}
    return {"works": works, "summary": summary, "built_at": built.get("built_at")}


@bp.get("/works/<slug>")
def work_page(slug: str) -> Response | str:
    """A work's table of contents and full text, clause by clause, in one witness."""
    slug, as_json = split_json(slug)
    data = _work_data(slug, request.args.get("witness") or None)
    if as_json:
        return jsonify({k: v for k, v in data.items() if k != "html"})
    return render_template("texts/work.html", **data)


def _work_data(slug: str, witness_slug: str | None) -> dict[str, Any]:
    session = get_session()
    work = store.get_work(session, slug)
    witness = store.get_witness(work, witness_slug)
    clauses = store.witness_clauses(session, witness)
    items = []
    for c in clauses:
        item = clause_dict(c, work, witness)
        item["label"] = clause_label(c)
        item["html"] = clause_html(c.text, c.emphasis or [], c.heading)
        items.append(item)
    toc = [
        {"ref": i["ref"], "label": i["label"], "depth": i["depth"], "anchor": i["path"]}
        for i in items
        if i["depth"] <= 2 and i["kind"] != "item"
    ]
    return {
        "work": work_dict(work),
        "witness": witness_dict(witness),
        "toc": toc,
        "clauses": items,
        "full_title": full_title(work),
    }


@bp.get("/clauses/<path:ref>")
def clause_page(ref: str) -> Response | str:
    """One clause: where it sits, its text, its source span, its neighbours and other copies."""
    ref, as_json = split_json(ref)
    session = get_session()
    clause = store.get_clause(session, ref)
    ctx = store.clause_context(session, clause)
    data: dict[str, Any] = {
        "clause": clause_dict(clause),
        "label": clause_label(clause),
        "work": work_dict(clause.work),
        "ancestors": [{"ref": a.ref, "label": clause_label(a)} for a in ctx.ancestors],
        "children": [{"ref": c.ref, "label": clause_label(c)} for c in ctx.children],
        "previous": {"ref": ctx.previous.ref, "label": clause_label(ctx.previous)} if ctx.previous else None,
        "next": {"ref": ctx.next.ref, "label": clause_label(ctx.next)} if ctx.next else None,
        "counterparts": [
            {"ref": c.ref, "witness": c.witness.slug, "label": c.witness.label, "is_base": c.witness.is_base}
            for c in ctx.counterparts
        ],
        "source": {"file": clause.witness.source, "span": [clause.span_start, clause.span_end]},
        **clause_relations(clause),
    }
    if as_json:
        return jsonify(data)
    data["html"] = clause_html(clause.text, clause.emphasis or [], clause.heading)
    data["full_title"] = full_title(clause.work)
    return render_template("texts/clause.html", **data)


@bp.get("/sources/<path:name>")
def source_page(name: str) -> Response | str:
    """A raw source file as the build read it, with a span marked (?start=&end=)."""
    name, as_json = split_json(name)
    row = store.source_file(get_session(), name)
    start = request.args.get("start", type=int) or 0
    end = request.args.get("end", type=int) or 0
    text = row.text or ""
    data = {
        "name": row.name,
        "sha256": row.sha256,
        "encoding": row.encoding,
        "status": row.status,
        "message": row.message,
        "size": row.size,
        "span": [start, end] if end > start else None,
        "excerpt": text[start:end] if end > start else None,
    }
    if as_json:
        return jsonify(data)
    return render_template("texts/source.html", html=highlight_span_html(text, start, end), **data)
