"""The ``slot`` generator: a typed slot of an analysed clause blanked, distractors of the same slot type.

    level   县级层面制定…考核方案: the other rungs of the ladder nearest the key (省级 / 市地级 / 街道（乡镇）),
            printed the way the corpus prints a level in front of 层面, 党委 …
    body    县级党委组织部门: the same level with another body of the same head noun (县级党委社会工作部门,
            县级民政部门 …), the bodies taken from every body slot of the corpus
    scope   正职 / 副职 / 其他社区工作者: the other words of the key's lexicon line
    modality  不得 / 可以 / 应当 / 鼓励: one word of each other force (never 严禁 beside 不得)

A blank never falls inside a bracketed remark (（省委组织部、省委社会工作部负责）: who carries a
measure out is not what the clause asks), a list item keeps its lead-in (``stem_for``), and the
gates then refuse any distractor the same work also states there, or a synonym of the key.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache

from kb.analysis import Slot
from quiz.context import BankContext, eligible_sentences
from quiz.generators import ev, generator, stem_for
from quiz.model import BLANK, MULTI, SINGLE, Draft, SourceClause, rng_for
from quiz.numbers import numeral_span, plausible_values, printed
from quiz.text import body_start, fold

ASKED = ("body", "level", "scope", "modality")
# A modal blank offers one word of each force, so no two options mean the same (不得 / 严禁 / 禁止 are one):
MODAL_FORCES = {"不得": "不得", "严禁": "不得", "禁止": "不得", "可以": "可以", "应当": "应当", "必须": "应当", "鼓励": "鼓励"}
MODAL_OPTIONS = ("可以", "应当", "不得", "鼓励")
LADDER = {1: "省级", 2: "市地级", 3: "县级", 4: "街道（乡镇）"}  # how a distractor prints a rung (rank 0 is 中央)
LEVEL_KEYS = {"省级", "市地级", "市级", "地市级", "县级"}  # a level blank asks for one of these
BODY_HEADS = ("部门", "委员会", "党委", "政府")
MAX_PER_CLAUSE = 6


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


def _core(slot: Slot) -> str | None:
    """A body without the level in front of it (县级党委组织部门 → 党委组织部门); None when the level
    is spelled some other way (旗县区民政部门), since the rest is then no body of its own."""
    if slot.level is None:
        return slot.text
    for spelling in (*LEVEL_KEYS, "各级"):
        if slot.text.startswith(spelling):
            return slot.text[len(spelling) :]
    return None


def body_cores(ctx: BankContext) -> dict[str, list[str]]:
    """Every body of the corpus without its level, by head noun, most often named first."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for c in ctx.clauses:
        for s in c.analysis.slots if c.analysis else ():
            if s.kind == "body" and s.head in BODY_HEADS and "“" not in s.text and not in_remark(c.text, s.start):
                core = _core(s)
                if core is not None and 4 <= len(core) <= 10:
                    counts[s.head][core] = counts[s.head].get(core, 0) + 1
    return {head: sorted(cores, key=lambda k: (-cores[k], k)) for head, cores in counts.items()}


def _synonymous(a: str, b: str, ctx: BankContext) -> bool:
    """Whether two phrases name the same thing: one holds the other, or a listed synonym turns one into the other
    (县级组织部门 / 县级党委组织部门)."""
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa:
        return True
    for group in ctx.synonyms:
        for w in group:
            if w in a and any(a.replace(w, other) == b for other in group if other != w):
                return True
    return False


def _ranks_named(c: SourceClause, a: int, b: int, slot: Slot) -> set[int]:
    """The ladder rungs the rest of a sentence names (its other level slots)."""
    return {
        s.rank
        for s in (c.analysis.slots if c.analysis else ())
        if s.kind == "level" and s.rank is not None and a <= s.start < b and s is not slot
    }


def _named_otherwise(option: str, sentence: str, ctx: BankContext) -> bool:
    """Whether the sentence already names the option under another spelling (高等学校毕业生 for 高校毕业生;
    居民委员会主任 beside 居委会主任): put in, it would name one person twice and the change would still be true."""
    for group in ctx.synonyms:
        for w in group:
            if w in option and any(other != w and option.replace(w, other) in sentence for other in group):
                return True
    return False


