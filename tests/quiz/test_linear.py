"""The bank build is linear in a clause's length: each step over a clause is done once per clause (or per
sentence on that sentence's own slots and lists), never once per sentence over the whole clause.

A 5 MB file of one line is one clause and one work; every test here counts work or checks an index
against the plain reading it replaces, none is timed (the timings are scripts/bench_build.py's).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, SupportsIndex, overload

import pytest

import kb.facts
import quiz.generators
from kb.analysis import DisjointSpans, Slot, analyse_clause
from kb.facts import extract_facts
from kb.segment import get_segmenter
from kb.vocab import load_lexicons, load_vocabulary
from quiz.context import build_context
from quiz.model import QUOTE_MAX, Draft, Evidence, SourceClause, explanation_for, marked, quoted
from quiz.slotgen import _swap_list_item, body_cores, false_versions
from quiz.text import IndexedText, sentence_around, sentences
from quiz.validate import _Source
from tests.quiz.clauses import source_clause

SEGMENTER = get_segmenter(load_vocabulary().entries, ())
LEXICONS = load_lexicons()
# One measure, its sentences each with a level, a body or a number to change and a list of one kind.
SENTENCE = "县级党委组织部门每年至少对社区党组织书记培训1次，建立健全省级示范培训、市级重点培训、县级全员培训制度。"


def long_clause(copies: int) -> SourceClause:
    text = "健全培训机制。" + SENTENCE * copies
    clause = source_clause("w/1", text, cite="《某意见》", heading="健全培训机制")
    return replace(clause, analysis=analyse_clause(text, segmenter=SEGMENTER, lexicons=LEXICONS, ref="w/1"))


class Counted(tuple[Slot, ...]):
    """The slots of a clause, counting every slot a step looks at."""

    seen = 0

    def __iter__(self) -> Iterator[Slot]:
        for s in super().__iter__():
            Counted.seen += 1
            yield s

    @overload
    def __getitem__(self, i: SupportsIndex) -> Slot: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Slot, ...]: ...
    def __getitem__(self, i: Any) -> Any:
        got = super().__getitem__(i)
        if isinstance(i, slice):
            return Counted(got)
        Counted.seen += 1
        return got


def test_a_false_statement_looks_only_at_the_slots_of_its_own_sentence() -> None:
    # It looked at every slot of the clause for every sentence: quadratic in a clause of one line.
    c = long_clause(60)
    assert c.analysis is not None
    counted = replace(c, analysis=replace(c.analysis, slots=Counted(c.analysis.slots)))
    ctx = build_context([counted])
    cores = body_cores(ctx)
    spans = list(sentences(c.text))[1:]
    Counted.seen = 0
    for a, b in spans:
        list(false_versions(ctx, counted, a, b, cores, random.Random(1)))
    per_sentence = len(c.analysis.slots) / len(spans)
    assert Counted.seen < 4 * per_sentence * len(spans) + 20 * len(spans)  # was about len(slots) per sentence
    assert Counted.seen < len(c.analysis.slots) * len(spans) / 5


def test_the_lists_of_a_clause_are_judged_once_per_clause_not_once_per_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    c = long_clause(20)
    ctx = build_context([c])
    calls = []
    real = quiz.generators._kinds

    def counting(clause: SourceClause) -> Any:
        calls.append(clause.ref)
        return real(clause)

    monkeypatch.setattr(quiz.generators, "_kinds", counting)
    for a, b in sentences(c.text):
        _swap_list_item(ctx, c, a, b, random.Random(2))
    assert len(calls) <= 2  # the clause's usable lists, and the corpus's listed items: was once more per sentence


def test_the_first_sentence_around_a_span_is_found_as_a_scan_finds_it() -> None:
    text = "甲乙丙。丁戊；己庚辛。（负责）壬癸。" * 5
    spans = sentences(text)
    rng = random.Random(3)
    for _ in range(500):
        start = rng.randrange(len(text) + 1)
        end = min(len(text), start + rng.randrange(8))
        scanned = next(((a, b) for a, b in spans if a <= start and end <= b), None)
        assert sentence_around(text, start, end) == scanned


def test_an_indexed_text_answers_as_the_string_does() -> None:
    rng = random.Random(4)
    alphabet = "社区工作者队伍建设。，县级"
    text = "".join(rng.choice(alphabet) for _ in range(IndexedText.SCAN + 5000)) + "区区区区"
    it = IndexedText(text)
    phrases = ["", "区", "区区", "区区区", "不在其中", "社区工作者队伍建设的意见"]
    phrases += [text[(i := rng.randrange(len(text) - 12)) : i + rng.randrange(1, 12)] for _ in range(300)]
    phrases += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(2, 6))) for _ in range(300)]
    for p in phrases:
        assert (p in it) == (p in text), p
        assert it.count(p) == text.count(p), p


def test_a_question_source_is_read_as_its_parts_run_together() -> None:
    long = IndexedText("甲" * IndexedText.SCAN + "乙丙")
    parts = (long, "丁", "戊", "己庚")
    source = _Source(parts)
    joined = "".join([long.text, "丁", "戊", "己庚"])  # folding drops the line breaks the parts were joined by
    for phrase in ["", "乙丙", "丙丁", "丙丁戊己", "乙丙丁戊己庚", "丁戊", "戊己", "甲乙", "己庚辛", "丙戊", "甲甲"]:
        assert (phrase in source) == (phrase in joined), phrase
    assert "" in _Source(()) and "甲" not in _Source(())


def test_disjoint_spans_are_claimed_as_checking_every_span_would() -> None:
    rng = random.Random(5)
    spans, plain = DisjointSpans(), []
    for _ in range(2000):
        a = rng.randrange(5000)
        b = a + rng.randrange(1, 9)
        free = not any(x < b and a < y for x, y in plain)
        if free:
            plain.append((a, b))
        assert spans.claim(a, b) == free
    assert spans.spans == sorted(plain)


class CountingPattern:
    """A compiled pattern that counts the scans made with it."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.scans = pattern, 0

    def finditer(self, *args: Any) -> Any:
        self.scans += 1
        return self.pattern.finditer(*args)

    def search(self, *args: Any) -> Any:
        return self.pattern.search(*args)


