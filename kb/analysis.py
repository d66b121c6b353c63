"""Analysed clauses: sentences, words with their parts of speech, typed slots and the structure of lists.

Pure functions over frozen dataclasses; the words come from a :class:`Tagger` (``kb.segment.Segmenter``)
and what to look for from the slot lexicons (``kb.vocab.Lexicons``). Slot kinds::

    number    a number with its unit and comparison (不少于5天 → ≥ 5 天; 每3年轮训1次 → 1 次 per 3年), from kb.facts
    period    a duration (不超过6个月) from kb.facts, or a deadline (到2035年, 2025年底前)
    body      a responsible body: a level word, then nouns ending in 部门/委员会/党委/政府/厅/局/部…
              (县级党委组织部门, 省委社会工作部), or a name of slots_bodies.txt (民政部门)
    level     a rung of the ladder in slots_levels.txt, as whole words (省级, 街道（乡镇）) or leading a body
    modality  a word of slots_modality.txt (应当 / 可以 / 不得; 不少于 / 不超过), with the others of its line
    scope     whom a rule is for, from slots_scopes.txt (正职 / 副职 / 新入职人员)
    term      a short phrase in quotation marks (“全岗通”) or set in bold

A list is a run of items joined by 、 (the last one perhaps by 和/及/以及/与/或) inside one phrase, or
the members of one sentence joined by ；. Its structure::

    突出基层党的建设、平安法治、民生服务、经济发展等主要职能
        lead-in 突出 | items 基层党的建设, 平安法治, 民生服务, 经济发展 | tail 等主要职能 (said of every item)
    健全社区工作者管理制度、社区工作事项准入制度
        lead-in 健全 | shared suffix 制度: each item's core is the part that differs; each item's head noun kept

The first item's start and the last item's end are found from the middle items: the lead-in ends
with a verb or a function word and the first item starts with a word of a kind the others start
with; the last item ends where a word comes of a kind the others do not contain (等, 为, a verb).
Every cut falls between two words of the segmenter, so no item splits a word. A list whose edges
cannot be found that way is not reported.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from corpus.text import is_cjk_char, sentence_spans
from kb.facts import Fact, extract_facts
from kb.vocab import Lexicons, Topic

SLOT_KINDS = ("number", "period", "body", "level", "modality", "scope", "term")
SLOT_LABELS = {
    "number": "数字",
    "period": "期限",
    "body": "主体",
    "level": "层级",
    "modality": "情态",
    "scope": "人员",
    "term": "术语",
}
TIME_UNITS = frozenset({"年", "个月", "天", "日", "工作日", "个工作日", "小时"})
BODY_SUFFIXES = ("部门", "委员会", "党委", "党组", "工委", "政府", "办公室", "厅", "局", "部", "委", "办")
ALL_LEVELS = ("各级",)  # leads a body like a level word, but is no rung of the ladder
CONJUNCTIONS = frozenset({"和", "及", "以及", "与", "或", "或者"})
TAIL_MARKERS = frozenset({"等", "等等"})
MAX_ITEM = 30
MAX_BODY = 20

_OPEN, _CLOSE = "（(“《「[", "）)”》」]"
_PHRASE_STOPS = "，,：:；;。！？!?\n"
_MEMBER_STOPS = "；;"
_DEADLINE = re.compile(r"(?P<by>到|至)?(?P<year>(?:19|20)\d{2})年(?:年?底|末)?(?P<before>前|以前|之前)?")
_CONTENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]")
_QUOTED = re.compile(r"“([^“”，。；：\n]{2,12})”")


class Tagger(Protocol):
    """What the analysis needs of a segmenter (``kb.segment.Segmenter`` is one)."""

    def tagged(self, text: str) -> list[tuple[str, str, int, int]]: ...

    def pieces(self, word: str) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the clause text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the clause with its part of speech (jieba's tags: n noun, v verb, a adjective, x punctuation …)."""

    text: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Slot:
    """A typed stretch of a clause that a question can ask about or change.

    ``value`` is what the slot means: the number (number, period), the level's name (level), the
    preferred spelling (body, scope, term), the word's line name (modality). ``alternatives`` are
    what stands in its place in a distractor: the other rungs of the ladder, the other words of
    its lexicon line.
    """

    kind: str
    start: int
    end: int
    text: str
    value: str | float | None = None
    unit: str | None = None
    comparison: str | None = None  # "=", "≤", "≥"
    high: float | None = None  # the upper end of a range (1—12级)
    per: str | None = None  # what a rate counts per: 每3年 → 3年
    head: str | None = None  # a body's head noun (部门, 党委); a term's source (引号, 加粗)
    level: str | None = None  # the level a body sits at
    group: str | None = None  # the lexicon line of a scope or modality word
    rank: int | None = None  # a level's place on the ladder, 0 at the top
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list; ``core`` is the part that differs from the other items, ``head`` its head noun."""

    start: int
    end: int
    text: str
    core: Span
    head: str | None


@dataclass(frozen=True, slots=True)
class ListStructure:
    """A list inside one sentence: what leads into it, its items, what follows it and belongs to each item."""

    separator: str  # "、" or "；"
    sentence: Span
    lead_in: Span | None
    items: tuple[ListItem, ...]
    tail: Span | None
    shared_prefix: str | None  # words every item starts with (加强……、加强……)
    shared_suffix: str | None  # words every item ends with (……制度、……制度)


@dataclass(frozen=True, slots=True)
class AnalysedClause:
    """A clause analysed once: its sentences, words, slots and lists."""

    ref: str
    text: str
    sentences: tuple[Span, ...]
    words: tuple[Word, ...]
    slots: tuple[Slot, ...]
    lists: tuple[ListStructure, ...]

    @property
    def boundaries(self) -> frozenset[int]:
        """The offsets where a word begins or ends."""
        return frozenset(x for w in self.words for x in (w.start, w.end))


# ---- words and sentences --------------------------------------------------------------------------


def _class(word: Word) -> str:
    """A word's part of speech in the three classes list edges are judged by: predicate, function, nominal.

    A dictionary word without a tag of its own (jieba says ``x``) is a noun: our added terms are.
    """
    tag = word.tag
    if tag == "x" and (_CONTENT.search(word.text) or word.text in _OPEN + _CLOSE):
        return "nominal"  # brackets belong to the phrase they are in: 街道（乡镇）
    if tag in ("v", "vd", "vi", "a", "ad", "d"):
        return "predicate"
    if tag[:1] in ("p", "c", "u", "r", "x", "y", "e"):
        return "function"
    return "nominal"


def _sentences(text: str) -> list[tuple[int, int]]:
    """Whole sentences: the members that ``sentence_spans`` cuts at a semicolon join their sentence."""
    out: list[tuple[int, int]] = []
    joining = False
    for a, b in sentence_spans(text):
        if joining and out:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
        joining = text[b - 1 : b] in _MEMBER_STOPS
    return out


def _depths(text: str) -> list[int]:
    """The bracket depth at each character (a 、 inside 县（市、区） does not separate items)."""
    depth, out = 0, []
    for ch in text:
        if ch in _CLOSE and depth:
            depth -= 1
        out.append(depth)
        if ch in _OPEN:
            depth += 1
    return out


# ---- slots ------------------------------------------------------------------------------------------


def _occurrences(text: str, phrase: str) -> Iterable[int]:
    at = text.find(phrase)
    while at >= 0:
        yield at
        at = text.find(phrase, at + 1)


class DisjointSpans:
    """Spans that do not overlap, kept in order, so that claiming one more looks at one neighbour, not at all of them."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def claim(self, start: int, end: int) -> bool:
        """Add [start, end) unless it overlaps a span already claimed; tell whether it was added."""
        i = bisect_left(self.spans, end, key=lambda s: s[0])  # of those that begin before end, the last reaches furthest
        if i and start < self.spans[i - 1][1]:
            return False
        insort(self.spans, (start, end))
        return True


