"""Key terms of a clause that a question can blank, and distractors of the same kind.

Pure functions. Kinds, in the order a question prefers them::

    bold         a span the source printed in bold (the compilers' key point)
    quoted       a term in quotation marks: “全岗通”, “全科社工”
    actor        a responsible body: 县级党委组织部门, 各级党委社会工作部门
    level        a level of government: 市地级或县级, 街道（乡镇）, 省级
    institution  a named mechanism or system: 社区工作事项准入机制, 分级培训制度

Distractors come from the same kind elsewhere in the corpus (and, for actors and levels, the same
body at another level), never from the clause itself, never a part of the key or the key a part of it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.analysis import DisjointSpans
from quiz.text import fold

KIND_ORDER = ("bold", "quoted", "actor", "level", "institution")
LEVELS = ("省级", "市地级", "县级", "街道（乡镇）")
_LEVEL_WORDS = r"(?:省级以上|省级|市地级|市级|县级以上|县级|街道（乡镇）)"
LEVEL = re.compile(
    rf"(?:省级|市地级|市级|县级)(?:或|和)(?:市地级|市级|县级|街道（乡镇）)|{_LEVEL_WORDS}(?=层面|统一|集中|重点|骨干|示范|全员|以上|党委|组织|及以上)"
)
_DEPARTMENTS = ("组织", "社会工作", "宣传", "政法", "机构编制", "教育", "财政", "人力资源社会保障", "民政", "网信", "统战")
ACTOR = re.compile(
    rf"(?:{_LEVEL_WORDS}|各级)?(?:党委|政府)(?:{'|'.join(_DEPARTMENTS)})部门|{_LEVEL_WORDS}(?:{'|'.join(_DEPARTMENTS)})部门"
)
_SUFFIXES = "机制|制度|体系|原则|模式|清单|序列|规划|平台|基金|工程|人才库"
INSTITUTION = re.compile(rf"[^，。；：、“”（）《》\n和及与的]{{2,14}}?(?:{_SUFFIXES})(?!上)")
_LEADING_VERBS = re.compile(
    r"^(?:建立健全|探索建立|研究制定|建立|健全|完善|推行|实行|落实|构建|形成|加强|深化|用好|制定|实施|推动|推进|优化|规范|坚持|"
    r"打造|设立|创新|强化|注重|着力|积极|持续|全面|统筹|鼓励|支持|依托|发挥|开展|提升|纳入|列入|按照|根据|依据|遵循|贯彻|"
    r"逐步|进一步|不断|大力|切实|严格|科学|及时|定期|各地|要|可|应)+"
)


@dataclass(frozen=True)
class Term:
    """A blankable span of a clause text."""

    kind: str
    text: str
    start: int
    end: int


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in "。，；：、 \n":
        end -= 1
    while start < end and text[start] in "。，；：、 \n":
        start += 1
    return start, end


def find_terms(text: str, emphasis: Sequence[tuple[int, int]] = (), *, skip_before: int = 0) -> list[Term]:
    """The blankable terms of a text, each kind in order of position; spans never overlap."""
    found: list[Term] = []
    taken = DisjointSpans()

    def add(kind: str, start: int, end: int, lo: int, hi: int) -> None:
        start, end = _strip_edges(text, start, end)
        if start < skip_before or not lo <= end - start <= hi:
            return
        if not taken.claim(start, end):
            return
        found.append(Term(kind, text[start:end], start, end))

    for a, b in emphasis:
        add("bold", a, b, 2, 20)
    for m in re.finditer(r"“([^”“]{2,10})”", text):
        add("quoted", m.start(1), m.end(1), 2, 10)
    for m in ACTOR.finditer(text):
        add("actor", m.start(), m.end(), 6, 16)
    for m in LEVEL.finditer(text):
        add("level", m.start(), m.end(), 2, 10)
    for m in INSTITUTION.finditer(text):
        lead = _LEADING_VERBS.match(m.group())
        start = m.start() + (lead.end() if lead else 0)
        add("institution", start, m.end(), 4, 12)
    found.sort(key=lambda t: (KIND_ORDER.index(t.kind), t.start))
    return found


def synthetic_variants(term: Term) -> list[str]:
    """The same body or level at other levels: 县级党委组织部门 → 市地级党委组织部门, 省级党委组织部门."""
    out: list[str] = []
    if term.kind == "level":
        if "或" in term.text or "和" in term.text:
            out += ["省级或市地级", "市地级或县级", "县级或街道（乡镇）", "省级或县级"]
        else:
            out += list(LEVELS)
    elif term.kind == "actor":
        m = re.match(_LEVEL_WORDS + "|各级", term.text)
        rest = term.text[m.end() :] if m else term.text
        for level in (*LEVELS, "各级"):
            out.append(f"{level}{rest}")
        for dept in ("组织", "社会工作", "民政", "人力资源社会保障"):
            out.append(re.sub(rf"(?:{'|'.join(_DEPARTMENTS)})部门$", f"{dept}部门", term.text))
    return [o for o in dict.fromkeys(out) if o != term.text]


def choose_distractors(
    key: str,
    candidates: Iterable[tuple[str, str]],
    *,
    source_text: str,
    work: str,
    n: int,
    rng: random.Random,
) -> list[str]:
    """Pick ``n`` options like the key (same ending, similar length) that the source does not state.

    ``candidates`` are (text, work) pairs; one of the source's work scores a little higher.
    """
    src = fold(source_text)
    fkey = fold(key)
    scored: dict[str, float] = {}
    for text, cwork in candidates:
        f = fold(text)
        if not f or f == fkey or f in src or fkey in f or f in fkey:
            continue
        if len(text) > 2 * len(key) + 2 or len(key) > 2 * len(text) + 2:
            continue
        score = 2.0 * (text[-2:] == key[-2:]) + 1.0 * (text[-1:] == key[-1:]) - 0.5 * abs(len(text) - len(key))
        score += 1.0 * (cwork == work) + 0.5 * len(set(text) & set(key)) / max(1, len(set(key)))
        score += rng.random() * 0.6
        scored[text] = max(scored.get(text, -99.0), score)
    ranked = sorted(scored, key=lambda t: -scored[t])
    chosen: list[str] = []
    for text in ranked:
        if any(fold(text) in fold(c) or fold(c) in fold(text) for c in chosen):
            continue
        chosen.append(text)
        if len(chosen) == n:
            break
    return chosen
