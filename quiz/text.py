"""Text helpers for questions: folding, sentences, blanks, lists, answer normalisation, form checks.

Pure functions. Lists (enumerations) are read from runs of items joined by 、 with an optional last
和/及/以及/与/或; the lead-in before the first item (注重加强群众工作) and the tail after the last one
(居民群众满意度为重点) are trimmed by the length of the middle items or by a lead-in or tail word.
A list whose edges cannot be trimmed cleanly is not used.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from corpus.text import sentence_spans
from kb.query import search_key

fold = search_key


class IndexedText:
    """A text that finds a phrase by the places of the phrase's rarest character pair, not by reading it through.

    ``phrase in it`` and ``it.count(phrase)`` answer as ``str`` does. A bank asks a work (or a clause) whether
    it states each of thousands of candidate sentences; read through every time, a long text (a 5 MB file
    of one line is one work and one clause) made that quadratic. A text shorter than ``SCAN`` is read through.
    """

    SCAN = 1 << 15

    def __init__(self, text: str) -> None:
        self.text = text
        self._places: dict[str, array[int]] | None = None

    def _pairs(self) -> dict[str, array[int]]:
        if self._places is None:  # built on the first look-up: one pass over the text
            places: dict[str, array[int]] = {}
            text = self.text
            for i in range(len(text) - 1):
                pair = text[i : i + 2]
                at = places.get(pair)
                if at is None:
                    at = places[pair] = array("i")
                at.append(i)
            self._places = places
        return self._places

    def starts(self, phrase: str) -> Iterator[int]:
        """Where the phrase begins in the text, in order (overlapping matches too); the phrase is two characters or more."""
        pairs = self._pairs()
        rarest: tuple[int, array[int]] | None = None
        for k in range(len(phrase) - 1):
            at = pairs.get(phrase[k : k + 2])
            if at is None:
                return
            if rarest is None or len(at) < len(rarest[1]):
                rarest = (k, at)
        assert rarest is not None
        k, at = rarest
        for p in at:
            if p >= k and self.text.startswith(phrase, p - k):
                yield p - k

    def __contains__(self, phrase: str) -> bool:
        if len(self.text) < self.SCAN or len(phrase) < 2:
            return phrase in self.text
        return next(self.starts(phrase), None) is not None

    def count(self, phrase: str) -> int:
        """How many times the phrase occurs, matches not overlapping (``str.count``)."""
        if len(self.text) < self.SCAN or len(phrase) < 2:
            return self.text.count(phrase)
        n, free = 0, 0
        for p in self.starts(phrase):
            if p >= free:
                n, free = n + 1, p + len(phrase)
        return n


_REMARK = re.compile(r"^（[^（）]*(?:负责|牵头|参与)[^（）]*）$")
_PHRASE_STOP = re.compile(r"[，,。；;：:！？\n]")
_CONJ = re.compile(r"(以及|或者|和|及|与|或)")
_NOT_CONJ = ("参与", "涉及", "普及", "危及", "及时", "和谐", "给与")
_LEAD_WORDS = (
    "主要包括",
    "包括",
    "包含",
    "涵盖",
    "注重加强",
    "注重",
    "加强",
    "坚持",
    "做到",
    "具备",
    "开展",
    "推进",
    "围绕",
    "聚焦",
    "实现",
    "强化",
    "突出",
    "发挥",
    "弘扬",
    "打造一支",
    "提供",
    "吸纳",
    "提升",
    "增强",
    "完善",
    "健全",
    "建立",
    "形成",
    "推动",
    "运用",
    "考虑",
    "综合",
    "规范",
    "打造",
    "担任",
    "依托",
    "随着",
    "随",
    "让",
    "给予",
    "分为",
    "设立",
    "以",
    "由",
    "对",
    "在",
    "将",
    "把",
    "是",
    "参与",
    "的",
    "建设",
    "构建",
    "抓好",
)
_TAIL_WORDS = ("等", "的", "为重点", "为主", "方面", "相结合", "作为", "进行", "为", "是")
_COUNT_TAIL = re.compile(r"[一二三四五六七八九十两\d]+[个项类种]$")
_PUNCT_EDGE = "，、；：。！？,;:.!?"
_OPENERS, _CLOSERS = "（“《「", "）”》」"


@dataclass(frozen=True)
class Enumeration:
    """A list inside a clause text: its items' spans and the sentence it sits in."""

    items: tuple[tuple[int, int], ...]
    sentence: tuple[int, int]

    @property
    def span(self) -> tuple[int, int]:
        return self.items[0][0], self.items[-1][1]

    def texts(self, text: str) -> tuple[str, ...]:
        return tuple(text[a:b] for a, b in self.items)