class _Taken:
    """Spans already claimed by slots of one kind: a longer spelling wins over its part."""

    def __init__(self) -> None:
        self.spans: dict[str, DisjointSpans] = {}

    def claim(self, kind: str, start: int, end: int) -> bool:
        return self.spans.setdefault(kind, DisjointSpans()).claim(start, end)


def _fact_slots(facts: Iterable[Fact]) -> list[Slot]:
    out = []
    for f in facts:
        kind = "period" if f.unit in TIME_UNITS else "number"
        out.append(Slot(kind, f.span[0], f.span[1], f.text, f.value, f.unit, f.bound, f.high, f.per))
    return out


def _deadline_slots(text: str, taken: _Taken) -> list[Slot]:
    out = []
    for m in _DEADLINE.finditer(text):
        if taken.claim("period", m.start(), m.end()):
            by = m.group("by") or m.group("before")
            out.append(Slot("period", m.start(), m.end(), m.group(), float(m.group("year")), "年", "≤" if by else "="))
    return out


def _level_spellings(levels: Sequence[Topic]) -> list[tuple[str, int]]:
    """Every spelling of a level with the level's rank, longest first."""
    pairs = [(w, rank) for rank, level in enumerate(levels) for w in level.words]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _level_slot(text: str, start: int, spelling: str, rank: int, levels: Sequence[Topic]) -> Slot:
    name = levels[rank].name
    others = tuple(lv.name for lv in levels if lv.name != name)
    return Slot("level", start, start + len(spelling), spelling, name, rank=rank, alternatives=others)


