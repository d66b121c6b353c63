"""The validation gates: every question passes every gate, or is dropped with the reason counted.

Pure functions ``gate(question, ctx) -> reason | None``, run in the order of ``GATES``:

    key_count          单选 4 options 1 key; 多选 5 options 2–4 keys; 判断 正确/错误; 填空 an answer
    key_in_source      the key is what the source says (a false item's correct reading is)
    distractor_true    no distractor is also true: put in the blank, the work does not state it
    options_distinct   options differ after folding width, spaces and quotes
    options_alike      options are of one kind (all numbers or none) and of similar length
    key_in_stem        the stem does not give the key away
    well_formed        printed Chinese: no Markdown marks, brackets paired, no doubled punctuation,
                       no option starting or ending in punctuation, one blank where one is asked
    no_seams           no empty quotes “”, no word doubled (招聘招聘), no template words, no Markdown or HTML
    key_shares_stem_word  the key does not share a word with the stem that no distractor shares
    lead_in            an item of a list is read with its lead-in (有下列情形之一的…：<the item>)
    points_back        no stem or stated option leans on text it does not print (前款规定的行为, 上述工作, ……应当批准)
    numbers_plausible  no numeric option within ±2 of the key (±1 of a grade or a year), no range ±1/±2
    bounds_in_order    no option, put in, makes a range run backwards (二十日以上十五日以下)
    synonym_distractor no distractor is a listed synonym of the key or of what the work states
    cloze_short        a cloze blank is at most 6 characters

Then near-duplicates (same type, same key, stems alike) are merged into the first.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from corpus.text import char_bigrams
from kb.facts import parse_number
from quiz.context import BankContext, points_back
from quiz.model import BLANK, CLOZE, FALSE, JUDGE, MULTI, SINGLE, TRUE, Question
from quiz.numbers import RANGE, too_close
from quiz.text import IndexedText, compose, fold, form_problem, lead_in_of, length_alike

Gate = Callable[[Question, BankContext], str | None]
REASONS = {
    "key_in_source": "答案不在出处原文中",
    "key_count": "选项或答案个数不符合题型",
    "distractor_true": "干扰项在同一文件中也成立",
    "options_distinct": "选项重复",
    "options_alike": "选项类型或长短不一致",
    "key_in_stem": "题干泄露答案",
    "well_formed": "题干或选项格式不规范",
    "no_seams": "题干或选项有拼接痕迹（空引号、词语重复、模板词、标记）",
    "key_shares_stem_word": "答案与题干共用一个词而干扰项都没有",
    "lead_in": "列举项脱离了引导语",
    "points_back": "题干指向未印出的上文（前款、上述……）",
    "numbers_plausible": "数字干扰项与答案只差一两个数",
    "bounds_in_order": "选项使“X以上Y以下”的下限大于上限",
    "synonym_distractor": "干扰项是答案或原文说法的同义词",
    "cloze_short": "填空的空格超过6个字",
    "near_duplicate": "与已有题目重复（已合并）",
}
_NUMERIC = re.compile(r"^[\d.—–\-～~；〇零一二两三四五六七八九十百千万]+(?:级)?$")
_PREFIX = re.compile(r"^根据[^，。]*?，")  # 根据《…》， / 根据党的二十大报告，


@dataclass(frozen=True)
class _Source:
    """The folded texts a question rests on, read as one text run together (folding drops line breaks): its
    clauses, each folded and indexed once per build and never copied per question, and its evidence."""

    parts: tuple[IndexedText | str, ...]

    def __contains__(self, phrase: str) -> bool:
        if not phrase or any(phrase in p for p in self.parts):
            return True
        texts = [p.text if isinstance(p, IndexedText) else p for p in self.parts]
        reach = len(phrase) - 1  # a match across a seam lies within this many characters either side of it
        for seam in range(1, len(texts)):
            before = _edge(texts[seam - 1 :: -1], reach, tail=True)
            after = _edge(texts[seam:], reach, tail=False)
            if phrase in before + after:
                return True
        return False


def _edge(texts: list[str], reach: int, *, tail: bool) -> str:
    """The last (``tail``) or first ``reach`` characters of some texts run together, read from the first given."""
    out, need = [], reach
    for t in texts:
        if need <= 0:
            break
        piece = t[max(0, len(t) - need) :] if tail else t[:need]
        out.append(piece)
        need -= len(piece)
    return "".join(reversed(out) if tail else out)


def _folded(ctx: BankContext, ref: str) -> IndexedText:
    """A clause's text folded, once per build."""
    return ctx.memo(f"folded:{ref}", lambda: IndexedText(fold(ctx.by_ref[ref].text)))


