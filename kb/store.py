"""Services over the clause store. Each takes a session, may flush, never commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Row, ScalarSelect, delete, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from corpus.errors import ClauseNotFound, InvalidInput, NotFound
from corpus.model import CorpusBuild
from corpus.versions import VersionStatus, version_info, version_statuses
from kb.models import BuildInfo, Clause, SourceFile, Witness, Work


def store_corpus(session: Session, build: CorpusBuild, *, now: dt.datetime) -> None:
    """Replace the stored corpus with a new build, all within the caller's transaction."""
    session.execute(delete(Clause))
    session.execute(delete(Witness))
    session.execute(delete(Work))
    session.execute(delete(SourceFile))
    session.flush()
    for s in build.sources:
        session.add(SourceFile(**asdict(s)))
    for position, w in enumerate(build.works):
        work = Work(
            slug=w.slug,
            title=w.title,
            issuers=list(w.issuers),
            date=w.date,
            doc_number=w.doc_number,
            level=w.level,
            region=w.region,
            kind=w.kind,
            position=position,
            meta=w.meta,
        )
        session.add(work)
        session.flush()
        for wpos, wt in enumerate(w.witnesses):
            witness = Witness(
                work_id=work.id,
                slug=wt.slug,
                source=wt.source,
                part=wt.part,
                is_base=wt.is_base,
                label=wt.label,
                span_start=wt.span[0],
                span_end=wt.span[1],
                position=wpos,
                meta=wt.meta,
            )
            session.add(witness)
            session.flush()
            session.add_all(
                Clause(
                    ref=c.ref,
                    work_id=work.id,
                    witness_id=witness.id,
                    parent_ref=c.parent_ref,
                    path=c.path,
                    ordinal=c.ordinal,
                    depth=c.depth,
                    kind=c.kind,
                    number=c.number,
                    heading=c.heading,
                    text=c.text,
                    emphasis=[list(e) for e in c.emphasis],
                    span_start=c.span[0],
                    span_end=c.span[1],
                    table=c.table,
                    extras=c.extras,
                )
                for c in wt.clauses
            )
    set_build_info(session, "corpus", {"hash": build.corpus_hash, "built_at": now.isoformat()}, now)
    set_build_info(session, "summary", build.summary, now)
    set_build_info(session, "warnings", {"items": list(build.warnings)}, now)
    session.flush()


def set_build_info(session: Session, key: str, value: dict[str, Any], now: dt.datetime) -> None:
    """Store a fact about the build under a key, replacing what was there."""
    row = session.get(BuildInfo, key)
    if row is None:
        session.add(BuildInfo(key=key, value=value, updated_at=now))
    else:
        row.value = value
        row.updated_at = now


def build_info(session: Session, key: str) -> dict[str, Any] | None:
    """A stored fact about the corpus (``corpus``: hash and time, ``summary``, ``warnings``)."""
    row = session.get(BuildInfo, key)
    return dict(row.value) if row else None


def stored_hash(session: Session) -> str | None:
    """The hash of the corpus the database holds, or None when nothing was built."""
    info = build_info(session, "corpus")
    return str(info["hash"]) if info else None


def stored_hash_column() -> ScalarSelect[Any]:
    """:func:`stored_hash` as a scalar subquery, read beside another row in the same statement (NULL before a build)."""
    return select(BuildInfo.value["hash"].as_string()).where(BuildInfo.key == "corpus").scalar_subquery()


def list_works(session: Session) -> list[Work]:
    """Every work in display order (central, provincial, municipal, compilations), with witnesses."""
    return list(session.scalars(select(Work).options(selectinload(Work.witnesses)).order_by(Work.position)))


def work_statuses(session: Session, as_of: dt.date) -> dict[str, VersionStatus]:
    """Every stored work's status on the day ``as_of`` (see corpus.versions)."""
    return version_statuses((version_info(w.slug, w.meta or {}) for w in list_works(session)), as_of)


def store_statuses(session: Session, as_of: dt.date) -> dict[str, VersionStatus]:
    """Store each work's status on ``as_of`` in its meta, as the pages and exports show it."""
    statuses = work_statuses(session, as_of)
    for work in list_works(session):
        work.meta = {**(work.meta or {}), **statuses[work.slug].as_meta(), "status_as_of": as_of.isoformat()}
    session.flush()
    return statuses


def family_version(session: Session, family: str, when: str) -> Work | None:
    """The version of a family whose version date starts with ``when`` (2018, 2018-10, 2018-10-26), if one only."""
    found = [
        w
        for w in list_works(session)
        if (w.meta or {}).get("family") == family and str((w.meta or {}).get("version") or "").startswith(when)
    ]
    if len(found) > 1:
        raise InvalidInput(f"{family}@{when} 有 {len(found)} 个版本：{'、'.join(w.slug for w in found)}；请写出完整日期")
    return found[0] if found else None