# a statute's department names end so (教育行政部门, 卫生健康主管部门, 市场监督管理部门); a bare 部门 after a noun is
# often none (国家突发事件部门应急预案)
FIELD_BODY_ENDS = ("行政部门", "主管部门", "管理部门")
STATE_ORGANS = ("国务院",)  # in front of a department's name like a level word
NOT_LEVELS = ("市场", "市民", "市政", "市容", "县城", "省份")  # words that begin with a rung's character
NO_FIELD = (
    "有关",
    "相关",
    "其他",
    "各",
    "本",
    "该",
    "上述",
    "同级",
    "上级",
    "下级",
    "所在",
    "主管",
    "行政",
    "职能",
    "地区",
    "地方",
)
FIELD_TAGS = ("n", "nz", "nt", "vn", "j", "l", "an")  # 卫生(an) 健康(a) 主管部门: a field may be an adjective


def _field_bodies(text: str, words: Sequence[Word], taken: _Taken) -> list[Slot]:
    """Bodies a statute names by their field, with no level word in front (教育行政部门, 卫生健康主管部门,
    退役军人工作主管部门): a run of nouns that opens a phrase and ends in 部门. 有关部门 is no body of its own, nor is a
    run begun on one character (经 | 劳动行政部门: jieba tags the preposition a noun) or across a 、 (领导、部门)."""
    out: list[Slot] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i > 0 else None
        glued = before is not None and _class(before) == "nominal" and before.end == word.start and len(before.text) > 1
        if not word.tag.startswith(FIELD_TAGS) or (glued and before is not None and before.text not in STATE_ORGANS):
            continue  # 国务院 | 民政部门: the State Council's department is named by its field, the 国务院 stays
        if word.text.startswith(NO_FIELD) or word.text.endswith("部门") or word.text in STATE_ORGANS or len(word.text) < 2:
            continue  # 有关部门 / 部门 alone: no field names the body
        for j in range(i + 1, min(i + 5, len(words))):
            w = words[j]
            if (not w.tag.startswith(FIELD_TAGS) and w.tag != "a") or w.start != words[j - 1].end:
                break
            if w.end - word.start > 12:
                break
            name = text[word.start : w.end]
            if name.endswith(FIELD_BODY_ENDS):
                # 有关部门 is no body of its own; 人民政府教育行政部门 is a government's department, named with its level
                if not any(x in name for x in ("有关", "相关", "其他", "政府")) and taken.claim("body", word.start, w.end):
                    out.append(Slot("body", word.start, w.end, name, head="部门"))
                break
    return out