def _source(q: Question, ctx: BankContext, *, keys_only: bool = False) -> _Source:
    """The question's clauses and evidence; with ``keys_only``, only the clauses its evidence is in (a case of
    another list, cited as a distractor's source, is no text a key rests on)."""
    held = {e.ref for e in q.evidence}
    texts = [_folded(ctx, r) for r in q.refs if r in ctx.by_ref and (not keys_only or r in held)]
    return _Source((*texts, *(fold(e.text) for e in q.evidence)))


def statement(q: Question) -> str:
    """What a 判断 item states, without the 根据《…》 lead-in."""
    return _PREFIX.sub("", q.stem, count=1)


def claim(q: Question, ctx: BankContext) -> str:
    """What a 判断 item says of its clause: the statement without the lead-in of the list its item is in."""
    said = statement(q)
    main = ctx.by_ref.get(q.refs[0]) if q.refs else None
    if main is not None and main.lead_in and said.startswith(main.lead_in):
        return said[len(main.lead_in) :]
    return said


def key_in_source(q: Question, ctx: BankContext) -> str | None:
    src = _source(q, ctx)
    if q.type in (SINGLE, MULTI):
        must = q.distractors if q.negative else q.keys
        parts = [p for o in must for p in o.split("；")]
        if not parts or any(fold(p) not in src for p in parts):
            return "key_in_source"
        if q.negative and any(fold(k) in src for k in q.keys):
            return "key_in_source"
    elif q.type == JUDGE and q.composed:
        # a rule read for one case of a list: each piece printed in the source, the statement made of them alone
        subject, _, case, consequence = q.composed
        said = q.correct_reading if q.answer == (FALSE,) else claim(q, ctx)
        pieces = [p for p in (subject, case, consequence) if p]
        if not said or any(fold(p) not in src for p in pieces) or said.rstrip("。") != compose(*q.composed):
            return "key_in_source"
    elif q.type == JUDGE:
        said = q.correct_reading if q.answer == (FALSE,) else claim(q, ctx)
        if not said or fold(said).rstrip("。；") not in src:
            return "key_in_source"
    elif q.type == CLOZE and (not q.answer or fold(q.answer[0]) not in src):
        return "key_in_source"
    return None


def key_count(q: Question, ctx: BankContext) -> str | None:
    if q.type == SINGLE:
        ok = len(q.options) == 4 and len(q.answer) == 1
    elif q.type == MULTI:
        ok = len(q.options) == 5 and 2 <= len(q.answer) <= 4
    elif q.type == JUDGE:
        ok = q.answer in ((TRUE,), (FALSE,)) and not q.options
    else:
        ok = bool(q.answer) and all(a.strip() for a in q.answer) and not q.options
    return None if ok else "key_count"


def distractor_true(q: Question, ctx: BankContext) -> str | None:
    if q.type == JUDGE and q.answer == (FALSE,):
        return "distractor_true" if ctx.is_stated(q.work, claim(q, ctx)) else None
    if q.type not in (SINGLE, MULTI) or q.negative:
        return None
    left, right = q.context
    source = _source(q, ctx, keys_only=True)
    for d in q.distractors:
        if (left or right) and ctx.is_stated(q.work, f"{left}{d}{right}"):
            return "distractor_true"
        if q.type == MULTI and fold(d) in source:
            return "distractor_true"
    return None


def options_distinct(q: Question, ctx: BankContext) -> str | None:
    folded = [fold(o) for o in q.options]
    return "options_distinct" if len(set(folded)) != len(folded) else None


def options_alike(q: Question, ctx: BankContext) -> str | None:
    if not q.options:
        return None
    numeric = {bool(_NUMERIC.match(o)) for o in q.options}
    ratio = 4 if q.option_kind == "statement" else 2.5  # whole sentences vary more than terms
    if len(numeric) > 1 or not length_alike(max(q.options, key=len), min(q.options, key=len), ratio):
        return "options_alike"
    return None


