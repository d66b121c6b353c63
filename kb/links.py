"""Cross-links between works: which clauses of two documents deal with the same provision.

Pure functions over plain records; the words come from a tokenizer passed in (jieba in practice).

**Which works are paired.** Two works of different levels (central → provincial → municipal); two
works of one level but of different kinds (a law or regulation in 第X条 form and a policy document:
志愿服务条例 and the 志愿服务 意见); a regulation and the law it carries out (实施条例 / 实施办法 /
an 办法 whose first article says 根据《…》…制定本办法). Never two versions of one law (the revision
diff relates them), nor two laws or two policy documents of one level, which carry out nothing of
each other.

**A function of the two works alone.** Every statistic a pair's links rest on — the IDF of words and
bigrams, which words are too common to count, best matches, how alike the whole texts are — is taken
over the clauses of those two works only, so adding a third document changes no link between them.

A clause is represented three ways, each a TF-IDF vector: its words (jieba words of two or more
characters, the aligned pieces of compounds included), its character bigrams (which catch a shared
phrase jieba cuts differently), and its lead heading (健全培训机制 ↔ 健全培训制度). The score is a
weighted sum of the cosines and of the strongest anchor — the same heading, a heading echoed by a
phrase of the other text, a shared specific phrase, the same topic named by both headings, or the
same kind of numeric provision (kb.facts: a topic and a unit, a rate or not — 每万城镇常住人口18人 and
每200户至400户配备1人 are both staffing per residents) — plus a small bonus when the neighbours of both
clauses are linked too: the documents run in parallel. A clause that cites an article of the other
work by name (劳动合同法第八十二条) is linked to that article outright.

Precision before recall (a wrong link misleads a trainer more than a missing one): a pair is kept
when its score is high, whatever the works as wholes; a fair pair only when one clause is the other's
best match and the works deal with the same subject (their whole texts are alike, or one cites or
carries out the other). Either way at least two specific words must be shared.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from corpus.numbering import find_articles
from corpus.text import char_bigrams
from kb.query import search_key

LEVEL_RANK = {"central": 0, "compilation": 0, "provincial": 1, "municipal": 2, "county": 3}

# score = W_ANCHOR × the strongest anchor (same heading, a heading echoed in the other text, a shared
# specific phrase, the same topic or kind of provision) + the rest × how alike the whole texts are
# (words, then bigrams), + neighbours
W_ANCHOR = 0.45
W_WORDS = 0.7
W_NEIGHBOURS = 0.1
W_TOPIC = 0.8  # both headings name one topic (规范选聘方式 ↔ 规范选任招聘): nearly as good as the same heading
W_ECHO = 0.6  # one heading names a topic the other text names (把握人员结构 ↔ …持续优化社区工作者队伍结构)
ECHO_WORDS = 0.1  # …which counts only where the two texts share some wording: an overview names every topic
W_PROVISION = 0.9  # both state a provision of one topic in one unit (配备 … 18人 per residents ↔ 1人 per households)
SPECIFIC = 0.5  # a phrase whose bigrams average less than this share of the top IDF counts for less
WORK_MIN = 0.33  # works less alike than this as wholes are on different subjects: only strong pairs are linked
KEEP_ALWAYS = 0.5  # a pair this similar is linked whatever else matches
KEEP_IF_BEST = 0.3  # a pair this similar is linked when one side is the other's best match and the works are related
ALIKE_ALONE = 0.2  # works on different subjects: the two clauses' words themselves must be this alike, not an anchor only
MIN_SHARED_TERMS = 2  # fewer specific shared words than this is not evidence enough
MAX_TERMS = 6
COMMON_SHARE = 0.25  # a word in more than this share of the pair's clauses is too common to justify a link
SUBJECT_WORDS = 2  # a work is about the words ranked first by how many of its clauses hold them × how telling they are
SUBJECT_SHARE = 0.25  # …among the words in at least this share of its clauses

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

Tokenizer = Callable[[str], Sequence[str]]
Weight = Callable[[str], float]  # how telling a word is in general (a fixed IDF table), whatever the corpus
Provision = tuple[str, str, bool]  # (topic, unit, counted per something): what kb.facts says a number provides


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
    article: str | None = None  # a law's article as its ref names it (12, 12-1): what 《…》第十二条 cites
    provisions: frozenset[Provision] = frozenset()
    topics: frozenset[str] = frozenset()  # the topics its heading names (kb/data/topics.txt)
    mentions: frozenset[str] = frozenset()  # the topics its text names


@dataclass(frozen=True)
class LinkWork:
    """A work as the linker pairs it: level, kind of text, family of versions, the names a citation uses."""

    slug: str
    level: str
    form: str  # "law" (第X条 form: laws, regulations, 办法) | "policy"
    family: str
    names: tuple[str, ...] = ()  # title, short title


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


def _vector(counts: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
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


def _df(docs: Iterable[Mapping[str, int]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    return df


def _idf(df: Mapping[str, int], n: int) -> dict[str, float]:
    return {t: math.log((n + 1) / (k + 0.5)) for t, k in df.items()}


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


@dataclass(frozen=True)
class _Tokens:
    """What a clause is made of, counted once per build; weighed afresh for each pair of works."""

    words: Counter[str]
    bigrams: Counter[str]
    heading: Counter[str]
    phrases: tuple[Counter[str], ...]  # bigrams of its phrases (institution words folded)
    head_grams: frozenset[str]  # bigrams of the heading without its opening verb


def _tokens(d: LinkDoc, tokenize: Tokenizer) -> _Tokens:
    heading = Counter(w for w in tokenize(_fold_institution(d.heading or "")) if len(w) >= 2 and w not in GENERIC_VERBS)
    return _Tokens(
        Counter(sys.intern(w) for w in tokenize(d.text) if len(w) >= 2),  # one string per word
        _bigrams(d.text),
        heading,
        tuple(_bigrams(_fold_institution(p)) for p in phrases(d.text)),
        frozenset(_bigrams("".join(heading.keys()))),  # the heading's own words, opening verbs dropped, in order
    )


@dataclass(frozen=True)
class _Features:
    words: dict[str, float]
    bigrams: dict[str, float]
    heading: dict[str, float]
    raw_words: frozenset[str]
    phrases: tuple[dict[str, float], ...]  # bigram vectors of its phrases, scaled by how specific each is
    phrase_grams: tuple[frozenset[str], ...]
    head_grams: dict[str, float]  # bigrams of the heading without its opening verb, with their IDF


def _features(
    docs: Iterable[LinkDoc], tokens: Mapping[str, _Tokens], n: int, df_w: Mapping[str, int], df_b: Mapping[str, int]
) -> dict[str, _Features]:
    """Weigh clauses of one pair of works by IDF over that pair's ``n`` clauses alone (``df_w``, ``df_b``)."""
    idf_w, idf_b = _idf(df_w, n), _idf(df_b, n)
    top_idf = math.log(n + 1) or 1.0
    feats = {}
    for d in docs:
        t = tokens[d.id]
        phrase_vectors = []
        for grams in t.phrases:
            specific = sum(idf_b.get(g, top_idf) for g in grams) / (len(grams) * top_idf) if grams else 0.0
            phrase_vectors.append({g: v * min(1.0, specific / SPECIFIC) for g, v in _vector(grams, idf_b).items()})
        feats[d.id] = _Features(
            _vector(t.words, idf_w),
            _vector(t.bigrams, idf_b),
            _vector(t.heading, idf_w),
            frozenset(t.words),
            tuple(phrase_vectors),
            tuple(frozenset(p) for p in t.phrases),
            {g: idf_b.get(g, top_idf) for g in t.head_grams},
        )
    return feats


