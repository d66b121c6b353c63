"""The question bank service: generate, validate and store the bank; read it back.

``build_bank`` runs after the corpus build in the same transaction: it reads the base text of
every work, runs the generators and the gates (``quiz.generators``, ``quiz.validate``), replaces the
``question`` table, and lays every trainer edit (``question_edit``) over the question it names —
so a human correction is never overwritten, and an edited question the generators no longer make
is kept as it was edited. It stores a summary (counts per type, work and generator, drops per
reason, clause coverage) under build info ``questions``.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ScalarSelect, delete, select
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from corpus.numbering import find_articles
from corpus.versions import current_versions
from kb import store
from kb.analysis import analyse_clause
from kb.db import insert_missing, lock_row
from kb.models import BuildInfo, Clause, Work
from kb.relations import all_facts, all_links, fact_record, segmenter_for
from kb.store import set_build_info
from kb.views import clause_label
from kb.vocab import (
    CITATIONS_PATH,
    FOUNDED_PATH,
    MATTERS_PATH,
    SYNONYMS_PATH,
    TOPICS_PATH,
    Lexicons,
    Topic,
    Vocabulary,
    load_lexicons,
    load_vocabulary,
    parse_citations,
    parse_founded,
    parse_matters,
    parse_synonyms,
    parse_topics,
)
from quiz.context import BankContext, build_context
from quiz.generators import OFF, REGISTRY, all_drafts
from quiz.mix import COVERED_LEVELS, select_mix
from quiz.mix import REASONS as MIX_REASONS
from quiz.model import TYPES, Question, SourceClause, make_question
from quiz.models import QuestionEdit, QuestionRow
from quiz.text import lead_in_of
from quiz.validate import REASONS, Validation, validate

COVERAGE_WORKS_LEVELS = COVERED_LEVELS  # the texts the exam tests closely: every clause twice (quiz.mix keeps it)
COVERAGE_MIN = 2


class QuestionNotFound(NotFound):
    """No question has this id."""


def cite(work: Work) -> str:
    """How a stem names a document: 《…》, with the province or city when the title lacks it."""
    title = f"《{work.title}》"
    region = work.region or ""
    if work.level == "provincial" and region and region not in work.title:
        return f"{region}省{title}"
    if work.level == "municipal" and region and not work.title.startswith(region):
        return f"{region}市{title}"
    return title


# A heading that names where a compilation's part comes from: a book (《…》), a party congress or a
# plenary session, a meeting, an instruction or a speech. A heading naming two of them is a group.
_SOURCE_NAMES = re.compile(r"《[^》]+》|党的[一二三四五六七八九十]+大|[一二三四五六七八九十]+中全会|会议|重要指示|重要讲话|讲话")
_SOURCE_NOTE = re.compile(r"（[^（）]*）$")


def source_cite(headings: Sequence[str], citations: dict[str, str]) -> str | None:
    """How a stem names the source of a compilation's clause: the nearest heading (own first) that names one."""
    for heading in headings:
        names: list[str] = _SOURCE_NAMES.findall(heading)
        if len(names) != 1 and not (len(names) == 2 and "讲话" in names):
            continue  # none, or 党的二十大和二十届三中全会精神: a group of sources, not one
        for pattern in sorted(citations, key=len, reverse=True):
            if pattern in heading:
                return citations[pattern]
        if names[0].startswith("《"):
            return names[0]
        return _SOURCE_NOTE.sub("", heading).strip()
    return None


def is_article(number: str | None) -> bool:
    """Tell whether a clause's number is a law's article (第十二条, 第十二条之一), read as the corpus reads citations."""
    return bool(number) and any(a == 0 and b == len(number or "") for a, b, _ in find_articles(number or ""))