def key_in_stem(q: Question, ctx: BankContext) -> str | None:
    stem = fold(q.stem)
    if q.type in (SINGLE, MULTI):
        keys = q.keys
    elif q.type == CLOZE:
        keys = q.answer[:1]
    else:
        return None
    left, right = q.context
    for k in keys:
        if q.option_kind == "number":
            if (left or right) and fold(f"{left}{k}{right}") in stem:
                return "key_in_stem"
        elif len(k) >= 2 and fold(k) in stem:
            return "key_in_stem"
    return None


def well_formed(q: Question, ctx: BankContext) -> str | None:
    if form_problem(q.stem) or any(form_problem(o, option=True) for o in q.options):
        return "well_formed"
    blanks = q.stem.count(BLANK)
    if q.type in (SINGLE, MULTI, CLOZE) and blanks != q.blanks:
        return "well_formed"
    if q.type == JUDGE and blanks:
        return "well_formed"
    if "\n" in q.stem:
        return "well_formed"
    if q.type in (SINGLE, MULTI, CLOZE) and len(statement(q).replace(BLANK, "").strip("。")) < 8:
        return "well_formed"  # a blank with hardly any words around it asks nothing
    return None


_EMPTY_QUOTES = re.compile(r"“\s*”|‘\s*’|《\s*》|「\s*」|\"\s*\"")
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1")
_MARKUP = re.compile(r"</?[A-Za-z][^>]*>|&[a-z]+;|\*\*|__|\]\(|^#|`")
TEMPLATE_WORDS = ("{", "}", "None", "null", "内容情形", "的的", "（　）（　）")


def _texts(q: Question) -> list[str]:
    return [q.stem, *q.options, *(q.answer if q.type == CLOZE else ())]


def seam(s: str) -> str | None:
    """What shows that a text was put together by a program, or None."""
    if _EMPTY_QUOTES.search(s):
        return "空引号"
    if _DOUBLED.search(s):
        return "词语重复"
    if any(w in s for w in TEMPLATE_WORDS):
        return "模板词"
    if _MARKUP.search(s):
        return "Markdown 或 HTML 标记"
    return None


def no_seams(q: Question, ctx: BankContext) -> str | None:
    return "no_seams" if any(seam(t) for t in _texts(q)) else None


_FUNCTION_CHARS = set("的和与及或、，。；：在对将把以为是了")


def _words(s: str) -> set[str]:
    """The two-character runs of a text that can belong to a content word."""
    return {g for g in char_bigrams(fold(s)) if not (set(g) & _FUNCTION_CHARS)}


GENERIC_RUNS = 12  # a two-character run this frequent in its work (社区, 工作) gives nothing away


def key_shares_stem_word(q: Question, ctx: BankContext) -> str | None:
    if q.type not in (SINGLE, MULTI) or q.option_kind == "number" or q.negative:
        return None
    text = ctx.work_index(q.work)
    generic = GENERIC_RUNS if q.generator != "heading" else 10**9  # a part's heading echoed in the quote gives it away
    stem = {g for g in _words(statement(q).replace(BLANK, "，")) if text.count(g) <= generic}
    # the document's own title counts however often its words recur: 《基本医疗卫生与健康促进法》 gives away
    # 卫生健康主管部门 among 民政部门 and 教育行政部门
    if all(k.endswith(BODY_ENDS) for k in q.keys):  # a body named after the document's subject
        cited = re.match(r"根据([^，]+)，", q.stem)  # 《基本医疗卫生与健康促进法》 / 习近平总书记对社会工作的重要指示
        stem |= set(_words(cited.group(1))) if cited else set()
    if any(_words(k) & stem for k in q.keys) and not any(_words(d) & stem for d in q.distractors):
        return "key_shares_stem_word"
    if len(q.keys) == 1 and q.keys[0].endswith(BODY_ENDS):
        # a body's field word echoed in the stem by its first character (戒毒药物维持治疗 with 药品监督管理部门
        # among 劳动 / 教育 / 司法行政部门, laws review 148): the one option the case is about
        said = statement(q).replace(BLANK, "，")
        first = _field_initial(q.keys[0])
        if first and first in said and not any(_field_initial(d) in said for d in q.distractors if _field_initial(d)):
            return "key_shares_stem_word"
    return None


