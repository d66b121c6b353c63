"""The numbering that gives a policy text its structure.

Glossary of structure words, as Chinese policy documents print them:

==========  ==============  ===================================================================
style       printed as      what it usually numbers
==========  ==============  ===================================================================
book        第一编           编 (book) of a long code; chapters 章 sit below it
chapter     第一章           章 (chapter) in regulations; sections 节 (第一节) sit below it
article     第一条           条 (article), the unit a regulation is cited by; 款 (paragraph) and
            第一条之一        项 (item) inside an article: 款 are its unnumbered paragraphs, 项 are
                             numbered （一）, 目 (sub-item) below a 项 1.; 第X条之一 is an article
                             inserted by an amendment after 第X条
cn          一、             a top-level part of an 意见/方案/措施
cn_paren    （一）           a second-level part; in a reprint it may stand for 一、
arabic      1. 1． 1、        a numbered clause (措施 measure, 意见 clause)
paren       （1） (1)         an item of a clause
circled     ① ②              a sub-item
==========  ==============  ===================================================================

Which style is the parent of which is *not* fixed: a reprint may number its sections （一） where
the original has 一、. The tree is built from the order in which styles first appear (see
``corpus.structure``), so any consistent scheme works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

CN_NUMERAL = "[一二三四五六七八九十百千万零〇两]+(?:点[一二三四五六七八九零〇]+)?"
"""A Chinese numeral as policy texts print it: 十八, 一百零五, 一千, 两万, 零点五."""
_CN_NUM = "[一二三四五六七八九十百零〇两]+"  # an ordinal in a marker: 第二十三条, （三）


def cn_to_number(s: str) -> int | float:
    """Read a Chinese numeral (十七, 一百零五, 三千, 一万, 零点五, 两) as a number."""
    try:
        value = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError):  # cn2an raises KeyError on some ill-formed numerals (十十一)
        raise ValueError(f"not a Chinese numeral: {s!r}") from None
    if not isinstance(value, int | float):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    return value


def cn_to_int(s: str) -> int:
    """Read a whole Chinese numeral (十七, 二十三, 一百零五, 三千) as an int."""
    value = cn_to_number(s)
    if value != int(value):
        raise ValueError(f"not a whole number: {s!r}")
    return int(value)


def int_to_cn(n: int) -> str:
    """Write a whole number in Chinese numerals (三, 十八, 二十, 一百零五)."""
    return str(cn2an.an2cn(n))


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at the start of a paragraph."""

    style: str  # book | chapter | section | article | cn | cn_paren | arabic | paren | circled
    value: int
    printed: str  # the marker as printed, normalised (e.g. "（一）", "3.")
    length: int  # characters the marker occupies in the text (including a trailing space)
    sub: int = 0  # 1 for 第十二条之一: an article inserted after 第十二条


_ARTICLE = rf"第({_CN_NUM}|\d+)条(?:之({_CN_NUM}))?"  # 第十二条, 第12条, 第十二条之一
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("book", re.compile(rf"^第({_CN_NUM}|\d+)编\s*")),
    ("chapter", re.compile(rf"^第({_CN_NUM}|\d+)章\s*")),
    ("section", re.compile(rf"^第({_CN_NUM}|\d+)节\s*")),
    ("article", re.compile(rf"^{_ARTICLE}\s*")),
    ("cn", re.compile(rf"^({_CN_NUM})\s*[、．.]\s*")),
    ("cn_paren", re.compile(rf"^[（(]\s*({_CN_NUM})\s*[)）]\s*")),
    # "1." must not be a decimal number (1.5倍) or a date (2024.3)
    ("arabic", re.compile(r"^(\d{1,3})\s*(?:[.．](?!\d)|、)\s*")),
    ("paren", re.compile(r"^[（(]\s*(\d{1,3})\s*[)）]\s*")),
    ("circled", re.compile(rf"^([{CIRCLED}])\s*")),
]


def _value(style: str, raw: str) -> int:
    if style == "circled":
        return CIRCLED.index(raw) + 1
    if raw.isdigit():
        return int(raw)
    return cn_to_int(raw)


def _printed(style: str, value: int, raw: str) -> str:
    return {
        "book": f"第{raw}编",
        "chapter": f"第{raw}章",
        "section": f"第{raw}节",
        "article": f"第{raw}条",
        "cn": f"{raw}、",
        "cn_paren": f"（{raw}）",
        "arabic": f"{value}.",
        "paren": f"（{value}）",
        "circled": raw,
    }[style]


def match_marker(text: str) -> Marker | None:
    """Recognise a numbering marker at the start of ``text`` (already stripped of Markdown)."""
    for style, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(1)
        try:
            value = _value(style, raw)
        except ValueError:
            continue
        if value <= 0:
            continue
        rest = text[m.end() :]
        if style == "cn" and value > 30:
            continue
        if style == "arabic" and (not rest or rest[0].isdigit() or rest[0] in "%％年月日号个万元岁人天次级"):
            # "10、20" or "3年" are numbers in a sentence, not markers
            continue
        sub = cn_to_int(m.group(2)) if style == "article" and m.group(2) else 0
        printed = _printed(style, value, raw) + (f"之{m.group(2)}" if sub else "")
        return Marker(style=style, value=value, printed=printed, length=m.end(), sub=sub)
    return None


_LEADING_NOISE = re.compile(r"^[\s#>*_]+")


def starts_with_marker(line: str) -> bool:
    """Tell whether a raw line begins with a numbering marker, ignoring Markdown and spaces."""
    return match_marker(_LEADING_NOISE.sub("", line)) is not None


def inline_markers(text: str) -> list[tuple[int, Marker]]:
    """Find an inline enumeration such as ``…：（1）甲。（2）乙。`` inside one paragraph.

    Returns the positions of a run of markers of one style numbered 1, 2, 3 … where the first
    follows a colon or a sentence end and each later one follows a sentence end. A run of fewer
    than two items is not an enumeration.
    """
    candidates = [m for m in re.finditer(r"[（(](\d{1,2})[)）]|[①-⑳]", text) if m.start() > 0]
    run: list[tuple[int, Marker]] = []
    expected = 1
    for m in candidates:
        marker = match_marker(text[m.start() :])
        if marker is None or marker.style not in ("paren", "circled"):
            continue
        prev = text[m.start() - 1]
        if marker.value == 1 and not run and prev in "：:。；;":
            run = [(m.start(), marker)]
            expected = 2
        elif run and marker.value == expected and marker.style == run[0][1].style and prev in "。；;":
            run.append((m.start(), marker))
            expected += 1
    return run if len(run) >= 2 else []


def article_path(value: int, sub: int = 0) -> str:
    """The ref segment of a law's article: 第十二条 → 12, 第十二条之一 → 12-1."""
    return f"{value}-{sub}" if sub else str(value)


def find_articles(text: str) -> list[tuple[int, int, str]]:
    """Article citations anywhere in text (第八条, 第12条, 第十二条之一): start, end and the article's ref segment."""
    found: list[tuple[int, int, str]] = []
    for m in re.finditer(_ARTICLE, text):
        raw = m.group(1)
        try:
            value = int(raw) if raw.isdigit() else cn_to_int(raw)
            sub = cn_to_int(m.group(2)) if m.group(2) else 0
        except ValueError:
            continue
        if value > 0:
            found.append((m.start(), m.end(), article_path(value, sub)))
    return found
