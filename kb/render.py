"""Clause text → HTML (markdown-it-py enters the project here and nowhere else).

Key points (bold in the source) are stored as character spans, not asterisks; to render, the text
is turned back into Markdown with every other special character escaped, so nothing in a clause
can inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

_md = MarkdownIt("zero").enable(["emphasis", "escape"])
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&\"'])")


def _escape(s: str) -> str:
    return _SPECIAL.sub(r"\\\1", s)


def to_markdown(text: str, emphasis: Sequence[Sequence[int]]) -> str:
    """The clause text as Markdown: bold spans as ``**…**``, everything else escaped."""
    out: list[str] = []
    last = 0
    for start, end in sorted((int(a), int(b)) for a, b in emphasis):
        if start < last or end <= start:
            continue
        out.append(_escape(text[last:start]))
        out.append("**" + _escape(text[start:end]) + "**")
        last = end
    out.append(_escape(text[last:]))
    return "".join(out)


def clause_html(text: str, emphasis: Sequence[Sequence[int]] = ()) -> str:
    """Render clause text as HTML paragraphs, key points in <strong>."""
    paragraphs: list[str] = []
    offset = 0
    for para in text.split("\n"):
        local = [(a - offset, b - offset) for a, b in emphasis if a >= offset and b <= offset + len(para)]
        md = to_markdown(para, local)
        paragraphs.append(f"<p>{_md.renderInline(md)}</p>")
        offset += len(para) + 1
    return "".join(paragraphs)


def highlight_span_html(text: str, start: int, end: int) -> str:
    """A raw source text as escaped HTML with one span marked."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return escapeHtml(text[:start]) + '<mark id="span">' + escapeHtml(text[start:end]) + "</mark>" + escapeHtml(text[end:])
