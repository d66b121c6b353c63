"""Services for what is derived from the stored clauses: variants, links, facts, topics, diffs.

``derive_relations`` runs inside the build transaction, after the clauses are stored, and replaces
every derived row; the other functions read. None of them commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from corpus.numbering import find_articles
from kb import store
from kb.collate import Piece, PiecePair, align, collate, diff_texts
from kb.facts import Fact as FactRecord
from kb.facts import extract_facts, unit_kind
from kb.links import LinkDoc, LinkWork, Provision, WorkRef, carried_out, find_citations, link_clauses
from kb.models import Clause, Fact, Link, Variant, Witness, Work
from kb.segment import Segmenter, general_idf, get_segmenter
from kb.vocab import Topic, Vocabulary, corpus_terms

UNIT_KINDS = ("clause", "part")  # what links join: numbered clauses and sections with text of their own
OPENING_UNITS = 2  # where a regulation says which law it carries out (根据《…》，制定本办法): its first articles


def stored_terms(session: Session) -> tuple[str, ...]:
    """The corpus's own terms (quoted and bold) over every stored clause, in the order they are stored."""
    texts = (
        (c.text, [(int(a), int(b)) for a, b in c.emphasis or []]) for c in session.scalars(select(Clause).order_by(Clause.id))
    )
    return tuple(corpus_terms(texts))


def segmenter_for(session: Session, vocab: Vocabulary) -> Segmenter:
    """The segmenter the search index uses: the user dictionary plus the corpus's own terms."""
    return get_segmenter(vocab.entries, stored_terms(session))


LONG_WORD = 6  # a change inside a word this long grows to the word's piece (部门 in 党委组织部门), not all of it


def word_boundaries(segmenter: Segmenter) -> Callable[[str], list[int]]:
    """Where words begin and end (and the pieces of long compounds), for growing a change to whole words."""

    def boundaries(text: str) -> list[int]:
        out: list[int] = []
        for word, start, end in segmenter.cut_with_offsets(text):
            out += [start, end]
            if end - start >= LONG_WORD:
                pos = start
                for part in segmenter.pieces(word):
                    pos += len(part)
                    out.append(pos)
        return out

    return boundaries


def piece(c: Clause) -> Piece:
    """A stored clause as the collator sees it."""
    return Piece(c.ref, c.path, c.heading, c.text)


def derive_relations(session: Session, *, vocab: Vocabulary, topics: Sequence[Topic]) -> dict[str, Any]:
    """Collate witnesses, link works, extract facts; replace the derived rows (caller commits).

    The links come before the variants: the links' segmenter is gone before the build's own (the bank's and
    the index's, with the corpus's terms) is loaded for collating, so the two dictionaries are never held at once.
    """
    for table in (Variant, Link, Fact):
        session.execute(delete(table))
    works = store.list_works(session)
    base_clauses: dict[str, list[Clause]] = {}
    collations: list[tuple[str, str, list[Piece], dict[str, list[Piece]]]] = []  # works with other witnesses
    for work in works:
        by_witness = {w.slug: store.witness_clauses(session, w) for w in work.witnesses}
        base = store.get_witness(work, None)
        base_clauses[work.slug] = by_witness[base.slug]
        others = {w.slug: [piece(c) for c in by_witness[w.slug]] for w in work.witnesses if not w.is_base}
        if others:
            collations.append((work.slug, base.slug, [piece(c) for c in by_witness[base.slug]], others))
    topic_words = [(t.name, t.words) for t in topics]
    facts = 0
    provisions: dict[str, set[Provision]] = {}
    for work in works:
        for ordinal, c in enumerate(base_clauses[work.slug]):
            for f in extract_facts(c.text, topic_words):
                session.add(_fact_row(c.ref, work.slug, ordinal, f))
                facts += 1
                provisions.setdefault(c.ref, set()).update((t, unit_kind(f.unit), f.per is not None) for t in f.topics)
    refs = [WorkRef(w.slug, w.title, w.doc_number) for w in works]
    citations = find_citations(refs, ((w.slug, c.ref, c.text) for w in works for c in base_clauses[w.slug]))
    for cite in citations:
        session.add(
            Link(
                source=cite.source,
                target=cite.target,
                source_work=cite.source,
                target_work=cite.target,
                score=1.0,
                kind="cites",
                terms=[cite.evidence],
                parts={"clause": cite.clause},
            )
        )
    docs = link_docs(works, base_clauses, provisions, topics)
    link_works = [link_work(w) for w in works]
    opening: dict[str, list[str]] = {}
    for d in docs:
        opening.setdefault(d.work, [])
        if len(opening[d.work]) < OPENING_UNITS:
            opening[d.work].append(d.text)
    # links are a function of the two works alone: the corpus's own terms would cut one work's words by another's.
    # A segmenter (and an IDF table) of the links' own, not cached: their dictionaries go when the links are made,
    # before the bank holds every clause's analysis (tests/kb/test_build_memory.py)
    tokenizer = Segmenter(vocab.entries, (), tagging=False).index_words
    result = link_clauses(
        docs,
        tokenizer,
        works=link_works,
        cited=[(c.source, c.target) for c in citations],
        implements=carried_out(link_works, {w: "\n".join(t) for w, t in opening.items()}),
        weight=general_idf(),
    )
    work_of = {c.ref: w for w, cs in base_clauses.items() for c in cs}
    for link in result.links:
        session.add(
            Link(
                source=link.source,
                target=link.target,
                source_work=work_of[link.source],
                target_work=work_of[link.target],
                score=link.score,
                kind=link.kind,
                terms=list(link.terms),
                parts=dict(link.parts),
            )
        )
    del tokenizer
    bounds = word_boundaries(segmenter_for(session, vocab))
    counts = {"variants": 0, "wording": 0, "punctuation": 0, "structure": 0}
    for work_slug, base_slug, base_pieces, others in collations:
        _store_variants(session, work_slug, base_slug, base_pieces, others, bounds, counts)
    session.flush()
    return {
        **counts,
        "facts": facts,
        "links": len(result.links),
        "citations": len(citations),
        "work_pairs": [
            {"a": p.a, "b": p.b, "similarity": p.similarity, "linked": p.linked, "reason": p.reason} for p in result.work_pairs
        ],
    }


