"""Building the search index: the one module that writes one (Whoosh's writing side enters here only).

``policykb build`` and ``policykb serve`` (before it listens) call :func:`build_index` (serve only
when kb.engine.index_is_current says no); a web request never does (it opens what was built, see kb.engine).

One index document per clause *place* (work + path): the base witness's text plus every other
witness's reading that differs, so a clause printed in three copies is one hit under its base ref.
Each document is indexed three ways, all tokenised here in Python (Whoosh only stores terms):

``words``    jieba words of the text, plus the aligned pieces of compounds (see kb.segment);
             a whole-word match scores highest.
``head`` / ``context``  the lead heading, and what frames the clause (its parents' headings, an
             item's lead-in sentence, the work's title and region), for ranking and for items
             whose subject is stated above them.
``chars``    overlapping character bigrams of the search key (corpus.text.char_bigrams), which
             kb.search uses to find a phrase's candidates.

Besides the Whoosh segment files, a folder holds ``keys.json`` (each document's search key, every
reading GAP-separated, in document order) and ``meta.json`` (kb.engine). A build writes a new
folder ``ROOT/.build-…``, renames it to ``ROOT/<version>`` and swaps ``ROOT/CURRENT`` with one
atomic rename, so readers keep answering while it runs; older folders but the newest previous
one are pruned.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from corpus.text import char_bigrams
from kb import store
from kb.engine import CURRENT, INDEX_FORMAT, META, WorkInfo, wanted_version
from kb.models import Clause, Witness
from kb.query import search_key
from kb.relations import stored_terms
from kb.segment import Segmenter, get_segmenter
from kb.views import clause_label
from kb.vocab import USERDICT_PATH, Vocabulary, corpus_terms

GAP = "\x01"  # joins the readings of a clause in its search key, so no phrase runs across two of them

_SPLIT = RegexTokenizer(r"\S+")
# Whoosh's writer holds postings in memory up to this estimate (about 1.5 MB of Python objects per MB counted),
# then sorts them out to a run on disk and merges the runs at commit: the same index, in bounded memory
# (256 took 350 MB more at 4× seeds + laws; 64 keeps it near 100 MB at any size, and is no slower).
POOL_MB = 64


def _schema() -> Schema:
    return Schema(
        ref=ID(stored=True, unique=True),
        work=ID(stored=True, sortable=True),
        level=ID(stored=True, sortable=True),
        region=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        order=NUMERIC(stored=True, sortable=True),
        words=TEXT(analyzer=_SPLIT, phrase=False),
        head=TEXT(analyzer=_SPLIT, phrase=False),
        context=TEXT(analyzer=_SPLIT, phrase=False),
        chars=TEXT(analyzer=_SPLIT, phrase=False),
        data=STORED,
    )


# ---------------------------------------------------------------------------------------------
# What gets indexed


@dataclass(frozen=True)
class Reading:
    """One witness's text of a clause."""

    witness: str
    label: str
    text: str
    is_base: bool


@dataclass(frozen=True)
class IndexRecord:
    """One clause place as the index sees it (built from the store, or made up by a benchmark)."""

    ref: str
    work: str
    path: str
    label: str
    heading: str | None
    kind: str
    level: str
    region: str
    year: str
    readings: tuple[Reading, ...]
    context: str = ""
    terms: tuple[str, ...] = ()  # quoted and bold terms in any of its witnesses


def index_records(session: Session) -> tuple[list[IndexRecord], list[WorkInfo]]:
    """Read every clause place from the store: base reading first, differing readings after it."""
    records: list[IndexRecord] = []
    works: list[WorkInfo] = []
    for work in store.list_works(session):
        year = str(work.date.year) if work.date else ""
        region = work.region or ""
        meta = work.meta or {}
        status, cited_as = meta.get("status") or "current", meta.get("short_title") or ""
        works.append(WorkInfo(work.slug, work.title, work.level, region, year, status, cited_as))
        places: dict[str, list[tuple[Witness, Clause]]] = {}
        for witness in sorted(work.witnesses, key=lambda w: (not w.is_base, w.position)):
            for clause in store.witness_clauses(session, witness):
                places.setdefault(clause.path, []).append((witness, clause))
        by_ref: dict[str, Clause] = {}
        for pairs in places.values():
            for _, clause in pairs:
                by_ref[clause.ref] = clause
        for path, pairs in places.items():
            _, first = pairs[0]
            readings: list[Reading] = []
            seen: set[str] = set()
            for witness, clause in pairs:
                key = search_key(clause.text)
                if key in seen:
                    continue
                seen.add(key)
                readings.append(Reading(witness.slug, witness.label, clause.text, witness.is_base))
            context: list[str] = []
            parent = by_ref.get(first.parent_ref or "")
            while parent is not None:
                context.append(parent.text if first.kind == "item" and not context else parent.heading or "")
                parent = by_ref.get(parent.parent_ref or "")
            context.append(f"{work.title} {region}")
            records.append(
                IndexRecord(
                    ref=first.ref,
                    work=work.slug,
                    path=path,
                    label=clause_label(first),
                    heading=first.heading,
                    kind=first.kind,
                    level=work.level,
                    region=region,
                    year=year,
                    readings=tuple(readings),
                    context=" ".join(c for c in context if c),
                    terms=tuple(corpus_terms((c.text, [(int(a), int(b)) for a, b in c.emphasis or []]) for _, c in pairs)),
                )
            )
    return records, works