_DASHES = re.compile(r"\s*[—–\-－～~〜―‒至到]+\s*")
# Words that name the scope a post or body belongs to: 社区副职 and 副职 name the same post in a
# clause about one 社区, so a cloze answer is accepted with or without them.
SCOPE_WORDS = ("社区", "街道", "乡镇", "村", "各级")
BODY_ENDINGS = ("政府", "人民政府", "办事处", "委员会", "法院", "检察院")  # what is left is another body, not a spelling


# Spaces and punctuation anywhere in a typed answer do not count (a phone's keyboard adds them, and
# 政治素质、业务能力 or 政治素质 业务能力 mean the same); the point of a decimal (0.5) and the dash of a
# range (7-18) do.
_IGNORED = re.compile(r"[\s，,、；;：:。！!？?“”\"'‘’《》〈〉「」『』()（）【】\[\]·•…_/]|(?<!\d)\.|\.(?!\d)")


def normalise_answer(s: str) -> str:
    """Fold an answer for comparison: width, spaces, quotes and punctuation do not count; a range's dash is one mark."""
    folded = fold(s)
    if re.search(r"\d", folded):
        folded = _DASHES.sub("-", folded.strip(_PUNCT_EDGE + " "))
    return _IGNORED.sub("", folded).strip("-")


def spellings(answer: str) -> tuple[str, ...]:
    """The spellings a cloze accepts for a printed answer: itself, and without a leading scope word (社区副职 → 副职,
    各级党委 → 党委, 社区党组织 → 党组织)."""
    out = [answer]
    paired = re.fullmatch(r"([^（）()]{1,8})[（(]([^（）()]{1,8})[)）]", answer)
    if paired:  # 街道（乡镇）: either name is the answer, and the pair either way round (乡镇（街道）)
        first, second = paired.group(1), paired.group(2)
        return (answer, first, second, f"{second}（{first}）")
    pair = re.fullmatch(r"([\u4e00-\u9fff]{2,6})和([\u4e00-\u9fff]{2,6})", answer)
    if pair:  # 党委和政府 / 党委、政府 / 党委政府: one pair of bodies, three spellings in use
        out += [f"{pair.group(1)}、{pair.group(2)}", pair.group(1) + pair.group(2)]
    if re.fullmatch(r"[二两][千百万倍]?", answer):  # 二千 / 两千, 二倍 / 两倍: one number, both spellings in use
        out.append(("两" if answer[0] == "二" else "二") + answer[1:])
    if answer.endswith("人民政府") and len(answer) > 4:
        out.append(answer.removesuffix("人民政府") + "政府")  # 乡镇人民政府 / 乡镇政府: one body, the short name
        if answer.removesuffix("人民政府").endswith("级"):
            out.append(answer.removesuffix("人民政府"))  # 由（省级人民政府）退役军人工作主管部门: 省级 says it
    for word in SCOPE_WORDS:
        rest = answer[len(word) :]
        # 社区副职 → 副职, 各级党委 → 党委; never a body of its own (乡镇人民政府 is not 人民政府)
        if answer.startswith(word) and len(rest) >= 2 and not rest.endswith(BODY_ENDINGS):
            out.append(rest)
    return tuple(out)


def answer_matches(given: str, accepted: tuple[str, ...]) -> bool:
    """Tell whether a typed cloze answer is one of the accepted spellings (or one of theirs, see ``spellings``)."""
    g = normalise_answer(given)
    return bool(g) and any(g == normalise_answer(s) for a in accepted for s in spellings(a))


# What names a list to come: 下列 / 如下 / 以下 before what it lists or the colon (以下拘留 is a bound, laws review 137)
LIST_WORDS = re.compile(
    r"下列|如下|以下(?=[：:]|[^，。；：]{0,8}(?:情形|行为|情况|条件|事项|人员|内容|职责|措施|方面|标准|原则|要求|权利|义务|规定|工作))"
)


