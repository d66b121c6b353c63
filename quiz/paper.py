"""Assembling a mock-exam paper: the real format, balanced over works and chapters, reproducible.

Pure: the candidates and a seed come in, the question ids of the paper go out. The same bank and
the same seed always give the same paper. Per type, the works take turns (in an order drawn from
the seed) and within a work its chapters take turns, so a paper spreads over every document and
every part of it as far as the bank allows. No two items test the same span of text (the same
``span_key``), whatever their type; and as far as the bank allows, no two share any sentence they print or
change (``spans``: a 说法 item that prints 为马赋能 changed to 市级 and another that keys it are one point twice —
seeds review 44). Only a type that cannot be filled so takes items that share a sentence with the paper.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from corpus.errors import InvalidInput
from quiz.model import TYPE_LABELS
from quiz.scoring import EXAM_COUNTS


@dataclass(frozen=True)
class Candidate:
    """A question that may go into a paper."""

    id: str
    qtype: str
    work: str
    chapter: str
    span_key: str
    spans: frozenset[str] = frozenset()  # every sentence the item prints or changes (by default, its span key)

    def parts(self) -> frozenset[str]:
        return self.spans or span_parts(self.span_key)


T = TypeVar("T")
EVIDENCE_SEAM = re.compile(r"\|(?=[a-z0-9][a-z0-9-]*/)")  # between two ``ref:text`` parts of a span key


def span_parts(span_key: str) -> frozenset[str]:
    """The sentences a span key joins (``work/2.3:……|work/2.4:……``), each one a point a paper tests."""
    return frozenset(EVIDENCE_SEAM.split(span_key))


def chapter_of(ref: str) -> str:
    """The chapter (top-level clause) a clause ref belongs to: ``work/2.3@exam`` → ``work/2``."""
    base = ref.split("@", 1)[0]
    work, _, path = base.partition("/")
    return f"{work}/{path.split('.', 1)[0]}" if path else work


def question_chapter(refs: Sequence[str], work: str) -> str:
    """The chapter a question belongs to: its first source's (an item over a whole document: its first option's)."""
    return chapter_of(refs[0]) if refs else work


def apart_sample(items: Sequence[T], parts: Callable[[T], frozenset[str]], count: int, rng: random.Random) -> list[T]:
    """``count`` items drawn at random, as far as the pool allows none sharing a sentence with another (a drill of 20
    never asks one point twice while the bank has others); then, if short, the rest at random."""
    order = list(items)
    rng.shuffle(order)
    chosen: list[T] = []
    seen: set[str] = set()
    left: list[T] = []
    for item in order:
        p = parts(item)
        if len(chosen) < count and not p & seen:
            chosen.append(item)
            seen |= p
        else:
            left.append(item)
    return chosen + left[: max(0, count - len(chosen))]


class _WorkStream:
    """The candidates of one work, chapters taking turns, drawn lazily so used spans are skipped."""

    def __init__(self, items: list[Candidate], rng: random.Random) -> None:
        chapters: dict[str, list[Candidate]] = defaultdict(list)
        for item in items:
            chapters[item.chapter].append(item)
        self.groups = [chapters[c] for c in sorted(chapters)]
        for group in self.groups:
            rng.shuffle(group)
        rng.shuffle(self.groups)
        self.turn = 0

    def take(self, used: set[str], printed: set[str] | None) -> Candidate | None:
        """The next candidate of the chapter whose turn it is whose span is not on the paper (with ``printed``: nor
        any of its sentences); candidates of a used span go for good, those only sharing a sentence stay for later."""
        for _ in range(len(self.groups)):
            group = self.groups[self.turn % len(self.groups)]
            self.turn += 1
            group[:] = [c for c in group if c.span_key not in used]
            at = next((i for i, c in enumerate(group) if printed is None or not c.parts() & printed), None)
            if at is not None:
                item = group.pop(at)
                used.add(item.span_key)
                return item
        return None


def assemble_paper(
    candidates: Iterable[Candidate],
    seed: int,
    counts: Mapping[str, int] = EXAM_COUNTS,
) -> list[str]:
    """Pick the question ids of a paper: ``counts`` per type, in type order, balanced, one per span."""
    rng = random.Random(seed)
    pool = sorted(candidates, key=lambda c: c.id)  # the order of the input never matters
    used: set[str] = set()
    printed: set[str] = set()
    picked: dict[str, list[str]] = {qtype: [] for qtype in counts}
    for apart in (True, False):  # first no sentence twice; then, for a type still short, no span twice
        for qtype, need in counts.items():
            taken = set(picked[qtype])
            by_work: dict[str, list[Candidate]] = defaultdict(list)
            for c in pool:
                if c.qtype == qtype and c.id not in taken:
                    by_work[c.work].append(c)
            streams = [_WorkStream(by_work[w], rng) for w in sorted(by_work)]
            rng.shuffle(streams)
            while len(picked[qtype]) < need and streams:
                for stream in list(streams):
                    if len(picked[qtype]) == need:
                        break
                    item = stream.take(used, printed if apart else None)
                    if item is None:
                        streams.remove(stream)
                    else:
                        picked[qtype].append(item.id)
                        printed.update(item.parts())
    for qtype, need in counts.items():
        if len(picked[qtype]) < need:
            label, have = TYPE_LABELS.get(qtype, qtype), len(picked[qtype])
            raise InvalidInput(f"题库里可用的{label}不够组一套卷：需要 {need} 道，不重复考点的只有 {have} 道")
    return [i for qtype in counts for i in picked[qtype]]
