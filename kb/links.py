"""Cross-links between works: which clauses of two documents deal with the same provision.

Pure functions over plain records; the words come from a tokenizer passed in (jieba in practice).

A clause is represented three ways, each a TF-IDF vector with the IDF taken over every clause of
the corpus: its words (jieba words of two or more characters, the aligned pieces of compounds
included), its character bigrams (which catch a shared phrase jieba cuts differently), and its lead
heading (健全培训机制 ↔ 健全培训制度). The score is a weighted sum of the three cosines, plus a
small bonus when the neighbours of both clauses are linked too: the documents run in parallel.

Precision before recall (a wrong link misleads a trainer more than a missing one): a pair is kept
when its score is high, or when it is fair and one clause is the other's best match.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from corpus.text import char_bigrams
from kb.query import search_key

LEVEL_RANK = {"central": 0, "compilation": 0, "provincial": 1, "municipal": 2, "county": 3}

# score = W_ANCHOR × the strongest anchor (same heading, a heading echoed in the other text, a shared
# specific phrase) + the rest × how alike the whole texts are (words, then bigrams), + neighbours
W_ANCHOR = 0.45
W_WORDS = 0.7
W_NEIGHBOURS = 0.1
SPECIFIC = 0.5  # a phrase whose bigrams average less than this share of the top IDF counts for less
WORK_MIN = 0.33  # works less alike than this as wholes are on different subjects and not linked
KEEP_ALWAYS = 0.5  # a pair this similar is linked whatever else matches
KEEP_IF_BEST = 0.3  # a pair this similar is linked when one side is the other's best match
MIN_SHARED_TERMS = 2  # fewer specific shared words than this is not evidence enough
MAX_TERMS = 6
COMMON_SHARE = 0.25  # a word in more than this share of clauses is too common to justify a link

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

Tokenizer = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class LinkDoc:
    """A clause as the linker sees it; ``text`` includes the items under a lead-in sentence."""

    id: str
    work: str
    level: str
    heading: str | None
    text: str
    previous: str | None = None  # the ids of its neighbours in document order
    next: str | None = None


@dataclass(frozen=True)
class Link:
    """A scored relation between clauses of two works, with the words that justify it."""

    source: str
    target: str
    score: float
    kind: str  # clause
    terms: tuple[str, ...]
    parts: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkRef:
    """A work as a citation can name it."""

    slug: str
    title: str
    doc_number: str | None


@dataclass(frozen=True)
class Citation:
    """A work that names another (its title in 《》 or its document number)."""

    source: str  # citing work
    target: str  # cited work
    clause: str  # the clause where the citation is
    evidence: str  # the words as printed


def _vector(counts: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cosine(x: Mapping[str, float], y: Mapping[str, float]) -> float:
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y[t] for t, v in x.items() if t in y)


def _bigrams(text: str) -> Counter[str]:
    """A text's character pairs, counted; each pair one shared string (the corpus's phrases hold millions of them)."""
    key = "".join(ch for ch in search_key(text) if _CJK.match(ch) or ch.isalnum())
    return Counter(map(sys.intern, char_bigrams(key)))


def _idf(docs: Iterable[Counter[str]], n: int) -> dict[str, float]:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    return {t: math.log((n + 1) / (k + 0.5)) for t, k in df.items()}


@dataclass(frozen=True)
class _Features:
    words: dict[str, float]
    bigrams: dict[str, float]
    heading: dict[str, float]
    raw_words: frozenset[str]
    phrases: tuple[dict[str, float], ...]  # bigram vectors of its phrases, scaled by how specific each is
    phrase_grams: tuple[frozenset[str], ...]
    head_grams: dict[str, float]  # bigrams of the heading without its opening verb, with their IDF


_PHRASE_END = re.compile(r"[，,。；;：:！？!?\n]")
MIN_PHRASE = 8
# Policy headings name an institution with 机制, 制度 or 体系 interchangeably (健全培训机制 in one
# document is 健全培训制度 in another); headings and phrases are compared with the three folded.
_INSTITUTION = re.compile(r"制度|体系")


def phrases(text: str, min_chars: int = MIN_PHRASE) -> list[str]:
    """Split clause text at commas and stops, dropping scraps too short to be evidence."""
    return [p.strip() for p in _PHRASE_END.split(text) if len(p.strip()) >= min_chars]


# The verbs policy headings open with say what to do, not what about: 健全培训机制 and 健全考核机制
# share 健全 and nothing that matters. Headings are compared without them.
GENERIC_VERBS = frozenset(
    (
        "建立",
        "健全",
        "完善",
        "加强",
        "强化",
        "推进",
        "推动",
        "实行",
        "实施",
        "落实",
        "明确",
        "规范",
        "提升",
        "提高",
        "优化",
        "深化",
        "注重",
        "坚持",
        "加大",
        "开展",
        "统一",
        "严格",
        "构建",
        "形成",
        "拓宽",
        "畅通",
        "营造",
        "用好",
        "做好",
        "持续",
        "大力",
        "积极",
        "支持",
        "鼓励",
        "引导",
    )
)


def _fold_institution(text: str) -> str:
    return _INSTITUTION.sub("机制", text)


def _features(docs: Sequence[LinkDoc], tokenize: Tokenizer) -> tuple[dict[str, _Features], dict[str, int]]:
    words = [Counter(sys.intern(w) for w in tokenize(d.text) if len(w) >= 2) for d in docs]  # one string per word
    bigrams = [_bigrams(d.text) for d in docs]
    headings = [
        Counter(w for w in tokenize(_fold_institution(d.heading or "")) if len(w) >= 2 and w not in GENERIC_VERBS) for d in docs
    ]
    n = len(docs)
    idf_w, idf_b = _idf(words, n), _idf(bigrams, n)
    df: Counter[str] = Counter()
    for w in words:
        df.update(w.keys())
    top_idf = math.log(n + 1) or 1.0
    feats = {}
    for d, w, b, h in zip(docs, words, bigrams, headings, strict=True):
        folded = [_fold_institution(p) for p in phrases(d.text)]
        phrase_vectors = []
        for p in folded:
            grams = _bigrams(p)
            specific = sum(idf_b.get(g, top_idf) for g in grams) / (len(grams) * top_idf) if grams else 0.0
            phrase_vectors.append({t: v * min(1.0, specific / SPECIFIC) for t, v in _vector(grams, idf_b).items()})
        head_key = "".join(h.keys())  # the heading's own words, opening verbs dropped, in order
        feats[d.id] = _Features(
            _vector(w, idf_w),
            _vector(b, idf_b),
            _vector(h, idf_w),
            frozenset(w),
            tuple(phrase_vectors),
            tuple(frozenset(_bigrams(p)) for p in folded),
            {g: idf_b.get(g, top_idf) for g in _bigrams(head_key)},
        )
    return feats, dict(df)


@dataclass(frozen=True)
class WorkPair:
    """Two works considered for linking: how alike they are as wholes, and whether they were linked."""

    a: str
    b: str
    similarity: float
    linked: bool
    reason: str


@dataclass(frozen=True)
class LinkResult:
    """The links found and the work pairs considered."""

    links: list[Link]
    work_pairs: list[WorkPair]


def link_clauses(docs: Sequence[LinkDoc], tokenize: Tokenizer, *, cited: Iterable[tuple[str, str]] = ()) -> LinkResult:
    """Link the clauses of every pair of works of different levels that deal with the same subject.

    Two works are on the same subject when their whole texts are alike (cosine of their word
    vectors at least ``WORK_MIN``) or one cites the other: a central opinion on volunteer service
    has clauses on training too, but they do not carry out the community-worker opinion. The
    source of a link is the clause of the higher-level work (central before provincial before
    municipal), so a link reads "carried out by".
    """
    feats, df = _features(docs, tokenize)
    n = len(docs)
    by_work: dict[str, list[LinkDoc]] = {}
    for d in docs:
        by_work.setdefault(d.work, []).append(d)
    level = {d.work: d.level for d in docs}
    whole = _work_vectors(docs, tokenize)
    citing = {frozenset(p) for p in cited}
    works = list(by_work)
    links: list[Link] = []
    considered: list[WorkPair] = []
    for i, x in enumerate(works):
        for y in works[i + 1 :]:
            if LEVEL_RANK.get(level[x], 9) == LEVEL_RANK.get(level[y], 9):
                continue
            sim = round(_cosine(whole[x], whole[y]), 3)
            if frozenset((x, y)) in citing:
                linked, reason = True, "cites"
            elif sim >= WORK_MIN:
                linked, reason = True, "similar"
            else:
                linked, reason = False, "different-subject"
            considered.append(WorkPair(x, y, sim, linked, reason))
            if not linked:
                continue
            if LEVEL_RANK.get(level[x], 9) > LEVEL_RANK.get(level[y], 9):
                x, y = y, x
            links.extend(_link_pair(by_work[x], by_work[y], feats, df, n))
    return LinkResult(links, considered)


def _work_vectors(docs: Sequence[LinkDoc], tokenize: Tokenizer) -> dict[str, dict[str, float]]:
    per_clause = [Counter(w for w in tokenize(d.text) if len(w) >= 2) for d in docs]
    idf = _idf(per_clause, len(docs))
    totals: dict[str, Counter[str]] = {}
    for d, counts in zip(docs, per_clause, strict=True):
        totals.setdefault(d.work, Counter()).update(counts)
    return {work: _vector(counts, idf) for work, counts in totals.items()}


def _max_dots(
    queries: Mapping[str, Sequence[Mapping[str, float]]], targets: Mapping[str, Sequence[Mapping[str, float]]]
) -> dict[tuple[str, str], float]:
    """For every (query doc, target doc): the best cosine between one query vector and one target vector."""
    postings: dict[str, list[tuple[str, int, float]]] = {}
    for tid, vecs in targets.items():
        for k, vec in enumerate(vecs):
            for term, weight in vec.items():
                postings.setdefault(term, []).append((tid, k, weight))
    best: dict[tuple[str, str], float] = {}
    for qid, vecs in queries.items():
        for vec in vecs:
            acc: dict[tuple[str, int], float] = {}
            for term, weight in vec.items():
                for tid, k, w in postings.get(term, ()):
                    acc[tid, k] = acc.get((tid, k), 0.0) + weight * w
            for (tid, _), dot in acc.items():
                if dot > best.get((qid, tid), 0.0):
                    best[qid, tid] = dot
    return best


def _coverage(head: Mapping[str, float], phrase_grams: Sequence[frozenset[str]]) -> float:
    """How much of a heading (its bigrams weighed by IDF) the best phrase of another clause repeats."""
    total = sum(head.values())
    if not total:
        return 0.0
    best = max((sum(v for g, v in head.items() if g in grams) for grams in phrase_grams), default=0.0) / total
    return best if len(head) >= 2 else best / 2  # a two-character topic word alone is weak evidence


def _link_pair(
    xs: Sequence[LinkDoc],
    ys: Sequence[LinkDoc],
    feats: Mapping[str, _Features],
    df: Mapping[str, int],
    n: int,
) -> list[Link]:
    phrase = _max_dots({a.id: feats[a.id].phrases for a in xs}, {b.id: feats[b.id].phrases for b in ys})
    base: dict[tuple[str, str], dict[str, float]] = {}
    for a in xs:
        fa = feats[a.id]
        for b in ys:
            fb = feats[b.id]
            base[a.id, b.id] = {
                "words": _cosine(fa.words, fb.words),
                "bigrams": _cosine(fa.bigrams, fb.bigrams),
                "heading": max(
                    _cosine(fa.heading, fb.heading),
                    _coverage(fa.head_grams, fb.phrase_grams),
                    _coverage(fb.head_grams, fa.phrase_grams),
                ),
                "phrase": min(1.0, phrase.get((a.id, b.id), 0.0)),
            }
    raw = {
        k: W_ANCHOR * max(p["heading"], p["phrase"]) + (1 - W_ANCHOR) * (W_WORDS * p["words"] + (1 - W_WORDS) * p["bigrams"])
        for k, p in base.items()
    }
    scored: dict[tuple[str, str], float] = {}
    for a in xs:
        for b in ys:
            support = max(
                raw.get((a.previous, b.previous), 0.0) if a.previous and b.previous else 0.0,
                raw.get((a.next, b.next), 0.0) if a.next and b.next else 0.0,
            )
            base[a.id, b.id]["neighbours"] = support
            scored[a.id, b.id] = raw[a.id, b.id] + W_NEIGHBOURS * support
    best_for_a = {a.id: max(ys, key=lambda b: scored[a.id, b.id]).id for a in xs} if ys else {}
    best_for_b = {b.id: max(xs, key=lambda a: scored[a.id, b.id]).id for b in ys} if xs else {}
    out: list[Link] = []
    for (a_id, b_id), score in scored.items():
        best = best_for_a.get(a_id) == b_id or best_for_b.get(b_id) == a_id
        if not (score >= KEEP_ALWAYS or (score >= KEEP_IF_BEST and best)):
            continue
        terms = shared_terms(feats[a_id], feats[b_id], df, n)
        if len(terms) < MIN_SHARED_TERMS:
            continue
        parts = {k: round(v, 3) for k, v in base[a_id, b_id].items()}
        out.append(Link(a_id, b_id, round(score, 3), "clause", terms, parts))
    out.sort(key=lambda link: -link.score)
    return out


def shared_terms(fa: _Features, fb: _Features, df: Mapping[str, int], n: int) -> tuple[str, ...]:
    """The specific words two clauses share, most telling first (a longer word hides its pieces)."""
    shared = [
        t for t in fa.raw_words & fb.raw_words if df.get(t, 0) <= max(2, COMMON_SHARE * n) and t in fa.words and t in fb.words
    ]
    shared.sort(key=lambda t: (-(fa.words[t] * fb.words[t]), t))
    kept: list[str] = []
    for t in shared:
        if any(t in k for k in kept):
            continue
        kept.append(t)
        if len(kept) == MAX_TERMS:
            break
    return tuple(kept)


def find_citations(works: Sequence[WorkRef], texts: Iterable[tuple[str, str, str]]) -> list[Citation]:
    """Works that name another work: (work slug, clause id, text) in, one citation per cited work."""
    found: dict[tuple[str, str], Citation] = {}
    # each work's number and title folded once, not once per clause of the corpus
    needles = [
        (w, search_key(w.doc_number) if w.doc_number else None, search_key(f"《{w.title}》") if len(w.title) >= 6 else None)
        for w in works
    ]
    for slug, clause_id, text in texts:
        key = search_key(text)
        for w, number, title in needles:
            if w.slug == slug or (slug, w.slug) in found:
                continue
            evidence = None
            if number is not None and number in key:
                evidence = w.doc_number
            elif title is not None and title in key:
                evidence = f"《{w.title}》"
            if evidence:
                found[slug, w.slug] = Citation(slug, w.slug, clause_id, evidence)
    return list(found.values())
