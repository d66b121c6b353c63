"""The question generators: a registry of small pure functions, each from the corpus to drafts.

    number        单选 + 填空: a numeric provision blanked; wrong values of the same unit
    term          单选: a key term blanked (bold, quoted, body, level, mechanism); alike distractors
    cloze         填空: further key terms and list items blanked
    enumeration   多选: a list's items are the keys; distractors are items of other lists of the keys' kind
    principles    多选: a run of 坚持… principles; distractors are principles other documents hold
    items         多选 + 单选(不属于): numbered sub-items are the keys; distractors are changed items
    judge         判断: a sentence with one controlled change (错误), or as printed (正确) where nothing can change
    respectively  单选: 正职、副职…分别不少于5天、3天 read item by item
    compare       单选 + 判断: what two documents state differently on the same provision
    table         单选: answers computed from a lookup table (grade by years of service …)

The analysed-slot generators (slot, statement, statements, goal) are in ``quiz.slotgen``.

Every generator takes the ``BankContext`` and yields ``Draft``s; ``make_question`` turns a draft
into a question with a stable id. Choices that need randomness use a generator seeded by the
clause ref, so a rebuild of the same corpus gives the same questions.
"""

from __future__ import annotations

import math
import random
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise
from typing import Any, cast

from corpus.numbering import int_to_cn
from corpus.text import char_bigrams, is_cjk_char
from kb.analysis import ListItem, ListStructure, Slot, slots_starting, word_at, words_within
from kb.collate import similarity
from kb.compare import same_thing
from kb.facts import SERIES, Fact, format_number, parse_number, series_names
from quiz.context import CASE_FIRST, LEANS_ON, LIST_MARK, BankContext, eligible_sentences, family, frame
from quiz.model import BLANK, CLOZE, FALSE, JUDGE, MULTI, SINGLE, TRUE, Draft, Evidence, SourceClause, rng_for
from quiz.mutate import Mutation, first_false, mutations
from quiz.numbers import RANGE, bracket, numeral_span, plausible_ranges, plausible_values, printed
from quiz.terms import choose_distractors, synthetic_variants
from quiz.text import LIST_WORDS, body_start, fold, in_remark, sentence_around, sentences, spellings, window

Generator = Callable[[BankContext], Iterable[Draft]]
REGISTRY: dict[str, Generator] = {}
GENERATOR_LABELS: dict[str, str] = {}  # what a trainer reads in a filter: 数字题, 填空题 …
# Generators whose items fell below the bar in the blind review (docs/quality/) and are not run unless named:
# items (changed sub-items, ±1 numbers) and term (quoted slogans and fragments as distractors; its body and
# level blanks are now the slot generator's), and heading ("which part is this from": WEAK by the rubric's
# own definition, 0 of 7 GOOD in review 9), and enumeration (its one sampled item TRIVIAL in reviews 10, 12,
# 13 and 14: a list the stem names as 分级 sorts its keys from distractors of another kind), and party (who a
# statute makes do what: 8 of its 13 items acceptable in laws reviews 129–135 — the duty's own words name the party,
# 判处、宣告缓刑 a court, 及时制止 the police, which no lexicon of kinds can see). statement is rebuilt on analysed
# slots (quiz.slotgen).
OFF = frozenset({"items", "term", "heading", "enumeration", "party"})


def generator(name: str, label: str) -> Callable[[Generator], Generator]:
    """Register a generator under a name (stored on each question) and the label pages show for it."""

    def register(fn: Generator) -> Generator:
        REGISTRY[name] = fn
        GENERATOR_LABELS[name] = label
        return fn

    return register


