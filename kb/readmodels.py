"""Read models: collation, revision diff, compare, topics, a clause's relations, a clause's analysis.

Each function reads the store and returns plain data (dicts and lists, with HTML fragments made by
``kb.render`` where a page shows marked text); the web pages render it, their JSON twins and the CLI
print it. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from kb import relations, store
from kb.analysis import AnalysedClause, Tagger, analyse_clause, analysis_dict
from kb.collate import PiecePair
from kb.compare import added_sentences, compare_facts
from kb.facts import fact_who
from kb.models import Clause, Variant, Witness
from kb.relations import fact_record
from kb.render import apparatus_html, classed_spans_html
from kb.views import clause_dict, clause_label, clause_title, fact_dict, link_dict, short_names, variant_dict, work_dict
from kb.vocab import Lexicons, Topic, Vocabulary

KIND_LABELS = {"wording": "措辞", "punctuation": "标点", "added": "多出条款", "removed": "缺少条款"}
STATUS_LABELS = {
    "same": "相同",
    "renumbered": "条号变动",
    "changed": "有改动",
    "moved": "移动",
    "added": "新增",
    "removed": "删除",
}


# ---- human names -----------------------------------------------------------------------------------


class ClauseTitles:
    """Clauses named for a reader, by ref (《意见》第3条 优化工作力量配置), every clause read in one query.

    Refs stay in URLs, the JSON and the CLI; every page that names a clause outside its document goes
    through here. The names change only with the corpus, so the web keeps one per build.
    """

    def __init__(self, session: Session) -> None:
        works = store.list_works(session)
        short = short_names(works)
        self._works = {w.slug: w.title for w in works}
        rows = {r.ref: r for r in store.clause_names(session)}
        self._titles: dict[str, str] = {}
        for r in rows.values():
            parent = rows.get(r.parent_ref) if r.kind == "item" and r.parent_ref else None
            title = clause_title(r, short.get(r.work, f"《{self._works.get(r.work, r.work)}》"), parent)
            self._titles[r.ref] = title if r.is_base else f"{title}（{r.witness_label}）"

    def __call__(self, ref: str) -> str:
        return self._titles.get(ref, "（这一条已不在语料中）")

    def work_title(self, slug: str) -> str:
        """A work's title by slug (the slug itself for a work no longer stored)."""
        return self._works.get(slug, slug)


# ---- collation -------------------------------------------------------------------------------------


def collation_view(
    session: Session,
    slug: str,
    *,
    witness: str | None = None,
    kind: str | None = None,
    single: bool = False,
    show_all: bool = False,
) -> dict[str, Any]:
    """A work's witnesses collated against its base: every place with variants, and the variants table."""
    work = store.get_work(session, slug)
    if witness:
        store.get_witness(work, witness)  # an unknown witness is a 404 with the choices, not an empty table
    base = store.get_witness(work, None)
    every = relations.work_variants(session, slug)
    shown = [
        v
        for v in every
        if (not witness or v.witness == witness)
        and (not kind or v.kind == kind)
        and (not single or is_singular(v, len(work.witnesses)))
    ]
    clauses = {w.slug: {c.path: c for c in store.witness_clauses(session, w)} for w in work.witnesses}
    by_place: dict[str, list[Variant]] = {}
    for v in shown:
        by_place.setdefault(v.path, []).append(v)
    places = []
    for path, base_clause in clauses[base.slug].items():
        vs = by_place.get(path, [])
        if not vs and not show_all:
            continue
        places.append(_place(path, base_clause, vs, work.witnesses, clauses, base.slug))
    counts = {k: sum(1 for v in every if v.kind == k) for k in KIND_LABELS}
    names = {w.slug: w.label for w in work.witnesses}
    return {
        "work": work_dict(work),
        "base": base.slug,
        "filters": {"witness": witness, "kind": kind, "single": single, "all": show_all},
        "counts": counts,
        "per_witness": {w.slug: sum(1 for v in every if v.witness == w.slug) for w in work.witnesses if not w.is_base},
        "variants": [_variant(v, names) for v in shown],
        "places": places,
        "kind_labels": KIND_LABELS,
    }