def source_clauses(
    session: Session,
    topics: Sequence[Topic] = (),
    citations: dict[str, str] | None = None,
    *,
    vocab: Vocabulary | None = None,
    lexicons: Lexicons | None = None,
    cutoff: dt.date | None = None,
) -> list[SourceClause]:
    """The base text of every work as the generators read it, with facts and topics.

    With ``cutoff`` (the exam's cut-off date) only works in force that day are read: of a law in
    several versions, the one version current then, so no question mixes versions.

    A clause of a compilation cites the real source its part names (``source_cite``), never the
    compilation; a clause under no heading that names a source is left out, since no stem could cite it.
    """
    if citations is None:
        citations = parse_citations(CITATIONS_PATH, [])
    lexicons = lexicons or load_lexicons()
    segmenter = segmenter_for(session, vocab or load_vocabulary())
    facts: dict[str, list[Any]] = defaultdict(list)
    for row in all_facts(session):
        facts[row.ref].append(fact_record(row))
    out: list[SourceClause] = []
    in_force = current_versions(store.work_statuses(session, cutoff)) if cutoff else None
    every = store.list_works(session)
    # two versions of one law in the corpus (the bank may hold the current one only): a stem names its version, since
    # a candidate may have read the other (第十一条 says 设区的市级 in 2017, 县级 in 2023)
    titles = Counter(w.title for w in every)
    for work in (w for w in every if in_force is None or w.slug in in_force):
        clauses = store.witness_clauses(session, store.get_witness(work, None))
        by_ref = {c.ref: c for c in clauses}
        children: dict[str, list[str]] = defaultdict(list)
        for c in clauses:
            if c.parent_ref:
                children[c.parent_ref].append(c.ref)
        for c in clauses:
            chain: list[Clause] = [c]  # the clause and its ancestors, nearest first
            while chain[-1].parent_ref and chain[-1].parent_ref in by_ref:
                chain.append(by_ref[chain[-1].parent_ref or ""])
            top = chain[-1]
            named = cite(work)
            if titles[work.title] > 1 and work.date is not None:
                named += f"（{work.date.year}年版）"
            if work.kind == "compilation":
                real = source_cite([x.heading or "" for x in chain], citations)
                if real is None:
                    continue
                named = real
            found = tuple(t.name for t in topics if any(w in c.text for w in t.words))
            parent = by_ref.get(c.parent_ref or "")
            lead = lead_in_of(parent.text, parent.heading) if parent is not None and c.kind == "item" else ""
            out.append(
                SourceClause(
                    ref=c.ref,
                    work=work.slug,
                    cite=named,
                    level=work.level,
                    label=clause_label(c),
                    section=top.heading or "",
                    parent_ref=c.parent_ref,
                    kind=c.kind,
                    number=c.number,
                    heading=c.heading,
                    text=c.text,
                    emphasis=tuple((int(a), int(b)) for a, b in (c.emphasis or [])),
                    table=c.table,
                    facts=tuple(facts.get(c.ref, [])),
                    topics=found,
                    children=tuple(children.get(c.ref, [])),
                    lead_in=lead,
                    article=next((x.number for x in chain if is_article(x.number)), None),
                    year=work.date.year if work.date is not None else None,
                    analysis=analyse_clause(
                        c.text,
                        segmenter=segmenter,
                        lexicons=lexicons,
                        facts=facts.get(c.ref, []),
                        emphasis=[(int(a), int(b)) for a, b in (c.emphasis or [])],
                        ref=c.ref,
                    ),
                )
            )
    return out


def generate_questions(
    clauses: Sequence[SourceClause],
    links: Iterable[tuple[str, str]] = (),
    names: Iterable[str] | None = None,
    synonyms: Sequence[frozenset[str]] | None = None,
    mix: bool = True,
    founded: dict[str, int] | None = None,
    matters: dict[str, tuple[str, ...]] | None = None,
) -> tuple[Validation, BankContext]:
    """Run the generators over the clauses and every question through the gates (pure but for the default synonyms,
    founding-year and matters files)."""
    # the default file's ``~`` kin keep two names of one office from being each other's distractors, but a cloze
    # accepts only its ``=`` spellings; synonyms given by a caller are both
    spellings = parse_synonyms(SYNONYMS_PATH, [], kin=False) if synonyms is None else None
    if synonyms is None:
        synonyms = parse_synonyms(SYNONYMS_PATH, [])
    if founded is None:
        founded = parse_founded(FOUNDED_PATH, [])
    if matters is None:
        matters = parse_matters(MATTERS_PATH, [])
    ctx = build_context(clauses, links, synonyms, founded, spellings, matters)
    result = validate((make_question(d) for d in all_drafts(ctx, names)), ctx)  # one at a time: only kept ones are held
    if not mix:  # every question that passes the gates (a generator's whole output, for its tests)
        return result, ctx
    chosen = select_mix(result.kept, ctx)
    result.kept = chosen.kept
    result.dropped.update(chosen.dropped)
    for name, drops in chosen.by_generator.items():
        result.by_generator.setdefault(name, Counter()).update(drops)
    return result, ctx