# ---- helpers -------------------------------------------------------------------------------------


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span."""
    return sentence_around(text, start, end) or (start, end)


def clip(text: str, a: int, b: int, start: int, end: int, limit: int = 120) -> tuple[int, int]:
    """Shorten a long sentence to the phrases around the span."""
    if b - a <= limit:
        return a, b
    # the start stays (the subject, the condition): a stem begun mid-sentence has lost who or when; the end is cut
    # after the span's phrase, and ``stem_for`` shows the cut
    stops = [a + m.end() for m in re.finditer(r"[，：；]", text[a:b])]
    after = [s for s in stops if s >= end]
    hi = min(after) if after else b
    if hi - a < 40 and hi < b:
        nxt = [s for s in stops if s > hi]
        hi = nxt[0] if nxt else b
    return a, hi


def phrase(text: str, a: int, b: int, blanks: Iterable[tuple[int, int, str]] = ()) -> str:
    """text[a:b] with spans replaced, ending in a full stop."""
    out = text[a:b]
    for s, e, mark in sorted(blanks, reverse=True):
        out = out[: s - a] + mark + out[e - a :]
    return out.strip().rstrip("；，：。、 ") + "。"


def leaning_back(text: str, span: tuple[int, int], most: int = 2) -> tuple[int, int]:
    """A member of a sentence that leans on the one before it (情节较轻的，处……; 逾期不改正的，……), taken with
    the members it leans on (up to ``most``), so that a stem never starts with a condition of a rule it lacks."""
    a, b = span
    for _ in range(most):
        if not LEANS_ON.search(text[a:b]) or a == 0 or text[a - 1] not in "；;，。":
            break
        spans = sentences(text)
        i = bisect_right(spans, a, key=lambda s: s[1]) - 1  # the last sentence ending at or before a
        if i < 0:
            break
        a = spans[i][0]
    return a, b


def stem_for(c: SourceClause, start: int, end: int, mark: str = BLANK) -> tuple[str, tuple[int, int]]:
    """ "根据《…》，<the sentence with the span blanked>。" and the sentence span used.

    An item of a list is never read without its lead-in: 有下列情形之一的，予以辞退：<the item>。
    """
    whole = leaning_back(c.text, sentence_at(c.text, start, end))
    if c.text[whole[0] - 1 : whole[0]] in ("；", ";"):
        opened = max(c.text.rfind("。", 0, whole[0]), c.text.rfind("\n", 0, whole[0])) + 1
        if CASE_FIRST.match(c.text, opened, whole[0]):
            whole = (opened, whole[1])  # ……有发生安全事故危险的，责令停止活动；对组织者处（　）日……: with its case
    a, b = clip(c.text, *whole, start, end)
    said = phrase(c.text, a, b, [(start, end, mark)])
    if b < whole[1] and c.text[a : whole[1]].rstrip("。；！？ ")[b - a :].strip("，、： "):
        said = said.removesuffix("。") + "……"  # a long sentence cut after the blank: the cut is shown, not hidden
    return f"根据{c.cite}，{frame(c, a, b)}{said}", (a, b)


def false_version(ctx: BankContext, c: SourceClause, sentence: str, rng: random.Random) -> Mutation | None:
    """The sentence changed in one detail so that its work no longer states it."""
    changes = mutations(sentence, work=c.work, pools=ctx.pools, items=ctx.items, rng=rng)
    return first_false(sentence, changes, partial(ctx.is_stated, c.work))


def ev(c: SourceClause, start: int, end: int) -> Evidence:
    return Evidence(c.ref, start, end, c.text[start:end])


def regional(c: SourceClause) -> int:
    return 1 if c.level in ("provincial", "municipal") else 0


# ---- numbers -------------------------------------------------------------------------------------


def _usable(c: SourceClause, f: Fact) -> bool:
    before = c.text[max(0, f.span[0] - 1) : f.span[0]]
    return not (f.unit == "日" and before == "月") and f.span[0] >= body_start(c.text, c.heading)


def _readable_from_stem(c: SourceClause, f: Fact) -> bool:
    """Whether the rest of the sentence gives a number away: a range among two or more ranges of its unit
    (1—12级、4—15级、7—18级: the step shows the blank), or a count of what the sentence has just listed
    (优秀、合格、基本合格、不合格四个等次)."""
    a, b = sentence_at(c.text, *f.span)
    # the sentence's facts by bisection (facts are in text order): a one-line file is one clause of thousands
    within = c.facts[bisect_left(c.facts, a, key=lambda g: g.span[0]) : bisect_left(c.facts, b, key=lambda g: g.span[0])]
    others = [g for g in within if g is not f]
    if f.high is not None:
        ranges = [g for g in others if g.high is not None and g.unit == f.unit]
        if len(ranges) >= 2:
            return True
    if stepped(c, f, a, b):
        return True
    if f.unit == "级" and f.value == 1 and "最" in c.text[max(0, f.span[0] - 5) : f.span[0]]:
        return True  # 分为十个等级，最重的为（一）级，最轻的为十级: the scale's top is its first rung
    if f.high is None and any(g.value == f.value for g in others):
        return True  # 分为十个伤残等级……最轻的为（十）级: the sentence says the value once more
    if c.text[max(0, f.span[0] - 1) : f.span[0]] == "第" and any(g.value == f.value - 1 and g.unit == f.unit for g in others):
        return True  # 3个月内照发工资，从第（4）个月起停发: the month after the last one named
    # lists are in sentence order: one that ends just before the number ends in its sentence or the one before
    lists = c.analysis.lists if c.analysis else ()
    lo = bisect_left(lists, f.span[0] - 2, key=lambda x: x.sentence.end)
    near = lists[lo : bisect_right(lists, f.span[0], key=lambda x: x.sentence.start)]
    if any(lst.items and 0 <= f.span[0] - lst.items[-1].end <= 2 and len(lst.items) == f.value for lst in near):
        return True
    return f.value in (counted_before(c.text, f.span[0]), counted_after(c.text, f.span[1]))


def alone_beside(c: SourceClause, f: Fact, stem_span: tuple[int, int], wrong: Sequence[float]) -> bool:
    """Tell whether a value the stem prints in the key's unit parts the key from every wrong value (不少于7天 …
    （　）天 with 10, 15 and 20 against the key 5; 连续三年 … 连续（　）年 with 八 and 五 against 两): the printed
    value says which side the key lies on."""
    a, b = stem_span
    facts = c.facts[bisect_left(c.facts, a, key=lambda g: g.span[0]) : bisect_left(c.facts, b, key=lambda g: g.span[0])]
    printed_values = {g.value for g in facts if g is not f and g.unit == f.unit and g.high is None}
    return bool(wrong) and any(all((w > p) != (f.value > p) for w in wrong) for p in printed_values if p != f.value)


BRACKET_TOP = re.compile(r"[^，。；]{0,4}?(?:未满|不满|不足)\s*(\d+|[〇一二三四五六七八九十百]+)")


def bracket_ceiling(text: str, end: int) -> float | None:
    """The upper end a bracket prints right after a blank (年满（　）周岁未满十八周岁): every wrong value stays below it."""
    m = BRACKET_TOP.match(text, end)
    return parse_number(m.group(1)) if m else None


def tier_floor(c: SourceClause, f: Fact, a: int) -> float | None:
    """The value of the tier before a number when the sentence's values of its unit rise to it (满一年不足五年的，
    十二个月；满五年不足十年的，十八个月；十年以上的，（　）个月): a wrong value at or below it is false at sight."""
    lo = max(c.text.rfind("。", 0, a), c.text.rfind("\n\n", 0, a)) + 1
    facts = c.facts[bisect_left(c.facts, lo, key=lambda g: g.span[0]) : bisect_left(c.facts, f.span[0], key=lambda g: g.span[0])]
    before = [g.value for g in facts if g.unit == f.unit and g.high is None]
    rising = len(before) >= 1 and all(x < y for x, y in zip(before, [*before[1:], f.value], strict=True))
    return before[-1] if rising and len(before) >= 1 and _tiered(c.text[lo : f.span[0]]) else None


def _tiered(text: str) -> bool:
    """Tell whether a text sets tiers (满……不足……的 / ……以上的), so that its values rise with the tier."""
    return bool(re.search(r"满[^，。；]{1,8}(?:不足|不满)|以上的", text))


def stepped(c: SourceClause, f: Fact, a: int, b: int) -> bool:
    """Tell whether a value stands in a run of three or more values of its unit in one sentence that go by one
    step (一级伤残为27个月，二级为25个月，三级为23个月): its neighbours give it away."""
    # the run reaches across the semicolons of its sentence (本科……2级；硕士……3级；博士……4级)
    lo = max(c.text.rfind("。", 0, a), c.text.rfind("\n\n", 0, a)) + 1
    hi = min([i for i in (c.text.find("。", b - 1), c.text.find("\n\n", b)) if i >= 0] or [len(c.text)])
    facts = c.facts[bisect_left(c.facts, lo, key=lambda g: g.span[0]) : bisect_left(c.facts, hi, key=lambda g: g.span[0])]
    run = [g.value for g in facts if g.unit == f.unit and g.high is None]
    if f.high is not None or f.value not in run:
        return False
    if f.unit == "级" and any(abs(v - f.value) == 1 for v in run):
        return True  # 本科2级；硕士（　）级: a grade next to one the stem prints is the next rung
    if len(run) < 3:
        return False
    i = run.index(f.value)
    triples = [run[j : j + 3] for j in range(max(0, i - 2), min(i, len(run) - 3) + 1)]
    return any(t[1] - t[0] == t[2] - t[1] != 0 for t in triples if len(t) == 3)


SERIES_BEFORE = re.compile(r"[0-9〇一二三四五六七八九十百]+\S?[、，]$")
SERIES_AFTER = re.compile(r"^\S?[、，][0-9〇一二三四五六七八九十百]")


# A word that points to a list below (下列行为, 如下, 享受以下待遇) — not the 以下 of a bound (五日以下, 一千元以下)
POINTER = re.compile(r"下列|如下|(?<![0-9〇一二三四五六七八九十百千万元日月年岁级倍%天周人次])以下")


def leads_a_list(text: str, start: int, end: int) -> bool:
    """Tell whether a span sits in the lead-in of a list (有下列行为之一的，处……罚款：), also across the semicolons
    of the lead-in (有下列行为之一的，处五日以下拘留；情节较重的，……：): asked alone, its 下列 points to nothing."""
    a, b = sentence_at(text, start, end)
    if text[a:b].rstrip().endswith(("：", ":")) and bool(LIST_WORDS.search(text[a:b])):
        return True
    lo = max(text.rfind("。", 0, start), text.rfind("\n", 0, start), text.rfind("：", 0, start)) + 1
    stops = [i for i in (text.find(p, end) for p in "。\n：") if i >= 0]
    hi = min(stops, default=len(text))
    return hi < len(text) and text[hi] == "：" and bool(POINTER.search(text[lo:hi]))


MINORS = re.compile(r"^周岁[^。；]{0,14}?(?:未成年|儿童|婴儿|子女)")
ADULT = 18  # the age of majority the laws define a minor by
# Numbers everyone knows, by unit and value, with what the sentence must say for them to be that fact: the age of
# majority (and of the vote) anywhere, the eight-hour working day — changed or blanked, they test nothing
COMMON_KNOWLEDGE = {("周岁", 18.0): "", ("小时", 8.0): "工作时间"}


def common_knowledge(sentence: str, unit: str, value: float) -> bool:
    """Tell whether a number of a sentence is one everyone knows (十八周岁, 每日工作时间八小时)."""
    cue = COMMON_KNOWLEDGE.get((unit, value))
    return cue is not None and cue in sentence


PREGNANCY = re.compile(r"怀孕|妊娠|孕期")
PREGNANCY_MONTHS = 10  # no pregnancy lasts longer: 怀孕十八个月 is false at sight
MOTHER = re.compile(r"产妇|孕妇|生育|育龄")
CHILDBEARING_AGE = 45  # 初产妇年龄超过五十周岁 is false at sight (laws review 145)
WORKER = re.compile(r"劳动者|未成年工|职工|招用|就业")
WORKING_AGE = 14  # no one works at 八 or 十二 in a statute's world


def relative_one(text: str, start: int, end: int) -> bool:
    """Tell whether a numeral is the 一 of a relative phrase (上一级人民政府, 上一年度, 下一级): 上二级 is no
    phrase of the language, so a changed value is false at sight."""
    return text[start:end] in ("一", "1") and text[start - 1 : start] in ("上", "下") and start > 0


def in_number_series(text: str, start: int, end: int) -> bool:
    """Tell whether a numeral stands in a series of numerals (一级、（　）级、三级; 13、11、（　）、7): the others
    of the series give the blank away by their step."""
    return bool(SERIES_BEFORE.search(text[max(0, start - 5) : start]) or SERIES_AFTER.search(text[end : end + 5]))


COUNTED = re.compile(r"(?:[\u4e00-\u9fff（）()]{1,8}[、和及与])+[\u4e00-\u9fff（）()]{1,8}$")


def counted_before(text: str, at: int) -> int | None:
    """How many names a run of names just before a count lists (省、市两级: 2; 盟市、旗县区、街道三级: 3), or None:
    a count the stem itself spells out is answered by counting, not by knowing the text."""
    lo = max(0, at - 80)  # a run of names is a few words long: never a scan of the whole text
    stop = max(lo - 1, *(text.rfind(p, lo, at) for p in "，。；：\n"))
    run = re.sub(r"[（(][^（）()]*[)）]", "", text[stop + 1 : at])  # 街道（苏木、乡、镇）三级: the remark is no name
    m = COUNTED.search(run)
    return len(re.split(r"[、和及与]", m.group())) if m else None


def counted_after(text: str, end: int) -> int | None:
    """How many names a run after a count lists (分为三个等级：生活完全不能自理、……和生活部分不能自理: 3), or None."""
    colon = text.find("：", end, end + 10)
    if colon < 0 or any(p in text[end:colon] for p in "，。；"):
        return None
    stops = [i for i in (text.find(p, colon + 1, colon + 200) for p in "。；\n") if i >= 0]
    run = text[colon + 1 : min(stops)] if stops else ""
    if not run or "，" in run:
        return None
    return len(re.split(r"[、和及]|或者", run))


def out_of_world(text: str, unit: str, span: tuple[int, int], sentence: tuple[int, int]) -> frozenset[float]:
    """The values a number of ``unit`` at text[span] cannot take in the world its sentence speaks of: 怀孕（七）个月以上
    never 十二; 初产妇年龄超过（三十五）周岁 never 五十 or a minor's age; 年满（十六）周岁……的劳动者 never 八 (review 145)."""
    before = text[max(0, span[0] - 12) : span[0]]
    out: set[float] = set()
    if unit == "个月" and PREGNANCY.search(before[-8:]):
        out.update(range(PREGNANCY_MONTHS + 1, 200))
    if unit == "周岁" and MOTHER.search(before):
        out.update([*range(ADULT), *range(CHILDBEARING_AGE + 1, 200)])
    if unit == "周岁" and WORKER.search(text[sentence[0] : sentence[1]]):
        out.update(range(WORKING_AGE))
    return frozenset(out)


def _work_values(ctx: BankContext, unit: str, work: str) -> list[float]:
    """The values of a unit a work states anywhere (the same slot elsewhere), once per work and unit."""
    return [v for v, w in ctx.values.get(unit, []) if w == work]