def _variant(v: Variant, witness_labels: dict[str, str]) -> dict[str, Any]:
    """A variant as a page shows it: the export fields, its kind and its witness named for a reader."""
    name = witness_labels.get(v.witness, v.witness)
    return variant_dict(v) | {"kind_label": KIND_LABELS.get(v.kind, v.kind), "witness_label": name}


def is_singular(v: Variant, witnesses: int) -> bool:
    """Whether a reading is one only one witness has (with three or more witnesses)."""
    readings = list((v.readings or {}).values())
    return witnesses >= 3 and readings.count(v.witness_text) == 1


def _place(
    path: str,
    base_clause: Clause,
    variants: list[Variant],
    witnesses: Sequence[Witness],
    clauses: dict[str, dict[str, Clause]],
    base_slug: str,
) -> dict[str, Any]:
    text = base_clause.text or base_clause.heading or ""
    names = {w.slug: w.label for w in witnesses}
    marks = [(v.base_start, v.base_end, f"var {v.kind}", f"{names[v.witness]}：{v.witness_text or '（无）'}") for v in variants]
    notes = [
        (v.base_start, v.base_end, f"var {v.kind}", f"{names[v.witness]}{f'作“{v.witness_text}”' if v.witness_text else '无'}")
        for v in variants
        if v.kind in ("wording", "punctuation")
    ]
    readings = []
    for w in witnesses:
        if w.slug == base_slug:
            continue
        c = clauses[w.slug].get(path)
        own = [v for v in variants if v.witness == w.slug]
        wtext = (c.text or c.heading or "") if c else ""
        readings.append(
            {
                "witness": w.slug,
                "label": w.label,
                "ref": c.ref if c else None,
                "html": classed_spans_html(
                    wtext, [(v.witness_start, v.witness_end, f"var {v.kind}", f"底本：{v.base_text or '（无）'}") for v in own]
                )
                if c
                else "",
            }
        )
    return {
        "path": path,
        "ref": base_clause.ref,
        "label": clause_label(base_clause),
        "base_html": classed_spans_html(text, marks),
        "inline_html": apparatus_html(text, notes),
        "readings": readings,
        "variant_count": len(variants),
    }


# ---- revision diff ---------------------------------------------------------------------------------


def diff_choices(session: Session) -> list[dict[str, str]]:
    """Everything a diff side can name: each work's base text and each of its other witnesses."""
    return [
        {"spec": w.slug if wt.is_base else f"{w.slug}@{wt.slug}", "label": relations.side_label(w, wt)}
        for w in store.list_works(session)
        for wt in w.witnesses
    ]


def diff_view(
    session: Session, a: str, b: str, *, vocab: Vocabulary, only_changes: bool = True, kind: str | None = None
) -> dict[str, Any]:
    """The diff of two works, witnesses or clauses; ``kind`` keeps only wording or punctuation changes."""
    side_a, side_b = relations.resolve_side(session, a), relations.resolve_side(session, b)
    segmenter = relations.segmenter_for(session, vocab)
    pairs = relations.diff_sides(side_a, side_b, relations.word_boundaries(segmenter))
    summary = {k: sum(1 for p in pairs if p.status == k) for k in STATUS_LABELS}
    summary["wording"] = sum(1 for p in pairs for c in p.changes if c.kind == "wording")
    summary["punctuation"] = sum(1 for p in pairs for c in p.changes if c.kind == "punctuation")
    shown = [_pair_dict(p) for p in pairs if p.status != "same" or not only_changes]
    if kind:
        for pair in shown:
            pair["changes"] = [c for c in pair["changes"] if c["kind"] == kind]
        shown = [p for p in shown if p["changes"] or p["status"] in ("added", "removed", "moved")]
    return {"a_label": side_a.label, "b_label": side_b.label, "summary": summary, "pairs": shown}