def coverage(questions: Iterable[Question], ctx: BankContext, levels: Sequence[str] = COVERAGE_WORKS_LEVELS) -> dict[str, Any]:
    """How many questions test each numbered clause with text of the works of these levels (sub-items count for it)."""
    counts: Counter[str] = Counter()
    for q in questions:
        for ref in set(q.refs):
            counts[ref] += 1
    per_work: dict[str, dict[str, Any]] = {}
    for c in ctx.clauses:
        if c.level not in levels or not c.number or not c.text.strip() or c.kind == "item":
            continue
        n = sum(counts[r] for r in ctx.descendants_and_self(c.ref))
        w = per_work.setdefault(c.work, {"clauses": 0, "covered": 0, "under": []})
        w["clauses"] += 1
        if n >= COVERAGE_MIN:
            w["covered"] += 1
        else:
            w["under"].append({"ref": c.ref, "questions": n})
    return per_work


def _row(q: Question, position: int) -> QuestionRow:
    return QuestionRow(
        id=q.id,
        type=q.type,
        stem=q.stem,
        options=list(q.options),
        answer=list(q.answer),
        explanation=q.explanation,
        refs=list(q.refs),
        evidence=[asdict(e) for e in q.evidence],
        difficulty=q.difficulty,
        tags=list(q.tags),
        generator=q.generator,
        work=q.work,
        span_key=q.span_key,
        position=position,
        status="active",
        origin="generated",
        meta={"option_kind": q.option_kind, "negative": q.negative, "correct_reading": q.correct_reading},
    )


EDITABLE = ("stem", "options", "answer", "explanation", "difficulty", "tags")
BANK_VERSION = "bank_version"  # build_info key: a number raised by every change to the question table


def bump_bank_version(session: Session, now: dt.datetime) -> int:
    """Raise the bank's version, in the transaction that changes questions (a build, a trainer's edit or retirement).

    Whatever a process keeps of a question is keyed by this version (:class:`BankCache`), so
    the first request after the commit reads the question afresh in every worker. Writers take turns on the
    row, so two edits committed at once give two versions, never one.
    """
    insert_missing(session, BuildInfo, {"key": BANK_VERSION, "value": {"n": 0}, "updated_at": now})
    row = lock_row(session, BuildInfo, BANK_VERSION)
    assert row is not None  # inserted above, or by the transaction that committed it first
    version = int((row.value or {}).get("n", 0)) + 1
    row.value, row.updated_at = {"n": version}, now
    session.flush()
    session.info[READ_VERSION] = version
    return version


def bank_version_column() -> ScalarSelect[Any]:
    """The bank's version as a scalar subquery, read beside another row in the same statement (NULL before any)."""
    return select(BuildInfo.value).where(BuildInfo.key == BANK_VERSION).scalar_subquery()


def bank_version_of(value: Any) -> int | None:
    """The version number in what :func:`bank_version_column` read."""
    return int(value["n"]) if isinstance(value, dict) and "n" in value else None


_BANK_VERSION = select(bank_version_column())  # built once: composing it cost more than running it


READ_VERSION = "bank_version"  # Session.info key: the version this session's request read with its user


def bank_version(session: Session) -> int | None:
    """The bank's version as stored now (None before any build), or as this session read it already.

    A request reads the version with its user, in that statement (``web.db.get_user``), and notes it in
    ``session.info``: whatever the request reads of the bank later is at least as new, so what it keeps under that
    version is never stale. :func:`bump_bank_version` notes the version it writes.
    """
    if READ_VERSION in session.info:
        noted: int | None = session.info[READ_VERSION]
        return noted
    return bank_version_of(session.scalar(_BANK_VERSION))


Kept = TypeVar("Kept")
Key = TypeVar("Key", bound=Hashable)