def wrong_numbers(ctx: BankContext, c: SourceClause, f: Fact, span: tuple[int, int]) -> tuple[list[str], list[float]] | None:
    """Three wrong values for a number of a clause, printed as the clause prints it, and the values (for a single
    value; empty for a range); None when the number is no key (an age the name fixes, too few plausible values)."""
    raw = c.text[span[0] : span[1]]
    rng = rng_for(c.ref, raw, str(span))
    elsewhere = ctx.memo(f"values:{f.unit}:{c.work}", partial(_work_values, ctx, f.unit, c.work))
    if f.high is not None:
        ranges = {(g.value, g.high) for g in c.facts if g.high is not None}
        sep = re.sub(r"[\d\s]", "", raw)[:1] or "—"
        pairs = plausible_ranges(f.value, f.high, f.unit, ranges, 3, rng, elsewhere)
        wrong = [f"{format_number(x)}{sep}{format_number(y)}" for x, y in pairs]
        return (wrong, []) if len(wrong) == 3 else None
    own = {g.value for g in c.facts if g.unit == f.unit}
    a, b = sentence_at(c.text, *span)
    in_sentence = {float(m) for m in re.findall(r"\d+(?:\.\d+)?", c.text[a:b])}  # 200、300、（　）: 300 is out
    shares = ctx.coefficients(c.work) if f.unit == "%" else frozenset()
    if common_knowledge(c.text[a:b], f.unit, f.value):
        return None  # 年满（十八）周岁 / 每日工作时间不超过（八）小时: everyone knows it (review 129)
    if f.unit == "周岁" and MINORS.match(c.text[span[1] :]):
        # 未满（　）周岁的未成年人: never 22, a minor is under 18; 已满（十六）周岁……的未成年人: nor 18 itself
        shares = frozenset(range(ADULT + (f.value >= ADULT), 120))
    shares |= out_of_world(c.text, f.unit, span, (a, b))
    stated = [v for v in elsewhere if v not in own]
    values = plausible_values(f.value, f.unit, own | in_sentence | shares, 6, rng, stated, bracket(c.text, f.unit, span))
    floor = tier_floor(c, f, a)
    if c.text.endswith("连续", 0, span[0]):
        floor = max(floor or 0, 1)  # 连续（　）年: 连续一年 is no phrase of the language
    if f.unit == "倍" and not c.text.startswith("倍以上", span[1]):
        floor = max(floor or 0, 1)  # 每月支付（两）倍的工资 → 一倍的工资 is the wage itself, no sanction (review 130)
    ceiling = bracket_ceiling(c.text, span[1])
    before, after = alternative_beside(c, f)
    if before is not None:
        floor = max(floor or 0, before)  # 随机抽取3名或者（5）名: the second way is the larger (review 143)
    if after is not None:
        ceiling = min(ceiling or after, after)  # （3）名或者5名: the first the smaller
    values = [v for v in values if (floor is None or v > floor) and (ceiling is None or v < ceiling)][:3]
    return ([printed(v, raw) for v in values], values) if len(values) == 3 else None


ALTERNATIVE = ("或者", "或")


def alternative_beside(c: SourceClause, f: Fact) -> tuple[float | None, float | None]:
    """The values of the same unit joined to ``f`` by 或者 (3名或者5名): before it and after it, or None."""
    i = c.facts.index(f)
    prev = c.facts[i - 1] if i > 0 else None
    nxt = c.facts[i + 1] if i + 1 < len(c.facts) else None
    before = prev.value if prev and prev.unit == f.unit and c.text[prev.span[1] : f.span[0]] in ALTERNATIVE else None
    after = nxt.value if nxt and nxt.unit == f.unit and c.text[f.span[1] : nxt.span[0]] in ALTERNATIVE else None
    return before, after


def tier_end(c: SourceClause, f: Fact) -> Fact | None:
    """The 以下 end of the X以上Y以下 pair (a tier of a scale: 处五日以上十日以下拘留) whose 以上 end is ``f``."""
    i = c.facts.index(f)
    after = c.facts[i + 1] if i + 1 < len(c.facts) else None
    if after is None or after.unit != f.unit or after.span[0] != f.span[1]:
        return None
    return after if c.text.endswith("以上", 0, f.span[1]) and c.text.endswith("以下", 0, after.span[1]) else None


def closes_a_tier(c: SourceClause, f: Fact) -> bool:
    """Tell whether ``f`` is the 以下 end of an X以上Y以下 pair (asked with its 以上 end, as one tier)."""
    i = c.facts.index(f)
    return i > 0 and tier_end(c, c.facts[i - 1]) is f


Tier = tuple[str, float, float]  # as printed, its lower and upper end (0 for 五日以下)


def _work_tiers(ctx: BankContext, work: str, unit: str) -> list[Tier]:
    """The tiers a work sets in a unit (五日以下, 五日以上十日以下, 十日以上十五日以下), once per work and unit."""

    def make() -> list[Tier]:
        out: dict[str, Tier] = {}
        for c in ctx.clauses:
            if c.work != work:
                continue
            for f in c.facts:
                if f.unit != unit or closes_a_tier(c, f):
                    continue
                end = tier_end(c, f)
                if end is not None:
                    printed_as = c.text[f.span[0] : end.span[1]]
                    out.setdefault(printed_as, (printed_as, f.value, end.value))
                elif c.text.endswith("以下", 0, f.span[1]) and f.high is None:
                    printed_as = c.text[f.span[0] : f.span[1]]
                    out.setdefault(printed_as, (printed_as, 0.0, f.value))
        return list(out.values())

    return ctx.memo(f"tiers:{work}:{unit}", make)


def tier_options(ctx: BankContext, c: SourceClause, low: Fact, high: Fact, sentence: str) -> list[str]:
    """Three other tiers of the work in the pair's unit, nearest first: none inside or around the key's (十日以下
    holds 五日以上十日以下: true of the case) or another option's, none the sentence prints, none on the other side
    of a tier the sentence prints (情节较轻的，处五日以上十日以下拘留 beside the key: a heavier tier only, review
    130), and at least one other pair beside a pair key (the only X以上Y以下 among X以下 is picked by its form,
    review 129). Only the law's own tiers: 五日以上七日以下 is in no table of the law (review 130)."""
    a, b = low.value, high.value
    key = c.text[low.span[0] : high.span[1]]
    tiers = _work_tiers(ctx, c.work, low.unit)
    shown = [t for t in tiers if t[0] != key and t[0] in sentence]
    above = [t[2] for t in shown if t[2] <= a]  # printed tiers the key lies above
    below = [t[1] for t in shown if t[1] >= b]  # … and below

    def nested(t: Tier, lo: float, hi: float) -> bool:
        return (t[1] <= lo and hi <= t[2]) or (lo <= t[1] and t[2] <= hi)

    def fits(t: Tier) -> bool:
        if t[0] == key or t[0] in sentence or nested(t, a, b):
            return False
        return all(t[1] >= x for x in above) and all(t[2] <= x for x in below)

    own = sorted((t for t in tiers if fits(t)), key=lambda t: (abs(math.log(max(t[1], 1) / a)) + abs(math.log(t[2] / b)), t[0]))
    out: list[Tier] = []
    for t in own:
        if not any(t[0] == o[0] or nested(t, o[1], o[2]) for o in out):
            out.append(t)  # 五百元以上一千元以下 beside 五百元以上二千元以下: one holds the other, two wrong the same way
    out = out[:3]
    return [t[0] for t in out] if any(t[1] > 0 for t in out) else []


RANK_UNITS = "等级类档星"  # 一等, 一级, 一类, 一档, 五星


def ranked_beside(text: str, numeral: str, start: int, window: int = 12) -> bool:
    """Tell whether the numeral blanked at ``start`` is printed just before it as a rank (立一等战功、获得一级表彰 with
    一 blanked in 一级): the parallel rank fills the blank."""
    before = text[max(0, start - window) : start]
    cut = max(before.rfind(p) for p in "。；;") + 1
    return re.search(re.escape(numeral) + f"[{RANK_UNITS}]", before[cut:]) is not None


@generator("number", "数字题")
def number_questions(ctx: BankContext) -> Iterator[Draft]:
    """A numeric provision blanked: 单选 with wrong values of the same unit, and 填空."""
    for c in ctx.clauses:
        for f in c.facts:
            if closes_a_tier(c, f):
                continue  # asked with its 以上 end: 五日以上（　）日以下 is read off the scale's table
            end = tier_end(c, f)
            if end is not None:
                yield from _tier_questions(ctx, c, f, end)
                continue
            span = numeral_span(c.text, *f.span)
            if span is None or not _usable(c, f):
                continue
            raw = c.text[span[0] : span[1]]
            if f.high is not None and not RANGE.fullmatch(raw):
                continue  # 200户至400户, 一千户至三千户: one end alone is no key for range options
            if _readable_from_stem(c, f) or in_number_series(c.text, *span) or leads_a_list(c.text, *span):
                continue
            if relative_one(c.text, *span) or LEANS_BACK.match(c.text, sentence_at(c.text, *span)[0]):
                continue
            if ranked_beside(c.text, raw, span[0]):
                continue  # 立一等战功、获得（　）级表彰: the rank just before gives the rank away (laws review 136)
            made = wrong_numbers(ctx, c, f, span)
            if made is None:
                continue
            wrong, values = made
            stem, (sa, sb) = stem_for(c, *span)
            if raw + c.text[span[1] : span[1] + 1] in stem:
                continue  # 处五百元以上一千元以下罚款；……处（　）元以上一千元以下: the stem prints the key again
            if f.high is None and alone_beside(c, f, (sa, sb), values):
                continue  # 书记不少于7天；其他不少于（　）天 with 10, 15, 20: the key is the only value below the 7
            common: dict[str, Any] = {
                "sources": (c,),
                "evidence": (ev(c, *f.span),),
                "topics": f.topics,
                "option_kind": "number",
                "context": window(c.text, *span),
            }
            yield Draft("number", SINGLE, stem, (raw,), tuple(wrong), difficulty=3 + regional(c), **common)
            alt = [raw]
            if raw.isdigit() and 0 < int(raw) < 100:
                alt.append(int_to_cn(int(raw)))
            elif not raw[0].isdigit() and f.high is None:
                alt.append(format_number(f.value))
                if f.value >= 10000 and f.value % 10000 == 0:
                    alt.append(f"{format_number(f.value / 10000)}万")  # 十万 / 100000 / 10万: all in use
            yield Draft("number", CLOZE, stem, tuple(alt), variant="cloze", difficulty=4, **common)