def _level_options(slot: Slot, named: set[int]) -> list[str]:
    """The nearest other rungs, leaving out those the sentence already names (市级 in the stem rules out 市地级)."""
    if slot.text not in LEVEL_KEYS or slot.rank is None:
        return []
    near = sorted((r for r in LADDER if r != slot.rank and r not in named), key=lambda r: (abs(r - slot.rank), r))  # type: ignore[operator]
    return [LADDER[r] for r in near]


def _cores_of(option: str) -> list[str]:
    """The body an option names without its level word (各级党委社会工作部门 → 党委社会工作部门)."""
    out = [option]
    for spelling in (*LEVEL_KEYS, "各级", "同级"):
        if option.startswith(spelling) and len(option) - len(spelling) >= 4:
            out.append(option[len(spelling) :])
    return out


def _body_options(slot: Slot, cores: dict[str, list[str]], ctx: BankContext, rng: random.Random) -> list[str]:
    if slot.head not in BODY_HEADS or "“" in slot.text or not 4 <= len(slot.text) <= 14:
        return []
    core = _core(slot)
    if core is None:
        return []
    prefix = slot.text[: len(slot.text) - len(core)]
    others = [k for k in cores.get(slot.head or "", []) if not _synonymous(k, core, ctx)]
    head, tail = others[:4], others[4:]
    rng.shuffle(tail)
    return [prefix + k for k in head + tail]


def _scope_options(slot: Slot, ctx: BankContext) -> list[str]:
    return [w for w in slot.alternatives if not _synonymous(w, slot.text, ctx)]


def _modal_options(slot: Slot) -> list[str]:
    force = MODAL_FORCES.get(slot.text)
    return [] if force is None else [w for w in MODAL_OPTIONS if w != force]


def _options(
    slot: Slot, cores: dict[str, list[str]], ctx: BankContext, rng: random.Random, named: set[int] | None = None
) -> list[str]:
    if slot.kind == "level":
        return _level_options(slot, named or set())
    if slot.kind == "body":
        return _body_options(slot, cores, ctx, rng)
    if slot.kind == "modality":
        return _modal_options(slot)
    return _scope_options(slot, ctx)


def _distractors(
    c: SourceClause, slot: Slot, sentence: str, candidates: Sequence[str], ctx: BankContext, n: int = 3
) -> list[str]:
    """The first candidates that, put in the blank, read as nothing the same work states.

    A candidate the stem's sentence already names is no distractor (it is eliminated at sight), nor
    one that means what the key or another chosen option means (two options can't both be wrong
    for the same reason a candidate can see).
    """
    left, right = c.text[: slot.start], c.text[slot.end :]
    window = 12
    chosen: list[str] = []
    for option in candidates:
        reading = left[-window:] + option + right[:window]
        if option in sentence or ctx.is_stated(c.work, reading) or _named_otherwise(option, sentence, ctx):
            continue
        if slot.kind == "body" and any(core in sentence for core in _cores_of(option)):
            continue
        if any(_synonymous(option, other, ctx) for other in [slot.text, *chosen]):
            continue
        chosen.append(option)
        if len(chosen) == n:
            break
    return chosen