class ProcessCache:
    """Values a process keeps between requests, by key; thread-safe, the oldest go past ``size``.

    Callers must not change what they get (it is shared by every request of the process): copy it first.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any | None:
        """The value kept for ``key``, if any (nothing is read)."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def get(self, key: Hashable, load: Callable[[], Kept]) -> Kept:
        """The value kept for ``key``, made by ``load`` the first time."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                found: Kept = self._items[key]
                return found
        value = load()
        self.put(key, value)
        return value


class BankCache(ProcessCache):
    """What a process keeps of the bank between requests, keyed by the bank's version *and* what was read.

    Whatever is read from the ``question`` table — and, since a build rebuilds both in one transaction, from the
    clause store — changes only with the bank's version (:func:`bump_bank_version`); so a value kept under the
    version read first, in the same request, is never older than that version, and the first request after a
    build or a trainer's edit, in any worker, reads afresh.
    """

    def at(self, version: int | None, key: Hashable, load: Callable[[], Kept]) -> Kept:
        """The value kept for ``key`` at bank version ``version``, made by ``load`` the first time."""
        return self.get((version, key), load)

    def current(self, session: Session, key: Hashable, load: Callable[[], Kept]) -> Kept:
        """:meth:`at` the bank's version as stored now (one light statement)."""
        return self.at(bank_version(session), key, load)

    def many(
        self, version: int | None, kind: str, keys: Iterable[Key], load: Callable[[list[Key]], Mapping[Key, Kept]]
    ) -> dict[Key, Kept]:
        """The values kept for each of ``keys`` (of one ``kind``) at bank version ``version``; ``load`` reads those not
        kept yet, all at once, and may leave out keys that have no value (they are not kept)."""
        kept: dict[Key, Kept] = {}
        for key in keys:
            found = self.peek((version, kind, key))
            if found is not None:
                kept[key] = found
        missing = [key for key in dict.fromkeys(keys) if key not in kept]
        for key, value in (load(missing) if missing else {}).items():
            self.put((version, kind, key), value)
            kept[key] = value
        return kept


def apply_edit(row: QuestionRow, edit: QuestionEdit) -> None:
    """Lay a trainer's edit over a question row."""
    for name in EDITABLE:
        if name in edit.data:
            setattr(row, name, edit.data[name])
    row.status = "retired" if edit.retired else "active"
    row.origin = "edited"


def build_bank(
    session: Session,
    *,
    now: dt.datetime,
    topics_path: Path = TOPICS_PATH,
    citations_path: Path = CITATIONS_PATH,
    vocab: Vocabulary | None = None,
    lexicons: Lexicons | None = None,
    cutoff: dt.date | None = None,
) -> dict[str, Any]:
    """Generate the bank from the stored corpus and replace the question table (caller commits).

    Questions come only from the versions in force on ``cutoff`` (the exam's cut-off date,
    ``EXAM_CUTOFF``; by default the build day).

    Every clause is analysed once here (``kb.analysis``: sentences, words, slots, lists) with the
    vocabulary and slot lexicons the pages use; the generators read the analysis.
    """
    warnings: list[str] = []
    clauses = source_clauses(
        session,
        parse_topics(topics_path, warnings),
        parse_citations(citations_path, warnings),
        vocab=vocab,
        lexicons=lexicons,
        cutoff=cutoff or now.date(),
    )
    links = [(link.source, link.target) for link in all_links(session) if link.kind == "clause"]
    result, ctx = generate_questions(clauses, links)
    summary = bank_summary(result, ctx)
    del clauses, ctx  # every clause's analysis goes before the rows are made: the stage's peak is both at once
    session.execute(delete(QuestionRow))
    session.flush()
    rows = {q.id: _row(q, i) for i, q in enumerate(result.kept)}
    del result
    kept_edited = 0
    for edit in session.scalars(select(QuestionEdit)):
        row = rows.get(edit.question_id)
        if row is None:
            snapshot = dict(edit.data.get("_question") or {})
            if not snapshot:
                continue
            row = QuestionRow(**{k: v for k, v in snapshot.items() if k in QuestionRow.__table__.columns})
            row.position = len(rows)
            row.meta = {**(row.meta or {}), "orphan": True}
            rows[row.id] = row
            kept_edited += 1
        apply_edit(row, edit)
    session.add_all(rows.values())
    session.flush()
    summary["edited"] = sum(1 for r in rows.values() if r.origin == "edited")
    summary["kept_from_edits"] = kept_edited
    summary["warnings"] = warnings
    summary["cutoff"] = (cutoff or now.date()).isoformat()
    set_build_info(session, "questions", summary, now)
    bump_bank_version(session, now)
    return summary


