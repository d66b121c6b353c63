"""Numeric provisions of a clause as structured data: number, unit, bound, rate, what it counts.

Pure functions. A provision is a number printed with a unit (18人, 6个月, 5天, 60%, 1—12级), read
with the words around it that change its meaning:

    bound   不超过/不得超过/以内/以下 → "≤"; 不少于/不低于/至少/以上 → "≥"; otherwise "="
    rate    每3年轮训1次: the count (1 次) per a period (3 年); 每万城镇常住人口…18人: per 万城镇常住人口
    range   1—12级, 200户至400户
    list    不少于5天、3天、3天: the bound carries over to each number of the list

``subject`` is the phrase the number sits in (from the previous comma or stop), ``sentence`` the
whole sentence, ``topics`` the topic words (借调, 培训 …) the sentence mentions. Years and dates
(2025年底前, 2019年) are not provisions and are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.numbering import CN_NUMERAL, cn_to_number

UNITS = (
    "个工作日",
    "个月",
    "小时",
    "周岁",
    "工作日",
    "人次",
    "万元",
    "元",
    "名",
    "人",
    "户",
    "天",
    "日",
    "年",
    "次",
    "级",
    "岗",
    "项",
    "%",
    "％",
    "倍",
    "个",
)
# units that count the same thing: 18人 and 十八名 are both people
_SAME_UNIT = {"名": "人", "个工作日": "工作日", "日": "天"}


def unit_kind(unit: str) -> str:
    """The unit a number counts in, whichever word prints it (名 → 人, 日 → 天)."""
    return _SAME_UNIT.get(unit, unit)


_NUM = rf"(?:\d+(?:\.\d+)?|{CN_NUMERAL})"
_UNIT = "|".join(re.escape(u) for u in UNITS)
_RANGE_SEP = r"(?:—|–|-|～|~|至|到)"
PROVISION = re.compile(
    rf"(?P<a>{_NUM})(?P<unit_a>{_UNIT})?\s*{_RANGE_SEP}\s*(?P<b>{_NUM})(?P<unit_b>{_UNIT})|(?P<n>{_NUM})(?P<unit>{_UNIT})"
)
_AT_MOST = ("不得超过", "不超过", "最多", "至多", "低于", "少于")
_AT_LEAST = ("不少于", "不低于", "不得少于", "不得低于", "最少", "至少", "达到", "以上学历")
_AFTER_MAX = ("以内", "以下", "以下的", "内")
_AFTER_MIN = ("以上",)
_PHRASE_STOP = re.compile(r"[，,。；;：:\n]")
_SENTENCE_STOP = re.compile(r"[。；;\n]")
# what follows 每 names the base of a rate up to the verb or bound that starts the provision
_PER_END = re.compile(r"拥有|至少|不少于|不低于|不超过|不得|参加|对|配备|增加|给予|分别|培训|轮训|走访|发放|提升|[、，,。；\d]")
_QUOTED = re.compile(r"“[^”]{1,12}”")


@dataclass(frozen=True)
class Fact:
    """One numeric provision found in a clause."""

    value: float
    high: float | None  # the upper end of a range, else None
    unit: str
    bound: str  # "=" | "≤" | "≥"
    per: str | None  # 每X: what the number is counted per (万城镇常住人口, 3年, 月)
    text: str  # as printed, e.g. 不超过6个月
    subject: str  # the phrase it sits in
    sentence: str
    topics: tuple[str, ...]
    span: tuple[int, int]

    @property
    def display(self) -> str:
        """The provision in a compact form: ≤ 6 个月, 1–12 级, 18 人 / 万城镇常住人口."""
        number = format_number(self.value) if self.high is None else f"{format_number(self.value)}–{format_number(self.high)}"
        bound = "" if self.bound == "=" else f"{self.bound} "
        per = f"（每{self.per}）" if self.per else ""
        return f"{bound}{number} {self.unit}{per}"


def format_number(x: float) -> str:
    """Print a number the way a text prints it: 18, not 18.0; 0.5."""
    return str(int(x)) if x == int(x) else str(x)


def parse_number(text: str) -> float | None:
    """Read an Arabic or a Chinese numeral (18, 0.5, 三, 十八, 一千, 一万, 零点五) as a number."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    try:
        return float(cn_to_number(text))
    except ValueError:
        return None


