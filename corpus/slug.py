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


def witness_slug(filename: str) -> str:
    """A short name for a copy from its file name (``003_f0ca….txt`` → ``003``)."""
    stem = filename.rsplit(".", 1)[0]
    head = stem.split("_", 1)[0]
    return clean(head if head.isdigit() else stem)


def clean(s: str) -> str:
    """Keep lower-case letters, digits and single hyphens."""
    s = re.sub(r"[^a-z0-9]+", "-", s.lower())
    return s.strip("-") or "doc"