def _body_slots(text: str, words: Sequence[Word], lexicons: Lexicons, taken: _Taken) -> list[Slot]:
    """Bodies by the general pattern (a level word, then nouns up to an institution word), then by name."""
    out: list[Slot] = []
    spellings = [*_level_spellings(lexicons.levels), *((w, -1) for w in ALL_LEVELS)]
    for i, word in enumerate(words):
        lead = next(((s, r) for s, r in spellings if text.startswith(s, word.start)), None)
        if lead is None or word.text.startswith(NOT_LEVELS):
            continue  # 市场监督管理部门 is no 市 + 场监督管理部门
        spelling, rank = lead
        level_only: int | None = None
        best: int | None = None
        for j in range(i, len(words)):
            w = words[j]
            if w.end - word.start > MAX_BODY or (j > i and _class(w) != "nominal"):
                break
            if best is not None and not w.text.endswith(BODY_SUFFIXES):
                break  # after the first body name only its own units join (人民政府 | 民政部门), not 会同 …
            beyond = w.end - word.start > len(spelling)
            if (beyond or spelling.endswith(BODY_SUFFIXES)) and text[word.start : w.end].endswith(BODY_SUFFIXES):
                if beyond:
                    best = w.end
                elif j == i:
                    level_only = w.end
        best = best or level_only
        if best is None or not taken.claim("body", word.start, best):
            continue
        body = text[word.start : best]
        head = next(s for s in BODY_SUFFIXES if body.endswith(s))
        level = lexicons.levels[rank].name if rank >= 0 else None
        out.append(Slot("body", word.start, best, body, lexicons.canonical(body), head=head, level=level))
        if rank >= 0 and taken.claim("level", word.start, word.start + len(spelling)):
            out.append(_level_slot(text, word.start, spelling, rank, lexicons.levels))
    return out


MODAL_BEFORE = ("有权", "可以", "应当", "不得", "应", "可", "要")  # 有权要求: the verb is the object of a right
VERB_GROUP = "动词"  # a lexicon line whose name ends so (倡导动词) counts its words only as verbs with an object


def _lexicon_slots(
    text: str,
    kind: str,
    groups: Sequence[Topic],
    bounds: frozenset[int],
    lexicons: Lexicons,
    taken: _Taken,
    verbs: frozenset[int] = frozenset(),
) -> list[Slot]:
    """The slots of the words of these lexicon lines; ``verbs``: where a word tagged as a verb starts."""
    out: list[Slot] = []
    entries = sorted(((w, g) for g in groups for w in g.words), key=lambda e: -len(e[0]))
    for phrase, group in entries:
        for at in _occurrences(text, phrase):
            end = at + len(phrase)
            if group.name.endswith(VERB_GROUP) and not (
                at in verbs
                and end < len(text)
                and is_cjk_char(text[end])
                and text[end] != "的"
                and not text[:at].endswith(MODAL_BEFORE)
            ):
                continue  # 要求 as a noun (岗位要求的、按照要求，) is no requirement laid down
            if at in bounds and end in bounds and taken.claim(kind, at, end):
                others = tuple(w for w in group.words if w != phrase)
                out.append(Slot(kind, at, end, phrase, lexicons.canonical(phrase), group=group.name, alternatives=others))
    return out


def _slots(
    text: str,
    words: Sequence[Word],
    coarse: frozenset[int],
    fine: frozenset[int],
    lexicons: Lexicons,
    facts: Iterable[Fact],
    emphasis: Sequence[tuple[int, int]],
) -> list[Slot]:
    taken = _Taken()
    slots = _fact_slots(facts)
    for s in slots:
        taken.claim(s.kind, s.start, s.end)
    slots += _deadline_slots(text, taken)
    slots += _body_slots(text, words, lexicons, taken)
    for name in lexicons.bodies:
        for at in _occurrences(text, name):
            end = at + len(name)
            if at in fine and end in fine and taken.claim("body", at, end):
                head = next((s for s in BODY_SUFFIXES if name.endswith(s)), None)
                slots.append(Slot("body", at, end, name, lexicons.canonical(name), head=head))
    slots += _field_bodies(text, words, taken)
    for spelling, rank in _level_spellings(lexicons.levels):
        for at in _occurrences(text, spelling):
            if at in coarse and at + len(spelling) in coarse and taken.claim("level", at, at + len(spelling)):
                slots.append(_level_slot(text, at, spelling, rank, lexicons.levels))
    # a verb that starts a part or follows its subject (国家鼓励……), not the object of another word (按照要求、提出要求)
    verbs = frozenset(
        w.start for i, w in enumerate(words) if w.tag.startswith("v") and (i == 0 or words[i - 1].tag[:1] in ("x", "n", "r"))
    )
    slots += _lexicon_slots(text, "modality", lexicons.modal_groups, fine, lexicons, taken, verbs)
    slots += _lexicon_slots(text, "scope", lexicons.scopes, fine, lexicons, taken)
    for m in _QUOTED.finditer(text):
        if taken.claim("term", m.start(1), m.end(1)):
            slots.append(Slot("term", m.start(1), m.end(1), m.group(1), lexicons.canonical(m.group(1)), head="引号"))
    for a, b in emphasis:
        if 2 <= b - a <= 20 and taken.claim("term", a, b):
            slots.append(Slot("term", a, b, text[a:b], lexicons.canonical(text[a:b]), head="加粗"))
    return sorted(slots, key=lambda s: (s.start, SLOT_KINDS.index(s.kind), -s.end))