def _is_year(number: str, unit: str, after: str) -> bool:
    """2025年底前, 2019年: a calendar year, not a duration."""
    return unit == "年" and number.isdigit() and len(number) == 4 and not after.startswith(("以上", "以内"))


def extract_facts(text: str, topics: Iterable[tuple[str, Iterable[str]]] = ()) -> list[Fact]:
    """Find the numeric provisions of a clause text."""
    topic_list = [(name, tuple(words)) for name, words in topics]
    facts: list[Fact] = []
    last_bound: tuple[int, str] | None = None  # a bound word's reach: the list after it, up to the phrase end
    slogans = [q.span() for q in _QUOTED.finditer(text)]
    # where each phrase and sentence stop ends, found once: looking back from every number re-read the text up to it
    phrase_ends = [x.end() for x in _PHRASE_STOP.finditer(text)]
    sentence_ends = [x.end() for x in _SENTENCE_STOP.finditer(text)]
    rate_bases: dict[int, str] = {}  # 每3年, 每200户至400户: a number after 每 is the base of a rate
    for m in PROVISION.finditer(text):
        start, end = m.span()
        if m.group("n") is not None:
            raw, unit, high_raw = m.group("n"), m.group("unit"), None
        else:
            raw, high_raw = m.group("a"), m.group("b")
            unit = m.group("unit_b")
        if _is_article(raw, unit, text[start - 1 : start]):
            continue
        if not raw[0].isdigit() and _inside(slogans, start):
            continue  # “四个意识”, “三个区分开来”: a numbered slogan, not an amount
        if text[start - 1 : start] == "每":
            rate_bases[start - 1] = text[start:end]
            continue
        after = text[end : end + 3]
        if _is_year(raw, unit, after):
            continue
        value = parse_number(raw)
        high = parse_number(high_raw) if high_raw else None
        if value is None:
            continue
        p_start = _last_at_most(phrase_ends, start)
        p_end_match = _PHRASE_STOP.search(text, end)
        p_end = p_end_match.start() if p_end_match else len(text)
        s_start = _last_at_most(sentence_ends, start)
        s_end_match = _SENTENCE_STOP.search(text, end)
        s_end = s_end_match.start() + 1 if s_end_match else len(text)
        before = text[p_start:start]
        bound = "="
        printed_start = start
        for word in _AT_MOST:
            if before.endswith(word):
                bound, printed_start = "≤", start - len(word)
        for word in _AT_LEAST:
            if before.endswith(word):
                bound, printed_start = "≥", start - len(word)
        if bound == "=" and last_bound and last_bound[0] == p_start and text[start - 1 : start] == "、":
            bound = last_bound[1]  # 不少于5天、3天、3天: the bound reaches every number of the list
        elif bound == "=" and not PROVISION.search(before):
            # 每年至少对社区党组织书记……培训1次: the bound word leads the phrase, not the number
            if any(w in before for w in ("至少", "不少于", "不低于")):
                bound = "≥"
            elif any(w in before for w in ("至多", "不超过", "不得超过")):
                bound = "≤"
        printed_end = end
        for word in _AFTER_MAX:
            if after.startswith(word) and bound == "=":
                bound, printed_end = "≤", end + len(word)
                break
        for word in _AFTER_MIN:
            if after.startswith(word) and bound == "=":
                bound, printed_end = "≥", end + len(word)
        if bound != "=":
            last_bound = (p_start, bound)
        per = _rate_base(text, p_start, start, rate_bases)
        sentence = text[s_start:s_end].strip()
        found = tuple(name for name, words in topic_list if any(w in sentence for w in words))
        facts.append(
            Fact(
                value=value,
                high=high,
                unit=unit.replace("％", "%"),
                bound=bound,
                per=per,
                text=text[printed_start:printed_end],
                subject=text[p_start:p_end].strip(),
                sentence=sentence,
                topics=found,
                span=(printed_start, printed_end),
            )
        )
    return facts


