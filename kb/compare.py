"""Compare a clause with its counterparts in other works: numbers that differ, what is added.

Pure functions over facts and texts; the compare page and the question bank use them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.text import sentence_spans
from kb.collate import similarity
from kb.facts import Fact

ADDED_BELOW = 0.35  # a sentence this unlike every sentence of the other clause is new content


@dataclass(frozen=True)
class FactComparison:
    """A numeric provision of a counterpart, set against the main clause's provision on the same thing."""

    fact: Fact
    status: str  # same | differs | only-here
    other: Fact | None  # the main clause's provision it was compared with


def same_thing(a: Fact, b: Fact) -> bool:
    """Two provisions count the same thing: same unit, and the same rate base or a shared topic."""
    if a.unit != b.unit:
        return False
    if a.per or b.per:
        return _base_word(a.per) == _base_word(b.per)
    return bool(set(a.topics) & set(b.topics)) and similarity(a.subject, b.subject) >= 0.2


def _base_word(per: str | None) -> str:
    return re.sub(r"^[\d一二两三四五六七八九十个]+", "", per or "")


def compare_facts(main: Sequence[Fact], other: Sequence[Fact]) -> list[FactComparison]:
    """Set each provision of a counterpart against the most alike provision of the main clause."""
    out: list[FactComparison] = []
    for f in other:
        candidates = [m for m in main if same_thing(m, f)]
        if not candidates:
            out.append(FactComparison(f, "only-here", None))
            continue
        best = max(candidates, key=lambda m: similarity(m.subject, f.subject))
        same = (best.value, best.high, best.bound, best.per) == (f.value, f.high, f.bound, f.per)
        out.append(FactComparison(f, "same" if same else "differs", best))
    return out


_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def added_sentences(main: str, other: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``other`` that say something no sentence of ``main`` says.

    A sentence that is all one bracket — （省委组织部牵头，省教育厅参与）, the departments a
    measure names — is a note on the sentence before it, not a sentence of its own.
    """
    main_sentences = [main[a:b] for a, b in sentence_spans(main)]
    out = []
    for a, b in sentence_spans(other):
        if _BRACKETED.fullmatch(other[a:b].strip("。；; ")):
            continue
        best = max((similarity(other[a:b], s) for s in main_sentences), default=0.0)
        if best < ADDED_BELOW:
            out.append((a, b))
    return out