@dataclass(frozen=True)
class WorkPair:
    """Two works considered for linking: how alike they are as wholes, why they were paired, whether linked."""

    a: str
    b: str
    similarity: float
    linked: bool
    reason: str  # implements | cites | similar | clauses (strong pairs only) | different-subject


@dataclass(frozen=True)
class LinkResult:
    """The links found and the work pairs considered."""

    links: list[Link]
    work_pairs: list[WorkPair]


_CARRIES_OUT = re.compile(
    r"(?:根据|依据|依照|为了?(?:贯彻)?(?:实施|执行))《(?P<title>[^》]{2,60})》[^。]{0,60}?制定本(?:条例|办法|细则|规定)"
)
_IMPLEMENTING = ("实施条例", "实施办法", "实施细则")


def carried_out(works: Sequence[LinkWork], first_texts: Mapping[str, str]) -> set[tuple[str, str]]:
    """(regulation, law) pairs: a work that says it carries out another, or is named as its 实施条例 / 实施办法.

    ``first_texts`` holds each work's opening text (its first articles), where 根据《…》…制定本办法 stands.
    """
    by_name: dict[str, list[str]] = {}
    for w in works:
        for name in w.names:
            by_name.setdefault(search_key(name), []).append(w.slug)
    found: set[tuple[str, str]] = set()
    for w in works:
        named = [search_key(m.group("title")) for m in _CARRIES_OUT.finditer(first_texts.get(w.slug, ""))]
        named += [search_key(name)[: -len(s)] for name in w.names for s in _IMPLEMENTING if name.endswith(s)]
        for name in named:
            found.update((w.slug, law) for law in by_name.get(name, ()) if law != w.slug)
    return found