def test_facts_find_their_phrase_and_sentence_starts_in_one_pass_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each number scanned the text from its start for the last phrase stop: quadratic in a clause of one line.
    phrase, sentence = CountingPattern(kb.facts._PHRASE_STOP), CountingPattern(kb.facts._SENTENCE_STOP)
    monkeypatch.setattr(kb.facts, "_PHRASE_STOP", phrase)
    monkeypatch.setattr(kb.facts, "_SENTENCE_STOP", sentence)
    facts = extract_facts("每年培训不少于5天，其中集中培训不少于3天。" * 40)
    assert len(facts) == 80
    assert facts[41].subject == "其中集中培训不少于3天" and facts[41].bound == "≥"
    assert phrase.scans == 1 and sentence.scans == 1  # were one each per number


def test_a_long_clause_is_quoted_by_the_sentences_of_its_evidence() -> None:
    short = "健全培训机制。县级层面制定规划。"
    assert quoted(short, [(7, 9)]) == "健全培训机制。【县级】层面制定规划。"
    text = "甲" * QUOTE_MAX + "。县级层面制定规划。" + "乙" * 50 + "。"
    at = text.index("县级")
    got = quoted(text, [(at, at + 2)])
    assert got == "……【县级】层面制定规划。……"  # not the whole clause in every question's explanation


def test_a_clause_of_several_paragraphs_is_quoted_by_the_paragraphs_of_its_evidence() -> None:
    # seeds review 37: a number of the first paragraph explained with the second, about something else, quoted too
    text = "准确核定人数。最少不低于6人。\n社区居民委员会成员原则上属地产生。\n每个社区配备1名专职党务工作者。"
    at = text.index("6人")
    assert quoted(text, [(at, at + 2)]) == "准确核定人数。最少不低于【6人】。……"
    last = text.index("1名")
    assert quoted(text, [(last, last + 2)]) == "……每个社区配备【1名】专职党务工作者。"
    assert quoted(text, [(at, at + 2), (last, last + 2)]) == marked(text, [(at, at + 2), (last, last + 2)])
    assert quoted(text, []) == text


