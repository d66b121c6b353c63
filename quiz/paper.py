"""Assembling a mock-exam paper: the real format, balanced over works and chapters, reproducible.

Pure: the candidates and a seed come in, the question ids of the paper go out. The same bank and
the same seed always give the same paper. Per type, the works take turns (in an order drawn from
the seed) and within a work its chapters take turns, so a paper spreads over every document and
every part of it as far as the bank allows. No two items test the same span of text (the same
``span_key``), whatever their type.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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


def chapter_of(ref: str) -> str:
    """The chapter (top-level clause) a clause ref belongs to: ``work/2.3@exam`` → ``work/2``."""
    base = ref.split("@", 1)[0]
    work, _, path = base.partition("/")
    return f"{work}/{path.split('.', 1)[0]}" if path else work


def question_chapter(refs: Sequence[str], work: str) -> str:
    """The chapter a question belongs to: its first source's (an item over a whole document: its first option's)."""
    return chapter_of(refs[0]) if refs else work


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

    def take(self, used: set[str]) -> Candidate | None:
        for _ in range(len(self.groups)):
            group = self.groups[self.turn % len(self.groups)]
            self.turn += 1
            while group and group[0].span_key in used:
                group.pop(0)
            if group:
                item = group.pop(0)
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
    paper: list[str] = []
    for qtype, need in counts.items():
        by_work: dict[str, list[Candidate]] = defaultdict(list)
        for c in pool:
            if c.qtype == qtype:
                by_work[c.work].append(c)
        streams = [_WorkStream(by_work[w], rng) for w in sorted(by_work)]
        rng.shuffle(streams)
        picked: list[str] = []
        while len(picked) < need and streams:
            for stream in list(streams):
                if len(picked) == need:
                    break
                item = stream.take(used)
                if item is None:
                    streams.remove(stream)
                else:
                    picked.append(item.id)
        if len(picked) < need:
            raise InvalidInput(
                f"题库里可用的{TYPE_LABELS.get(qtype, qtype)}不够组一套卷：需要 {need} 道，不重复考点的只有 {len(picked)} 道"
            )
        paper.extend(picked)
    return paper