def _pair_dict(p: PiecePair) -> dict[str, Any]:
    return {
        "status": p.status,
        "a_ref": p.a.id if p.a else None,
        "b_ref": p.b.id if p.b else None,
        "a_path": p.a.path if p.a else None,
        "b_path": p.b.path if p.b else None,
        "a_body": p.a.body if p.a else "",
        "similarity": p.similarity,
        "changes": [
            {
                "kind": c.kind,
                "a_text": c.a_text,
                "b_text": c.b_text,
                "a_span": [c.a_start, c.a_end],
                "b_span": [c.b_start, c.b_end],
            }
            for c in p.changes
        ],
        "a_html": classed_spans_html(
            p.a.body, [(c.a_start, c.a_end, f"var {c.kind}", f"改为：{c.b_text or '（删去）'}") for c in p.changes]
        )
        if p.a
        else "",
        "b_html": classed_spans_html(
            p.b.body, [(c.b_start, c.b_end, f"var {c.kind}", f"原为：{c.a_text or '（无）'}") for c in p.changes]
        )
        if p.b
        else "",
        "a_label": f"{p.a.path} {p.a.heading or ''}".strip() if p.a else "",
        "b_label": f"{p.b.path} {p.b.heading or ''}".strip() if p.b else "",
    }


# ---- compare ---------------------------------------------------------------------------------------


def compare_view(session: Session, ref: str) -> dict[str, Any]:
    """A clause beside its linked clauses in other works, numbers marked same / different / missing."""
    clause = store.get_clause(session, relations.base_ref(store.get_clause(session, ref)))
    facts = relations.clause_facts(session, clause.ref)
    main_facts = [fact_record(f) for f in facts]
    groups: dict[str, dict[str, Any]] = {}
    for linked in relations.clause_links(session, clause.ref):
        other = linked.clause
        other_facts = [fact_record(f) for f in relations.clause_facts(session, other.ref)]
        compared = compare_facts(main_facts, other_facts)
        text = other.text or ""
        group = groups.setdefault(other.work.slug, {"work": work_dict(other.work), "clauses": []})
        group["clauses"].append(
            {
                "ref": other.ref,
                "label": clause_label(other),
                "score": linked.link.score,
                "terms": list(linked.link.terms or []),
                "direction": linked.direction,
                "_text": text,
                "facts": [
                    {
                        "display": c.fact.display,
                        "who": fact_who(c.fact, text),
                        "text": c.fact.text,
                        "status": c.status,
                        "compared_with": c.other.display if c.other else None,
                        "span": list(c.fact.span),
                    }
                    for c in compared
                ],
                "added": [
                    text[a:b]
                    for a, b in added_sentences(clause.text or "", text)
                    if text[a:b].strip("。；; \n") != (other.heading or "")
                ],
                "_facts": other_facts,
            }
        )
    _compare_regions(groups)
    return {
        "clause": clause_dict(clause),
        "label": clause_label(clause),
        "work": work_dict(clause.work),
        "html": classed_spans_html(clause.text or "", [(f.span_start, f.span_end, "num", f.subject) for f in facts]),
        "facts": [fact_dict(f) | {"who": fact_who(r, clause.text or "")} for f, r in zip(facts, main_facts, strict=True)],
        "counterparts": list(groups.values()),
    }


def _compare_regions(groups: dict[str, dict[str, Any]]) -> None:
    """A provision the main clause lacks may still differ between two regions (借调 6 个月 vs 3 个月)."""
    entries = [(slug, c) for slug, g in groups.items() for c in g["clauses"]]
    for slug, entry in entries:
        for k, item in enumerate(entry["facts"]):
            if item["status"] != "only-here":
                continue
            for other_slug, other in entries:
                if other_slug == slug:
                    continue
                match = compare_facts(other["_facts"], [entry["_facts"][k]])[0]
                if match.status == "differs" and match.other is not None:
                    item["status"] = "regions-differ"
                    item["compared_with"] = f"{groups[other_slug]['work']['title']}：{match.other.display}"
                    break
    titles = {"same": "与本条相同", "differs": "本条为 ", "only-here": "本条没有", "regions-differ": "与另一地方不同："}
    for _, entry in entries:
        entry.pop("_facts")
        marks = [
            (f["span"][0], f["span"][1], f"num {f['status']}", titles[f["status"]] + (f["compared_with"] or ""))
            for f in entry["facts"]
        ]
        entry["html"] = classed_spans_html(entry.pop("_text"), marks)