def _store_variants(
    session: Session,
    work: str,
    base_name: str,
    base: list[Piece],
    others: dict[str, list[Piece]],
    bounds: Callable[[str], list[int]],
    counts: dict[str, int],
) -> None:
    variants, alignments = collate(base, others, base_name=base_name, boundaries=bounds)
    order = {p.id: k for k, p in enumerate(base)}
    for v in variants:
        c = v.change
        session.add(
            Variant(
                work=work,
                path=v.path,
                ordinal=order[v.base_id],
                base_ref=v.base_id,
                witness=v.witness,
                witness_ref=v.witness_id,
                kind=c.kind,
                base_start=c.a_start,
                base_end=c.a_end,
                witness_start=c.b_start,
                witness_end=c.b_end,
                base_text=c.a_text,
                witness_text=c.b_text,
                majority=v.majority,
                readings=dict(v.readings),
            )
        )
        counts["variants"] += 1
        counts[c.kind] += 1
    for name, pairs in alignments.items():
        last = -1
        for pair in pairs:
            if pair.a is not None:
                last = order[pair.a.id]
            if pair.status not in ("added", "removed"):
                continue
            p = pair.a or pair.b
            assert p is not None
            session.add(
                Variant(
                    work=work,
                    path=p.path,
                    ordinal=last if pair.a is None else order[p.id],
                    base_ref=pair.a.id if pair.a else None,
                    witness=name,
                    witness_ref=pair.b.id if pair.b else None,
                    kind=pair.status,
                    base_start=0,
                    base_end=len(pair.a.body) if pair.a else 0,
                    witness_start=0,
                    witness_end=len(pair.b.body) if pair.b else 0,
                    base_text=pair.a.body if pair.a else "",
                    witness_text=pair.b.body if pair.b else "",
                    majority=None,
                    readings={},
                )
            )
            counts["variants"] += 1
            counts["structure"] += 1


def link_work(work: Work) -> LinkWork:
    """A stored work as the linker pairs it."""
    meta = work.meta or {}
    names = tuple(dict.fromkeys(n for n in (work.title, meta.get("short_title")) if n))
    form = "law" if meta.get("form") == "law" else "policy"
    return LinkWork(work.slug, work.level, form, meta.get("family") or work.slug, names)