@generator("slot", "要素替换题")
def slot_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选: a level, a body, a scope or a modal word of a clause blanked; distractors of the same slot type."""
    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    for c in ctx.clauses:
        if c.analysis is None:
            continue
        start = body_start(c.text, c.heading)
        rng = rng_for("slot", c.ref)
        asked: set[str] = set()
        made = 0
        for slot in c.analysis.slots:
            if made >= MAX_PER_CLAUSE:
                break
            if slot.kind not in ASKED or slot.start < start or slot.text in asked or in_remark(c.text, slot.start):
                continue
            stem, (a, b) = stem_for(c, slot.start, slot.end)
            sentence = c.text[a : slot.start] + c.text[slot.end : b]
            distractors = _distractors(c, slot, sentence, _options(slot, cores, ctx, rng, _ranks_named(c, a, b, slot)), ctx)
            if len(distractors) < 3:
                continue
            asked.add(slot.text)
            made += 1
            yield Draft(
                "slot",
                SINGLE,
                stem,
                (slot.text,),
                tuple(distractors),
                sources=(c,),
                evidence=(ev(c, slot.start, slot.end),),
                difficulty=3,
                topics=c.topics,
                option_kind="term",
                context=(c.text[a : slot.start], c.text[slot.end : b]),
            )


# ---- 下列说法正确的是 / 错误的是, made of same-slot changes -------------------------------------------

MODAL_SWAPS = (("不得", "可以"), ("可以", "不得"), ("应当", "可以"), ("不少于", "不超过"), ("不超过", "不少于"))
STATEMENT_LENGTH = (14, 60)


def false_by_slot(
    ctx: BankContext, c: SourceClause, a: int, b: int, cores: dict[str, list[str]], rng: random.Random
) -> tuple[str, str, str] | None:
    """The sentence text[a:b] with one slot changed to a reading of the same type that the work does not state.

    Returns (the changed sentence, the old words, the new words). A number goes to a policy-plausible
    value, a level to the next rung, a body to another body of its kind, a scope to another of its
    line, a modal or bound word to its opposite — the changes the exam cares about.
    """
    if c.analysis is None:
        return None
    sentence = c.text[a:b]
    for slot in c.analysis.slots:
        if not (a <= slot.start and slot.end <= b) or in_remark(c.text, slot.start):
            continue
        rest = c.text[a : slot.start] + c.text[slot.end : b]
        if slot.kind in ASKED:
            candidates = _options(slot, cores, ctx, rng)
        elif slot.kind == "number" and isinstance(slot.value, float) and slot.unit and slot.high is None:
            span = numeral_span(c.text, slot.start, slot.end)
            if span is None:
                continue
            values = plausible_values(slot.value, slot.unit, {slot.value}, 3, rng)
            numerals = [printed(v, c.text[span[0] : span[1]]) for v in values]
            candidates = [c.text[slot.start : span[0]] + n + c.text[span[1] : slot.end] for n in numerals]
        else:
            continue
        chosen = _distractors(c, slot, rest, candidates, ctx, n=1)
        if chosen:
            changed = c.text[a : slot.start] + chosen[0] + c.text[slot.end : b]
            return changed.rstrip("。；"), slot.text, chosen[0]
    for old, new in MODAL_SWAPS:
        at = sentence.find(old)
        if at >= 0:
            changed = sentence[:at] + new + sentence[at + len(old) :]
            if not ctx.is_stated(c.work, changed.rstrip("。；")):
                return changed.rstrip("。；"), old, new
    return None


def _statements(c: SourceClause) -> list[tuple[int, int]]:
    lo, hi = STATEMENT_LENGTH
    return [
        (a, b)
        for a, b in eligible_sentences(c, lo, hi)
        if not c.text[a:b].rstrip("。；").endswith("的") and not in_remark(c.text, a)
    ]


def _measure(ctx: BankContext, c: SourceClause) -> tuple[str, str] | None:
    """What a statement item is about, and the group of clauses it may draw options from.

    A clause with a heading is its own measure (关于“优化工作力量配置”); a clause without one (an item,
    a paragraph) belongs to its parent's measure, whose other clauses give options too.
    """
    if c.heading:
        return c.heading, c.ref
    parent = ctx.by_ref.get(c.parent_ref or "")
    if parent is not None and parent.heading:
        return parent.heading, parent.ref
    return None


Stated = tuple[SourceClause, tuple[int, int]]
Changed = tuple[SourceClause, tuple[int, int], tuple[str, str, str]]


def _measures(ctx: BankContext, salt: str) -> Iterator[tuple[str, str, list[Stated], list[Changed]]]:
    """Each measure's citation, heading, sentences as printed and sentences changed in one slot."""
    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    groups: dict[tuple[str, str, str], list[SourceClause]] = defaultdict(list)
    for c in ctx.clauses:
        measure = _measure(ctx, c)
        if c.analysis is not None and measure is not None:
            groups[(c.work, c.cite, measure[1])].append(c)
    for (_, cite, group_ref), members in groups.items():
        heading = (_measure(ctx, members[0]) or ("", ""))[0]
        rng = rng_for(group_ref, salt)
        truths = [(c, span) for c in members for span in _statements(c)]
        falses = [(c, span, f) for c, span in truths if (f := false_by_slot(ctx, c, *span, cores, rng))]
        yield cite, heading, truths, falses