def _paired(x: LinkWork, y: LinkWork, implements: set[tuple[str, str]]) -> str | None:
    """Why two works are linked clause by clause, or None when they are not paired at all."""
    if x.family == y.family:
        return None  # two versions of one law: the revision diff relates them
    if (x.slug, y.slug) in implements or (y.slug, x.slug) in implements:
        return "implements"
    if LEVEL_RANK.get(x.level, 9) != LEVEL_RANK.get(y.level, 9):
        return "levels"
    if (x.form == "law") != (y.form == "law"):
        return "kinds"
    return None


def _order(x: LinkWork, y: LinkWork, implements: set[tuple[str, str]]) -> tuple[LinkWork, LinkWork]:
    """Source first: the higher level, the law a regulation carries out, the law before the policy text."""

    def rank(w: LinkWork, other: LinkWork) -> tuple[int, int, int]:
        return (LEVEL_RANK.get(w.level, 9), 1 if (w.slug, other.slug) in implements else 0, 0 if w.form == "law" else 1)

    return (x, y) if rank(x, y) <= rank(y, x) else (y, x)


def link_clauses(
    docs: Sequence[LinkDoc],
    tokenize: Tokenizer,
    *,
    works: Sequence[LinkWork],
    cited: Iterable[tuple[str, str]] = (),
    implements: Iterable[tuple[str, str]] = (),
    weight: Weight = lambda _: 1.0,
) -> LinkResult:
    """Link the clauses of every pair of works that may carry one another out (see the module docstring).

    The source of a link is the clause of the higher-level work (central before provincial before
    municipal; the law before the regulation carrying it out, and before a policy text of its
    level), so a link reads "carried out by".
    """
    tokens = {d.id: _tokens(d, tokenize) for d in docs}
    by_work: dict[str, list[LinkDoc]] = {}
    for d in docs:
        by_work.setdefault(d.work, []).append(d)
    citing = {frozenset(p) for p in cited}
    carries = set(implements)
    names = {w.slug: w.names for w in works}
    present = [w for w in works if w.slug in by_work]
    subjects = {w.slug: subject_words(by_work[w.slug], tokens, weight) for w in present}
    links: list[Link] = []
    considered: list[WorkPair] = []
    for i, first in enumerate(present):
        for second in present[i + 1 :]:
            why = _paired(first, second, carries)
            if why is None:
                continue
            x, y = _order(first, second, carries)
            xs, ys = by_work[x.slug], by_work[y.slug]
            n = len(xs) + len(ys)
            df = _df(tokens[d.id].words for d in (*xs, *ys))
            idf = _idf(df, n)
            sim = round(_cosine(_whole(xs, tokens, idf), _whole(ys, tokens, idf)), 3)
            sx, sy = subjects[x.slug], subjects[y.slug]
            if why == "implements":
                reason = why
            elif frozenset((x.slug, y.slug)) in citing:
                reason = "cites"
            elif sim >= WORK_MIN or (sx and sy and (sx[0] in sy or sy[0] in sx)):
                reason = "similar"
            else:
                reason = "different-subject"
            # works on different subjects: a strong pair still counts, where one clause is on the other work's subject
            gate = None if reason != "different-subject" else (sy[:1], sx[:1])
            pairs = _candidates(xs, ys, tokens, df, n, gate)
            found = _link_pair(xs, ys, tokens, df, pairs, gate=gate) if pairs else []
            found += article_links(xs, ys, names[x.slug], names[y.slug], {lk.source + lk.target for lk in found})
            if found and reason == "different-subject":
                reason = "clauses"
            considered.append(WorkPair(x.slug, y.slug, sim, bool(found), reason))
            links.extend(found)
    return LinkResult(links, considered)


