"""Clause text → HTML (markdown-it-py enters the project here and nowhere else).

Key points (bold in the source) are stored as character spans, not asterisks. They are not turned
back into Markdown for rendering: CommonMark's flanking rules do not open or close emphasis next
to Chinese punctuation (``**明确人员范围。**本意见…`` stays literal), so the spans are wrapped
directly and everything else goes through markdown-it's HTML escaping.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.common.utils import escapeHtml


def _spans(emphasis: Sequence[Sequence[int]], length: int) -> list[tuple[int, int]]:
    """Sorted, clipped spans; an overlapping span is merged into the one before it."""
    spans: list[tuple[int, int]] = []
    for a, b in sorted((int(x[0]), int(x[1])) for x in emphasis):
        a, b = max(a, 0), min(b, length)
        if b <= a:
            continue
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


def inline_html(text: str, emphasis: Sequence[Sequence[int]] = (), lead: int = 0) -> str:
    """One paragraph as escaped HTML, key points in <strong>, a lead heading in <span class=lead>."""
    out: list[str] = []
    last = 0
    if lead:
        out.append(f'<span class="lead">{escapeHtml(text[:lead])}</span>')
        last = lead
        emphasis = [(max(int(a), lead), int(b)) for a, b in emphasis if int(b) > lead]
    for a, b in _spans(emphasis, len(text)):
        a = max(a, last)
        out.append(escapeHtml(text[last:a]))
        out.append(f"<strong>{escapeHtml(text[a:b])}</strong>")
        last = b
    out.append(escapeHtml(text[last:]))
    return "".join(out)


def clause_html(text: str, emphasis: Sequence[Sequence[int]] = (), heading: str | None = None) -> str:
    """Render clause text as HTML paragraphs; a lead heading the text opens with is marked."""
    paragraphs: list[str] = []
    offset = 0
    for i, para in enumerate(text.split("\n")):
        local = [(int(a) - offset, int(b) - offset) for a, b in emphasis if int(a) >= offset and int(b) <= offset + len(para)]
        lead = len(heading) if i == 0 and heading and para.startswith(heading) else 0
        paragraphs.append(f"<p>{inline_html(para, local, lead)}</p>")
        offset += len(para) + 1
    return "".join(paragraphs)


def highlight_span_html(text: str, start: int, end: int) -> str:
    """A raw source text as escaped HTML with one span marked."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return escapeHtml(text[:start]) + '<mark id="span">' + escapeHtml(text[start:end]) + "</mark>" + escapeHtml(text[end:])


def marked_html(text: str, spans: Sequence[Sequence[int]], tag: str = "mark") -> str:
    """Text as escaped HTML with each (start, end) span wrapped in <mark> (overlaps merged)."""
    out: list[str] = []
    last = 0
    for a, b in _spans(spans, len(text)):
        out.append(escapeHtml(text[last:a]))
        out.append(f"<{tag}>{escapeHtml(text[a:b])}</{tag}>")
        last = b
    out.append(escapeHtml(text[last:]))
    return "".join(out)


def classed_spans_html(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """Text as escaped HTML with spans wrapped in ``<mark class=… title=…>``; an empty span is a caret.

    Spans are (start, end, css class, title); overlapping spans keep the first.
    """
    out: list[str] = []
    last = 0
    for a, b, css, title in sorted(spans, key=lambda s: (s[0], s[1])):
        a, b = max(a, last), min(max(b, a), len(text))
        if a < last or a > len(text):
            continue
        out.append(escapeHtml(text[last:a]))
        inner = escapeHtml(text[a:b]) if b > a else "‸"
        out.append(f'<mark class="{escapeHtml(css)}" title="{escapeHtml(title)}">{inner}</mark>')
        last = b
    out.append(escapeHtml(text[last:]))
    return "".join(out).replace("\n", "<br>")


def apparatus_html(text: str, notes: Sequence[tuple[int, int, str, str]]) -> str:
    """Base text with each variant marked in place and its other reading(s) shown right after it.

    Notes are (start, end, css class, reading note); notes on the same stretch share one mark.
    """
    grouped: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for a, b, css, note in notes:
        grouped.setdefault((a, b), []).append((css, note))
    out: list[str] = []
    last = 0
    for (a, b), items in sorted(grouped.items()):
        if a < last:
            continue
        css = " ".join(dict.fromkeys(c for c, _ in items))
        out.append(escapeHtml(text[last:a]))
        inner = escapeHtml(text[a:b]) if b > a else "‸"
        readings = "；".join(escapeHtml(n) for _, n in items)
        out.append(f'<mark class="{escapeHtml(css)}">{inner}</mark><span class="reading">〔{readings}〕</span>')
        last = b
    out.append(escapeHtml(text[last:]))
    return "".join(out).replace("\n", "<br>")
