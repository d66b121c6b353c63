"""The bank's mix: a pure selection step after the gates, so that the bank looks like the paper.

The paper has only 单选 and 多选; 判断 and 填空 are for drilling. After the gates, questions are
taken in bank order and dropped, each counted under its reason, when

    same_stem        another item of the same type has the same stem (without 根据《…》 and the blank)
    clause_cap       its clause already has enough items of its type (``PER_CLAUSE``)
    tested_already   a 判断 or 填空 whose tested span a 单选 or 多选 already tests
    drill_share      判断 + 填空 beyond ``DRILL_SHARE`` of the bank
    low_value_cap    “which part is this from”, a verbatim true 判断, a table look-up beyond ``LOW_VALUE_SHARE``
    judge_balance    a 判断 keyed 正确 beyond one more than the work's 判断 keyed 错误

Each work is mixed on its own, so adding or removing a document changes no other document's
questions; a regional work (provincial, municipal) gets half the per-clause allowance of a central
one, which keeps the central texts, which the exam tests closely, the larger share.

A drop that would leave a clause with fewer than ``COVERAGE_MIN`` items is not made, except for
``same_stem`` (a clause is covered by different questions, not by the same one twice) and for the
drills' share and balance, which keep a 判断 or 填空 only as its clause's last item (``DRILL_FLOOR``):
a verbatim copy does not make up a second item.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from quiz.context import BankContext, family
from quiz.model import BLANK, CLOZE, JUDGE, MULTI, SINGLE, TRUE, Question
from quiz.text import fold
from quiz.validate import statement

REASONS = {
    "same_stem": "与同题型题目题干相同",
    "clause_cap": "同一条款的同题型题目已够",
    "tested_already": "判断或填空所考内容已有单选、多选考到",
    "drill_share": "判断、填空超过题库的份额",
    "low_value_cap": "“出自哪一部分”、照抄原句的判断、查表题超过份额",
    "judge_balance": "答案为“正确”的判断题多于答案为“错误”的",
    "regional_cap": "地方文件的同一条款题目已够（中央文件每条款可出的一半）",
}
PER_CLAUSE = {SINGLE: 8, MULTI: 4, JUDGE: 1, CLOZE: 1}
PER_REGIONAL_CLAUSE = {SINGLE: 4, MULTI: 2, JUDGE: 1, CLOZE: 1}
# Which items a cap keeps first: the kinds the review found best, then the rest in bank order.
KEEP_FIRST = ("compare", "respectively", "conditions", "number", "table", "term", "enumeration", "cloze", "judge", "heading")
DRILL_SHARE = 0.25  # 判断 + 填空 at most a quarter: 单选 + 多选 ≥ 75 %
LOW_VALUE_SHARE = 0.04  # of the 单选 + 多选 items: each low-value kind stays under 5 % of the bank
COVERAGE_MIN = 2
FALSE_PER_TRUE = 2  # 判断 keyed 错误 per 判断 keyed 正确 at most: answering 错误 every time must not pay either
DRILL_FLOOR = 1  # a 判断 or 填空 beyond its share stays only as its clause's last item, not to make up a second
COVERED_LEVELS = ("central", "provincial")  # the texts the exam tests closely: every clause at least twice
CENTRAL = "central"
REGIONAL = ("provincial", "municipal", "county")
CHOICE = (SINGLE, MULTI)
GENERIC_STEM = re.compile(r"(?:关于.{1,30}?)?下列(?:说法|表述)(?:正确|错误|不正确)的(?:是|有)")


def stem_key(q: Question) -> str:
    """A stem as a candidate reads it: without the 根据《…》 lead-in, the blank and punctuation — unless
    the lead-in is all it asks about (根据《…》，下列说法正确的有: one such item per document is no repeat)."""
    key = "".join(ch for ch in fold(statement(q).replace(BLANK, "")) if ch.isalnum())
    if GENERIC_STEM.fullmatch(key):
        return "".join(ch for ch in fold(q.stem.replace(BLANK, "")) if ch.isalnum())
    return key


def low_value(q: Question) -> str | None:
    """The kind of low-value item a question is (its generator, or a verbatim true 判断), or None."""
    if q.generator in ("heading", "table"):
        return q.generator
    if q.type == JUDGE and q.answer == (TRUE,) and q.generator == "judge":
        return "verbatim"
    return None


@dataclass
class Mix:
    """The questions kept, and the drops per reason and per generator."""

    kept: list[Question]
    dropped: Counter[str] = field(default_factory=Counter)
    by_generator: dict[str, Counter[str]] = field(default_factory=dict)


def _overlaps(a: Question, b: Question) -> bool:
    return any(x.ref == y.ref and x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


def select_mix(questions: Sequence[Question], ctx: BankContext) -> Mix:
    """Keep the questions that make the bank look like the paper, work by work; count every drop under its reason."""
    by_work: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_work[q.work].append(q)
    level = {c.work: c.level for c in ctx.clauses}
    families = {c.work: family(ctx, c) for c in ctx.clauses}
    mix = Mix(kept=[])
    kept_per_work: Counter[str] = Counter()
    # central texts first: a regional text has no more items than the central text it carries out
    for work in sorted(by_work, key=lambda w: (level.get(w) in REGIONAL, w)):
        regional = level.get(work) in REGIONAL
        bar = min((kept_per_work[w] for w in _carried_out(work, ctx)), default=None) if regional else None
        one = _select_work(
            by_work[work],
            regional=regional,
            bar=bar,
            covered=level.get(work) in COVERED_LEVELS,
            unit=_units(ctx),
            # a law's articles are tested by 单选 (every rule article has one): a copy keyed 正确 beyond the
            # balance covers nothing there; a policy text's slogan measure may have nothing else to drill it
            copies_cover=families.get(work, "policy") == "policy",
        )
        kept_per_work[work] = len(one.kept)
        mix.kept += one.kept
        mix.dropped.update(one.dropped)
        for name, drops in one.by_generator.items():
            mix.by_generator.setdefault(name, Counter()).update(drops)
    _hold_share(mix, level)
    _hold_answers(mix, families)
    _hold_regional(mix, ctx, level)
    position = {q.id: i for i, q in enumerate(questions)}
    mix.kept.sort(key=lambda q: position[q.id])
    return mix


def _hold_share(mix: Mix, level: dict[str, str]) -> None:
    """The bank's share of 单选 + 多选 is a bar, not a wish: where coverage kept more drills than ``DRILL_SHARE``
    allows across the bank, drills go that neither coverage nor the central-before-regional rule needs — a
    regional text's before a central one's, the least valued first, never a clause's last items (two where the
    text is one the bank covers twice)."""
    n_choice = sum(q.type in CHOICE for q in mix.kept)
    extra = sum(q.type not in CHOICE for q in mix.kept) - int(n_choice * DRILL_SHARE / (1 - DRILL_SHARE))
    if extra <= 0:
        return
    rank = {g: i for i, g in enumerate(KEEP_FIRST)}
    per_clause = Counter(q.refs[0] for q in mix.kept if q.refs)

    def spare(q: Question) -> bool:
        floor = COVERAGE_MIN if level.get(q.work) in COVERED_LEVELS else 1
        return bool(q.refs) and per_clause[q.refs[0]] > floor

    def worth(q: Question) -> tuple[bool, int, bool]:  # the first to go sort first
        return level.get(q.work) not in REGIONAL, -rank.get(q.generator, len(rank)), low_value(q) is None

    gone: set[str] = set()
    for q in sorted((q for q in mix.kept if q.type not in CHOICE), key=worth):
        if len(gone) == extra:
            break
        if spare(q):
            gone.add(q.id)
            per_clause[q.refs[0]] -= 1
            mix.dropped["drill_share"] += 1
            mix.by_generator.setdefault(q.generator, Counter())["drill_share"] += 1
    mix.kept = [q for q in mix.kept if q.id not in gone]


def _hold_answers(mix: Mix, families: dict[str, str]) -> None:
    """Across the bank, 判断 keyed 错误 at most ``FALSE_PER_TRUE`` per 判断 keyed 正确, as in each document: a
    document's allowance of a few 错误 beyond its own ratio adds up over forty laws (107 错误 to 30 正确), and a
    candidate who always answers 错误 would score 78 %. The 错误 items of the documents holding the most go
    first, the least valued first; a policy text's clause keeps its last item (its drills cover it; a law's
    articles are covered by 单选)."""
    falses = [q for q in mix.kept if q.type == JUDGE and q.answer != (TRUE,)]
    trues = sum(q.type == JUDGE and q.answer == (TRUE,) for q in mix.kept)
    extra = len(falses) - FALSE_PER_TRUE * trues
    if extra <= 0:
        return
    rank = {g: i for i, g in enumerate(KEEP_FIRST)}
    per_clause = Counter(q.refs[0] for q in mix.kept if q.refs)
    per_work = Counter(q.work for q in falses)
    gone: set[str] = set()
    while len(gone) < extra:
        spare = [
            q for q in falses if q.id not in gone and (families.get(q.work) == "law" or not q.refs or per_clause[q.refs[0]] > 1)
        ]
        if not spare:
            break
        q = max(spare, key=lambda q: (per_work[q.work], -rank.get(q.generator, len(rank))))
        gone.add(q.id)
        per_work[q.work] -= 1
        if q.refs:
            per_clause[q.refs[0]] -= 1
        mix.dropped["judge_balance"] += 1
        mix.by_generator.setdefault(q.generator, Counter())["judge_balance"] += 1
    mix.kept = [q for q in mix.kept if q.id not in gone]


def _hold_regional(mix: Mix, ctx: BankContext, level: dict[str, str]) -> None:
    """After the share is held, a regional text still has no more items than the central text it carries out
    (the share may have taken a central drill): its least valued items beyond go, drills first."""
    rank = {g: i for i, g in enumerate(KEEP_FIRST)}
    kept = Counter(q.work for q in mix.kept)
    for work in sorted(w for w in kept if level.get(w) in REGIONAL):
        bar = min((kept[w] for w in _carried_out(work, ctx)), default=None)
        if bar is None or kept[work] <= bar:
            continue
        mine = sorted(
            (q for q in mix.kept if q.work == work),
            key=lambda q: (q.type in CHOICE, -rank.get(q.generator, len(rank)), low_value(q) is None),
        )
        gone = {q.id for q in mine[: kept[work] - bar]}
        for q in mine:
            if q.id in gone:
                mix.dropped["regional_cap"] += 1
                mix.by_generator.setdefault(q.generator, Counter())["regional_cap"] += 1
        mix.kept = [q for q in mix.kept if q.id not in gone]
        kept[work] = bar


def _carried_out(work: str, ctx: BankContext) -> set[str]:
    """The central works a work's clauses are linked to (the texts it carries out)."""
    out: set[str] = set()
    for c in ctx.clauses:
        if c.work == work:
            for other in ctx.linked.get(c.ref, ()):
                target = ctx.by_ref.get(other)
                if target is not None and target.work != work and target.level == CENTRAL:
                    out.add(target.work)
    return out