def lead_in_of(text: str, heading: str | None) -> str:
    """The sentence that leads into a clause's list of items (有下列情形之一的，予以辞退：), or ""."""
    body = text[body_start(text, heading) :].strip()
    body = re.sub(r"(\s*[（(][^（）()]*[)）])+$", "", body).strip()  # a remark after the colon: （省委组织部负责）
    if not body.endswith(("：", ":")):
        # the article goes on after its list (军人死亡后被追授……，比照前款规定增发): its lead-in ends a paragraph
        ends = [m.start() for m in re.finditer(r"[：:]\s*\n", body)]
        if not ends:
            return ""
        body = body[: ends[-1] + 1]
    spans = sentences(body)
    a = max((b for _, b in spans if b < len(body) - 1), default=0)
    # 有下列行为之一的，由……处……罚款；构成犯罪的，依法追究刑事责任：— the list hangs on the member naming 下列,
    # not on the last one: a lead-in cut to 构成犯罪的…… would read as "态度恶劣即追究刑事责任"
    naming = [x for x, y in spans if y <= len(body) and LIST_WORDS.search(body[x:y]) and "。" not in body[x:]]
    if naming and naming[-1] < a:
        a = naming[-1]
    lead = body[a:].strip()
    return lead if 4 <= len(lead) <= 120 else ""


@lru_cache(maxsize=64)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the sentences of a text (semicolon members count), without remarks in brackets.

    Cached: generators ask it of the same clause for every span they look at.
    """
    return tuple((a, b) for a, b in sentence_spans(text) if not _REMARK.match(text[a:b].strip()))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first sentence of a text that holds a span, found by bisection (sentences are in order and do not overlap)."""
    spans = sentences(text)
    before = bisect_right(spans, start, key=lambda s: s[0])  # the sentences that begin at or before the span
    i = bisect_left(spans, end, 0, before, key=lambda s: s[1])  # the first of them that reaches its end
    return spans[i] if i < before else None


def body_start(text: str, heading: str | None) -> int:
    """Where a clause's text starts after its repeated heading (健全培训机制。)."""
    if heading and text.startswith(heading):
        end = len(heading)
        return end + 1 if text[end : end + 1] in ("。", "：", "，") else end
    return 0


def window(text: str, start: int, end: int, size: int = 8) -> tuple[str, str]:
    """The text either side of a span, up to the nearest phrase stop or ``size`` characters."""
    left = text[max(0, start - size) : start]
    right = text[end : end + size]
    left = re.split(r"[，。；：！？\n]", left)[-1]
    right = re.split(r"[，。；：！？\n]", right)[0]
    return left, right


def balanced(s: str) -> bool:
    """Tell whether brackets and quotes open and close in order."""
    stack: list[str] = []
    for ch in s:
        if ch in _OPENERS:
            stack.append(_CLOSERS[_OPENERS.index(ch)])
        elif ch in _CLOSERS and (not stack or stack.pop() != ch):
            return False
    return not stack


def form_problem(s: str, *, option: bool = False) -> str | None:
    """What is wrong with a stem or an option as printed Chinese, or None."""
    if not s.strip():
        return "空白"
    if "*" in s or "#" in s or "`" in s:
        return "含 Markdown 符号"
    if not balanced(s):
        return "括号或引号不成对"
    if re.search(r"[，、；：。]{2,}|[，、；：][。）]", s):
        return "标点重复"
    if option and (s[0] in _PUNCT_EDGE or s[-1] in _PUNCT_EDGE):
        return "选项以标点开头或结尾"
    if not option and s[0] in _PUNCT_EDGE:
        return "题干以标点开头"
    return None