def _last_at_most(ends: list[int], at: int) -> int:
    """The last of some sorted offsets that is at most ``at``, or 0."""
    i = bisect_right(ends, at)
    return ends[i - 1] if i else 0


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether an offset lies strictly inside one of some sorted, disjoint spans."""
    i = bisect_left(spans, at, key=lambda s: s[0])  # the spans that begin before it
    return bool(i) and at < spans[i - 1][1]


def _rate_base(text: str, phrase_start: int, start: int, rate_bases: dict[int, str]) -> str | None:
    """The base of a rate the number belongs to: the last 每 of its phrase before it, if any."""
    at = text.rfind("每", phrase_start, start)
    if at < 0:
        return None
    if at in rate_bases:
        return rate_bases[at]
    stop = _PER_END.search(text, at + 1, start)
    base = text[at + 1 : stop.start() if stop else start]
    return base[:10] or None


def _is_article(raw: str, unit: str, previous: str) -> bool:
    """第三, 一次采集, 两个确立: a Chinese numeral used as an ordinal or an article, not an amount."""
    if raw[0].isdigit():
        return False
    return previous == "第" or (raw in ("一", "两") and unit in ("个", "项", "次", "名", "人", "岗"))


# A series of numbers after 分别: 不少于5天、3天、3天
SERIES = re.compile(r"(\d+(?:\.\d+)?)(个月|个工作日|天|元|人|次|年|%)?((?:、\d+(?:\.\d+)?(?:个月|个工作日|天|元|人|次|年|%)?)+)")

_NAME_END = re.compile(r"每|的|在|参加|应|须")


def series_names(s: str, at: int, count: int) -> tuple[tuple[int, int], list[str]] | None:
    """The names a 分别 series belongs to: 正职、副职、一般工作人员 (their span and texts)."""
    start = max((m.end() for m in re.finditer(r"[，。；：]", s[:at])), default=0)
    segs = s[start:at].split("、")
    if len(segs) != count or count < 2:
        return None
    width = max(len(x) for x in segs[1:-1]) if count > 2 else 2
    first = segs[0][-width:]
    tail = _NAME_END.search(segs[-1], 1)
    last = segs[-1][: tail.start()] if tail and tail.start() <= 2 * width + 2 else segs[-1][:width]
    labels = [first, *segs[1:-1], last]
    a = start + len(segs[0]) - len(first)
    b = at - len(segs[-1]) + len(last)
    if any(not x or len(x) > 8 for x in labels):
        return None
    return (a, b), labels


def fact_who(fact: Fact, clause_text: str) -> str:
    """Whom a provision is about, in a few words: its item of a 分别 series (副职), else the words before its number."""
    start = clause_text.find(fact.sentence)
    at = fact.sentence.find("分别")
    series = SERIES.search(fact.sentence, at) if start >= 0 and at >= 0 else None
    if series is not None:
        numbers = [m.start() for m in re.finditer(r"\d+(?:\.\d+)?", series.group())]
        names = series_names(fact.sentence, at, len(numbers))
        lo, hi = fact.span[0] - start - series.start(), fact.span[1] - start - series.start()
        k = next((i for i, n in enumerate(numbers) if lo <= n < hi), None)
        if names is not None and k is not None:
            return names[1][k]
    head = fact.subject.split(fact.text, 1)[0].rstrip("，、 ") if fact.text in fact.subject else fact.subject
    return head if len(head) <= 20 else f"…{head[-20:]}"