def _full_stop(text: str, at: int) -> int:
    """Where the sentence holding ``at`` ends (its 。 or line break), semicolons passed over."""
    ends = [i for i in (text.find("。", at), text.find("\n", at)) if i >= 0]
    return min(ends, default=len(text))


def _tier_questions(ctx: BankContext, c: SourceClause, low: Fact, high: Fact) -> Iterator[Draft]:
    """单选 on a whole tier (处（　）拘留: 五日以上十日以下), the work's other tiers of its unit the options: which tier
    a case falls in is what the exam asks, not the scale's other end once one end is printed."""
    start, end = low.span[0], high.span[1]
    if leads_a_list(c.text, start, end) or LEANS_BACK.match(c.text, sentence_at(c.text, start, end)[0]):
        return
    stem, (sa, _) = stem_for(c, start, end)
    # the whole sentence to its full stop: 处十日以上十五日以下拘留；情节较轻的，处五日以上十日以下拘留 prints both
    whole = c.text[max(c.text.rfind("。", 0, start), c.text.rfind("\n", 0, start)) + 1 : _full_stop(c.text, end)]
    options = tier_options(ctx, c, low, high, whole)
    if len(options) < 3:
        return
    yield Draft(
        "number",
        SINGLE,
        stem,
        (c.text[start:end],),
        tuple(options),
        sources=(c,),
        evidence=(ev(c, start, end),),
        variant="tier",
        difficulty=3 + regional(c),
        topics=low.topics,
        option_kind="number",
        # the sentence's case up to the blank: another offence of the law has the other tiers (处二百元以下罚款)
        context=(c.text[sa:start], window(c.text, start, end)[1]),
    )


# ---- terms ---------------------------------------------------------------------------------------


def _term_drafts(ctx: BankContext, c: SourceClause, kinds: tuple[str, ...], skip: int, take: int) -> Iterator[tuple[int, Draft]]:
    used = 0
    for i, t in enumerate(x for x in ctx.terms.get(c.ref, []) if x.kind in kinds):
        if i < skip:
            continue
        rng = rng_for(c.ref, t.text, str(t.start))
        candidates = [(v, c.work) for v in synthetic_variants(t)] + ctx.pools.get(t.kind, [])
        wrong = choose_distractors(t.text, candidates, source_text=c.text, work=c.work, n=3, rng=rng)
        if len(wrong) < 3:
            continue
        stem, _ = stem_for(c, t.start, t.end)
        draft = Draft(
            "term",
            SINGLE,
            stem,
            (t.text,),
            tuple(wrong),
            sources=(c,),
            evidence=(ev(c, t.start, t.end),),
            difficulty=3 + regional(c) + (t.kind in ("actor", "level")),
            option_kind="term",
            context=window(c.text, t.start, t.end),
            extra={"term_kind": t.kind},
        )
        yield i, draft
        used += 1
        if used == take:
            return


@generator("term", "术语题")
def term_questions(ctx: BankContext) -> Iterator[Draft]:
    """Up to three key terms of each clause blanked, with three distractors of the same kind."""
    for c in ctx.clauses:
        for _, draft in _term_drafts(ctx, c, ("bold", "quoted", "actor", "level", "institution"), 0, 3):
            yield draft


def generic_blank(slot: Slot) -> bool:
    """Tell whether a slot is a generic phrase as a blank (城乡社区, 各级党委, 中央): no level or body the text fixes.
    The ladder's top (中央) and its bottom rung (社区 / 城乡社区, where the work happens anyway) are generic."""
    if slot.kind == "level":  # 县级以上 is the law's stock phrase for "every level from the county up"
        return slot.rank in (0, None) or slot.rank >= len(slot.alternatives) or slot.text.endswith(("以上", "以下"))
    return slot.kind == "body" and slot.text.startswith(("各级", "同级", "本级", "上级", "下级", "有关", "相关"))


def level_spellings(slot: Slot) -> tuple[str, ...]:
    """The other ways a level blank is written with the same meaning: 省 / 省级, 县 / 县级 (not 省委, 县级以上)."""
    if slot.kind != "level":
        return ()
    base = slot.text.removesuffix("级")
    return tuple(w for w in (base, base + "级") if w != slot.text and len(base) == 1)


def ministry_spelling(text: str, slot: Slot) -> tuple[str, ...]:
    """The ministry a department of the State Council is (国务院（民政部门） → 民政部, 国务院（司法行政部门） → 司法部):
    a candidate who writes the ministry's name is right (laws review 147)."""
    if slot.kind != "body" or not slot.text.endswith("部门") or not text.endswith("国务院", 0, slot.start):
        return ()
    field = slot.text.removesuffix("部门").removesuffix("主管").removesuffix("行政")
    return (field + "部",) if len(field) >= 2 and "和" not in field else ()


COORDINATED_BEFORE = ("、", "和", "及", "或者", "以及")  # not 与: 由街道（乡镇）与社区工作者签订 is "with"
COORDINATED_AFTER = ("、", "和", "及", "或者", "以及", "等")


def coordinated(text: str, start: int, end: int) -> bool:
    """Tell whether a span is one member of a coordination (居民委员会、村民委员会; 工会、共产主义青年团、妇女联合会):
    blanked, its partners either give it away (居民委员会 beside 村民委员会) or fill it as well (妇女联合会)."""
    return text.endswith(COORDINATED_BEFORE, 0, start) or text.startswith(COORDINATED_AFTER, end)


QUALIFIED = re.compile(r"^(?:区域内|本区域|本地区|辖区内|当地|所在地|本地)")  # a place before the body: no part of its name
RELATIVE_BEFORE = ("各级", "同级", "本级", "上级", "下级", "上一级")  # 各级（　）: any body of every level fills it


def whole_item(text: str) -> str:
    """A list item's words without its numbering and final stop (（五）退役军人。 → 退役军人)."""
    mark = LIST_MARK.match(text)
    return text[mark.end() if mark else 0 :].strip(" 。；;，,\n")


def rung_named_beside(c: SourceClause, slot: Slot, a: int, b: int) -> bool:
    """Tell whether the sentence text[a:b] names the level's rung again under another name (（乡镇）党委和政府、街道
    党工委和办事处: 街道 and 乡镇 are the one rung of town and country) — the pair gives the blank away."""
    return slot.rank is not None and any(
        s.kind == "level" and s.rank == slot.rank and s.text != slot.text and not (s.start < slot.end and slot.start < s.end)
        for s in slots_starting(c.analysis.slots if c.analysis else (), a, b)
    )


# A sentence whose subject is the rule before it: 具体办法由国务院……制定 / 具体标准由……规定
LEANS_BACK = re.compile(r"\s*具体(?:实施)?(?:办法|标准|规定|细则|管理办法)")


def _phrase_end(c: SourceClause, slot: Slot) -> int:
    """Where the noun a level word modifies ends (（乡镇）人民政府、街道办事处: after 人民政府), or the slot's end."""
    if slot.kind != "level" or c.analysis is None:
        return slot.end
    after = word_at(c.analysis.words, slot.end)
    return after.end if after is not None and after.tag.startswith("n") else slot.end


