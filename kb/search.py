"""Full-text search over clauses: the one module that talks to Whoosh.

One index document per clause *place* (work + path): the base witness's text plus every other
witness's reading that differs, so a clause printed in three copies is one hit under its base ref.
Each document is indexed three ways, all tokenised here in Python (Whoosh only stores terms):

``words``    jieba words of the text, plus the aligned pieces of compounds (see kb.segment);
             a whole-word match scores highest.
``head`` / ``context``  the lead heading, and what frames the clause (its parents' headings, an
             item's lead-in sentence, the work's title and region), for ranking and for items
             whose subject is stated above them.
``chars``    overlapping character bigrams of the search key: the postings of a phrase's rarest
             bigram are its candidates, and each candidate's key (held in memory) is checked with
             a plain substring test, so a quoted phrase finds exactly the clauses containing it.
             (jieba's bundled ChineseAnalyzer emits overlapping search-mode tokens and stores
             character offsets as positions; phrase queries on it find nothing.)

The index lives in ``ROOT/<version>/`` where the version hashes the stored corpus and the user
dictionary; ``ROOT/CURRENT`` names the live one. A build writes a new folder and swaps the pointer
with one atomic rename, so readers keep answering while it runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.query import Or, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from corpus.errors import InvalidInput
from corpus.model import LEVEL_LABELS
from kb import store
from kb.models import Clause, Witness
from kb.query import Concept, ParsedQuery, parse_query, plan_concepts, search_key, search_key_offsets
from kb.render import marked_html
from kb.segment import Segmenter, get_segmenter
from kb.views import clause_label
from kb.vocab import USERDICT_PATH, Vocabulary, corpus_terms, load_vocabulary

INDEX_FORMAT = "2"  # bump when the schema or the tokenisation changes
GAP = "\x01"  # joins the readings of a clause in its search key, so no phrase runs across two of them
W_WORDS, W_HEAD, W_CONTEXT, W_CHARS = 4.0, 2.0, 0.3, 1.0
SNIPPET_CHARS = 110
FACETS = ("work", "level", "region", "year")

_SPLIT = RegexTokenizer(r"\S+")


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


@dataclass(frozen=True)
class WorkInfo:
    """What a results page shows of a work."""

    slug: str
    title: str
    level: str
    region: str
    year: str


def index_records(session: Session) -> tuple[list[IndexRecord], list[WorkInfo]]:
    """Read every clause place from the store: base reading first, differing readings after it."""
    records: list[IndexRecord] = []
    works: list[WorkInfo] = []
    for work in store.list_works(session):
        year = str(work.date.year) if work.date else ""
        region = work.region or ""
        works.append(WorkInfo(work.slug, work.title, work.level, region, year))
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


def char_tokens(key: str) -> list[str]:
    """Overlapping character bigrams of a search key (the candidates for phrase matching)."""
    return [key[i : i + 2] for i in range(len(key) - 1)]


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
        chars.extend(char_tokens(key))
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
# Building and opening


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def index_version(corpus_hash: str, userdict: Path = USERDICT_PATH) -> str:
    """The folder name an index of this corpus with this dictionary gets."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n{corpus_hash}\n{_file_hash(userdict)}".encode()).hexdigest()
    return digest[:16]


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
) -> IndexInfo:
    """Write a new index folder for these records and make it the current one (atomic swap)."""
    root.mkdir(parents=True, exist_ok=True)
    terms = list(dict.fromkeys(t for r in records for t in r.terms))
    seg = get_segmenter(vocab.entries, tuple(terms))
    tmp = root / f".build-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        ix = whoosh_index.create_in(str(tmp), _schema())
        writer = ix.writer(limitmb=256)
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
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
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
    os.replace(tmp, root / "CURRENT")


def _prune(root: Path, keep: set[str]) -> None:
    """Remove old index folders, keeping the newest previous one for readers still using it."""
    olds = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in olds[1:]:
        shutil.rmtree(old, ignore_errors=True)