def _document(record: IndexRecord, order: int, seg: Segmenter, memo: dict[str, str]) -> tuple[dict[str, Any], str]:
    """The Whoosh document of a record, and its search key (every reading, GAP-separated).

    memo keeps the analysed heading and framing text: every clause of a work shares its title.
    """
    chars: list[str] = []
    words: list[str] = []
    keys: list[str] = []
    readings: list[list[Any]] = []
    seen_words: set[str] = set()
    for reading in record.readings:
        key = search_key(reading.text)
        chars.extend(char_bigrams(key))
        keys.append(key)
        found, bounds = seg.analyse(key)
        for w in found:
            if reading.is_base or w not in seen_words:
                words.append(w)
            seen_words.add(w)
        readings.append([reading.witness, reading.label, reading.text, reading.is_base, bounds])
    doc = {
        "ref": record.ref,
        "work": record.work,
        "level": record.level,
        "region": record.region,
        "year": record.year,
        "order": order,
        "words": " ".join(words),
        "head": _analysed(record.heading or "", seg, memo),
        "context": _analysed(record.context, seg, memo),
        "chars": " ".join(chars),
        "data": {
            "path": record.path,
            "label": record.label,
            "heading": record.heading,
            "kind": record.kind,
            "readings": readings,
        },
    }
    return doc, GAP.join(keys)


def _analysed(text: str, seg: Segmenter, memo: dict[str, str]) -> str:
    if text not in memo:
        memo[text] = " ".join(seg.analyse(search_key(text))[0])
    return memo[text]


# ---------------------------------------------------------------------------------------------
# Writing and swapping


@dataclass(frozen=True)
class IndexInfo:
    """What a build wrote."""

    version: str
    path: Path
    documents: int
    terms: int


def write_index(
    records: Sequence[IndexRecord],
    works: Sequence[WorkInfo],
    root: Path,
    *,
    version: str,
    vocab: Vocabulary,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None = None,
    terms: Sequence[str] | None = None,
    pool_mb: int = POOL_MB,
) -> IndexInfo:
    """Write a new index folder for these records and make it the current one (atomic swap).

    ``terms`` are the corpus's own terms in the order the segmenter adds them (default: the records');
    ``pool_mb`` bounds the postings held in memory before they go to a sorted run on disk."""
    root.mkdir(parents=True, exist_ok=True)
    terms = list(dict.fromkeys(t for r in records for t in r.terms) if terms is None else terms)
    seg = get_segmenter(vocab.entries, tuple(terms))
    tmp = root / f".build-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        ix = FileStorage(str(tmp)).create_index(_schema())
        writer = SegmentWriter(ix, limitmb=pool_mb)
        keys: list[str] = []
        memo: dict[str, str] = {}
        try:
            for i, record in enumerate(records):
                doc, key = _document(record, i, seg, memo)
                writer.add_document(**doc)
                keys.append(key)
                if progress and (i + 1) % 2000 == 0:
                    progress(i + 1, len(records))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        ix.close()
        (tmp / "keys.json").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
        meta = {
            "version": version,
            "format": INDEX_FORMAT,
            "built_at": now.isoformat(),
            "documents": len(records),
            "terms": terms,
            "works": [w.__dict__ for w in works],
        }
        (tmp / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        final = root / version
        if final.exists():
            shutil.rmtree(tmp)  # another process built the same version meanwhile
        else:
            os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _point_to(root, version)
    _prune(root, keep={version})
    return IndexInfo(version, root / version, len(records), len(terms))


def _point_to(root: Path, version: str) -> None:
    tmp = root / f".CURRENT-{uuid.uuid4().hex}"
    tmp.write_text(version, encoding="ascii")
    os.replace(tmp, root / CURRENT)


def _prune(root: Path, keep: set[str]) -> None:
    """Remove old index folders, keeping the newest previous one for readers still using it."""
    olds = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in olds[1:]:
        shutil.rmtree(old, ignore_errors=True)


def build_index(
    session: Session,
    root: Path,
    *,
    vocab: Vocabulary,
    now: dt.datetime,
    userdict: Path = USERDICT_PATH,
    progress: Callable[[int, int], None] | None = None,
) -> IndexInfo:
    """Index the stored corpus into a new folder under root and swap it in."""
    version = wanted_version(session, userdict)
    records, works = index_records(session)
    # the terms in the order the build's own segmenter has them, so that one copy of jieba's dictionary serves both
    terms = stored_terms(session)
    return write_index(records, works, root, version=version, vocab=vocab, now=now, progress=progress, terms=terms)