def link_docs(
    works: Sequence[Work],
    base_clauses: dict[str, list[Clause]],
    provisions: Mapping[str, Iterable[Provision]] | None = None,
    topics: Sequence[Topic] = (),
) -> list[LinkDoc]:
    """The clauses links join: numbered clauses and sections with text, items folded into their lead-in.

    Each carries its article (a law's 第X条), the numeric provisions of its text and items
    (``provisions`` by clause ref) and the topics its heading names.
    """
    provisions = provisions or {}
    docs: list[LinkDoc] = []
    for work in works:
        clauses = base_clauses[work.slug]
        items: dict[str, list[Clause]] = {}
        for c in clauses:
            if c.kind == "item" and c.parent_ref:
                items.setdefault(c.parent_ref, []).append(c)
        units = [c for c in clauses if c.kind in UNIT_KINDS and (c.text or items.get(c.ref))]
        for i, c in enumerate(units):
            articles = find_articles(c.number or "") if c.kind == "clause" else []
            heading = c.heading or ""
            docs.append(
                LinkDoc(
                    id=c.ref,
                    work=work.slug,
                    level=work.level,
                    heading=c.heading,
                    text="\n".join([c.text, *(item.text for item in items.get(c.ref, []))]),
                    previous=units[i - 1].ref if i else None,
                    next=units[i + 1].ref if i + 1 < len(units) else None,
                    article=articles[0][2] if articles else None,
                    provisions=frozenset(
                        p for ref in (c.ref, *(item.ref for item in items.get(c.ref, []))) for p in provisions.get(ref, ())
                    ),
                    topics=frozenset(t.name for t in topics if heading and any(w in heading for w in t.words)),
                    mentions=frozenset(t.name for t in topics if any(w in c.text for w in t.words)),
                )
            )
    return docs


def _fact_row(ref: str, work: str, ordinal: int, f: FactRecord) -> Fact:
    return Fact(
        ref=ref,
        work=work,
        ordinal=ordinal,
        value=f.value,
        high=f.high,
        unit=f.unit,
        bound=f.bound,
        per=f.per,
        text=f.text,
        subject=f.subject,
        sentence=f.sentence,
        topics=list(f.topics),
        span_start=f.span[0],
        span_end=f.span[1],
    )


def fact_record(row: Fact) -> FactRecord:
    """A stored fact as the pure record the comparison functions take."""
    return FactRecord(
        value=row.value,
        high=row.high,
        unit=row.unit,
        bound=row.bound,
        per=row.per,
        text=row.text,
        subject=row.subject,
        sentence=row.sentence,
        topics=tuple(row.topics or ()),
        span=(row.span_start, row.span_end),
    )


# ---- reading -------------------------------------------------------------------------------------


def work_variants(session: Session, slug: str, *, witness: str | None = None, kinds: Iterable[str] = ()) -> list[Variant]:
    """The variants of a work in base order, optionally of one witness or of some kinds only."""
    stmt = select(Variant).where(Variant.work == slug)
    if witness:
        stmt = stmt.where(Variant.witness == witness)
    kinds = tuple(kinds)
    if kinds:
        stmt = stmt.where(Variant.kind.in_(kinds))
    return list(session.scalars(stmt.order_by(Variant.ordinal, Variant.base_start, Variant.witness, Variant.id)))


def clause_variants(session: Session, ref: str) -> list[Variant]:
    """The variants at one clause place, whether the ref names the base or another witness's copy."""
    return list(
        session.scalars(
            select(Variant)
            .where(or_(Variant.base_ref == ref, Variant.witness_ref == ref))
            .order_by(Variant.base_start, Variant.witness, Variant.id)
        )
    )


def all_variants(session: Session) -> list[Variant]:
    """Every variant, work by work in base order."""
    return list(session.scalars(select(Variant).order_by(Variant.work, Variant.ordinal, Variant.base_start, Variant.id)))


@dataclass(frozen=True)
class LinkedClause:
    """A link seen from one clause: the clause at the other end and the link itself."""

    link: Link
    clause: Clause
    direction: str  # "down" (the other carries this one out) | "up" (this one carries the other out)


def clause_links(session: Session, ref: str) -> list[LinkedClause]:
    """Clause links touching a clause (its base place), strongest first."""
    rows = session.scalars(
        select(Link).where(Link.kind == "clause", or_(Link.source == ref, Link.target == ref)).order_by(Link.score.desc())
    ).all()
    others = {r.target if r.source == ref else r.source for r in rows}
    by_ref = {c.ref: c for c in session.scalars(select(Clause).where(Clause.ref.in_(others)))} if others else {}
    return [
        LinkedClause(r, by_ref[r.target if r.source == ref else r.source], "down" if r.source == ref else "up")
        for r in rows
        if (r.target if r.source == ref else r.source) in by_ref
    ]