def _units(ctx: BankContext) -> dict[str, str]:
    """The clause a question's first ref counts toward when coverage is kept: an item (（一）……) its article's."""
    return ctx.memo(
        "coverage_units", lambda: {c.ref: (c.parent_ref or c.ref) if c.kind == "item" else c.ref for c in ctx.clauses}
    )


def _select_work(
    questions: Sequence[Question],
    *,
    regional: bool,
    bar: int | None = None,
    covered: bool = True,
    unit: dict[str, str] | None = None,
    copies_cover: bool = True,
) -> Mix:
    """The mix of one work's questions; ``bar``: at most this many items (drill items go first), unless the
    work is one whose every clause the bank promises two items (``covered``) and a drop would break that."""
    position = {q.id: i for i, q in enumerate(questions)}
    rank = {g: i for i, g in enumerate(KEEP_FIRST)}
    # decide in the order of what to keep first (a false 判断 before a verbatim one), restore bank order at the end
    mix = Mix(kept=sorted(questions, key=lambda q: (rank.get(q.generator, len(rank)), low_value(q) is not None)))
    unit = unit or {}

    def units(q: Question) -> set[str]:
        return {unit.get(r, r) for r in q.refs}

    def first(q: Question) -> list[str]:
        return [unit.get(r, r) for r in q.refs[:1]]

    counts: Counter[str] = Counter(r for q in questions for r in units(q))

    def drop(
        reason: str,
        pick: Callable[[Question], bool],
        *,
        protect: bool = True,
        limit: int | None = None,
        last: bool = False,
        floor: int = COVERAGE_MIN,
    ) -> None:
        out: list[Question] = []
        dropped = 0
        for q in reversed(mix.kept) if last else mix.kept:
            wanted = (limit is None or dropped < limit) and pick(q)
            if wanted and protect and any(counts[r] <= floor for r in first(q)) and (copies_cover or low_value(q) != "verbatim"):
                wanted = False  # the clause's last item stays — unless it is a copy where copies cover nothing
            if wanted:
                dropped += 1
                for r in units(q):
                    counts[r] -= 1
                mix.dropped[reason] += 1
                mix.by_generator.setdefault(q.generator, Counter())[reason] += 1
            else:
                out.append(q)
        mix.kept = out[::-1] if last else out

    seen: set[tuple[str, str]] = set()

    def repeated(q: Question) -> bool:
        key = (q.type, stem_key(q))
        if key in seen:
            return True
        seen.add(key)
        return False

    drop("same_stem", repeated, protect=False)

    per_clause: Counter[tuple[str, str]] = Counter()

    allowance = PER_REGIONAL_CLAUSE if regional else PER_CLAUSE

    def over_cap(q: Question) -> bool:
        key = (q.refs[0] if q.refs else "", q.type)
        per_clause[key] += 1
        return per_clause[key] > allowance[q.type]

    drop("regional_cap" if regional else "clause_cap", over_cap)

    choice = [q for q in mix.kept if q.type in CHOICE]
    by_ref: dict[str, list[Question]] = defaultdict(list)
    for q in choice:
        for e in q.evidence:
            by_ref[e.ref].append(q)
    # a 判断 keyed 错误 asks for a change no blank asks for: it stays beside the 单选 on the same words
    drop(
        "tested_already",
        lambda q: (
            q.type not in CHOICE
            and not (q.type == JUDGE and q.answer != (TRUE,))
            and any(_overlaps(q, c) for e in q.evidence for c in by_ref[e.ref])
        ),
    )

    n_choice = sum(q.type in CHOICE for q in mix.kept)
    cap = int(LOW_VALUE_SHARE * n_choice)
    # within a cap, the low-value items that are what covers their clause are kept first
    mix.kept.sort(key=lambda q: not any(counts[r] <= COVERAGE_MIN for r in first(q)))
    for kind in ("heading", "table", "verbatim"):
        taken = [0]

        def beyond(q: Question, kind: str = kind, taken: list[int] = taken) -> bool:
            if low_value(q) != kind:
                return False
            taken[0] += 1
            return taken[0] > cap

        drop("low_value_cap", beyond)

    # 判断 keyed 正确 no more often than 判断 keyed 错误: answering 正确 every time must not pay
    falses = sum(q.type == JUDGE and q.answer != (TRUE,) for q in mix.kept)
    trues = [0]

    def unbalanced(q: Question) -> bool:
        if q.type != JUDGE or q.answer != (TRUE,):
            return False
        trues[0] += 1
        return trues[0] > falses + 1

    drop("judge_balance", unbalanced, protect=covered, floor=DRILL_FLOOR)

    # nor 错误 every time: where copies are capped (a law's articles), 判断 keyed 错误 at most FALSE_PER_TRUE per
    # 正确 one (the best kept: a composed or one-slot change in order of kind)
    kept_trues = sum(q.type == JUDGE and q.answer == (TRUE,) for q in mix.kept)
    falses_seen = [0]

    def lopsided(q: Question) -> bool:
        if q.type != JUDGE or q.answer == (TRUE,):
            return False
        falses_seen[0] += 1
        return falses_seen[0] > FALSE_PER_TRUE * kept_trues + 2

    drop("judge_balance", lopsided, protect=covered and copies_cover, floor=DRILL_FLOOR)

    drill_cap = int(n_choice * DRILL_SHARE / (1 - DRILL_SHARE))
    drills = [0]
    # the share goes first to the drills that are their clause's last item (they stay anyway, so they count
    # within it, not on top of it), then to 判断 keyed 错误 and 正确 in turn (so that neither answer pays when
    # the share is cut), each in order of kind (a composed rule before a copy)
    turn: dict[str, int] = {}
    seen_by_answer: Counter[tuple[str, ...]] = Counter()
    for q in sorted(mix.kept, key=lambda q: (rank.get(q.generator, len(rank)), low_value(q) is not None)):
        if q.type == JUDGE:
            turn[q.id] = 2 * seen_by_answer[q.answer] + (q.answer == (TRUE,))
            seen_by_answer[q.answer] += 1
    mix.kept.sort(
        key=lambda q: (
            not (covered and any(counts[r] <= DRILL_FLOOR for r in first(q)) and (copies_cover or low_value(q) != "verbatim")),
            turn.get(q.id, 0),
            rank.get(q.generator, len(rank)),
        )
    )

    def beyond_drill(q: Question) -> bool:
        if q.type in CHOICE:
            return False
        drills[0] += 1
        return drills[0] > drill_cap

    drop("drill_share", beyond_drill, floor=DRILL_FLOOR)

    if bar is not None:
        mix.kept.sort(key=lambda q: (rank.get(q.generator, len(rank)), low_value(q) is not None))
        for types in ((JUDGE, CLOZE), CHOICE):
            excess = len(mix.kept) - bar
            if excess > 0:
                drop("regional_cap", lambda q, t=types: q.type in t, protect=covered, limit=excess, last=True)  # type: ignore[misc]
    mix.kept.sort(key=lambda q: position[q.id])
    return mix