BODY_ENDS = ("部门", "机关", "机构")
_BODY_FRAME = re.compile(
    r"^(?:国务院|县级以上|地方|各级|人民政府|省级|市级|县级)+|(?:行政|主管|监督管理|管理)?(?:部门|机关|机构)$"
)
# characters every body's name has, or that everything in a statute says (人民, 社会, 国家)
_PLAIN_INITIALS = frozenset("人民国家公社会政府地方行政有关部门机关机构各级县市省乡镇街道")


def _field_initial(body: str) -> str:
    """The first character of a body's field (药品监督管理部门 → 药, 卫生行政部门 → 卫), or "" for a plain one."""
    field = _BODY_FRAME.sub("", body)
    return field[:1] if field[:1] and field[0] not in _PLAIN_INITIALS else ""


def leans_back(q: Question, ctx: BankContext) -> str | None:
    """A stem or a stated option that leans on text it does not print: 前款规定的行为……, 开展上述工作, ……应当批准
    (what is approved is in the sentence before) — a candidate cannot tell what it is about."""
    texts = [claim(q, ctx) if q.type == JUDGE else statement(q)]
    if q.option_kind == "statement":
        texts += q.options
    if any(points_back(t) for t in texts):
        return "points_back"
    return None


def lead_in(q: Question, ctx: BankContext) -> str | None:
    if q.type not in (SINGLE, JUDGE, CLOZE) or not q.refs or q.refs[0] not in ctx.by_ref:
        return None
    main = ctx.by_ref[q.refs[0]]
    parent = ctx.by_ref.get(main.parent_ref or "")
    if main.kind != "item" or parent is None:
        return None
    lead = lead_in_of(parent.text, parent.heading)
    return "lead_in" if lead and fold(lead) not in fold(q.stem) else None


def _number(option: str) -> float | None:
    return parse_number(re.sub(r"级$", "", option.strip()))


def _fact_unit(q: Question, ctx: BankContext) -> str:
    """The unit of the provision a number item tests (from its evidence), else ""."""
    for e in q.evidence:
        c = ctx.by_ref.get(e.ref)
        for f in c.facts if c else ():
            if f.span[0] <= e.start < f.span[1] or (e.start, e.end) == f.span:
                return f.unit
    return q.context[1][:1]


def numbers_plausible(q: Question, ctx: BankContext) -> str | None:
    if q.option_kind != "number" or q.type not in (SINGLE, MULTI) or any("；" in o for o in q.options):
        return None
    unit = _fact_unit(q, ctx)
    source = _folded(ctx, q.refs[0]) if q.refs and q.refs[0] in ctx.by_ref else IndexedText("")
    for key in q.keys:
        k_range = RANGE.fullmatch(key)
        k = _number(key)
        for d in q.distractors:
            d_range = RANGE.fullmatch(d)
            if k_range and d_range:
                ends = [(float(d_range.group(i)), float(k_range.group(i))) for i in (1, 3)]
                if all(a == b or too_close(a, b, unit) for a, b in ends):
                    return "numbers_plausible"
            v = _number(d)
            same_slot = unit and fold(f"{d}{unit}") in source  # 分别5天、3天、3天: the series' other value
            counts = "." not in key + d  # a coefficient (1.00 / 1.05) is no count
            if k is not None and v is not None and counts and too_close(v, k, unit) and not same_slot:
                return "numbers_plausible"
    return None


_BOUNDS = re.compile(
    r"([\d.零〇一二两三四五六七八九十百千万]+)([^\d零〇一二两三四五六七八九十百千万以，。；]{0,3})以上"
    r"([\d.零〇一二两三四五六七八九十百千万]+)([^\d零〇一二两三四五六七八九十百千万以，。；]{0,3})以下"
)


def _readings(q: Question) -> list[str]:
    """What a candidate reads: the stem with each option put in its blank, each statement option, the stem."""
    if q.type in (SINGLE, MULTI) and BLANK in q.stem:
        return [q.stem.replace(BLANK, o, 1) for o in q.options]
    return [q.stem, *q.options]


def bounds_in_order(q: Question, ctx: BankContext) -> str | None:
    for text in _readings(q):
        for m in _BOUNDS.finditer(text):
            low, high = parse_number(m.group(1)), parse_number(m.group(3))
            same_unit = m.group(2) in ("", m.group(4))
            if low is not None and high is not None and same_unit and low >= high:
                return "bounds_in_order"
    return None