# ---- lists ------------------------------------------------------------------------------------------


def words_within(words: Sequence[Word], start: int, end: int) -> list[Word]:
    """The words that lie inside [start, end), found by bisection (words are in text order and do not overlap)."""
    out: list[Word] = []
    for i in range(bisect_left(words, start, key=lambda w: w.start), len(words)):
        if words[i].end > end:
            break
        out.append(words[i])
    return out


def word_at(words: Sequence[Word], start: int) -> Word | None:
    """The word that begins at an offset, or None, found by bisection."""
    i = bisect_left(words, start, key=lambda w: w.start)
    return words[i] if i < len(words) and words[i].start == start else None


def slots_starting(slots: Sequence[Slot], start: int, end: int) -> Sequence[Slot]:
    """The slots that begin inside [start, end), in order, found by bisection (slots are sorted by where they begin)."""
    return slots[bisect_left(slots, start, key=lambda s: s.start) : bisect_left(slots, end, key=lambda s: s.start)]


def _content(words: Sequence[Word], start: int, end: int) -> list[Word]:
    """The words inside [start, end), spaces left out."""
    return [w for w in words_within(words, start, end) if w.text.strip()]


def _tokens(item: Sequence[Word], tagger: Tagger) -> list[tuple[int, int]]:
    """An item's words as spans, its last word in its aligned pieces (准入机制 → 准入 / 机制): heads end words."""
    out = [(w.start, w.end) for w in item[:-1]]
    last = item[-1]
    pos = last.start
    for piece in tagger.pieces(last.text) if len(last.text) >= 3 and last.tag != "x" else [last.text]:
        out.append((pos, pos + len(piece)))
        pos += len(piece)
    return out


def _affixes(text: str, items: Sequence[Sequence[Word]], tagger: Tagger) -> tuple[str | None, str | None, list[Span]]:
    """The words every item starts with, the words every item ends with, and each item's core between them."""
    toks = [_tokens(it, tagger) for it in items]
    shortest = min(len(t) for t in toks)

    def same(k: int) -> bool:
        return len({text[t[k][0] : t[k][1]] for t in toks}) == 1

    pre = 0
    while pre < shortest - 1 and same(pre):
        pre += 1
    suf = 0
    while suf < shortest - 1 - pre and same(-1 - suf):
        suf += 1
    cores = []
    for t in toks:
        a, b = t[pre][0], t[len(t) - 1 - suf][1]
        cores.append(Span(a, b, text[a:b]))
    first = toks[0]
    prefix = text[first[0][0] : first[pre - 1][1]] if pre else None
    suffix = text[first[-suf][0] : first[-1][1]] if suf else None
    return prefix, suffix, cores


def _head(item: Sequence[Word], tagger: Tagger) -> str | None:
    """An item's head noun: its last word if a noun, or that word's last piece of two characters or more (准入机制 → 机制)."""
    last = item[-1]
    if (len(item) < 2 and len(last.text) < 3) or _class(last) != "nominal" or last.tag == "m":
        return None
    piece = tagger.pieces(last.text)[-1]
    return piece if len(piece) >= 2 else last.text


