"""Pages for reading the corpus: the list of works, a work's full text, a clause, a source file."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from kb import store
from kb.readmodels import clause_relations
from kb.render import clause_html, highlight_span_html
from kb.views import clause_dict, clause_label, full_title, witness_dict, work_dict
from quiz.bank import list_questions
from web.db import get_session
from web.pages import data_page

bp = Blueprint("texts", __name__)


@data_page(bp, "/works", template="texts/index.html", json_rule="/works.json")
def index() -> dict[str, Any]:
    """Every work in the corpus."""
    session = get_session()
    works = [work_dict(w) for w in store.list_works(session)]
    summary = store.build_info(session, "summary") or {}
    built = store.build_info(session, "corpus") or {}
    return {"works": works, "summary": summary, "built_at": built.get("built_at")}


@data_page(bp, "/works/<slug>", template="texts/work.html", html_only=("html",))
def work_page(slug: str) -> dict[str, Any]:
    """A work's table of contents and full text, clause by clause, in one witness."""
    session = get_session()
    work = store.get_work(session, slug)
    witness = store.get_witness(work, request.args.get("witness") or None)
    items = []
    for c in store.witness_clauses(session, witness):
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


@data_page(bp, "/clauses/<path:ref>", template="texts/clause.html", html_only=("html", "full_title"))
def clause_page(ref: str) -> dict[str, Any]:
    """One clause: where it sits, its text, its source span, its neighbours and other copies."""
    session = get_session()
    clause = store.get_clause(session, ref)
    ctx = store.clause_context(session, clause)
    return {
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
        **clause_relations(session, clause),
        "questions": list_questions(session, ref=clause.ref.split("@", 1)[0])[1],
        "html": clause_html(clause.text, clause.emphasis or [], clause.heading),
        "full_title": full_title(clause.work),
    }


@data_page(bp, "/sources/<path:name>", template="texts/source.html", html_only=("html",))
def source_page(name: str) -> dict[str, Any]:
    """A raw source file as the build read it, with a span marked (?start=&end=)."""
    session = get_session()
    row = store.source_file(session, name)
    witnesses = store.source_witnesses(session, name)
    start = request.args.get("start", type=int) or 0
    end = request.args.get("end", type=int) or 0
    text = row.text or ""
    return {
        "name": row.name,
        "title": witnesses[0].work.title if witnesses else row.name,
        "witnesses": [{"work": w.work.slug, "work_title": w.work.title, "slug": w.slug, "label": w.label} for w in witnesses],
        "sha256": row.sha256,
        "encoding": row.encoding,
        "status": row.status,
        "message": row.message,
        "size": row.size,
        "span": [start, end] if end > start else None,
        "excerpt": text[start:end] if end > start else None,
        "html": highlight_span_html(text, start, end),
    }
