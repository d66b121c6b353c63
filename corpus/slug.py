"""Readable ASCII slugs for works that the catalog does not name (pypinyin enters here only)."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from corpus.lines import DOC_TYPES


def pinyin(s: str) -> str:
    """Han characters → toneless pinyin syllables run together (江苏 → jiangsu)."""
    return "".join(lazy_pinyin(s)).lower()


def work_slug(title: str, region: str | None, year: int | None) -> str:
    """A slug from the region, the document type and the year: ``jiangsu-cuoshi-2024``."""
    parts: list[str] = []
    if region and region != "全国":
        parts.append(pinyin(region))
    else:
        parts.append("zhongyang")
    doc_type = next((t for t in sorted(DOC_TYPES, key=len, reverse=True) if title.endswith(t)), None)
    parts.append(pinyin(doc_type) if doc_type else "wenjian")
    if year:
        parts.append(str(year))
    return clean("-".join(parts))


# the kinds of law and regulation a name ends with, longest first; each is its own part of a slug
_LAW_TYPES = ("实施条例", "实施办法", "实施细则", "暂行条例", "暂行办法", "暂行规定", "条例", "办法", "规定", "细则", "规则")


def law_family(name: str) -> str:
    """A slug for a law's name, the same for all its versions: 妇女权益保障法 → ``funv-quanyi-baozhangfa``.

    The name is cut into two-character words (a one-character tail such as 法 joins the last one)
    and a trailing kind of regulation (条例, 实施办法 …) is a word of its own.
    """
    kind = next((t for t in _LAW_TYPES if name.endswith(t) and len(name) > len(t)), "")
    stem = name[: len(name) - len(kind)]
    words = [stem[i : i + 2] for i in range(0, len(stem), 2)]
    if len(words) > 1 and len(words[-1]) == 1:
        words[-2:] = [words[-2] + words[-1]]
    if kind:
        words.extend([kind[:2], kind[2:]] if len(kind) == 4 else [kind])
    return clean("-".join(pinyin(w) for w in words))


def witness_slug(filename: str) -> str:
    """A short name for a copy from its file name (``003_f0ca….txt`` → ``003``)."""
    stem = filename.rsplit(".", 1)[0]
    head = stem.split("_", 1)[0]
    return clean(head if head.isdigit() else stem)


def clean(s: str) -> str:
    """Keep lower-case letters, digits and single hyphens."""
    s = re.sub(r"[^a-z0-9]+", "-", s.lower())
    return s.strip("-") or "doc"