def get_work(session: Session, slug: str) -> Work:
    """The work with this slug."""
    work = session.scalars(select(Work).where(Work.slug == slug).options(selectinload(Work.witnesses))).first()
    if work is None:
        raise NotFound(f"没有这个文件：{slug}")
    return work


def get_witness(work: Work, slug: str | None) -> Witness:
    """One witness of a work by its slug; the base witness when slug is None."""
    if slug is None:
        return next(w for w in work.witnesses if w.is_base)
    for w in work.witnesses:
        if w.slug == slug:
            return w
    raise NotFound(f"《{work.title}》没有版本“{slug}”，可选：{'、'.join(w.slug for w in work.witnesses)}")


def witness_clauses(session: Session, witness: Witness) -> list[Clause]:
    """All clauses of one witness in document order."""
    return list(session.scalars(select(Clause).where(Clause.witness_id == witness.id).order_by(Clause.ordinal)))


def get_clause(session: Session, ref: str) -> Clause:
    """The clause with this ref."""
    clause = session.scalars(
        select(Clause).where(Clause.ref == ref).options(selectinload(Clause.witness), selectinload(Clause.work))
    ).first()
    if clause is None:
        raise ClauseNotFound(f"没有这个条款：{ref}")
    return clause


def get_clauses(session: Session, refs: Iterable[str]) -> dict[str, Clause]:
    """The clauses with these refs and their works, by ref, in one query (refs not found are left out).

    Citations and menus name a clause and its work, never its witness (read on first use if asked for)."""
    wanted = sorted(set(refs))
    if not wanted:
        return {}
    stmt = select(Clause).where(Clause.ref.in_(wanted)).options(joinedload(Clause.work))
    return {c.ref: c for c in session.scalars(stmt)}


@dataclass(frozen=True)
class ClauseContext:
    """A clause with its place in the hierarchy and its neighbours."""

    clause: Clause
    ancestors: list[Clause]
    children: list[Clause]
    previous: Clause | None
    next: Clause | None
    counterparts: list[Clause]  # the same place in the work's other witnesses


def clause_context(session: Session, clause: Clause) -> ClauseContext:
    """Load ancestors, children, document neighbours and the same clause in other copies."""
    ancestors: list[Clause] = []
    parent_ref = clause.parent_ref
    while parent_ref:
        parent = session.scalars(select(Clause).where(Clause.ref == parent_ref)).first()
        if parent is None:
            break
        ancestors.insert(0, parent)
        parent_ref = parent.parent_ref
    children = list(session.scalars(select(Clause).where(Clause.parent_ref == clause.ref).order_by(Clause.ordinal)))
    prev = session.scalars(
        select(Clause)
        .where(Clause.witness_id == clause.witness_id, Clause.ordinal < clause.ordinal)
        .order_by(Clause.ordinal.desc())
    ).first()
    nxt = session.scalars(
        select(Clause).where(Clause.witness_id == clause.witness_id, Clause.ordinal > clause.ordinal).order_by(Clause.ordinal)
    ).first()
    counterparts = list(
        session.scalars(
            select(Clause)
            .where(Clause.work_id == clause.work_id, Clause.path == clause.path, Clause.id != clause.id)
            .options(selectinload(Clause.witness))
        )
    )
    return ClauseContext(clause, ancestors, children, prev, nxt, counterparts)


def iter_clauses(session: Session) -> Iterator[Clause]:
    """Every clause of every witness, work by work in display order, in document order."""
    stmt = (
        select(Clause)
        .join(Work, Clause.work_id == Work.id)
        .join(Witness, Clause.witness_id == Witness.id)
        .options(selectinload(Clause.work), selectinload(Clause.witness))
        .order_by(Work.position, Witness.position, Clause.ordinal)
    )
    yield from session.scalars(stmt)


def clause_names(session: Session) -> list[Row[Any]]:
    """What names every clause, in one query: ref, number, heading, kind, parent, its text's start, work and copy."""
    query = (
        select(
            Clause.ref,
            Clause.number,
            Clause.heading,
            Clause.kind,
            Clause.parent_ref,
            func.substr(Clause.text, 1, 25).label("text"),
            Work.slug.label("work"),
            Witness.is_base,
            Witness.label.label("witness_label"),
        )
        .join(Work, Clause.work_id == Work.id)
        .join(Witness, Clause.witness_id == Witness.id)
    )
    return list(session.execute(query))


def source_witnesses(session: Session, name: str) -> list[Witness]:
    """The copies of works read from one source file, the whole-file one first (a compilation holds several)."""
    rows = session.scalars(select(Witness).where(Witness.source == name).options(selectinload(Witness.work)))
    return sorted(rows, key=lambda w: (w.part is not None, w.position, w.id))


def source_file(session: Session, name: str) -> SourceFile:
    """A stored source file by name."""
    row = session.scalars(select(SourceFile).where(SourceFile.name == name)).first()
    if row is None:
        raise NotFound(f"没有这个源文件：{name}")
    return row