def _structure(
    text: str,
    separator: str,
    sentence: tuple[int, int],
    lead_in: tuple[int, int] | None,
    items: Sequence[Sequence[Word]],
    tail: tuple[int, int] | None,
    tagger: Tagger,
) -> ListStructure | None:
    spans = [(it[0].start, it[-1].end) for it in items]
    texts = [text[a:b] for a, b in spans]
    if any(not 2 <= len(t) <= MAX_ITEM for t in texts) or len(set(texts)) < len(texts):
        return None
    prefix, suffix, cores = _affixes(text, items, tagger)
    list_items = tuple(
        ListItem(a, b, text[a:b], core, _head(it, tagger)) for (a, b), core, it in zip(spans, cores, items, strict=True)
    )

    def span(x: tuple[int, int] | None) -> Span | None:
        return Span(x[0], x[1], text[x[0] : x[1]]) if x and x[1] > x[0] else None

    sent = Span(sentence[0], sentence[1], text[sentence[0] : sentence[1]])
    return ListStructure(separator, sent, span(lead_in), list_items, span(tail), prefix, suffix)


def _last_item(last: list[Word], others: Sequence[Sequence[Word]], hi: int) -> tuple[list[Word], list[Word]]:
    """The last item and what follows it.

    What follows starts at a list marker (等) or a function word or numeral no other item holds
    (为重点, 的); else, in a list of nouns, at the verbs closing the phrase (国务院同意); else, when
    the item would be too long, at the first verb no other item holds.
    """
    inside = {w.tag for it in others for w in it[1:]}
    for k in range(1, len(last)):
        w = last[k]
        if w.text in TAIL_MARKERS or (w.tag not in inside and (_class(w) == "function" or w.tag == "m")):
            return last[:k], last[k:]
    k = len(last)
    nouns = {_class(it[0]) for it in [*others, last]} == {"nominal"}
    while nouns and k > 1 and _class(last[k - 1]) == "predicate" and last[k - 1].tag not in inside:
        k -= 1  # 国务院同意, 省委社会工作部负责: a verb closing the phrase says something of every item
    if k < len(last):
        return last[:k], last[k:]
    if last[-1].end - last[0].start > hi:
        for k in range(1, len(last)):
            if _class(last[k]) == "predicate" and last[k].tag not in inside:
                return last[:k], last[k:]
    return last, []


