"""Full-text search over clauses: the one module that talks to Whoosh.

One index document per clause *place* (work + path): the base witness's text plus every other
witness's reading that differs, so a clause printed in three copies is one hit under its base ref.
Each document is indexed three ways, all tokenised here in Python (Whoosh only stores terms):

``words``    jieba words of the text, plus the aligned pieces of compounds (see kb.segment);
             a whole-word match scores highest.
``head`` / ``context``  the lead heading, and what frames the clause (its parents' headings, an
             item's lead-in sentence, the work's title and region), for ranking and for items
             whose subject is stated above them.
``chars``    overlapping character bigrams of the search key, with positions: a quoted phrase is
             a Whoosh phrase of its bigrams, so it finds exactly the clauses whose key contains it.
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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, Every, Or, Phrase, Prefix, Query, Term
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

INDEX_FORMAT = "1"  # bump when the schema or the tokenisation changes
GAP = "\x01"  # separates witness readings in the chars field so no phrase runs across them
W_WORDS, W_HEAD, W_CONTEXT, W_CHARS = 4.0, 2.0, 0.3, 1.0
SNIPPET_CHARS = 110

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
        chars=TEXT(analyzer=_SPLIT, phrase=True),
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
    """Overlapping bigrams of a search key, the last character alone (so single characters are found)."""
    if not key:
        return []
    return [key[i : i + 2] for i in range(len(key) - 1)] + [key[-1]]


def _document(record: IndexRecord, order: int, seg: Segmenter) -> dict[str, Any]:
    chars: list[str] = []
    words: list[str] = []
    seen_words: set[str] = set()
    for reading in record.readings:
        if chars:
            chars.append(GAP)
        chars.extend(char_tokens(search_key(reading.text)))
        for w in seg.index_words(reading.text):
            k = search_key(w)
            if reading.is_base or k not in seen_words:
                words.append(k)
            seen_words.add(k)
    return {
        "ref": record.ref,
        "work": record.work,
        "level": record.level,
        "region": record.region,
        "year": record.year,
        "order": order,
        "words": " ".join(words),
        "head": " ".join(search_key(w) for w in seg.index_words(record.heading or "")),
        "context": " ".join(search_key(w) for w in seg.index_words(record.context)),
        "chars": " ".join(chars),
        "data": {
            "path": record.path,
            "label": record.label,
            "heading": record.heading,
            "kind": record.kind,
            "readings": [[r.witness, r.label, r.text, r.is_base] for r in record.readings],
        },
    }


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
        try:
            for i, record in enumerate(records):
                writer.add_document(**_document(record, i, seg))
                if progress and (i + 1) % 2000 == 0:
                    progress(i + 1, len(records))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        ix.close()
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


def _phrase(key: str, boost: float = 1.0) -> Query:
    """A query matching documents whose chars field contains this key as a substring."""
    if len(key) == 1:
        return Prefix("chars", key, boost=boost)
    if len(key) == 2:
        return Term("chars", key, boost=boost)
    return Phrase("chars", [key[i : i + 2] for i in range(len(key) - 1)], boost=boost)


def _concept_query(concept: Concept) -> Query:
    if concept.exact:
        return _phrase(concept.forms[0])
    per_form: list[Query] = []
    for form in concept.forms:
        if len(form) == 1:
            per_form.append(Prefix("chars", form, boost=W_CHARS))
            continue
        per_form.append(
            Or(
                [
                    Term("words", form, boost=W_WORDS),
                    Term("head", form, boost=W_HEAD),
                    Term("context", form, boost=W_CONTEXT),
                    _phrase(form, boost=W_CHARS),
                ]
            )
        )
    return per_form[0] if len(per_form) == 1 else Or(per_form)


def _context_only(concept: Concept) -> Query:
    return Or([Term("context", f) for f in concept.forms])


class SearchIndex:
    """An opened index with the analyzers it was built with; open once per process, share freely."""

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

    # -- filters ---------------------------------------------------------------------------

    def _filter_query(self, filters: dict[str, tuple[str, ...]], notices: list[str]) -> Query | None:
        parts: list[Query] = []
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
                    terms.extend(r for r in {w.region for w in self.works.values()} if r and (v in r or r in value))
                    if not any(r and (v in r or r in value) for r in {w.region for w in self.works.values()}):
                        notices.append(f"没有地区为“{value}”的文件")
                else:
                    terms.append(value)
            parts.append(Or([Term(key, t) for t in terms]) if terms else Term(key, "\x00none"))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

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

        filter_q = self._filter_query(merged, notices)
        mask_q = Or([_phrase(x) for x in excluded]) if excluded else None
        searcher = self._searcher()

        def run(q: Query, scored: bool) -> Any:
            return searcher.search_page(
                q,
                page,
                pagelen=per_page,
                filter=filter_q,
                mask=mask_q,
                groupedby={k: sorting.FieldFacet(k) for k in ("work", "level", "region", "year")},
                maptype=sorting.Count,
                sortedby=None if scored else "order",
            )

        partial = False
        if concepts:
            queries = [_concept_query(c) for c in concepts]
            results = run(queries[0] if len(queries) == 1 else And(queries), True)
            if results.total == 0 and len(concepts) > 1:
                results = run(Or(queries, scale=0.9), True)
                partial = results.total > 0
                if partial:
                    notices.append("没有同时包含全部词语的条款，下面列出包含其中部分词语的条款")
        else:
            results = run(Every(), False)
        facets = {k: dict(results.results.groups(k)) for k in ("work", "level", "region", "year")}
        total = sum(facets["work"].values())
        hits = tuple(self._hit(hit, concepts) for hit in results)
        suggestions: tuple[str, ...] = ()
        if total == 0:
            suggestions = tuple(self._suggest(parsed, concepts, merged, excluded, filter_q, mask_q))
        return SearchResult(
            parsed.text,
            total,
            hits,
            page,
            per_page,
            {k: {str(n): c for n, c in v.items() if n not in (None, "")} for k, v in facets.items()},
            merged,
            tuple(concepts),
            tuple(parsed.excluded),
            partial,
            tuple(dict.fromkeys(notices)),
            suggestions,
        )

    def count(self, q: Query, filter_q: Query | None = None, mask_q: Query | None = None) -> int:
        """How many documents a query matches."""
        results = self._searcher().search(q, limit=None, scored=False, filter=filter_q, mask=mask_q)
        return len(results)

    def _suggest(
        self,
        parsed: ParsedQuery,
        concepts: list[Concept],
        filters: dict[str, tuple[str, ...]],
        excluded: list[str],
        filter_q: Query | None,
        mask_q: Query | None,
    ) -> Iterable[str]:
        for concept in concepts:
            n = self.count(_concept_query(concept))
            if n == 0:
                kind = "短语" if concept.exact else "词语"
                yield f"{kind}“{concept.label}”在语料中没有出现，换个说法试试（如条文里的正式说法）"
        if concepts and filters:
            q = And([_concept_query(c) for c in concepts]) if len(concepts) > 1 else _concept_query(concepts[0])
            n = self.count(q, None, mask_q)
            if n:
                yield f"去掉筛选条件后有 {n} 条结果"
        if excluded:
            yield "去掉排除词（以 - 开头的词）试试"
        if any(c.exact for c in concepts):
            yield "去掉引号按词语检索，不要求字字相连"
        if not concepts and not filters:
            yield "请输入要查找的词语或短语"

    # -- hits and snippets -------------------------------------------------------------------

    def _hit(self, hit: Any, concepts: Sequence[Concept]) -> Hit:
        data = hit["data"]
        readings = [Reading(*r) for r in data["readings"]]
        best = readings[0]
        spans: list[tuple[int, tuple[int, int]]] = []
        covered = -1
        for reading in readings:
            found = self._match_spans(reading.text, concepts)
            distinct = len({c for c, _ in found})
            if distinct > covered:
                best, spans, covered = reading, found, distinct
        snippet, local = make_snippet(best.text, spans)
        work = self.works.get(hit["work"])
        return Hit(
            ref=hit["ref"],
            work=hit["work"],
            work_title=work.title if work else hit["work"],
            level=hit["level"],
            region=hit["region"],
            year=hit["year"],
            path=data["path"],
            label=data["label"],
            heading=data["heading"],
            score=round(float(hit.score or 0.0), 4),
            snippet=snippet,
            highlights=tuple(local),
            snippet_html=marked_html(snippet, local),
            witness=best.witness,
            witness_label=best.label,
            is_base=best.is_base,
            witness_ref=hit["ref"] if best.is_base else f"{hit['work']}/{data['path']}@{best.witness}",
        )

    def _match_spans(self, text: str, concepts: Sequence[Concept]) -> list[tuple[int, tuple[int, int]]]:
        """Where each concept occurs in a text: whole words where it is one, anywhere otherwise."""
        key, offsets = search_key_offsets(text)
        boundaries: set[int] | None = None
        found: list[tuple[int, tuple[int, int]]] = []
        for ci, concept in enumerate(concepts):
            for form in concept.forms:
                occurrences = []
                start = key.find(form)
                while start >= 0:
                    occurrences.append((start, start + len(form)))
                    start = key.find(form, start + 1)
                if not occurrences:
                    continue
                if not concept.exact and len(occurrences) and len(form) > 1:
                    if boundaries is None:
                        boundaries = self._word_boundaries(key)
                    aligned = [(a, b) for a, b in occurrences if a in boundaries and b in boundaries]
                    occurrences = aligned or occurrences
                for a, b in occurrences:
                    found.append((ci, (offsets[a], offsets[b - 1] + 1)))
        return found

    def _word_boundaries(self, key: str) -> set[int]:
        """Offsets in key where a word or an aligned piece of a compound starts or ends."""
        bounds = {0, len(key)}
        for word, start, end in self.segmenter.cut_with_offsets(key):
            bounds.update((start, end))
            pos = start
            for piece in self.segmenter.pieces(word):
                pos += len(piece)
                bounds.add(pos)
        return bounds


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