def bank_summary(result: Validation, ctx: BankContext) -> dict[str, Any]:
    """Counts per type, work and generator; drops per reason; coverage."""
    kept = result.kept
    cov = coverage(kept, ctx)
    level = {c.work: c.level for c in ctx.clauses}
    total = max(1, len(kept))
    levels = Counter(level.get(q.work, "") for q in kept)
    return {
        "total": len(kept),
        "by_type": {t: sum(q.type == t for q in kept) for t in TYPES},
        "by_work": dict(Counter(q.work for q in kept)),
        "by_generator": {g: sum(q.generator == g for q in kept) for g in REGISTRY},
        "generators": {
            g: {
                "made": n.get("made", 0),
                "dropped": {r: k for r, k in n.items() if r != "made"},
                "kept": sum(q.generator == g for q in kept),
                "off": g in OFF,
            }
            for g, n in ((g, result.by_generator.get(g, Counter())) for g in REGISTRY)
        },
        "share_by_type": {t: round(sum(q.type == t for q in kept) / total, 3) for t in TYPES},
        "share_by_level": {lv: round(n / total, 3) for lv, n in levels.items()},
        "dropped": dict(result.dropped),
        "dropped_labels": {k: (REASONS | MIX_REASONS)[k] for k in result.dropped},
        "drop_examples": result.examples,
        "coverage": cov,
    }


# ---- reading -------------------------------------------------------------------------------------


def _filtered(stmt: Any, *, work: str | None, type: str | None, generator: str | None, status: str | None) -> Any:
    if type and type not in TYPES:
        raise InvalidInput(f"题型只能是 {'、'.join(TYPES)}，收到“{type}”")
    if work:
        stmt = stmt.where(QuestionRow.work == work)
    if type:
        stmt = stmt.where(QuestionRow.type == type)
    if generator:
        stmt = stmt.where(QuestionRow.generator == generator)
    if status:
        stmt = stmt.where(QuestionRow.status == status)
    return stmt.order_by(QuestionRow.position)


def _cites(refs: Sequence[str], ref: str) -> bool:
    return any(x == ref or x.startswith(ref + ".") for x in refs)


def list_questions(
    session: Session,
    *,
    work: str | None = None,
    type: str | None = None,
    generator: str | None = None,
    ref: str | None = None,
    tag: str | None = None,
    status: str | None = "active",
    ids: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[QuestionRow], int]:
    """Questions in bank order, filtered; and how many match in all."""
    stmt = _filtered(select(QuestionRow), work=work, type=type, generator=generator, status=status)
    if ids is not None:
        stmt = stmt.where(QuestionRow.id.in_(list(ids)))
    rows = list(session.scalars(stmt))
    if ref:
        rows = [r for r in rows if _cites(r.refs, ref)]
    if tag:
        rows = [r for r in rows if tag in (r.tags or [])]
    total = len(rows)
    end = None if limit is None else offset + limit
    return rows[offset:end], total


@dataclass(frozen=True)
class PoolEntry:
    """What drawing a drill or a paper needs of a question (no stem, options or explanation to decode)."""

    id: str
    type: str
    work: str
    refs: tuple[str, ...]
    span_key: str
    position: int


def question_pool(
    session: Session,
    *,
    work: str | None = None,
    type: str | None = None,
    ref: str | None = None,
    bank: BankCache | None = None,
) -> list[PoolEntry]:
    """The active questions in bank order, filtered as ``list_questions`` does, read as light entries.

    With ``bank`` (the process's :class:`BankCache`) each filter's pool is read once per bank version.
    """

    def read() -> tuple[PoolEntry, ...]:
        columns = (
            QuestionRow.id,
            QuestionRow.type,
            QuestionRow.work,
            QuestionRow.refs,
            QuestionRow.span_key,
            QuestionRow.position,
        )
        stmt = _filtered(select(*columns), work=work, type=type, generator=None, status="active")
        pool = [PoolEntry(i, t, w, tuple(refs or ()), k, n) for i, t, w, refs, k, n in session.execute(stmt)]
        return tuple(e for e in pool if _cites(e.refs, ref)) if ref else tuple(pool)

    return list(bank.current(session, ("pool", work, type, ref), read) if bank is not None else read())


def get_question(session: Session, qid: str) -> QuestionRow:
    """The question with this id."""
    row = session.get(QuestionRow, qid)
    if row is None:
        raise QuestionNotFound(f"没有这道题：{qid}（题库重建后仍找不到，说明它的出处已不在语料中）")
    return row