@generator("cloze", "填空题")
def cloze_questions(ctx: BankContext) -> Iterator[Draft]:
    """填空 on typed slots: a body, a level or a scope of a clause (analysed), every spelling of it accepted.

    A blank is a slot of at most six characters the exam asks about (not a generic phrase: 健全（长效机制）),
    outside any bracketed remark; its synonyms (kb/data/synonyms.txt) are accepted too.
    """
    from quiz.slotgen import (  # a cycle at import time: slotgen builds on this module
        ASKED,
        FIXED_BEFORE,
        body_field,
        field_named_beside,
        in_level_series,
        lead_body,
        owns_named_matter,
        unchangeable,
    )

    for c in ctx.clauses:
        if c.analysis is None:
            continue
        start = body_start(c.text, c.heading)
        seen: set[str] = set()
        for slot in c.analysis.slots:
            if slot.kind not in ASKED or slot.kind == "modality" or slot.start < start or in_remark(c.text, slot.start):
                continue
            if len(slot.text) > 6 or slot.text in seen or generic_blank(slot) or in_level_series(c, slot):
                continue
            if leads_a_list(c.text, slot.start, slot.end) or unchangeable(c, slot):
                continue  # 市域 is a word, not 市 + 域
            if c.text.endswith(FIXED_BEFORE, 0, slot.start):
                continue  # 设区的（市级人民政府）: the blank cuts 设区的市, and 市人民政府 would be refused
            a, b = sentence_at(c.text, slot.start, slot.end)
            if slot.kind == "body" and field_named_beside(slot, c.text[a : slot.start] + c.text[slot.end : b]):
                continue  # 电信业务经营者……由（电信主管部门）: the stem spells the key's field (review 131)
            if slot.kind == "body" and owns_named_matter(ctx, c.text[a : slot.start] + c.text[slot.end : b], slot.text):
                continue  # ……易使传染病扩散的工作 with （卫生行政部门）: the matter names the body (review 140)
            if slot.kind == "body" and (QUALIFIED.search(slot.text) or c.text.endswith(RELATIVE_BEFORE, 0, slot.start)):
                continue  # 整合（区域内政府）举办的; 各级（工会）: 政府 or 人民政府有关部门 fill it as well (review 140)
            if slot.kind == "body" and body_field(slot.text) == lead_body(ctx, c.work):
                continue  # 由（卫生行政部门）给予警告 in the 母婴保健法实施办法: its own department (review 137)
            if slot.kind == "level" and rung_named_beside(c, slot, a, b):
                continue  # （乡镇）党委和政府、街道党工委和办事处: the stem names the rung's other half (review 137)
            if c.kind == "item" and whole_item(c.text) == slot.text:
                continue  # 抚恤优待对象包括：（五）（退役军人）: any other item of the list fills it as well (review 138)
            around = c.text[a : slot.start] + c.text[slot.end : b]
            if any(w != slot.text and w in around for g in ctx.synonyms if slot.text in g for w in g):
                continue  # 社区“两委”……担任（居民委员会）主任: the stem names it under another name (seeds review 40)
            if slot.kind in ("body", "level", "scope") and coordinated(c.text, slot.start, _phrase_end(c, slot)):
                continue  # 社区卫生服务机构、（乡镇）卫生院 / （乡镇）人民政府、街道办事处 / （工会）、妇女联合会
            around = c.text[max(0, slot.start - 40) : slot.start] + "|" + c.text[slot.end : slot.end + 40]
            if slot.kind == "scope" and slot.text[:2] in around:
                continue  # （失业人员）在领取失业保险金期间: the stem spells the key's first word
            if LEANS_BACK.match(c.text, sentence_at(c.text, slot.start, slot.end)[0]):
                continue  # 具体办法由国务院（民政部门）制定: what the 办法 are for is in the sentence before
            if c.text[slot.start - 1 : slot.start] == "等" and slot.kind == "body":
                continue  # 工会、共产主义青年团……等（群团组织）: the class a list belongs to, which several names fill
            if (
                len(slot.text) == 1
                and slot.start > 0
                and is_cjk_char(c.text[slot.start - 1])
                and c.text[slot.start - 1] not in "、和或及与"
            ):
                continue  # 创业园（区）: a one-character level is a blank only where it stands as a word
            seen.add(slot.text)
            groups = ctx.synonyms if ctx.spellings is None else ctx.spellings
            synonyms = sorted(w for g in groups if slot.text in g for w in g if w != slot.text)
            # shown with the key, so a reviewer sees what is accepted: 省 and 省级 are one answer
            accepted = [*spellings(slot.text), *level_spellings(slot), *synonyms, *ministry_spelling(c.text, slot)]
            stem, _ = stem_for(c, slot.start, slot.end)
            yield Draft(
                "cloze",
                CLOZE,
                stem,
                tuple(dict.fromkeys(accepted)),
                sources=(c,),
                evidence=(ev(c, slot.start, slot.end),),
                difficulty=4,
                context=window(c.text, slot.start, slot.end),
            )


# ---- lists ---------------------------------------------------------------------------------------


NOUN_TAGS = ("n", "vn", "nz", "l", "j", "nr", "ns", "nt", "an")
LOOSE_TAGS = ("p", "u", "c", "d", "r", "m", "q", "x", "f", "y", "e")  # a phrase never starts or ends on these


def phrase_shape(c: SourceClause, start: int, end: int) -> str | None:
    """What kind of phrase text[start:end] is in its analysed clause — "noun" or "verb" by its last word —
    or None when it is no whole phrase (a cut word, a leading 把 / 在, a trailing 等 / 的: 一支来源广泛, 把广大志愿者)."""
    if c.analysis is None:
        return None
    words = words_within(c.analysis.words, start, end)
    if not words or words[0].start != start or words[-1].end != end:
        return None
    if words[0].tag.startswith(LOOSE_TAGS) or words[-1].tag.startswith(LOOSE_TAGS):
        return None
    return "noun" if words[-1].tag.startswith(NOUN_TAGS) else "verb" if words[-1].tag.startswith("v") else None


@dataclass(frozen=True)
class _Listed:
    """An item of an analysed list somewhere in the corpus, with what makes another item "of its kind"."""

    text: str
    kind: str  # its head noun (培训, 人才), the list's shared ending, or the last character of a one-word item (感, 化)
    shape: str  # "noun" or "verb"
    work: str
    ref: str


def _item_kind(item: ListItem, suffix: str | None) -> str | None:
    if suffix:
        return suffix
    if item.head:
        return item.head
    return item.text[-1] if len(item.text) <= 4 else None


def _kinds(c: SourceClause) -> Iterator[tuple[ListStructure, str, tuple[str, ...]]]:
    """The 、 lists of a clause's body with their shape and each item's kind, where every item is a whole
    phrase of one shape and has a kind."""
    if c.analysis is None:
        return
    start = body_start(c.text, c.heading)
    for lst in c.analysis.lists:
        if lst.separator != "、" or lst.sentence.start < start or in_remark(c.text, lst.items[0].start):
            continue
        shapes = {phrase_shape(c, it.start, it.end) for it in lst.items}
        kinds = tuple(_item_kind(it, lst.shared_suffix) for it in lst.items)
        if len(shapes) == 1 and None not in shapes and None not in kinds:
            yield lst, next(iter(shapes)) or "", cast(tuple[str, ...], kinds)


def usable_lists(c: SourceClause) -> Iterator[tuple[ListStructure, str, tuple[str, ...]]]:
    """The lists a 多选 can ask for: led in, 2–8 items, at least two of one kind (培训、培训; 人才、人才)."""
    for lst, shape, kinds in _kinds(c):
        if lst.lead_in is None or len(lst.lead_in.text.strip()) < 2 or not 2 <= len(lst.items) <= 8:
            continue
        if any(kinds.count(k) >= 2 for k in kinds):  # 体系、机制、政策 have no common kind a distractor could share
            yield lst, shape, kinds


def clause_lists(ctx: BankContext, c: SourceClause) -> list[tuple[ListStructure, str, tuple[str, ...]]]:
    """``usable_lists`` of a clause, worked out once per clause (false statements ask for them sentence by sentence)."""
    done: dict[str, list[tuple[ListStructure, str, tuple[str, ...]]]] = ctx.memo("usable_lists", dict)
    if c.ref not in done:
        done[c.ref] = list(usable_lists(c))
    return done[c.ref]


def _listed_items(ctx: BankContext) -> list[_Listed]:
    """Every item of every usable list of the corpus, once per clause."""

    def make() -> list[_Listed]:
        out = []
        for c in ctx.clauses:
            for lst, shape, kinds in _kinds(c):
                out += [_Listed(it.text, k, shape, c.work, c.ref) for it, k in zip(lst.items, kinds, strict=True)]
        return out

    return ctx.memo("listed_items", make)


def _listed_by_kind(ctx: BankContext) -> dict[tuple[str, str], list[tuple[int, _Listed, str]]]:
    """The corpus's listed items by kind and shape, each spelling (folded) once where it is first listed, with its
    place in ``_listed_items``: a spelling's later copies are never a distractor its first is not (once per build)."""

    def make() -> dict[tuple[str, str], list[tuple[int, _Listed, str]]]:
        out: dict[tuple[str, str], list[tuple[int, _Listed, str]]] = defaultdict(list)
        seen: set[tuple[str, str, str]] = set()
        for i, x in enumerate(_listed_items(ctx)):
            f = fold(x.text)
            if (x.kind, x.shape, f) not in seen:
                seen.add((x.kind, x.shape, f))
                out[(x.kind, x.shape)].append((i, x, f))
        return out

    return ctx.memo("listed_by_kind", make)


def _near(a: str, b: str) -> bool:
    """Tell whether two items are one item spelt two ways (市级重点培训 / 市地级重点培训, 高校 / 高等学校毕业生)."""
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa:
        return True
    ga, gb = set(char_bigrams(fa)), set(char_bigrams(fb))
    return len(ga & gb) / max(1, len(ga | gb)) >= 0.5


def list_distractors(ctx: BankContext, c: SourceClause, lst: ListStructure, shape: str, kinds: Sequence[str]) -> list[_Listed]:
    """Items of other lists of the same kind (same head noun or ending, same shape) that the clause's work never states.

    A distractor a candidate could pick: 优秀人才 among 人才, 县级示范培训 among 培训 — never a phrase of another
    kind, never one the same document says anywhere (it would be true), never the same item spelt another way.
    """
    own = [it.text for it in lst.items]
    linked = ctx.linked.get(c.ref, set())
    seen: set[str] = set()
    out: list[_Listed] = []
    by_kind = _listed_by_kind(ctx)
    wanted = [t for k in dict.fromkeys(kinds) if kinds.count(k) >= 2 for t in by_kind.get((k, shape), [])]
    fam = family(ctx, c)
    for _, x, f in sorted(wanted, key=lambda t: t[0]):  # in corpus order, as if every listed item were read
        if f in seen or ctx.is_stated(c.work, x.text) or family(ctx, ctx.by_ref[x.ref]) != fam:
            continue
        if any(_near(x.text, o) for o in own):
            continue
        if fam == "law" and x.ref not in linked:
            continue  # 赡养费、扶养费和（税费）: another statute's list is of another subject; only a linked one is near
        seen.add(f)
        out.append(x)
    out.sort(key=lambda x: (x.ref not in linked, x.work != c.work))
    return out