def _trim_first(seg: str, others: list[str]) -> str | None:
    """The first item of a list, without the words that lead into the list."""
    lengths = [len(o) for o in others]
    lo, hi = min(lengths), max(lengths)
    if lo <= len(seg) <= hi:
        return seg  # 完善政策、健全体系: as long as the others, the lead-in is part of the item
    ends = []
    for word in _LEAD_WORDS:
        at = seg.rfind(word)
        if at >= 0 and not (word == "以" and seg[at + 1 : at + 2] in ("上", "下", "内", "外", "及")):
            ends.append(at + len(word))
    for end in sorted(set(ends), reverse=True):
        rest = seg[end:]
        if max(2, lo // 2) <= len(rest) <= hi + 2:
            return rest
    if len(seg) <= hi + 1:
        return seg
    if lo == hi and len({o[-1] for o in others}) == 1 and seg.endswith(others[0][-1]):
        return seg[-lo:]  # 实现志愿服务常态化、便利化、精准化: items of one length and one ending
    return None


def _trim_last(seg: str, lengths: list[int]) -> str | None:
    """The last item of a list, without what follows the list (等方面, 为重点)."""
    hi = max(lengths)
    seg = _COUNT_TAIL.sub("", seg)
    if len(seg) <= hi + 1:
        return seg
    cuts = [seg.find(w, 2) for w in _TAIL_WORDS]
    cuts = [c for c in cuts if c >= 2]
    if cuts:
        cut = _COUNT_TAIL.sub("", seg[: min(cuts)])
        if len(cut) <= 2 * hi + 1:
            return cut
    return None


def enumerations(text: str, *, min_items: int = 3, max_item: int = 14) -> list[Enumeration]:
    """Find the lists of a text whose items can be told apart cleanly."""
    found: list[Enumeration] = []
    for m in re.finditer(r"[^，,。；;：:！？\n]+", text):
        phrase, base = m.group(), m.start()
        if "、" not in phrase:
            continue
        segs = phrase.split("、")
        offsets = []
        pos = 0
        for seg in segs:
            offsets.append(pos)
            pos += len(seg) + 1
        items: list[tuple[int, int]] = [(offsets[i], offsets[i] + len(segs[i])) for i in range(len(segs))]
        last_a, _last_b = items[-1]
        last = segs[-1]
        conj = [
            c
            for c in _CONJ.finditer(last)
            if c.start() >= 2
            and len(last) - c.end() >= 2
            and last[c.start() - 1 : c.end()] not in _NOT_CONJ
            and last[c.start() : c.end() + 1] not in _NOT_CONJ
        ]
        if conj:
            c = conj[0]
            items[-1:] = [(last_a, last_a + c.start()), (last_a + c.end(), last_a + len(last))]
        if len(items) < min_items:
            continue
        middle = [phrase[a:b] for a, b in items[1:-1]]
        if not middle:
            continue
        last_text = _trim_last(phrase[items[-1][0] : items[-1][1]], [len(m) for m in middle])
        if last_text is None:
            continue
        first_text = _trim_first(phrase[items[0][0] : items[0][1]], [*middle, last_text])
        if first_text is None:
            continue
        items[0] = (items[0][1] - len(first_text), items[0][1])
        items[-1] = (items[-1][0], items[-1][0] + len(last_text))
        texts = [phrase[a:b] for a, b in items]
        if any(not (2 <= len(t) <= max_item) or form_problem(t, option=True) for t in texts):
            continue
        lengths = sorted(map(len, texts))
        median = lengths[len(lengths) // 2]
        if len(set(texts)) < len(texts) or lengths[-1] > 2.5 * lengths[0] or lengths[-1] > 2 * median + 1:
            continue
        if any(re.search(r"\d", t) for t in texts):
            continue  # numbers are tested by the number questions
        spans = tuple((base + a, base + b) for a, b in items)
        sent = sentence_around(text, spans[0][0], spans[-1][1]) or (base, base + len(phrase))
        found.append(Enumeration(spans, sent))
    return found


@lru_cache(maxsize=16)
def _depths_before(text: str) -> tuple[int, ...]:
    """The bracket depth before each position of a text, once per text (asking slot by slot rescanned it)."""
    depth, out = 0, [0]
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        out.append(depth)
    return tuple(out)


def in_remark(text: str, start: int) -> bool:
    """Whether a position sits inside brackets: （…负责）, 县（市、区）."""
    return _depths_before(text)[max(0, min(start, len(text)))] > 0


def compose(subject: str, verb: str, case: str, consequence: str) -> str:
    """A rule read for one case of its list: 职工 + 在工作时间……受到事故伤害的 + ，应当认定为工伤.

    ``verb`` is the lead-in's 有 / 属于 / 具有 (有下列情形之一的 reads as the case itself; 属于下列人员之一的
    as 属于 + the case); a case that does not end in 的 gets it, as the lead-in's 之一的 had it.
    """
    said = case if case.endswith("的") else case + "的"
    if verb.endswith("有") and said.startswith("有"):
        said = said[1:]  # 具有 + 有吸毒恶习的 reads 具有有…… (review 132)
    return f"{subject}{'' if verb == '有' else verb}{said}，{consequence}"


def length_alike(a: str, b: str, ratio: float = 2.5) -> bool:
    """Tell whether two options are of one length class (患职业病的 beside 故意犯罪的, not beside a 24-character case;
    学校 is no option beside 未成年人的父母或者其他监护人): the ``options_alike`` gate's measure."""
    return max(len(a), len(b)) <= ratio * min(len(a), len(b)) + 3
