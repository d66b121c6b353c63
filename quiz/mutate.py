"""False statements made from true ones by one controlled change.

Pure functions. A change replaces one thing of a sentence: a number (6个月 → 3个月), a level
(县级 → 省级), a responsible body, a quoted or institution term, a list item, or a modal or bound
word (可以 ↔ 不得, 不少于 ↔ 不超过). Each result says what was changed, so that the explanation can
give the correct reading.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb.facts import extract_facts
from quiz.numbers import bracket, numeral_span, plausible_values, printed
from quiz.terms import choose_distractors, find_terms, synthetic_variants
from quiz.text import enumerations, fold

MODAL_SWAPS = (
    ("不得超过", "不得少于"),
    ("不超过", "不少于"),
    ("不少于", "不超过"),
    ("不低于", "不高于"),
    ("至少", "至多"),
    ("不得", "可以"),
    ("可以", "不得"),
    ("应当", "可以"),
    ("必须", "可以"),
)


@dataclass(frozen=True)
class Mutation:
    """One change to a sentence: the changed text and what was replaced by what."""

    text: str
    start: int
    end: int
    old: str
    new: str
    kind: str  # number | modal | level | actor | quoted | institution | bold | item


def _replace(sentence: str, start: int, end: int, new: str, kind: str) -> Mutation:
    return Mutation(sentence[:start] + new + sentence[end:], start, end, sentence[start:end], new, kind)


def mutations(
    sentence: str,
    *,
    work: str,
    pools: dict[str, list[tuple[str, str]]],
    items: Sequence[tuple[str, str]],
    rng: random.Random,
) -> list[Mutation]:
    """Every single controlled change that can be made to a sentence, in a shuffled order."""
    out: list[Mutation] = []
    for f in extract_facts(sentence):
        span = numeral_span(sentence, *f.span)
        if span is None or f.high is not None:
            continue
        raw = sentence[span[0] : span[1]]
        stated = {x.value for x in extract_facts(sentence) if x.unit == f.unit}
        for value in plausible_values(f.value, f.unit, stated, 1, rng, within=bracket(sentence, f.unit, span)):
            out.append(_replace(sentence, *span, printed(value, raw), "number"))
    for old, new in MODAL_SWAPS:
        at = sentence.find(old)
        if at >= 0:
            out.append(_replace(sentence, at, at + len(old), new, "modal"))
            break
    for term in find_terms(sentence):
        candidates = [(v, work) for v in synthetic_variants(term)] + pools.get(term.kind, [])
        picked = choose_distractors(term.text, candidates, source_text=sentence, work=work, n=1, rng=rng)
        if picked:
            out.append(_replace(sentence, term.start, term.end, picked[0], term.kind))
    for e in enumerations(sentence):
        a, b = e.items[rng.randrange(len(e.items))]
        picked = choose_distractors(sentence[a:b], items, source_text=sentence, work=work, n=1, rng=rng)
        if picked:
            out.append(_replace(sentence, a, b, picked[0], "item"))
    rng.shuffle(out)
    return out


def first_false(
    sentence: str,
    candidates: Sequence[Mutation],
    is_stated: Callable[[str], bool],
) -> Mutation | None:
    """The first change whose result the work does not state anywhere (so it is really false)."""
    for m in candidates:
        if fold(m.text) != fold(sentence) and not is_stated(m.text):
            return m
    return None
