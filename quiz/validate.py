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

Then near-duplicates (same type, same key, stems alike) are merged into the first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from corpus.text import char_bigrams
from quiz.context import BankContext
from quiz.model import BLANK, CLOZE, FALSE, JUDGE, MULTI, SINGLE, TRUE, Question
from quiz.text import fold, form_problem

Gate = Callable[[Question, BankContext], str | None]
REASONS = {
    "key_in_source": "答案不在出处原文中",
    "key_count": "选项或答案个数不符合题型",
    "distractor_true": "干扰项在同一文件中也成立",
    "options_distinct": "选项重复",
    "options_alike": "选项类型或长短不一致",
    "key_in_stem": "题干泄露答案",
    "well_formed": "题干或选项格式不规范",
    "near_duplicate": "与已有题目重复（已合并）",
}
_NUMERIC = re.compile(r"^[\d.—–\-～~；零一二两三四五六七八九十百]+(?:级)?$")
_PREFIX = re.compile(r"^根据[^，]*?[》」]，")


def _source(q: Question, ctx: BankContext) -> str:
    texts = [ctx.by_ref[r].text for r in q.refs if r in ctx.by_ref]
    return fold("\n".join([*texts, *(e.text for e in q.evidence)]))


def statement(q: Question) -> str:
    """What a 判断 item states, without the 根据《…》 lead-in."""
    return _PREFIX.sub("", q.stem, count=1)


def key_in_source(q: Question, ctx: BankContext) -> str | None:
    src = _source(q, ctx)
    if q.type in (SINGLE, MULTI):
        must = q.distractors if q.negative else q.keys
        parts = [p for o in must for p in o.split("；")]
        if not parts or any(fold(p) not in src for p in parts):
            return "key_in_source"
        if q.negative and any(fold(k) in src for k in q.keys):
            return "key_in_source"
    elif q.type == JUDGE:
        said = q.correct_reading if q.answer == (FALSE,) else statement(q)
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
        return "distractor_true" if ctx.is_stated(q.work, statement(q)) else None
    if q.type not in (SINGLE, MULTI) or q.negative:
        return None
    left, right = q.context
    source = _source(q, ctx)
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
    lengths = [len(o) for o in q.options]
    ratio = 4 if q.option_kind == "statement" else 2.5  # whole sentences vary more than terms
    if len(numeric) > 1 or max(lengths) > ratio * min(lengths) + 3:
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


GATES: list[tuple[str, Gate]] = [
    ("key_count", key_count),
    ("key_in_source", key_in_source),
    ("distractor_true", distractor_true),
    ("options_distinct", options_distinct),
    ("options_alike", options_alike),
    ("key_in_stem", key_in_stem),
    ("well_formed", well_formed),
]


@dataclass
class Validation:
    """The questions kept, and for the dropped ones the count per reason with a few examples."""

    kept: list[Question]
    dropped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)


def check(q: Question, ctx: BankContext) -> str | None:
    """The first gate a question fails, or None."""
    for name, gate in GATES:
        if gate(q, ctx):
            return name
    return None


def _bigrams(s: str) -> set[str]:
    return set(char_bigrams(fold(s).replace(fold(BLANK), "_")))


def validate(questions: Iterable[Question], ctx: BankContext, *, similar: float = 0.85) -> Validation:
    """Run every gate on every question, then merge near-duplicates into the first of them."""
    result = Validation(kept=[])
    seen_ids: set[str] = set()
    by_key: dict[tuple[str, str], list[tuple[set[str], Question]]] = {}
    for q in questions:
        reason = check(q, ctx)
        if reason is None and q.id in seen_ids:
            reason = "near_duplicate"
        if reason is None:
            answer = "|".join(sorted(fold(k) for k in (q.keys if q.options else q.answer)))
            grams = _bigrams(q.stem)
            group = by_key.setdefault((q.type, answer), [])
            if any(len(grams & g) / max(1, len(grams | g)) >= similar for g, _ in group):
                reason = "near_duplicate"
            else:
                group.append((grams, q))
        if reason:
            result.dropped[reason] += 1
            examples = result.examples.setdefault(reason, [])
            if len(examples) < 3:
                examples.append(f"{q.id} {q.stem[:60]}")
            continue
        seen_ids.add(q.id)
        result.kept.append(q)
    return result