def subject_words(docs: Sequence[LinkDoc], tokens: Mapping[str, _Tokens], weight: Weight) -> tuple[str, ...]:
    """What a work is about: words many of its clauses hold that are telling in general (社区工作者, 志愿服务)."""
    n = len(docs)
    df = _df(tokens[d.id].words for d in docs)
    ranked = sorted((-(k / n) * weight(t), t) for t, k in df.items() if k >= SUBJECT_SHARE * n)
    return tuple(t for _, t in ranked[:SUBJECT_WORDS])


def _whole(docs: Sequence[LinkDoc], tokens: Mapping[str, _Tokens], idf: Mapping[str, float]) -> dict[str, float]:
    """A work as one vector: its words counted over all its clauses, weighed by the pair's IDF."""
    counts: Counter[str] = Counter()
    for d in docs:
        counts.update(tokens[d.id].words)
    return _vector(counts, idf)


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


def _candidates(
    xs: Sequence[LinkDoc],
    ys: Sequence[LinkDoc],
    tokens: Mapping[str, _Tokens],
    df: Mapping[str, int],
    n: int,
    gate: tuple[tuple[str, ...], tuple[str, ...]] | None,
) -> set[tuple[str, str]]:
    """The clause pairs that share at least MIN_SHARED_TERMS specific words (and pass the gate): no other can be kept."""
    limit = max(2, COMMON_SHARE * n)
    postings: dict[str, list[str]] = {}
    for b in ys:
        for t in tokens[b.id].words:
            if df.get(t, 0) <= limit:
                postings.setdefault(t, []).append(b.id)
    on_x = {b.id for b in ys if gate and any(t in tokens[b.id].words for t in gate[1])}  # b names x's subject
    out: set[tuple[str, str]] = set()
    for a in xs:
        open_a = gate is None or any(t in tokens[a.id].words for t in gate[0])  # a names y's subject
        shared: Counter[str] = Counter()
        for t in tokens[a.id].words:
            if df.get(t, 0) <= limit:
                shared.update(postings.get(t, ()))
        out.update((a.id, b) for b, k in shared.items() if k >= MIN_SHARED_TERMS and (open_a or b in on_x))
    return out