def _synonym_readings(text: str, groups: Iterable[frozenset[str]]) -> set[str]:
    """The text with one listed word replaced by each of its synonyms."""
    out: set[str] = set()
    for group in groups:
        for word in group:
            if word in text:
                out |= {text.replace(word, other) for other in group if other != word}
    return out


def synonym_distractor(q: Question, ctx: BankContext) -> str | None:
    if not ctx.synonyms or q.negative:
        return None
    if q.type == JUDGE and q.answer == (FALSE,):
        readings = _synonym_readings(claim(q, ctx), ctx.synonyms)
        return "synonym_distractor" if any(ctx.is_stated(q.work, r) for r in readings) else None
    if q.type not in (SINGLE, MULTI):
        return None
    keys = {fold(k) for k in q.keys}
    left, right = q.context
    source = _source(q, ctx)
    for d in q.distractors:
        for r in _synonym_readings(d, ctx.synonyms):
            if fold(r) in keys or ((left or right) and ctx.is_stated(q.work, f"{left}{r}{right}")):
                return "synonym_distractor"
            if q.type == MULTI and fold(r) in source:
                return "synonym_distractor"
    return None


CLOZE_MAX = 6


def cloze_short(q: Question, ctx: BankContext) -> str | None:
    return "cloze_short" if q.type == CLOZE and len(q.answer[0]) > CLOZE_MAX else None


GATES: list[tuple[str, Gate]] = [
    ("key_count", key_count),
    ("key_in_source", key_in_source),
    ("distractor_true", distractor_true),
    ("options_distinct", options_distinct),
    ("options_alike", options_alike),
    ("key_in_stem", key_in_stem),
    ("well_formed", well_formed),
    ("no_seams", no_seams),
    ("key_shares_stem_word", key_shares_stem_word),
    ("lead_in", lead_in),
    ("points_back", leans_back),
    ("numbers_plausible", numbers_plausible),
    ("bounds_in_order", bounds_in_order),
    ("synonym_distractor", synonym_distractor),
    ("cloze_short", cloze_short),
]


@dataclass
class Validation:
    """The questions kept, and for the dropped ones the count per reason with a few examples."""

    kept: list[Question]
    dropped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    by_generator: dict[str, Counter[str]] = field(default_factory=dict)  # generator → made, and drops per reason


def check(q: Question, ctx: BankContext) -> str | None:
    """The first gate a question fails, or None."""
    for name, gate in GATES:
        if gate(q, ctx):
            return name
    return None


def _bigrams(s: str) -> set[str]:
    """A stem's character pairs, each one shared string."""
    return set(map(sys.intern, char_bigrams(fold(s).replace(fold(BLANK), "_"))))


def _alike(grams: set[str], other: tuple[str, ...]) -> float:
    """How alike two stems are (Jaccard over their character pairs); ``other`` holds each pair once."""
    shared = len(grams.intersection(other))
    return shared / max(1, len(grams) + len(other) - shared)


def validate(questions: Iterable[Question], ctx: BankContext, *, similar: float = 0.85) -> Validation:
    """Run every gate on every question, then merge near-duplicates (of one work) into the first of them."""
    result = Validation(kept=[])
    seen_ids: set[str] = set()
    # within one work only; every kept stem's pairs as a tuple until the end (a set of them is five times the size)
    by_key: dict[tuple[str, str, str], list[tuple[str, ...]]] = {}
    for q in questions:
        tally = result.by_generator.setdefault(q.generator, Counter())
        tally["made"] += 1
        reason = check(q, ctx)
        if reason is None and q.id in seen_ids:
            reason = "near_duplicate"
        if reason is None:
            answer = "|".join(sorted(fold(k) for k in (q.keys if q.options else q.answer)))
            grams = _bigrams(q.stem)
            group = by_key.setdefault((q.work, q.type, answer), [])
            if any(_alike(grams, g) >= similar for g in group):
                reason = "near_duplicate"
            else:
                group.append(tuple(grams))
        if reason:
            result.dropped[reason] += 1
            tally[reason] += 1
            examples = result.examples.setdefault(reason, [])
            if len(examples) < 3:
                examples.append(f"{q.id} {q.stem[:60]}")
            continue
        seen_ids.add(q.id)
        result.kept.append(q)
    return result