@generator("statement", "表述正误题")
def statement_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选 下列说法正确的是 / 错误的是 over one measure: its sentences as printed and changed in one slot."""
    for cite, heading, truths, falses in _measures(ctx, "statement"):
        about = f"关于“{heading}”"
        for c, span, (text, old, new) in falses:
            others = [(o, sp) for o, sp in truths if (o.ref, sp) != (c.ref, span)]
            own = [t for t in others if t[0].ref == c.ref]
            picked = (own + [t for t in others if t[0].ref != c.ref])[:3]
            if len(picked) < 3:
                continue
            yield Draft(
                "statement",
                SINGLE,
                f"根据{cite}，{about}，下列说法错误的是{BLANK}。",
                (text,),
                tuple(o.text[a:b].rstrip("。；") for o, (a, b) in picked),
                sources=(c, *[o for o, _ in picked if o.ref != c.ref]),
                evidence=tuple(ev(o, a, b) for o, (a, b) in picked),
                variant=f"wrong:{span[0]}",
                difficulty=4,
                option_kind="statement",
                negative=True,
                correct_reading=c.text[span[0] : span[1]].rstrip("。；"),
                note=f"错误之处：“{new}”原文为“{old}”。",
            )
            break  # one 错误的是 item per measure: its stem is the measure's
        for c, span in truths:
            wrong = [f for f in falses if (f[0].ref, f[1]) != (c.ref, span)]
            own_f = [f for f in wrong if f[0].ref == c.ref]
            picked_f = (own_f + [f for f in wrong if f[0].ref != c.ref])[:3]
            if len(picked_f) < 3:
                continue
            yield Draft(
                "statement",
                SINGLE,
                f"根据{cite}，{about}，下列说法正确的是{BLANK}。",
                (c.text[span[0] : span[1]].rstrip("。；"),),
                tuple(f[2][0] for f in picked_f),
                sources=(c, *[f[0] for f in picked_f if f[0].ref != c.ref]),
                evidence=(ev(c, *span),),
                variant=f"right:{span[0]}",
                difficulty=4,
                option_kind="statement",
                note="错误选项：" + "；".join(f"“{f[2][2]}”原文为“{f[2][1]}”" for f in picked_f) + "。",
            )
            break  # one 正确的是 item per measure


@generator("statements", "组合表述题")
def statements_multi(ctx: BankContext) -> Iterator[Draft]:
    """多选 下列说法正确的有 / 错误的有 over one measure: 2–4 of its sentences as printed, the rest changed in one slot."""
    for cite, heading, truths, falses in _measures(ctx, "statements"):
        changed = {(c.ref, span) for c, span, _ in falses}
        printed_ = [(c, span) for c, span in truths if (c.ref, span) not in changed]
        about = f"关于“{heading}”"
        for right, wrong, word in ((printed_, falses, "正确"), (falses, printed_, "错误")):
            keys = right[:3] if len(wrong) >= 2 else right[:4] if len(wrong) >= 1 else []
            if len(keys) < 2 or len(keys) + len(wrong) < 5:
                continue
            rest = wrong[: 5 - len(keys)]
            texts = [_stated(x) for x in keys], [_stated(x) for x in rest]
            sources = tuple(dict.fromkeys(x[0] for x in [*keys, *rest]))
            notes = [f"“{x[2][2]}”原文为“{x[2][1]}”" for x in falses if x in keys or x in rest]
            yield Draft(
                "statements",
                MULTI,
                f"根据{cite}，{about}，下列说法{word}的有{BLANK}。",
                tuple(texts[0]),
                tuple(texts[1]),
                sources=sources,
                evidence=tuple(ev(x[0], *x[1]) for x in (keys if word == "正确" else rest)),
                variant=word,
                difficulty=4,
                option_kind="statement",
                negative=word == "错误",
                note="改动之处：" + "；".join(notes) + "。",
            )


def _stated(x: tuple[SourceClause, tuple[int, int]] | tuple[SourceClause, tuple[int, int], tuple[str, str, str]]) -> str:
    """An option's text: the sentence as printed, or as changed."""
    if len(x) == 3:
        return x[2][0]
    c, (a, b) = x[0], x[1]
    return c.text[a:b].rstrip("。；")