def choose_keys(own: Sequence[str], distractors: int, rng: random.Random) -> tuple[str, ...]:
    """2–4 keys of a 多选 among ``own``, as many as leave room for the distractors at hand (five options in
    all), chosen by ``rng``; () when no count fits."""
    fits = [k for k in (2, 3, 4) if k <= len(own) and 5 - k <= distractors]
    return tuple(rng.sample(list(own), rng.choice(fits))) if fits else ()


def marks_hide_keys(keys: Sequence[str], wrong: Sequence[str]) -> bool:
    """Tell whether no character sorts the options into keys and distractors: none that every key has and a
    distractor lacks (分级培训: 省级、市级、县级 against 专业技能培训), none that every distractor has and no key."""
    by_keys = set.intersection(*(set(t) for t in keys)) if len(keys) >= 2 else set()  # one key: its own words
    by_wrong = set.intersection(*(set(t) for t in wrong)) - set().union(*(set(t) for t in keys))
    return all(by_keys <= set(w) for w in wrong) and not by_wrong


@generator("enumeration", "列举题")
def enumeration_questions(ctx: BankContext) -> Iterator[Draft]:
    """A list of an analysed clause: 2–4 of its items are the keys, items of other lists of their kind the distractors.

    The list is asked for in its sentence, after its lead-in (积极吸纳（　）等); every option is a whole phrase of
    one shape, and every distractor shares a key's head noun or ending and is stated nowhere in the document.
    """
    for c in ctx.clauses:
        for n, (lst, shape, kinds) in enumerate(clause_lists(ctx, c)):
            pool = list_distractors(ctx, c, lst, shape, kinds)
            texts = [it.text for it in lst.items]
            rng = rng_for(c.ref, "enum", str(n))
            keys = choose_keys(texts, len(pool), rng)
            if not keys:
                continue
            k = len(keys)
            key_kinds = {kd for t, kd in zip(texts, kinds, strict=True) if t in keys}
            ranked = [x for x in pool if x.kind in key_kinds] + [x for x in pool if x.kind not in key_kinds]
            shared = set.intersection(*(set(t) for t in keys))  # 省级…培训、市级…培训、县级…培训: every key says 级
            wrong: list[str] = []
            for x in ranked[: max(5 - k, 3 * (5 - k))] if len(ranked) > 5 - k else ranked:
                if len(wrong) < 5 - k and shared <= set(x.text) and not any(_near(x.text, w) for w in wrong):
                    wrong.append(x.text)
            if len(wrong) < 5 - k or not marks_hide_keys(keys, wrong):
                continue
            rng.shuffle(wrong)
            start, end = lst.items[0].start, lst.items[-1].end
            stem, _ = stem_for(c, start, end)
            yield Draft(
                "enumeration",
                MULTI,
                stem,
                keys,
                tuple(wrong),
                sources=(c,),
                evidence=(ev(c, start, end),),
                difficulty=4 + (k == 4 or len(texts) >= 6),
                option_kind="item",
                context=window(c.text, start, end),
            )


# ---- principles: 坚持…，坚持…，坚持… ------------------------------------------------------------------

PRINCIPLE_LEADS = ("坚持",)  # the word a run of principles repeats (坚持为民服务，坚持专业化方向，…)
PRINCIPLE_LENGTH = (4, 16)  # a principle an option can hold (not 坚持以习近平新时代中国特色社会主义思想为指导)


@dataclass(frozen=True)
class _Run:
    """Three or more comma-joined phrases of one sentence that start with the same word, and what they are for."""

    clause: SourceClause
    lead: str
    subject: str  # what the principles serve: the sentence's first phrase (加强社区工作者队伍建设)
    phrases: tuple[tuple[int, int], ...]


def _principle_runs(ctx: BankContext) -> list[_Run]:
    def make() -> list[_Run]:
        out = []
        for c in ctx.clauses:
            start = body_start(c.text, c.heading)
            for a, b in sentences(c.text):
                if a < start:
                    continue
                cuts = [a] + [i + 1 for i in range(a, b) if c.text[i] in "，；" and not in_remark(c.text, i)] + [b + 1]
                segs = [(x, y - 1) for x, y in pairwise(cuts)]
                first = c.text[segs[0][0] : segs[0][1]].strip()
                for lead in PRINCIPLE_LEADS:
                    run: list[tuple[int, int]] = []
                    for x, y in [*segs[1:], (b, b)]:
                        text = c.text[x:y].strip().rstrip("。")
                        if text.startswith(lead) and PRINCIPLE_LENGTH[0] <= len(text) <= PRINCIPLE_LENGTH[1]:
                            run.append((x, x + len(text)))
                            continue
                        if len(run) >= 3 and 4 <= len(first) <= 24 and lead not in first:
                            out.append(_Run(c, lead, first, tuple(run)))
                        run = []
        return out

    return ctx.memo("principle_runs", make)


def _same_principle(a: str, b: str, lead: str) -> bool:
    """Tell whether two principles say one thing (坚持党的领导 / 坚持和加强党的全面领导): every character of the
    shorter, its lead word left out, is in the longer; or they are one item spelt two ways."""
    x, y = sorted((a.removeprefix(lead), b.removeprefix(lead)), key=len)
    return set(x) <= set(y) or _near(a, b)


@generator("principles", "原则列举题")
def principle_questions(ctx: BankContext) -> Iterator[Draft]:
    """多选 over a run of principles (坚持为民服务，坚持专业化方向，坚持激励和约束并重): 2–4 of them the keys,
    principles other documents hold and this one never states the distractors."""
    runs = _principle_runs(ctx)
    for n, run in enumerate(runs):
        c = run.clause
        own = [c.text[x:y] for x, y in run.phrases]
        pool: list[str] = []
        for other in runs:
            if other.lead != run.lead or other.clause.work == c.work or family(ctx, other.clause) != family(ctx, c):
                continue
            for x, y in other.phrases:
                text = other.clause.text[x:y]
                if text in pool or ctx.is_stated(c.work, text) or any(_same_principle(text, o, run.lead) for o in own + pool):
                    continue
                pool.append(text)
        rng = rng_for(c.ref, "principles", str(n))
        keys = choose_keys(own, len(pool), rng)
        if not keys:
            continue
        wrong = tuple(rng.sample(pool, 5 - len(keys)))
        yield Draft(
            "principles",
            MULTI,
            f"根据{c.cite}，{run.subject}，要{BLANK}。",
            keys,
            wrong,
            sources=(c,),
            evidence=tuple(ev(c, x, y) for x, y in run.phrases if c.text[x:y] in keys),
            difficulty=3,
            option_kind="item",
            note=f"原文：“{c.text[run.phrases[0][0] : run.phrases[-1][1]]}”。",
        )


def _item_text(c: SourceClause) -> str:
    return c.text.strip().rstrip("。；;，").strip()


@generator("items", "分项题")
def item_list_questions(ctx: BankContext) -> Iterator[Draft]:
    """Numbered sub-items (（1）…（6）) as the keys of a 多选; changed items as distractors; and 不属于."""
    for c in ctx.clauses:
        kids = [k for k in ctx.children(c.ref) if k.text.strip() and len(k.text) <= 90 and not k.children]
        if len(kids) < 3 or len(kids) != len(c.children):
            continue
        body = c.text[body_start(c.text, c.heading) :].split("\n")[0].strip()
        lead = body.rstrip("：:") if body.endswith(("：", ":")) else ""
        subject = f"“{lead}”所列" if lead else f"“{c.heading or c.label}”规定的内容"
        for variant in ("", "b"):
            rng = rng_for(c.ref, "items", variant)
            k = rng.choice([k for k in (2, 3, 4) if k <= len(kids) - 1] or [2])
            keys = rng.sample(kids, k)
            rest = [x for x in kids if x not in keys]
            wrong: list[str] = []
            for other in rest + keys:
                if len(wrong) == 5 - k:
                    break
                text = _item_text(other)
                change = false_version(ctx, c, text, rng)
                if change and change.text not in wrong:
                    wrong.append(change.text)
            if len(wrong) < 5 - k:
                continue
            yield Draft(
                "items",
                MULTI,
                f"根据{c.cite}，{subject}的有{BLANK}。",
                tuple(_item_text(x) for x in keys),
                tuple(wrong),
                sources=(c, *keys),
                evidence=tuple(ev(x, 0, len(x.text)) for x in keys),
                variant=variant,
                difficulty=4,
                option_kind="statement",
            )
        rng = rng_for(c.ref, "items-not")
        true3 = rng.sample(kids, 3)
        for other in [x for x in kids if x not in true3] + true3:
            text = _item_text(other)
            change = false_version(ctx, c, text, rng)
            if change:
                yield Draft(
                    "items",
                    SINGLE,
                    f"根据{c.cite}，下列不属于{subject}情形的是{BLANK}。",
                    (change.text,),
                    tuple(_item_text(x) for x in true3),
                    sources=(c, *true3),
                    evidence=tuple(ev(x, 0, len(x.text)) for x in true3),
                    variant="not",
                    difficulty=3,
                    option_kind="statement",
                    negative=True,
                    correct_reading=text,
                    note=f"“{change.new}”处原文为“{change.old}”。",
                )
                break


# ---- 判断 -----------------------------------------------------------------------------------------


STOCK_TAIL = re.compile(r"依法追究刑事责任|依法给予处分|依法承担(?:民事|赔偿)?责任")