def current_version(root: Path) -> str | None:
    """The version CURRENT points to, or None."""
    try:
        return (root / "CURRENT").read_text(encoding="ascii").strip() or None
    except OSError:
        return None


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
    corpus_hash = store.stored_hash(session)
    if corpus_hash is None:
        raise InvalidInput("数据库里还没有语料，请先运行 policykb build")
    records, works = index_records(session)
    return write_index(
        records, works, root, version=index_version(corpus_hash, userdict), vocab=vocab, now=now, progress=progress
    )


# ---------------------------------------------------------------------------------------------
# Searching


@dataclass(frozen=True)
class Hit:
    """One clause found."""

    ref: str
    work: str
    work_title: str
    level: str
    region: str
    year: str
    path: str
    label: str
    heading: str | None
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    snippet_html: str
    witness: str
    witness_label: str
    is_base: bool
    witness_ref: str


@dataclass(frozen=True)
class SearchResult:
    """A page of hits with counts and whatever the user should be told."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    concepts: tuple[Concept, ...] = ()
    excluded: tuple[str, ...] = ()
    partial: bool = False
    notices: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _bigrams(form: str) -> list[str]:
    return [form[i : i + 2] for i in range(len(form) - 1)]


def _score_query(concept: Concept) -> Query | None:
    """What ranks a clause for a concept: a whole word counts most, then the heading, then the framing.

    A clause holding a word only as a fragment (民政 in 人民政府) matches none of these terms and is
    ranked after every clause that holds it as a word. An exact phrase is ranked by a few of its
    character pairs.
    """
    parts: list[Query] = []
    for form in concept.forms:
        if concept.exact:
            grams = list(dict.fromkeys(_bigrams(form)))
            parts += [Term("chars", g, boost=W_CHARS / len(grams)) for g in grams[:3]]
        elif len(form) > 1:
            parts += [Term("words", form, boost=W_WORDS), Term("head", form, boost=W_HEAD)]
            parts.append(Term("context", form, boost=W_CONTEXT))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


class SearchIndex:
    """An opened index with the analyzers it was built with; open once per process, share freely.

    Which clauses match is decided exactly: a form of two characters is one bigram posting list;
    a longer one takes the postings of its rarest bigram as candidates and checks each candidate's
    search key in memory (a plain substring test). Whoosh's BM25F then ranks only those clauses.
    Facet counts come from per-document arrays read once when the index opens.
    """

    def __init__(self, path: Path, vocab: Vocabulary) -> None:
        self.path = path
        self.vocab = vocab
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.version: str = meta["version"]
        self.meta = meta
        self.works = {w["slug"]: WorkInfo(**w) for w in meta["works"]}
        self.segmenter = get_segmenter(vocab.entries, tuple(meta["terms"]))
        self._ix = whoosh_index.open_dir(str(path))
        self._local = threading.local()
        keys_by_order: list[str] = json.loads((path / "keys.json").read_text(encoding="utf-8"))
        with self._ix.reader() as reader:
            n = reader.doc_count_all()
            columns = {name: reader.column_reader(name) for name in ("order", "work", "level", "region", "year")}
            self._order: list[int] = [int(columns["order"][d]) for d in range(n)]
            self._keys: list[str] = [keys_by_order[o] for o in self._order]
            self._facet_values = {name: [columns[name][d] for d in range(n)] for name in FACETS}
        self._size = n

    def _searcher(self) -> Searcher:
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._ix.searcher(weighting=BM25F())
            self._local.searcher = searcher
        return searcher

    def close(self) -> None:
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        self._ix.close()

    # -- exact matching ----------------------------------------------------------------------

    def _ids(self, q: Query) -> set[int]:
        return set(self._searcher().docs_for_query(q))

    def docs_containing(self, form: str) -> set[int]:
        """Documents whose search key contains form (exactly: no more, no fewer)."""
        if not form:
            return set()
        if len(form) == 1:
            return {d for d, key in enumerate(self._keys) if form in key}
        if len(form) == 2:
            return self._ids(Term("chars", form))  # a bigram token exists exactly where the pair does
        searcher = self._searcher()
        grams = set(_bigrams(form))
        rarest = min(grams, key=lambda g: searcher.doc_frequency("chars", g))
        if searcher.doc_frequency("chars", rarest) > self._size // 3:
            candidates: Iterable[int] = range(self._size)  # common pairs: a scan in memory is cheaper
        else:
            candidates = searcher.docs_for_query(Term("chars", rarest))
        keys = self._keys
        return {d for d in candidates if form in keys[d]}

    def _concept_docs(self, concept: Concept) -> set[int]:
        docs: set[int] = set()
        for form in concept.forms:
            docs |= self.docs_containing(form)
            if not concept.exact:
                docs |= self._ids(Term("context", form))  # an item whose subject is stated above it
        return docs

    def _filter_docs(self, filters: Mapping[str, tuple[str, ...]], notices: list[str]) -> set[int] | None:
        allowed: set[int] | None = None
        regions = {w.region for w in self.works.values() if w.region}
        for key, values in filters.items():
            terms: list[str] = []
            for value in values:
                if key == "work":
                    slugs = [s for s, w in self.works.items() if value == s or value in w.title]
                    if not slugs:
                        notices.append(f"没有标题含“{value}”的文件")
                    terms.extend(slugs)
                elif key == "region":
                    v = value.removesuffix("自治区").removesuffix("省").removesuffix("市") or value
                    found = [r for r in regions if v in r or r in value]
                    if not found:
                        notices.append(f"没有地区为“{value}”的文件")
                    terms.extend(found)
                else:
                    terms.append(value)
            docs = self._ids(Or([Term(key, t) for t in terms])) if terms else set()
            allowed = docs if allowed is None else allowed & docs
        return allowed

    # -- the search itself -----------------------------------------------------------------

    def search(
        self,
        query: str | ParsedQuery,
        *,
        page: int = 1,
        per_page: int = 20,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> SearchResult:
        """Run a query string (or a parsed query) and return one page of hits, counts and notices."""
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        merged: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in parsed.filters.items()}
        for key, values in (filters or {}).items():
            vals = tuple(v for v in values if v)
            if vals:
                merged[key] = tuple(dict.fromkeys((*merged.get(key, ()), *vals)))
        notices = list(parsed.notices)
        concepts, plan_notes = plan_concepts(parsed, self.segmenter.cut, self.vocab.aliases, self.vocab.question_words)
        notices.extend(plan_notes)
        excluded = [search_key(x) for x in parsed.excluded]
        page = max(1, page)
        per_page = max(1, min(per_page, 100))
        empty = SearchResult(parsed.text, 0, (), page, per_page, {}, merged, tuple(concepts), tuple(parsed.excluded))
        if not concepts and not merged and not excluded:
            hint = "只有问句词，请加上要查的内容，如：社区书记多久培训一次" if parsed.free else "请输入要查找的词语或短语"
            return replace(empty, notices=(*notices, hint))

        allowed = self._filter_docs(merged, notices)
        masked: set[int] = set()
        for x in excluded:
            masked |= self.docs_containing(x)
        per_concept = [self._concept_docs(c) for c in concepts]
        universe = set(range(self._size)) if allowed is None else allowed
        universe -= masked
        partial = False
        if per_concept:
            matched = universe.intersection(*per_concept)
            if not matched and len(per_concept) > 1:
                matched = universe & set().union(*per_concept)
                partial = bool(matched)
                if partial:
                    notices.append("没有同时包含全部词语的条款，下面列出包含其中部分词语的条款")
        else:
            matched = universe
        ranked = self._rank(concepts, matched, page * per_page)
        start = (page - 1) * per_page
        page_docs = ranked[start : start + per_page]
        facets = {
            name: dict(Counter(str(values[d]) for d in matched if values[d] not in (None, "")))
            for name, values in self._facet_values.items()
        }
        searcher = self._searcher()
        hits = tuple(self._hit(searcher.stored_fields(d), score, concepts) for d, score in page_docs)
        suggestions: tuple[str, ...] = ()
        if not matched:
            suggestions = tuple(self._suggest(concepts, per_concept, merged, excluded, masked))
        return SearchResult(
            parsed.text,
            len(matched),
            hits,
            page,
            per_page,
            facets,
            merged,
            tuple(concepts),
            tuple(parsed.excluded),
            partial,
            tuple(dict.fromkeys(notices)),
            suggestions,
        )

    def _rank(self, concepts: Sequence[Concept], matched: set[int], need: int) -> list[tuple[int, float]]:
        """The first `need` matched documents, best first: BM25F where it applies, then document order."""
        if not matched:
            return []
        scorers = [q for q in (_score_query(c) for c in concepts) if q is not None]
        ranked: list[tuple[int, float]] = []
        if scorers:
            q = scorers[0] if len(scorers) == 1 else Or(scorers)
            results = self._searcher().search(q, filter=matched, limit=need)
            ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
        if len(ranked) < need and len(ranked) < len(matched):
            seen = {d for d, _ in ranked}
            rest = sorted((d for d in matched if d not in seen), key=self._order.__getitem__)
            ranked += [(d, 0.0) for d in rest[: need - len(ranked)]]
        return ranked

    def _suggest(
        self,
        concepts: Sequence[Concept],
        per_concept: Sequence[set[int]],
        filters: Mapping[str, tuple[str, ...]],
        excluded: Sequence[str],
        masked: set[int],
    ) -> Iterable[str]:
        for concept, docs in zip(concepts, per_concept, strict=True):
            if not docs:
                kind = "短语" if concept.exact else "词语"
                yield f"{kind}“{concept.label}”在语料中没有出现，换个说法试试（如条文里的正式说法）"
        if per_concept and filters:
            n = len(set.intersection(*per_concept) - masked)
            if n:
                yield f"去掉筛选条件后有 {n} 条结果"
        if excluded:
            yield "去掉排除词（以 - 开头的词）试试"
        if any(c.exact for c in concepts):
            yield "去掉引号按词语检索，不要求字字相连"
        if not concepts and not filters:
            yield "请输入要查找的词语或短语"

    # -- hits and snippets -------------------------------------------------------------------

    def _hit(self, stored: dict[str, Any], score: float, concepts: Sequence[Concept]) -> Hit:
        data = stored["data"]
        best = data["readings"][0]
        spans: list[tuple[int, tuple[int, int]]] = []
        covered = -1
        for reading in data["readings"]:
            found = _match_spans(reading[2], reading[4], concepts)
            distinct = len({c for c, _ in found})
            if distinct > covered:
                best, spans, covered = reading, found, distinct
        witness, witness_label, text, is_base = best[0], best[1], best[2], best[3]
        snippet, local = make_snippet(text, spans)
        work = self.works.get(stored["work"])
        return Hit(
            ref=stored["ref"],
            work=stored["work"],
            work_title=work.title if work else stored["work"],
            level=stored["level"],
            region=stored["region"],
            year=stored["year"],
            path=data["path"],
            label=data["label"],
            heading=data["heading"],
            score=round(score, 4),
            snippet=snippet,
            highlights=tuple(local),
            snippet_html=marked_html(snippet, local),
            witness=witness,
            witness_label=witness_label,
            is_base=is_base,
            witness_ref=stored["ref"] if is_base else f"{stored['work']}/{data['path']}@{witness}",
        )


def _match_spans(text: str, bounds: Sequence[int], concepts: Sequence[Concept]) -> list[tuple[int, tuple[int, int]]]:
    """Where each concept occurs in a text: as whole words (or word pieces) where it is one, anywhere otherwise."""
    key, offsets = search_key_offsets(text)
    edges = set(bounds)
    found: list[tuple[int, tuple[int, int]]] = []
    for ci, concept in enumerate(concepts):
        for form in concept.forms:
            occurrences = []
            start = key.find(form)
            while start >= 0:
                occurrences.append((start, start + len(form)))
                start = key.find(form, start + 1)
            if not concept.exact and len(form) > 1:
                occurrences = [(a, b) for a, b in occurrences if a in edges and b in edges] or occurrences
            found += [(ci, (offsets[a], offsets[b - 1] + 1)) for a, b in occurrences]
    return found


def make_snippet(
    text: str, spans: Sequence[tuple[int, tuple[int, int]]], width: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """Cut the window of text holding the most distinct matched concepts (then the most matches).

    spans are (concept number, (start, end)); the result is the snippet and the spans inside it.
    """
    flat = text.replace("\n", " ")
    ordered = sorted(set(spans), key=lambda s: s[1])
    if len(flat) <= width:
        return flat, _merge(s for _, s in ordered)
    best_start, best = 0, (-1, -1)
    for _, (a, _) in ordered or [(0, (0, 0))]:
        lo = max(0, a - width // 4)
        inside = [(c, (x, y)) for c, (x, y) in ordered if x >= lo and y <= lo + width]
        score = (len({c for c, _ in inside}), len(inside))
        if score > best:
            best_start, best = lo, score
    # start just after a sentence or clause break when one is near
    for sep in "。；，":
        cut = flat.rfind(sep, max(0, best_start - 20), best_start + 1)
        if cut >= 0:
            best_start = cut + 1
            break
    end = min(len(flat), best_start + width)
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - best_start
    local = [(x + shift, y + shift) for _, (x, y) in ordered if x >= best_start and y <= end]
    return prefix + flat[best_start:end] + suffix, _merge(local)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


# ---------------------------------------------------------------------------------------------
# Keeping one index per process in step with the database


class IndexHolder:
    """Opens the index under a root once and reopens or rebuilds it when the corpus changes."""

    def __init__(self, root: Path, vocab: Vocabulary | None = None, userdict: Path = USERDICT_PATH) -> None:
        self.root = root
        self.userdict = userdict
        self.vocab = vocab or load_vocabulary(userdict=userdict)
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, *, now: dt.datetime) -> SearchIndex:
        """The index for the corpus the database holds now, built first if there is none yet."""
        corpus_hash = store.stored_hash(session)
        if corpus_hash is None:
            raise InvalidInput("数据库里还没有语料，请先运行 policykb build")
        wanted = index_version(corpus_hash, self.userdict)
        current = self._index
        if current is not None and current.version == wanted:
            return current
        with self._lock:
            if self._index is not None and self._index.version == wanted:
                return self._index
            if current_version(self.root) != wanted or not (self.root / wanted / "meta.json").exists():
                build_index(session, self.root, vocab=self.vocab, now=now, userdict=self.userdict)
            old, self._index = self._index, SearchIndex(self.root / wanted, self.vocab)
            if old is not None:
                old.close()
            return self._index

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None


def level_label(level: str) -> str:
    """中央 / 省 / 市 / 汇编 for a level code."""
    return LEVEL_LABELS.get(level, level)


def search_dict(result: SearchResult) -> dict[str, Any]:
    """A result as JSON: the CLI's and the web's contract (documented in the README)."""
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "per_page": result.per_page,
        "partial": result.partial,
        "filters": {k: list(v) for k, v in result.filters.items()},
        "excluded": list(result.excluded),
        "concepts": [{"label": c.label, "forms": list(c.forms), "exact": c.exact} for c in result.concepts],
        "notices": list(result.notices),
        "suggestions": list(result.suggestions),
        "facets": result.facets,
        "hits": [
            {
                "ref": h.ref,
                "work": h.work,
                "work_title": h.work_title,
                "heading": h.heading,
                "label": h.label,
                "score": h.score,
                "snippet": h.snippet,
                "highlights": [list(x) for x in h.highlights],
                "snippet_html": h.snippet_html,
                "witness": h.witness,
                "witness_ref": h.witness_ref,
                "level": h.level,
                "region": h.region,
                "year": h.year,
            }
            for h in result.hits
        ],
    }