# ---- topics ----------------------------------------------------------------------------------------


def _topic_works(session: Session) -> list[Any]:
    return [w for w in store.list_works(session) if w.kind != "compilation"]


def topics_view(session: Session, topics: Sequence[Topic]) -> dict[str, Any]:
    """Every topic with how many clauses of each work deal with it."""
    works = _topic_works(session)
    rows = []
    for topic in topics:
        per_work = relations.topic_clauses(session, topic, works)
        rows.append({"name": topic.name, "words": list(topic.words), "counts": {k: len(v) for k, v in per_work.items()}})
    return {"topics": rows, "works": [work_dict(w) for w in works]}


def topic_view(session: Session, topics: Sequence[Topic], name: str) -> dict[str, Any]:
    """What each work says on one topic, side by side, with its numeric provisions."""
    topic = next((t for t in topics if t.name == name), None)
    if topic is None:
        raise NotFound(f"没有这个专题：{name}")
    columns = []
    for work in _topic_works(session):
        items = []
        for hit in relations.topic_clauses(session, topic, [work])[work.slug]:
            c = hit.clause
            facts = [f for f in relations.clause_facts(session, c.ref) if topic.name in (f.topics or [])]
            spans = [(m, m + len(w), "topic", w) for w in topic.words for m in _find_all(c.text, w)]
            items.append(
                {
                    "ref": c.ref,
                    "label": clause_label(c),
                    "score": hit.score,
                    "words": list(hit.words),
                    "html": classed_spans_html(c.text, spans),
                    "facts": [fact_dict(f) for f in facts],
                }
            )
        columns.append({"work": work_dict(work), "clauses": items})
    return {"topic": {"name": topic.name, "words": list(topic.words)}, "columns": columns}


def _find_all(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + len(word))
    return out


# ---- a clause's relations --------------------------------------------------------------------------


def clause_relations(session: Session, clause: Clause) -> dict[str, Any]:
    """Links, variants and facts of a clause (read at its base ref), for the clause page."""
    base = relations.base_ref(clause)
    names = {w.slug: w.label for w in clause.work.witnesses}
    return {
        "links": [
            {
                **link_dict(lc.link),
                "other": lc.clause.ref,
                "other_label": clause_label(lc.clause),
                "other_work": lc.clause.work.title,
                "direction": lc.direction,
            }
            for lc in relations.clause_links(session, base)
        ],
        "variants": [_variant(v, names) for v in relations.clause_variants(session, base)],
        "facts": [fact_dict(f) for f in relations.clause_facts(session, base)],
    }


# ---- clause analysis --------------------------------------------------------------------------------


def _analysed(clause: Clause, segmenter: Tagger, lexicons: Lexicons) -> AnalysedClause:
    emphasis = [(int(a), int(b)) for a, b in clause.emphasis or []]
    return analyse_clause(clause.text, segmenter=segmenter, lexicons=lexicons, emphasis=emphasis, ref=clause.ref)


def analyse_ref(session: Session, ref: str, *, vocab: Vocabulary, lexicons: Lexicons) -> dict[str, Any]:
    """One clause's analysis as plain data: where it sits, its sentences, words, slots and lists."""
    if not ref.strip():
        raise InvalidInput("请给出条款引用号，如 shequ-yijian-2024/2.3")
    clause = store.get_clause(session, ref.strip())
    analysed = _analysed(clause, relations.segmenter_for(session, vocab), lexicons)
    return {
        "clause": {"ref": clause.ref, "label": clause_label(clause), "heading": clause.heading},
        "work": work_dict(clause.work),
        "analysis": analysis_dict(analysed),
        "lexicon_warnings": list(lexicons.warnings),
    }