@generator("judge", "判断改写题")
def judge_questions(ctx: BankContext) -> Iterator[Draft]:
    """A clause's sentences made false by a single change of one slot (keyed 错误), and sentences as printed
    (keyed 正确), which the mix keeps no more often than the false ones, so that 正确 is not the answer that pays."""
    from quiz.slotgen import body_cores, false_by_slot  # a cycle at import time: slotgen builds on this module

    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    for c in ctx.clauses:
        sents = [
            (a, b)
            for a, b in eligible_sentences(c, hi=100, framed=True)
            if frame(c, a, b) or not c.text[a:b].rstrip("。；").endswith("的")
        ]
        if not sents:
            continue  # 受到开除党籍……的: a condition reads true or false only with its lead-in
        rng = rng_for(c.ref, "judge")
        order = list(sents)
        rng.shuffle(order)
        wanted = 2 if len(c.text) > 250 else 1
        changed: list[tuple[int, int]] = []
        for a, b in order:
            sentence = c.text[a:b].rstrip("。；")
            change = false_by_slot(ctx, c, a, b, cores, rng)  # one slot changed to another of its type, never a random term
            if change is None:
                continue
            text, old, new = change
            yield Draft(
                "judge",
                JUDGE,
                f"根据{c.cite}，{frame(c, a, b)}{text}。",
                (FALSE,),
                sources=(c,),
                evidence=(ev(c, a, b),),
                variant="false-slot",
                difficulty=3,
                correct_reading=sentence + "。",
                note=f"题中“{new}”，原文为“{old}”。",
            )
            changed.append((a, b))
            if len(changed) == wanted:
                break
        # sentences as printed: two where nothing can change, else one beside the changed ones, so that a
        # clause's 判断 are not all 错误; the mix keeps them only for balance and coverage (quiz.mix)
        # an item of a list as printed is its lead-in and a copy (婚前保健服务包括下列内容：婚前卫生指导): never
        # nor a sentence whose tail is the statutes' stock phrase (构成犯罪的，依法追究刑事责任): true at sight
        printed_ones = (
            []
            if c.kind == "item"
            else [s for s in order if s not in changed and not STOCK_TAIL.search(c.text[s[0] : s[1]])][: 1 if changed else 2]
        )
        for n, (a, b) in enumerate(printed_ones):
            yield Draft(
                "judge",
                JUDGE,
                f"根据{c.cite}，{frame(c, a, b)}{phrase(c.text, a, b)}",
                (TRUE,),
                sources=(c,),
                evidence=(ev(c, a, b),),
                variant="true2" if n else "true",
                difficulty=2,
            )


def _echoes(heading: str, sentence: str) -> bool:
    """Tell whether a sentence repeats a character pair of a heading, its own ordinal left out (强化激励褒奖 / 激励)."""
    core = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）.、．]?", "", heading)
    return any(pair in sentence for pair in char_bigrams(core) if all("\u4e00" <= ch <= "\u9fff" for ch in pair))


@generator("heading", "标题题")
def heading_questions(ctx: BankContext) -> Iterator[Draft]:
    """Which measure a requirement belongs to: a sentence of a clause, the headings of its siblings."""
    headed = [c for c in ctx.clauses if c.heading and c.kind in ("clause", "item") and 4 <= len(c.heading) <= 16]
    for c in headed:
        assert c.heading
        # a sentence that shares a word with its heading points to it (培养和发展党员 → 强化党建引领): never asked
        sents = [(a, b) for a, b in eligible_sentences(c, 14, 70) if not _echoes(c.heading, c.text[a:b])]
        if not sents:
            continue
        rng = rng_for(c.ref, "heading")
        a, b = sents[rng.randrange(len(sents))]
        ancestors, up = set(), c.parent_ref
        while up and up in ctx.by_ref:
            ancestors.add(up)
            up = ctx.by_ref[up].parent_ref
        # a heading the sentence also sits under (its part, its measure) is true too: never a distractor
        peers = [
            (x.heading or "", x.work)
            for x in headed
            if x.work == c.work and x.cite == c.cite and x.ref != c.ref and x.ref not in ancestors
        ]  # headings of the same source: a 二十大 heading is no part of the 《摘编》 beside it in a compilation
        peers.sort(key=lambda p: 0 if any(x.heading == p[0] and x.parent_ref == c.parent_ref for x in headed) else 1)
        wrong = choose_distractors(c.heading, peers[:12] or peers, source_text=c.text, work=c.work, n=3, rng=rng)
        if len(wrong) < 3:
            continue
        at = c.text.find(c.heading)
        heading_ev = Evidence(c.ref, at, at + len(c.heading), c.heading) if at >= 0 else Evidence(c.ref, 0, 0, c.heading)
        yield Draft(
            "heading",
            SINGLE,
            f"{c.cite}中，“{c.text[a:b].rstrip('。；')}”这一要求出自{BLANK}部分。",
            (c.heading,),
            tuple(wrong),
            sources=(c,),
            evidence=(ev(c, a, b), heading_ev),
            difficulty=3,
            note=f"这句话在“{c.label}”之下。",
        )


# ---- computed ------------------------------------------------------------------------------------


@generator("respectively", "分别对应题")
def respectively_questions(ctx: BankContext) -> Iterator[Draft]:
    """正职、副职、一般工作人员……分别不少于5天、3天、3天: one question per named item."""
    for c in ctx.clauses:
        for a, b in sentences(c.text):
            s = c.text[a:b]
            at = s.find("分别")
            if at < 0:
                continue
            m = SERIES.search(s, at)
            if not m:
                continue
            values = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", m.group())]
            unit = next((u for u in ("个工作日", "个月", "天", "元", "人", "次", "年", "%") if m.group().endswith(u)), "")
            names = series_names(s, at, len(values))
            if names is None:
                continue
            span, labels = names
            for label, value in zip(labels, values, strict=True):
                rng = rng_for(c.ref, "resp", label)
                others = [v for v in dict.fromkeys(values) if v != value]
                extra = plausible_values(value, unit, [value, *others], 3 - len(others[:2]), rng)
                wrong = [format_number(v) for v in [*others[:2], *extra]][:3]
                text = s[: span[0]] + label + s[span[1] : at] + s[at + 2 : m.start()] + BLANK + unit + s[m.end() :]
                stem = f"根据{c.cite}，{text.strip().rstrip('；，。')}。"
                if re.search(rf"(?<![\d.]){re.escape(format_number(value))}{re.escape(unit)}", stem):
                    continue  # 新入职……不少于3天 left in the stem beside a blank whose key is 3
                yield Draft(
                    "respectively",
                    SINGLE,
                    stem,
                    (format_number(value),),
                    tuple(wrong),
                    sources=(c,),
                    evidence=(ev(c, a + m.start(), a + m.end()),),
                    variant=label,
                    difficulty=4,
                    option_kind="number",
                    note=f"原文按顺序列出：{'、'.join(labels)}分别为{m.group()}，“{label}”对应{format_number(value)}{unit}。",
                )


def carry_out_together(ctx: BankContext, c1: SourceClause, c2: SourceClause) -> bool:
    """Tell whether two clauses are one provision in two texts: linked to each other (a regional clause and the
    central one it carries out), or both linked to one clause (江苏 and 赤峰 on the same central measure).
    Two unrelated laws that both count days are not (a registration deadline is no 薪酬 rule)."""
    if family(ctx, c1) == "law":
        return False  # a statute and its regulation state different matters in one unit (review 111: 十二个月 / 一个月)
    mine, theirs = ctx.linked.get(c1.ref, set()), ctx.linked.get(c2.ref, set())
    return c2.ref in mine or c1.ref in theirs or bool(mine & theirs)


@generator("compare", "央地对照题")
def compare_questions(ctx: BankContext) -> Iterator[Draft]:
    """Two documents' different numbers for the same provision: 依次 single choice and a false 判断."""
    facts = [(c, f) for c in ctx.clauses for f in c.facts if c.level != "compilation" and f.high is None and _usable(c, f)]
    by_unit: dict[str, list[tuple[SourceClause, Fact]]] = defaultdict(list)  # the same thing is always of the same unit
    for c, f in facts:
        by_unit[f.unit].append((c, f))
    for c1, f1 in facts:
        matches = [
            (c2, f2)
            for c2, f2 in by_unit[f1.unit]
            if c1.work < c2.work
            and same_thing(f1, f2)
            and f1.value != f2.value
            and f1.bound == f2.bound
            and carry_out_together(ctx, c1, c2)
        ]
        if not matches:
            continue
        c2, f2 = max(matches, key=lambda m: similarity(f1.subject, m[1].subject))
        s1, s2 = numeral_span(c1.text, *f1.span), numeral_span(c2.text, *f2.span)
        if not s1 or not s2:
            continue
        v1, v2 = c1.text[s1[0] : s1[1]], c2.text[s2[0] : s2[1]]
        p1 = phrase(c1.text, *_phrase_around(c1.text, *s1), [(*s1, "（①）")]).rstrip("。")
        p2 = phrase(c2.text, *_phrase_around(c2.text, *s2), [(*s2, "（②）")]).rstrip("。")
        topic = next(iter(set(f1.topics) & set(f2.topics)), f1.unit)
        combos = [(v1, v2), (v2, v1), (v1, v1), (v2, v2)]
        options = [f"{x}；{y}" for x, y in combos]
        yield Draft(
            "compare",
            SINGLE,
            f"关于“{topic}”，{c1.cite}规定“{p1}”，{c2.cite}规定“{p2}”。①②处依次应为{BLANK}。",
            (options[0],),
            tuple(options[1:]),
            sources=(c1, c2),
            evidence=(ev(c1, *f1.span), ev(c2, *f2.span)),
            difficulty=5,
            topics=(topic,),
            option_kind="number",
            note=f"两份文件规定不同：{c1.cite}为{f1.text}，{c2.cite}为{f2.text}。",
        )
        a, b = sentence_at(c2.text, *f2.span)
        wrong = c2.text[a : s2[0]] + printed(f1.value, v2) + c2.text[s2[1] : b]
        if not ctx.is_stated(c2.work, wrong):
            yield Draft(
                "compare",
                JUDGE,
                f"根据{c2.cite}，{wrong.strip().rstrip('。；')}。",
                (FALSE,),
                sources=(c2, c1),
                evidence=(ev(c2, *f2.span),),
                variant="judge",
                difficulty=4,
                topics=(topic,),
                correct_reading=c2.text[a:b].strip(),
                note=f"{format_number(f1.value)}{f1.unit}是{c1.cite}的规定（{f1.text}），{c2.cite}规定为{f2.text}。",
            )