def test_an_explanation_quotes_a_clause_two_options_come_from_once() -> None:
    # seeds review 37: two changed options of one clause gave two 出处 lines with the same text
    clause = source_clause("w/2", "聘期满可续聘。三年内不再聘用。", cite="《某方案》", heading="")
    draft = Draft(
        "statement",
        "single",
        "根据《某方案》，下列说法正确的是（　）。",
        ("甲",),
        ("乙", "丙", "丁"),
        sources=(clause, clause),
        evidence=(Evidence("w/2", 0, 2, "聘期"), Evidence("w/2", 7, 9, "三年")),
    )
    got = explanation_for(draft, "A. 甲")
    assert got.count("出处：") == 1 and "【聘期】满可续聘。【三年】内不再聘用。" in got


def test_the_near_duplicate_check_keeps_one_string_per_character_pair() -> None:
    # Every kept question's stem pairs were held as strings of their own until the end of the build.
    from quiz.validate import _bigrams

    a, b = _bigrams("根据《某意见》，县级层面制定培训规划。"), _bigrams("根据《某意见》，市级层面制定考核办法。")
    assert next(k for k in a if k == "层面") is next(k for k in b if k == "层面")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("根据《某意见》，县级层面制定培训规划。", "根据《某意见》，市级层面制定考核办法。"),
        ("社区工作者每年培训不少于（　）天。", "社区工作者每年培训不少于（　）天。"),
        ("街道办事处统筹。", "县级人民政府负责社区工作者队伍建设。"),
        ("", "甲乙"),
    ],
)
def test_the_near_duplicate_check_reads_a_kept_stem_as_a_tuple_of_pairs(one: str, other: str) -> None:
    # each kept stem's pairs are held as a tuple (a fifth of a set's size) until the end of the build
    from quiz.validate import _alike, _bigrams

    a, b = _bigrams(one), _bigrams(other)
    assert _alike(a, tuple(b)) == len(a & b) / max(1, len(a | b))


def test_deduplicating_a_questions_sources_does_not_hash_the_clauses_analysis() -> None:
    # dict.fromkeys(sources) hashed every field, the analysis word by word: O(clause length) per question
    hashed: list[int] = []

    class Analysis:
        def __hash__(self) -> int:
            hashed.append(1)
            return 0

    from quiz.model import SourceClause

    c = SourceClause("w/1", "w", "《某意见》", "central", "一、", "", None, "clause", "一、", None, "甲乙", analysis=Analysis())  # type: ignore[arg-type]
    assert list(dict.fromkeys([c, c])) == [c]
    assert hashed == []


class _CountingText(str):
    """A clause text that counts how often it is sliced."""

    slices = 0

    def __getitem__(self, key: object) -> str:  # type: ignore[override]
        _CountingText.slices += 1
        return str.__getitem__(self, key)  # type: ignore[index]


def test_a_clause_of_many_lead_ins_is_read_once_per_lead_in_not_once_per_sentence() -> None:
    # every lead-in (有下列情形之一的：) re-read the clause from the colon to each later sentence: quadratic in one line
    from quiz.conditions import condition_lists
    from quiz.context import build_context
    from quiz.model import SourceClause

    part = "有下列情形之一的，予以辞退：（一）无故旷工的；（二）违反纪律的；（三）弄虚作假的。"
    text = _CountingText(part * 200)
    c = SourceClause("w/1", "w", "《某办法》", "municipal", "一、", "", None, "clause", "一、", None, text)
    ctx = build_context([c])
    _CountingText.slices = 0
    found = condition_lists(ctx)
    assert len(found) == 200
    assert _CountingText.slices < 40 * 200  # a few per lead-in and member, not one per sentence of the clause