def _link_pair(
    xs: Sequence[LinkDoc],
    ys: Sequence[LinkDoc],
    tokens: Mapping[str, _Tokens],
    df: Mapping[str, int],
    pairs: set[tuple[str, str]],
    *,
    gate: tuple[tuple[str, ...], tuple[str, ...]] | None,
) -> list[Link]:
    """Score the candidate pairs of two works and keep the links.

    ``gate`` is set for works on different subjects: it holds the subject words a clause of the first
    work or of the second must name; only strong pairs whose words are alike and that pass it are kept.
    """
    n = len(xs) + len(ys)
    docs = {d.id: d for d in (*xs, *ys)}
    involved_a = {a for a, _ in pairs}
    involved_b = {b for _, b in pairs}
    df_b = _df(tokens[d.id].bigrams for d in docs.values())
    feats = _features((docs[i] for i in involved_a | involved_b), tokens, n, df, df_b)
    phrase = _max_dots({a: feats[a].phrases for a in involved_a}, {b: feats[b].phrases for b in involved_b})
    ordered = sorted(pairs)  # a fixed order: ties for a best match fall the same way in every run
    base: dict[tuple[str, str], dict[str, float]] = {}
    for a_id, b_id in ordered:
        fa, fb, a, b = feats[a_id], feats[b_id], docs[a_id], docs[b_id]
        words = _cosine(fa.words, fb.words)
        echo = words >= ECHO_WORDS and bool(a.topics & b.mentions or b.topics & a.mentions)
        base[a_id, b_id] = {
            "words": words,
            "bigrams": _cosine(fa.bigrams, fb.bigrams),
            "heading": max(
                _cosine(fa.heading, fb.heading),
                _coverage(fa.head_grams, fb.phrase_grams),
                _coverage(fb.head_grams, fa.phrase_grams),
                W_TOPIC if a.topics & b.topics else W_ECHO if echo else 0.0,
            ),
            "phrase": min(1.0, phrase.get((a_id, b_id), 0.0)),
            "provision": W_PROVISION if a.provisions & b.provisions else 0.0,
        }
    raw = {
        k: W_ANCHOR * max(p["heading"], p["phrase"], p["provision"])
        + (1 - W_ANCHOR) * (W_WORDS * p["words"] + (1 - W_WORDS) * p["bigrams"])
        for k, p in base.items()
    }
    scored: dict[tuple[str, str], float] = {}
    for a_id, b_id in ordered:
        a, b = docs[a_id], docs[b_id]
        support = max(
            raw.get((a.previous, b.previous), 0.0) if a.previous and b.previous else 0.0,
            raw.get((a.next, b.next), 0.0) if a.next and b.next else 0.0,
        )
        base[a_id, b_id]["neighbours"] = support
        # works on different subjects do not run in parallel: their neighbours say nothing
        scored[a_id, b_id] = raw[a_id, b_id] + (W_NEIGHBOURS * support if gate is None else 0.0)
    best_for_a: dict[str, tuple[float, str]] = {}
    best_for_b: dict[str, tuple[float, str]] = {}
    for (a_id, b_id), score in scored.items():
        if score > best_for_a.get(a_id, (-1.0, ""))[0]:
            best_for_a[a_id] = (score, b_id)
        if score > best_for_b.get(b_id, (-1.0, ""))[0]:
            best_for_b[b_id] = (score, a_id)
    out: list[Link] = []
    for (a_id, b_id), score in scored.items():
        best = best_for_a[a_id][1] == b_id or best_for_b[b_id][1] == a_id
        if gate is None:
            if not (score >= KEEP_ALWAYS or (score >= KEEP_IF_BEST and best)):
                continue
        elif score < KEEP_ALWAYS or base[a_id, b_id]["words"] < ALIKE_ALONE:
            continue  # the candidates passed the gate already
        terms = shared_terms(feats[a_id], feats[b_id], df, n)
        if len(terms) < MIN_SHARED_TERMS:
            continue
        parts = {k: round(v, 3) for k, v in base[a_id, b_id].items()}
        out.append(Link(a_id, b_id, round(score, 3), "clause", terms, parts))
    out.sort(key=lambda link: (-link.score, link.source, link.target))
    return out


def article_links(
    xs: Sequence[LinkDoc], ys: Sequence[LinkDoc], x_names: Sequence[str], y_names: Sequence[str], known: set[str]
) -> list[Link]:
    """Clauses of one work that cite an article of the other by name (劳动合同法第八十二条): linked to that article."""
    out: list[Link] = []
    for citing, cited, cited_names, forward in ((ys, xs, x_names, True), (xs, ys, y_names, False)):
        articles = {d.article: d for d in cited if d.article}
        keys = [search_key(name).strip("《》") for name in cited_names if name]
        if not articles or not keys:
            continue
        for d in citing:
            text = search_key(d.text)
            for start, end, article in find_articles(text):
                before = text[max(0, start - 60) : start].rstrip("》")
                name = next((k for k in keys if before.endswith(k)), None)
                target = articles.get(article)
                if name is None or target is None:
                    continue
                source, dest = (target.id, d.id) if forward else (d.id, target.id)
                if source + dest in known:
                    continue
                known.add(source + dest)
                out.append(Link(source, dest, 1.0, "clause", (f"{name}{text[start:end]}",), {"article": 1.0}))
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