def all_links(session: Session) -> list[Link]:
    """Every link: work citations first, then clause links by source and score."""
    return list(session.scalars(select(Link).order_by(Link.kind.desc(), Link.source, Link.score.desc(), Link.id)))


def clause_facts(session: Session, ref: str) -> list[Fact]:
    """The numeric provisions of one clause in text order."""
    return list(session.scalars(select(Fact).where(Fact.ref == ref).order_by(Fact.span_start)))


def all_facts(session: Session) -> list[Fact]:
    """Every numeric provision, work by work in document order."""
    return list(session.scalars(select(Fact).order_by(Fact.work, Fact.ordinal, Fact.span_start)))


def base_ref(clause: Clause) -> str:
    """The ref of the base copy of a clause's place (links and facts are kept on the base)."""
    return clause.ref.split("@", 1)[0]


# ---- topics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicHit:
    """A clause on a topic: how strongly (heading hits count most) and which words matched."""

    clause: Clause
    score: int
    words: tuple[str, ...]


def topic_clauses(session: Session, topic: Topic, works: Sequence[Work]) -> dict[str, list[TopicHit]]:
    """For each work, its base clauses on a topic, the most central first, then in document order."""
    out: dict[str, list[TopicHit]] = {}
    for work in works:
        hits: list[tuple[int, int, TopicHit]] = []
        for ordinal, c in enumerate(store.witness_clauses(session, store.get_witness(work, None))):
            heading = c.heading or ""
            words = tuple(w for w in topic.words if w in c.text or w in heading)
            if not words:
                continue
            score = sum(3 for w in topic.words if w in heading) + sum(c.text.count(w) for w in topic.words)
            if score >= 2 or c.kind == "item":
                hits.append((-score, ordinal, TopicHit(c, score, words)))
        out[work.slug] = [h for _, _, h in sorted(hits, key=lambda x: (x[0], x[1]))]
    return out


# ---- revision diff -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffSide:
    """One side of a diff: what it names and the clauses it holds."""

    spec: str
    label: str
    clauses: list[Clause]


def resolve_side(session: Session, spec: str) -> DiffSide:
    """Read ``work``, ``work@witness`` or a clause ref into clauses."""
    spec = spec.strip()
    if not spec:
        raise InvalidInput("请给出要比较的文件、版本或条款，如 shequ-yijian-2024@newspaper")
    if "/" in spec:
        clause = store.get_clause(session, spec)
        return DiffSide(spec, f"{clause.work.title} {clause.number or ''}{clause.heading or ''}".strip(), [clause])
    slug, _, witness_slug = spec.partition("@")
    version = store.family_version(session, slug, witness_slug) if witness_slug[:1].isdigit() else None
    if version is not None:  # family@2018: one version of a law
        slug, witness_slug = version.slug, ""
    try:
        work = store.get_work(session, slug)
    except NotFound as exc:
        raise NotFound(f"{exc}（比较对象应写成 文件、文件@版本、法律@年份 或条款引用号）") from exc
    witness: Witness = store.get_witness(work, witness_slug or None)
    return DiffSide(spec, side_label(work, witness), store.witness_clauses(session, witness))


def side_label(work: Work, witness: Witness) -> str:
    """How a diff names a whole work's copy: a law's version by its year (…（2022版）), else the copy's description."""
    version_date = (work.meta or {}).get("version") if (work.meta or {}).get("form") == "law" else None
    return f"{work.title}（{version_date}版）" if version_date and witness.is_base else f"{work.title}（{witness.label}）"


def diff_sides(a: DiffSide, b: DiffSide, boundaries: Callable[[str], list[int]] | None) -> list[PiecePair]:
    """Diff two sides: two clauses character by character, or two clause lists aligned first."""
    if len(a.clauses) == 1 and len(b.clauses) == 1 and "/" in a.spec and "/" in b.spec:
        pa, pb = piece(a.clauses[0]), piece(b.clauses[0])
        changes = diff_texts(pa.body, pb.body, boundaries)
        return [PiecePair("changed" if changes else "same", pa, pb, 1.0, changes)]
    same_work = a.clauses and b.clauses and a.clauses[0].work_id == b.clauses[0].work_id
    return align([piece(c) for c in a.clauses], [piece(c) for c in b.clauses], by_path=bool(same_work), boundaries=boundaries)