def _limit(items: Sequence[Sequence[Word]]) -> int:
    """How long an edge item may be: half as long again as the longest of the others, and two more at least."""
    longest = max(it[-1].end - it[0].start for it in items)
    return longest + max(2, longest // 2)


def _first_item(first: list[Word], others: Sequence[Sequence[Word]], hi: int) -> tuple[list[Word], list[Word]] | None:
    """What leads into the list and the first item: an item that starts like the others, as long as they are."""
    starts = {_class(it[0]) for it in others}
    lengths = sorted(it[-1].end - it[0].start for it in others)
    median = lengths[len(lengths) // 2]
    best: tuple[int, int] | None = None  # (distance from the median length, cut)
    for b in range(len(first)):
        if b and _class(first[b - 1]) == "nominal" and first[b - 1].tag not in ("l", "i"):
            continue  # a lead-in ends with a verb or a function word (突出, 对, 的) or an idiom (建立健全)
        head = first[b]
        kind = _class(head)
        length = first[-1].end - head.start
        if (kind != "nominal" and kind not in starts) or length > hi:
            continue
        if best is None or abs(length - median) < best[0]:
            best = (abs(length - median), b)
    return (first[: best[1]], first[best[1] :]) if best else None


def _comma_lists(
    text: str, words: Sequence[Word], sentence: tuple[int, int], depth: list[int], tagger: Tagger
) -> list[ListStructure]:
    """The 、 lists of one sentence, phrase by phrase."""
    out: list[ListStructure] = []
    a, b = sentence
    cuts = [i for i in range(a, b) if depth[i] == 0 and text[i] in _PHRASE_STOPS]
    for p_start, p_end in zip([a, *(c + 1 for c in cuts)], [*cuts, b], strict=True):
        seps = [i for i in range(p_start, p_end) if depth[i] == 0 and text[i] == "、"]
        if not seps:
            continue
        bounds = list(zip([p_start, *(s + 1 for s in seps)], [*seps, p_end], strict=True))
        segs = [_content(words, x, y) for x, y in bounds]
        if any(not s for s in segs):
            continue
        last = segs[-1]
        conj = next((k for k in range(1, len(last) - 1) if last[k].text in CONJUNCTIONS), None)
        if conj is not None:
            segs[-1:] = [last[:conj], last[conj + 1 :]]
        middles = segs[1:-1]
        item_last, rest = _last_item(segs[-1], middles or segs[:1], _limit(middles or segs[:1]))
        hi = _limit([*middles, item_last])
        if item_last[-1].end - item_last[0].start > hi:
            continue
        found = _first_item(segs[0], [*middles, item_last], hi)
        if found is None:
            continue
        lead, item_first = found
        lead_span = (lead[0].start, lead[-1].end) if lead else None
        tail_span = (rest[0].start, rest[-1].end) if rest else None
        structure = _structure(text, "、", sentence, lead_span, [item_first, *middles, item_last], tail_span, tagger)
        if structure:
            out.append(structure)
    return out


def _trim_punctuation(words: list[Word]) -> list[Word]:
    a, b = 0, len(words)
    while a < b and words[a].tag == "x" and words[a].text not in _OPEN:
        a += 1
    while b > a and words[b - 1].tag == "x" and words[b - 1].text not in _CLOSE:
        b -= 1
    return words[a:b]


def _semicolon_list(
    text: str, words: Sequence[Word], sentence: tuple[int, int], depth: list[int], tagger: Tagger
) -> ListStructure | None:
    """The members of a sentence joined by ；, after a lead-in that ends with ： if there is one."""
    a, b = sentence
    seps = [i for i in range(a, b) if depth[i] == 0 and text[i] in _MEMBER_STOPS and i < b - 1]
    if not seps:
        return None
    colon = next((i for i in range(a, seps[0]) if depth[i] == 0 and text[i] in "：:"), None)
    first = colon + 1 if colon is not None else a
    members = [_content(words, x, y) for x, y in zip([first, *(s + 1 for s in seps)], [*seps, b], strict=True)]
    items = [_trim_punctuation(m) for m in members]
    if any(not it for it in items):
        return None
    lead = (a, colon) if colon is not None else None
    return _structure(text, "；", sentence, lead, items, None, tagger)


def analyse_clause(
    text: str,
    *,
    segmenter: Tagger,
    lexicons: Lexicons,
    facts: Iterable[Fact] | None = None,
    emphasis: Sequence[tuple[int, int]] = (),
    ref: str = "",
) -> AnalysedClause:
    """Analyse a clause text into sentences, words, slots and lists (``facts`` default: kb.facts' reading of the text)."""
    tagged = segmenter.tagged(text)
    # every clause of a build is held until the bank is made: one string per distinct word and tag, not one per use
    words = tuple(Word(sys.intern(w), sys.intern(tag), a, b) for w, tag, a, b in tagged if w.strip())
    coarse = frozenset(x for w in tagged for x in (w[2], w[3]))
    fine = set(coarse)
    for w in words:
        if len(w.text) >= 3 and w.tag != "x":
            pos = w.start
            for piece in segmenter.pieces(w.text):
                pos += len(piece)
                fine.add(pos)
    sentences = _sentences(text)
    depth = _depths(text)
    lists: list[ListStructure] = []
    for sentence in sentences:
        semicolons = _semicolon_list(text, words, sentence, depth, segmenter)
        if semicolons:
            lists.append(semicolons)
        lists += _comma_lists(text, words, sentence, depth, segmenter)
    slots = _slots(text, words, coarse, frozenset(fine), lexicons, extract_facts(text) if facts is None else facts, emphasis)
    return AnalysedClause(
        ref=ref,
        text=text,
        sentences=tuple(Span(a, b, text[a:b]) for a, b in sentences),
        words=words,
        slots=tuple(slots),
        lists=tuple(lists),
    )


def analysis_dict(analysed: AnalysedClause) -> dict[str, Any]:
    """An analysed clause as plain data (the JSON contract of ``policykb analyse --json`` and /analyse/…)."""
    data = asdict(analysed)
    data["words"] = [[w.text, w.tag, w.start, w.end] for w in analysed.words]
    data["counts"] = analysis_counts([analysed])
    return data


def analysis_counts(analysed: Iterable[AnalysedClause]) -> dict[str, int]:
    """How many slots of each kind and how many lists some analysed clauses have."""
    counts = dict.fromkeys((*SLOT_KINDS, "lists"), 0)
    for a in analysed:
        for s in a.slots:
            counts[s.kind] += 1
        counts["lists"] += len(a.lists)
    return counts
