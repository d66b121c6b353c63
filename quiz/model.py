"""The question bank's records: the clause as a generator sees it, and a generated question.

Pure data. A question is built by ``make_question``, which derives its stable id from the generator,
the source refs and the tested span (so a rebuild gives the same id and the same option order) and
shuffles the options with a random generator seeded by that id.

Types (the exam's item types, and two for drilling)::

    single  单项选择  4 options A–D, one key
    multi   多项选择  5 options A–E, 2–4 keys
    judge   判断      answer 正确 | 错误
    cloze   填空      answer: accepted spellings, the first is the printed one
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.analysis import AnalysedClause
from kb.facts import Fact
from quiz.text import sentence_around

SINGLE, MULTI, JUDGE, CLOZE = "single", "multi", "judge", "cloze"
TYPES = (SINGLE, MULTI, JUDGE, CLOZE)
TYPE_LABELS = {SINGLE: "单项选择题", MULTI: "多项选择题", JUDGE: "判断题", CLOZE: "填空题"}
TYPE_SHORT = {SINGLE: "单选", MULTI: "多选", JUDGE: "判断", CLOZE: "填空"}
# Between a cloze's accepted spellings: never 、, which a spelling may hold itself (党委、政府 is one answer, review 130)
SPELLING_SEPARATOR = "；"
LETTERS = "ABCDE"
TRUE, FALSE = "正确", "错误"
BLANK = "（　）"
OPTION_COUNT = {SINGLE: 4, MULTI: 5}


@dataclass(frozen=True)
class SourceClause:
    """A clause of a base text with what generators need to know about it."""

    ref: str
    work: str  # slug
    cite: str  # how a stem names the document: 《…》, 江苏省《…》
    level: str
    label: str  # number and heading, for explanations
    section: str  # the heading of its top-level part
    parent_ref: str | None
    kind: str
    number: str | None
    heading: str | None
    text: str
    emphasis: tuple[tuple[int, int], ...] = ()
    table: dict[str, Any] | None = None
    facts: tuple[Fact, ...] = ()
    topics: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    lead_in: str = ""  # for an item of a list: its parent's lead-in (有下列情形之一的，予以辞退：)
    article: str | None = None  # the 第X条 it is or belongs to, in a law
    analysis: AnalysedClause | None = None  # sentences, words, typed slots and lists (kb.analysis), made once per build
    year: int | None = None  # the year of its work's text (a body set up later is no distractor in it)

    def __hash__(self) -> int:
        # a ref names one clause of a build: hashing every field hashed its whole analysis, word by word, each
        # time a question's sources were deduplicated (dict.fromkeys): quadratic in a clause of one long line
        return hash(self.ref)


@dataclass(frozen=True)
class Evidence:
    """The span of a clause a question tests."""

    ref: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Question:
    """A generated question, ready for the validation gates."""

    id: str
    type: str
    stem: str
    options: tuple[str, ...]
    answer: tuple[str, ...]  # letters for choice items, 正确/错误 for judge, spellings for cloze
    explanation: str
    refs: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    difficulty: int  # 1 (easy) … 5 (hard): an estimate until answer data exists
    tags: tuple[str, ...]
    generator: str
    span_key: str  # the tested span: no two questions of a paper test the same one
    work: str
    option_kind: str = "term"  # number | term | statement | item: what the options are
    negative: bool = False  # 下列不属于…的是: the key is the one option the clause does not say
    context: tuple[str, str] = ("", "")  # the source text either side of the blank
    correct_reading: str | None = None  # for a false judge item: what the clause says
    blanks: int = 1
    # for a 判断 composed of printed pieces (subject, 有/属于, a case of a list, its consequence): the pieces
    composed: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The option texts of the key (choice items)."""
        return tuple(self.options[LETTERS.index(a)] for a in self.answer if a in LETTERS[: len(self.options)])

    @property
    def distractors(self) -> tuple[str, ...]:
        """The option texts that are not keys (choice items)."""
        return tuple(o for i, o in enumerate(self.options) if LETTERS[i] not in self.answer)


@dataclass(frozen=True)
class Draft:
    """What a generator decides; ``make_question`` turns it into a question."""

    generator: str
    type: str
    stem: str
    keys: tuple[str, ...]
    distractors: tuple[str, ...] = ()
    sources: tuple[SourceClause, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    variant: str = ""  # tells apart drafts on the same span (a true and a false judge item)
    difficulty: int = 3
    topics: tuple[str, ...] = ()
    option_kind: str = "term"
    negative: bool = False
    context: tuple[str, str] = ("", "")
    correct_reading: str | None = None
    note: str = ""  # added to the explanation (the rule a computed answer follows)
    blanks: int = 1
    composed: tuple[str, ...] = ()  # a 判断 read from a list of conditions: subject, verb, case, consequence
    extra: dict[str, Any] = field(default_factory=dict)


def question_id(generator: str, refs: Sequence[str], span: str, variant: str = "") -> str:
    """A stable id from what a question tests: generator, source refs, tested span."""
    digest = hashlib.sha1("\x1f".join([generator, *refs, span, variant]).encode("utf-8")).hexdigest()
    return f"q{digest[:11]}"


def rng_for(*parts: str) -> random.Random:
    """A random generator seeded by text, so that choices repeat on every build."""
    seed = int(hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16], 16)
    return random.Random(seed)


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the given spans bracketed 【…】."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [text[last:start], "【", text[start:end], "】"]
        last = end
    out.append(text[last:])
    return "".join(out)