def _phrase_around(text: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in re.finditer(r"[，。；：\n]", text[:start])), default=0)
    m = re.search(r"[，。；：\n]", text[end:])
    return a, end + m.start() if m else len(text)


# A table of year ranges (3年以下, 4-6年, 34年以上) is a grade ladder: each row is a grade (N级), each
# range column says how many years of service put someone of that column in the row's grade. A rule
# elsewhere in the same work either sets a grade (认定为3级) or raises one (提升2级).
_YEARS = re.compile(r"^(\d+)\s*[-—～~]\s*(\d+)年$|^(\d+)年以上$|^(\d+)年以下$")
_MEASURE = re.compile(r"[\u4e00-\u9fff]{0,2}年限")  # what the ranges count, as the table heads it: 工作年限
GRADE_UNIT = "级"
SETS_GRADE = ("认定为",)
RAISES_GRADE = ("提升",)


def _years(cell: str) -> tuple[int, int] | None:
    m = _YEARS.match(cell.strip())
    if not m:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(2))
    if m.group(3):
        return int(m.group(3)), int(m.group(3)) + 5
    return 0, int(m.group(4))


def _measure(table: dict[str, Any]) -> str:
    """What a ladder's year ranges count, as its headings name it (工作年限), else 年限."""
    heads = " ".join([table.get("header_text") or "", *table.get("columns", [])])
    m = _MEASURE.search(heads)
    return m.group() if m else "年限"


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", cell.strip()))


def _lookup(rows: list[list[str]], col: int, years: int) -> int | None:
    """The row whose year range in a column holds ``years``."""
    for i, r in enumerate(rows):
        span = _years(r[col] or "")
        if span and span[0] <= years <= span[1]:
            return i
    return None


def _row_text(cols: list[str], rows: list[list[str]], i: int) -> str:
    return "，".join(f"{cols[j]}：{rows[i][j]}" for j in range(len(cols)) if rows[i][j])


@generator("table", "表格题")
def table_questions(ctx: BankContext) -> Iterator[Draft]:
    """Lookups computed from a table of year ranges: grade by years of service, its coefficient, pay."""
    for c in ctx.clauses:
        table = c.table or {}
        cols: list[str] = table.get("columns", [])
        rows: list[list[str]] = table.get("rows", [])
        if len(cols) < 3 or len(rows) < 5:
            continue
        range_cols = [j for j in range(1, len(cols)) if sum(_years(r[j] or "") is not None for r in rows) >= 4]
        value_cols = [j for j in range(1, len(cols)) if sum(_is_number(r[j] or "") for r in rows) >= 4]
        if not range_cols:
            continue
        title = c.heading or "附表"
        where = f"根据{c.cite}附件《{title}》"
        measure = _measure(table)

        lookup = partial(_lookup, rows)
        row_text = partial(_row_text, cols, rows)
        for col in range_cols:
            rng = rng_for(c.ref, "table", cols[col])
            filled = [i for i, r in enumerate(rows) if _years(r[col] or "")]
            for i in sorted(rng.sample(filled, min(4, len(filled)))):
                lo, hi = _years(rows[i][col]) or (0, 0)
                years = rng.randint(max(lo, 1), hi)
                key = rows[i][0]
                wrong = [rows[j][0] for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < len(rows) and _years(rows[j][col] or "")]
                for other in range_cols:
                    o = lookup(other, years)
                    if o is not None and rows[o][0] != key:
                        wrong.insert(0, rows[o][0])
                wrong = list(dict.fromkeys(w for w in wrong if w != key))[:3]
                if len(wrong) < 3:
                    continue
                yield Draft(
                    "table",
                    SINGLE,
                    f"{where}，{measure}为{years}年的{cols[col]}，对应的{cols[0]}为{BLANK}。",
                    (key,),
                    tuple(wrong),
                    sources=(c,),
                    evidence=(Evidence(c.ref, 0, 0, row_text(i)),),
                    variant=f"{cols[col]}-{years}",
                    difficulty=4,
                    note=f"计算：{cols[col]}{measure}{years}年落在“{rows[i][col]}”一档，对应{key}。",
                )
                for vcol in value_cols[:2]:
                    vwrong = [rows[j][vcol] for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < len(rows) and rows[j][vcol]]
                    vwrong = list(dict.fromkeys(w for w in vwrong if w != rows[i][vcol]))[:3]
                    if len(vwrong) < 3 or not rows[i][vcol]:
                        continue
                    yield Draft(
                        "table",
                        SINGLE,
                        f"{where}，{measure}为{years}年的{cols[col]}，对应的{cols[vcol]}为{BLANK}。",
                        (rows[i][vcol],),
                        tuple(vwrong),
                        sources=(c,),
                        evidence=(Evidence(c.ref, 0, 0, row_text(i)),),
                        variant=f"{cols[col]}-{years}-{cols[vcol]}",
                        difficulty=5,
                        option_kind="number",
                        note=f"计算：{cols[col]}{measure}{years}年对应{rows[i][0]}，其{cols[vcol]}为{rows[i][vcol]}。",
                    )
        yield from _table_rules(ctx, c, cols, rows, range_cols, value_cols, measure, lookup, row_text)


def _table_rules(
    ctx: BankContext,
    table_clause: SourceClause,
    cols: list[str],
    rows: list[list[str]],
    range_cols: list[int],
    value_cols: list[int],
    measure: str,
    lookup: Callable[[int, int], int | None],
    row_text: Callable[[int], str],
) -> Iterator[Draft]:
    """Rules of the same work applied to the table: 认定为3级 → its coefficient; 提升2级 → the new grade."""
    labels = [r[0] for r in rows]
    for c in ctx.clauses:
        if c.work != table_clause.work:
            continue
        for f in c.facts:
            grade_label = f"{format_number(f.value)}{GRADE_UNIT}"
            if f.unit != GRADE_UNIT or f.high is not None or grade_label not in labels:
                continue
            a, b = sentence_at(c.text, *f.span)
            sentence = c.text[a:b].strip().rstrip("；。")
            i = labels.index(grade_label)
            if any(w in f.subject for w in SETS_GRADE) and value_cols:
                vcol = value_cols[0]
                wrong = list(dict.fromkeys(rows[j][vcol] for j in (i - 1, i + 1, i + 2) if 0 <= j < len(rows) and rows[j][vcol]))
                if len(wrong) >= 3 and rows[i][vcol]:
                    yield Draft(
                        "table",
                        SINGLE,
                        f"根据{c.cite}，“{sentence}”。对照附件，符合这一情形的人员，{cols[vcol]}为{BLANK}。",
                        (rows[i][vcol],),
                        tuple(wrong[:3]),
                        sources=(c, table_clause),
                        evidence=(ev(c, a, b), Evidence(table_clause.ref, 0, 0, row_text(i))),
                        variant=f"rule-{f.text}",
                        difficulty=5,
                        option_kind="number",
                        note=f"计算：先按条款认定为{labels[i]}，再查附件：{labels[i]}的{cols[vcol]}为{rows[i][vcol]}。",
                    )
            if any(w in f.subject for w in RAISES_GRADE):
                col = range_cols[0]
                rng = rng_for(c.ref, "bonus", f.text)
                for years in sorted(rng.sample(range(1, 25), 2)):
                    base = lookup(col, years)
                    if base is None:
                        continue
                    grade = int(re.sub(r"\D", "", rows[base][0]) or 0) + int(f.value)
                    key = f"{grade}{GRADE_UNIT}"
                    if key not in labels:
                        continue
                    wrong = [
                        f"{g}{GRADE_UNIT}"
                        for g in (grade - int(f.value), grade - 1, grade + 1, grade + 2)
                        if f"{g}{GRADE_UNIT}" in labels and g != grade
                    ]
                    if len(wrong) < 3:
                        continue
                    yield Draft(
                        "table",
                        SINGLE,
                        f"根据{c.cite}，“{sentence}”。一名{measure}为{years}年的{cols[col]}符合这一情形，对应的{cols[0]}为{BLANK}。",
                        (key,),
                        tuple(wrong[:3]),
                        sources=(c, table_clause),
                        evidence=(
                            ev(c, a, b),
                            Evidence(table_clause.ref, 0, 0, f"{row_text(base)}；{row_text(labels.index(key))}"),
                        ),
                        variant=f"bonus-{years}",
                        difficulty=5,
                        note=f"计算：{cols[col]}{measure}{years}年按附件为{rows[base][0]}，再{f.text}，为{key}。",
                    )


def all_drafts(ctx: BankContext, names: Iterable[str] | None = None) -> Iterator[Draft]:
    """Run the registered generators (all that are not ``OFF``, or the named ones) in registry order."""
    for name, fn in REGISTRY.items():
        if (name not in OFF) if names is None else (name in names):
            for draft in fn(ctx):
                yield replace(draft, generator=name)


from quiz import conditions, parties, slotgen  # noqa: E402,F401  (register the generators that build on the helpers above)
