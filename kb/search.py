"""Answering a query from a built index: Whoosh's reading side (kb.index is the only writer).

:class:`SearchIndex` opens one folder that kb.index built (read-only storage: it cannot write) and
implements kb.engine.ClauseIndex: exact matching, ranking, facets, suggestions and hits with their
snippets (kb.snippet). Nothing here builds an index; kb.engine.IndexHolder decides which folder
to open.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.query import Or, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from corpus.model import LEVEL_LABELS
from corpus.text import char_bigrams
from corpus.versions import STATUS_RANK
from kb.engine import Hit, SearchResult, WorkInfo, read_meta
from kb.query import Citation, Concept, ParsedQuery, law_name, match_laws, parse_query, plan_concepts, search_key
from kb.render import marked_html
from kb.segment import get_segmenter
from kb.snippet import make_snippet, match_spans
from kb.vocab import Vocabulary

W_WORDS, W_HEAD, W_CONTEXT, W_CHARS = 4.0, 2.0, 0.3, 1.0
FACETS = ("work", "level", "region", "year")
RECENT_RESULTS = 256  # result pages an opened index keeps in memory (per process)
MAX_CITED = 20  # a bare 第八条 names an article of every law: list this many
LEVEL_ORDER = {level: rank for rank, level in enumerate(LEVEL_LABELS)}  # central, provincial, municipal, county, compilation


def _score_query(concept: Concept) -> Query | None:
    """What ranks a clause for a concept: a whole word counts most, then the heading, then the framing.

    A clause holding a word only as a fragment (民政 in 人民政府) matches none of these terms and is
    ranked after every clause that holds it as a word. An exact phrase is ranked by a few of its
    character pairs.
    """
    parts: list[Query] = []
    for form in concept.forms:
        if concept.exact:
            grams = list(dict.fromkeys(char_bigrams(form)))
            parts += [Term("chars", g, boost=W_CHARS / len(grams)) for g in grams[:3]]
        elif len(form) > 1:
            parts += [Term("words", form, boost=W_WORDS), Term("head", form, boost=W_HEAD)]
            parts.append(Term("context", form, boost=W_CONTEXT))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(parts)


def _band(score: float, best: float) -> int:
    """Which band of equally good hits a score falls in: 0 within a factor of two of the best, 1 within four …"""
    return int(math.log2(best / score)) if score > 0 and best > score else 0


class SearchIndex:
    """An opened index with the analyzers it was built with; open once per process, share freely.

    Which clauses match is decided exactly: a form of two characters is one bigram posting list;
    a longer one takes the postings of its rarest bigram as candidates and checks each candidate's
    search key in memory (a plain substring test). Whoosh's BM25F then ranks only those clauses.
    Facet counts come from per-document arrays read once when the index opens.
    """

    def __init__(self, path: Path, vocab: Vocabulary, *, recent_results: int = RECENT_RESULTS) -> None:
        self.path = path
        self._keep = recent_results  # 0: answer every query afresh (the search benchmark times the engine)
        self.vocab = vocab
        meta = read_meta(path)
        self.version: str = meta["version"]
        self.meta = meta
        self.works = {w["slug"]: WorkInfo(**w) for w in meta["works"]}
        self.segmenter = get_segmenter(vocab.entries, tuple(meta["terms"]))
        self._ix = FileStorage(str(path), readonly=True).open_index()
        self._local = threading.local()
        self._recent: OrderedDict[tuple[Any, ...], SearchResult] = OrderedDict()
        self._recent_lock = threading.Lock()
        keys_by_order: list[str] = json.loads((path / "keys.json").read_text(encoding="utf-8"))
        with self._ix.reader() as reader:
            n = reader.doc_count_all()
            columns = {name: reader.column_reader(name) for name in ("order", "work", "level", "region", "year")}
            self._order: list[int] = [int(columns["order"][d]) for d in range(n)]
            self._keys: list[str] = [keys_by_order[o] for o in self._order]
            self._facet_values = {name: [columns[name][d] for d in range(n)] for name in FACETS}
        self._size = n
        status_of = {slug: STATUS_RANK.get(w.status, 2) for slug, w in self.works.items()}
        self._status_rank: list[int] = [status_of.get(str(self._facet_values["work"][d]), 2) for d in range(n)]

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
        grams = set(char_bigrams(form))
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
            field_name = "work" if key == "status" else key  # a status is the works that have it
            for value in values:
                if key == "status":
                    terms.extend(s for s, w in self.works.items() if w.status == value)
                elif key == "work":
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
            docs = self._ids(Or([Term(field_name, t) for t in terms])) if terms else set()
            allowed = docs if allowed is None else allowed & docs
        return allowed

    # -- citations and law names -----------------------------------------------------------

    def _versions(self, slugs: Iterable[str]) -> list[str]:
        """Works in the order a citation tries them: the version in force first, then the latest."""
        return sorted(slugs, key=lambda s: (STATUS_RANK.get(self.works[s].status, 2), -int(self.works[s].year or 0)))

    def _laws(self, name: str, *, partial: bool) -> list[list[str]]:
        """The laws a name names, each as its versions in citation order."""
        slugs = match_laws(name, {s: w.short_title for s, w in self.works.items()}, partial=partial)
        families: dict[str, list[str]] = {}
        for slug in slugs:
            families.setdefault(law_name(self.works[slug].short_title), []).append(slug)
        return [self._versions(v) for v in families.values()]

    def _article(self, versions: Sequence[str], article: str, allowed: set[int]) -> int | None:
        """The article in the first of these versions that has it (among the allowed documents)."""
        for slug in versions:
            docs = self._ids(Term("ref", f"{slug}/{article}")) & allowed
            if docs:
                return min(docs)
        return None

    def _cite(self, citations: Sequence[Citation], allowed: set[int], notices: list[str]) -> tuple[list[int], set[str]]:
        """The articles the citations name, in order, and the words that turned out to be law names.

        A citation of a law gives that law's article in the version in force (an older version when
        only that one has it); a name several laws contain gives each one's; a bare 第八条 gives
        article 8 of every law, versions in force first.
        """
        docs: list[int] = []
        law_words: set[str] = set()
        for c in citations:
            laws = self._laws(c.law, partial=True) if c.law else []
            if laws:
                law_words.add(c.word)
                found = [d for d in (self._article(v, c.article, allowed) for v in laws) if d is not None]
                if not found:
                    notices.append(f"没有找到“{c.label}”：该法律法规没有这一条")
                docs.extend(found)
                continue
            if c.law and not c.word:
                notices.append(f"没有名称含“{c.law}”的法律法规，“{c.label}”无法定位")
                continue
            slugs = self._versions(s for s, w in self.works.items() if w.short_title)
            every = [d for d in (self._article([s], c.article, allowed) for s in slugs) if d is not None]
            if len(every) > MAX_CITED:
                notices.append(f"共有 {len(every)} 部法律法规有{c.label}，只列出前 {MAX_CITED} 部；加上法律法规的名称可直达")
            docs.extend(every[:MAX_CITED])
        law_words.discard("")
        return list(dict.fromkeys(docs)), law_words

    def _named_laws(self, words: Sequence[str], notices: list[str]) -> tuple[list[str], set[str]]:
        """Words that are a law's name (妇女权益保障法, 《…》): that law's works in citation order, and the words."""
        slugs: list[str] = []
        used: set[str] = set()
        for word in words:
            laws = self._laws(word, partial=False)
            if laws:
                used.add(word)
                slugs.extend(s for v in laws for s in v)
                notices.append(f"“{word}”是法律法规的名称：该法的条文排在前面，现行有效的版本在先")
        return slugs, used

    # -- the search itself -----------------------------------------------------------------

    def search(
        self,
        query: str | ParsedQuery,
        *,
        page: int = 1,
        per_page: int = 20,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> SearchResult:
        """Run a query string (or a parsed query) and return one page of hits, counts and notices.

        An opened index never changes, so a page asked for again (a class searching the same words)
        is answered from a bounded memory of recent results; a new build opens a new index.
        """
        if isinstance(query, ParsedQuery) or not self._keep:
            return self._search(query, page=page, per_page=per_page, filters=filters)
        key = (query, page, per_page, tuple(sorted((k, tuple(v)) for k, v in (filters or {}).items())))
        with self._recent_lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        result = self._search(query, page=page, per_page=per_page, filters=filters)
        with self._recent_lock:
            self._recent[key] = result
            if len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        return result

    def _search(
        self,
        query: str | ParsedQuery,
        *,
        page: int,
        per_page: int,
        filters: Mapping[str, Sequence[str]] | None,
    ) -> SearchResult:
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        merged: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in parsed.filters.items()}
        for key, values in (filters or {}).items():
            vals = tuple(v for v in values if v)
            if vals:
                merged[key] = tuple(dict.fromkeys((*merged.get(key, ()), *vals)))
        notices = list(parsed.notices)
        allowed = self._filter_docs(merged, notices)
        excluded = [search_key(x) for x in parsed.excluded]
        masked: set[int] = set()
        for x in excluded:
            masked |= self.docs_containing(x)
        universe = set(range(self._size)) if allowed is None else allowed
        universe -= masked
        cited, law_words = self._cite(parsed.citations, universe, notices)
        named, named_words = self._named_laws([w for w in parsed.free if w not in law_words], notices)
        rest = replace(parsed, free=tuple(w for w in parsed.free if w not in law_words | named_words))
        concepts, plan_notes = plan_concepts(rest, self.segmenter.cut, self.vocab.aliases, self.vocab.question_words)
        notices.extend(plan_notes)
        page = max(1, page)
        per_page = max(1, min(per_page, 100))
        empty = SearchResult(parsed.text, 0, (), page, per_page, {}, merged, tuple(concepts), tuple(parsed.excluded))
        if not concepts and not merged and not excluded and not parsed.citations and not named:
            hint = "只有问句词，请加上要查的内容，如：社区书记多久培训一次" if parsed.free else "请输入要查找的词语或短语"
            return replace(empty, notices=(*notices, hint))

        per_concept = [self._concept_docs(c) for c in concepts]
        groups = [self._ids(Term("work", slug)) for slug in named]  # a named law's clauses first, by version
        partial = False
        if per_concept:
            matched = universe.intersection(*per_concept)
            if not matched and len(per_concept) > 1:
                matched = universe & set().union(*per_concept)
                partial = bool(matched)
                if partial:
                    notices.append("没有同时包含全部词语的条款，下面列出包含其中部分词语的条款")
        elif groups:
            matched = universe & set().union(*groups)
        elif parsed.citations:
            matched = set()  # only the articles cited
        else:
            matched = universe
        matched -= set(cited)
        start = (page - 1) * per_page
        ranked = [(d, 0.0) for d in cited] + self._rank(concepts, matched, page * per_page - len(cited), groups)
        page_docs = ranked[start : start + per_page]
        counted = matched | set(cited)
        facets = {
            name: dict(Counter(str(values[d]) for d in counted if values[d] not in (None, "")))
            for name, values in self._facet_values.items()
        }
        works_of = self._facet_values["work"]
        facets["status"] = dict(Counter(self.works[str(works_of[d])].status for d in counted if str(works_of[d]) in self.works))
        searcher = self._searcher()
        is_cited = set(cited)
        hits = tuple(
            replace(self._hit(searcher.stored_fields(d), score, concepts), citation=d in is_cited) for d, score in page_docs
        )
        suggestions: tuple[str, ...] = ()
        if not counted:
            suggestions = tuple(self._suggest(concepts, per_concept, merged, excluded, masked))
        return SearchResult(
            parsed.text,
            len(counted),
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

    def _rank(
        self, concepts: Sequence[Concept], matched: set[int], need: int, groups: Sequence[set[int]] = ()
    ) -> list[tuple[int, float]]:
        """The first `need` matched documents: those of each group in turn, then the others, each part best first."""
        ranked: list[tuple[int, float]] = []
        rest = set(matched)
        for group in groups:
            part = rest & group
            rest -= part
            ranked += self._rank_part(concepts, part, need - len(ranked))
        return ranked + self._rank_part(concepts, rest, need - len(ranked))

    def _rank_part(self, concepts: Sequence[Concept], matched: set[int], need: int) -> list[tuple[int, float]]:
        """The first `need` matched documents, best first: BM25F where it applies, then document order."""
        if not matched or need <= 0:
            return []
        scorers = [q for q in (_score_query(c) for c in concepts) if q is not None]
        ranked: list[tuple[int, float]] = []
        if scorers:
            q = scorers[0] if len(scorers) == 1 else Or(scorers)
            limit = need
            while True:  # fetch until the last band that reaches into the first `need` hits is whole
                ranked = [
                    (hit.docnum, float(hit.score or 0.0)) for hit in self._searcher().search(q, filter=matched, limit=limit)
                ]
                best = ranked[0][1] if ranked else 0.0
                if len(ranked) < limit or _band(ranked[-1][1], best) > _band(ranked[need - 1][1], best):
                    break
                limit *= 2
            ranked.sort(key=lambda h: self._band_key(h[1], best, h[0]))
            ranked = ranked[:need]
        if len(ranked) < need and len(ranked) < len(matched):
            seen = {d for d, _ in ranked}
            rest = sorted((d for d in matched if d not in seen), key=self._order.__getitem__)
            ranked += [(d, 0.0) for d in rest[: need - len(ranked)]]
        return ranked

    def _band_key(self, score: float, best: float, doc: int) -> tuple[int, int, int, float]:
        """Order within equally good hits: the central text, then provincial, then municipal; the version in force.

        Hits whose scores lie within a factor of two of each other (a band counted down from the
        best) are equally good: BM25 differs that much between a long central clause and a short
        local one that say the same thing.
        """
        level = str(self._facet_values["level"][doc] or "")
        return _band(score, best), LEVEL_ORDER.get(level, len(LEVEL_ORDER)), self._status_rank[doc], -score

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
            found = match_spans(reading[2], reading[4], concepts)
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