QUOTE_MAX = 4000  # a source clause longer than this (a whole file of one line) is quoted by the sentences of its evidence


def quoted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """A source clause as an explanation quotes it, spans marked: the paragraphs that hold the spans (a clause of two
    paragraphs whose second is about something else quoted only its first: seeds review 37), ``……`` where a paragraph
    is left out; when those are longer than ``QUOTE_MAX``, the sentences that hold the spans (every explanation held
    the whole text)."""
    kept = _paragraphs_holding(text, spans)
    if kept is not None:
        a, b = kept
        inner = quoted(text[a:b], [(s - a, e - a) for s, e in spans if a <= s and e <= b])
        return ("……" if a > 0 else "") + inner + ("……" if b < len(text) else "")
    if len(text) <= QUOTE_MAX:
        return marked(text, spans)
    windows: list[list[int]] = []
    for a, b in sorted(sentence_around(text, s, e) or (s, e) for s, e in spans) or [(0, QUOTE_MAX)]:
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    pieces = [marked(text[a:b], [(s - a, e - a) for s, e in spans if a <= s and e <= b]) for a, b in windows]
    return ("……" if windows[0][0] > 0 else "") + "……".join(pieces) + ("……" if windows[-1][1] < len(text) else "")


def _paragraphs_holding(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The run of whole paragraphs from the first that holds a span to the last, when that leaves a paragraph out;
    None when every paragraph holds one, or there are no spans."""
    if not spans or "\n" not in text:
        return None
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    ends = [m.start() for m in re.finditer(r"\n", text)] + [len(text)]
    first = max(i for i, a in enumerate(starts) if a <= min(s for s, _ in spans))
    last = min(i for i, b in enumerate(ends) if b >= max(e for _, e in spans))
    if first == 0 and last == len(ends) - 1:
        return None
    return starts[first], ends[last]


def explanation_body(explanation: str) -> str:
    """An explanation without its opening "答案：…" line, for a page or a key that prints the answer itself."""
    first, _, rest = explanation.partition("\n")
    return rest if first.startswith("答案：") else explanation


def explanation_for(draft: Draft, answer_text: str) -> str:
    """The clause text with the tested span marked, and the correct reading of a false statement."""
    parts = [f"答案：{answer_text}。"]
    if draft.correct_reading:
        parts.append(f"原文的正确表述是：“{draft.correct_reading}”")
    if draft.note:
        parts.append(draft.note)
    for source in {s.ref: s for s in draft.sources}.values():  # two options from one clause: one 出处 with both marked
        spans = [(e.start, e.end) for e in draft.evidence if e.ref == source.ref and e.end > e.start]
        rows = [e.text for e in draft.evidence if e.ref == source.ref and e.text] if not source.text else []
        text = quoted(source.text, spans) if source.text else "表中：" + "；".join(rows) if rows else "（见表格）"
        parts.append(f"出处：{source.cite}{source.label}——{text}")  # the ref is in the data, not in what people read
    return "\n".join(parts)


SELF_REFERENCE = re.compile(r"本条|本款|前款|前[两二三四]款|第[一二三四五六七八九]款|本项|前[两二三四]项|前项")


def naming_article(stem: str, first: SourceClause | None) -> str:
    """A stem that speaks of 本条 / 前款 names the article it means: 根据《…》第二十七条，用人单位依据本条规定…"""
    if first is None or not first.article:
        return stem
    lead = f"根据{first.cite}，"
    if not stem.startswith(lead) or not SELF_REFERENCE.search(stem, len(lead)):
        return stem
    return f"根据{first.cite}{first.article}，{stem[len(lead) :]}"


def make_question(draft: Draft) -> Question:
    """Shuffle a draft's options by its id and write its answer, explanation and tags."""
    refs = tuple(dict.fromkeys(s.ref for s in draft.sources))
    span = "|".join(f"{e.ref}:{e.text}" for e in draft.evidence) or draft.stem
    qid = question_id(draft.generator, refs, span, draft.variant)
    rng = random.Random(qid)
    options: tuple[str, ...] = ()
    if draft.type in (SINGLE, MULTI):
        pool = [*draft.keys, *draft.distractors]
        rng.shuffle(pool)
        options = tuple(pool)
        answer = tuple(LETTERS[i] for i, o in enumerate(options) if o in draft.keys)
        answer_text = "、".join(f"{a}. {options[LETTERS.index(a)]}" for a in answer)
    else:
        answer = draft.keys
        answer_text = draft.keys[0] if draft.keys else ""
    first = draft.sources[0] if draft.sources else None
    tags = tuple(
        dict.fromkeys(
            t for t in ([first.work, first.section] if first else []) + [*(first.topics if first else ()), *draft.topics] if t
        )
    )
    return Question(
        id=qid,
        type=draft.type,
        stem=naming_article(draft.stem, first),
        options=options,
        answer=answer,
        explanation=explanation_for(draft, answer_text),
        refs=refs,
        evidence=draft.evidence,
        difficulty=max(1, min(5, draft.difficulty)),
        tags=tags,
        generator=draft.generator,
        span_key=span,
        work=first.work if first else "",
        option_kind=draft.option_kind,
        negative=draft.negative,
        context=draft.context,
        correct_reading=draft.correct_reading,
        blanks=draft.blanks,
        composed=draft.composed,
    )
