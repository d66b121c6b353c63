"""Paragraphs → a structure tree built from the numbering itself.

A stack holds the numbering styles currently open (e.g. 一、 then 1. then （1）). A paragraph that
opens with a style already on the stack closes everything below it and becomes a sibling; a new
style opens a child level. Markdown heading levels are ignored: they are not consistent in real
texts. Numbering may run on across parents (clauses 1–17 across sections 一–六), so a child level
need not restart at 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from corpus.extras import clause_extras
from corpus.lines import Paragraph
from corpus.model import Node
from corpus.numbering import Marker, inline_markers, match_marker
from corpus.text import MText, concat, ends_sentence

_CLOSING = re.compile(
    r"^本(意见|措施|方案|办法|规定|通知|决定|细则|条例|规则|实施方案)\S{0,12}?(适用于|自\S{0,16}起施行|由\S{0,20}负责解释|未尽事宜|参照执行)"
)


@dataclass
class _Draft:
    kind: str
    marker: Marker | None
    heading: str | None = None
    parts: list[MText] = field(default_factory=list)
    heading_span: tuple[int, int] | None = None
    children: list[_Draft] = field(default_factory=list)
    table: dict[str, Any] | None = None


def split_heading(body: MText) -> tuple[str | None, MText | None]:
    """Split a numbered paragraph's body into its lead heading and its own text.

    A paragraph that is only a short title (一、总体要求) is all heading and has no text. A lead
    phrase (3. 优化工作力量配置。各地按照…) is the heading and stays at the head of the text, as
    printed. A bold lead (①**健全社会保障体系**。…) is the heading whatever punctuation follows.
    """
    text = body.text
    if not text:
        return None, None
    stripped = text.rstrip("：:")
    if len(stripped) <= 60 and not ends_sentence(stripped) and not re.search(r"[，。；,;]", stripped):
        return stripped, None
    spans = body.bold_spans()
    if spans and spans[0][0] == 0:
        lead = text[: spans[0][1]].strip().rstrip("。：:，,")
        rest = text[spans[0][1] :].lstrip("。：:，, ")
        if 2 <= len(lead) <= 30 and rest:
            return lead, body
    m = re.match(r"^([^。：:，,；;]{2,25})[。：:]", text)
    if m and text[m.end() :].strip():
        return m.group(1), body
    return None, body


def _add_text(node: _Draft, text: MText) -> None:
    """Attach a paragraph to a node, splitting an inline enumeration (（1）…（2）…) into items."""
    run = inline_markers(text.text)
    if not run:
        node.parts.append(text)
        return
    # a closing remark on the whole clause (（甲牵头，乙参与）) is not part of the last item
    remark = None
    m = re.search(r"（[^（）]*(牵头|负责|参与|配合)[^（）]*）\s*$", text.text)
    if m and m.start() > run[-1][0]:
        remark = text[m.start() :]
        text = text[: m.start()]
    lead = text[: run[0][0]].strip()
    if lead.text:
        node.parts.append(lead)
    bounds = [pos for pos, _ in run] + [len(text)]
    for (pos, marker), end in zip(run, bounds[1:], strict=True):
        body = text[pos + marker.length : end].strip()
        heading, own = split_heading(body)
        child = _Draft(kind="item", marker=marker, heading=heading, heading_span=text[pos:end].span())
        if own is not None:
            child.parts.append(own)
        node.children.append(child)
    if remark is not None:
        node.parts.append(remark)


def build_tree(paragraphs: list[Paragraph]) -> tuple[list[_Draft], list[str]]:
    """Build the tree of a document body; return the top-level drafts and structural warnings."""
    root = _Draft(kind="root", marker=None)
    preamble = _Draft(kind="preamble", marker=None, heading="序言")
    stack: list[_Draft] = []
    warnings: list[str] = []
    current: _Draft = preamble
    for p in paragraphs:
        if p.table is not None:
            current.table = p.table.to_dict() if hasattr(p.table, "to_dict") else None
            continue
        marker = match_marker(p.text.text)
        if marker is None:
            _add_text(current, p.text)
            continue
        styles = [d.marker.style for d in stack if d.marker]
        if marker.style in styles:
            idx = styles.index(marker.style)
            previous = stack[idx]
            stack = stack[:idx]
            if previous.marker and marker.value != previous.marker.value + 1:
                warnings.append(f"第{p.first_line}行：编号 {marker.printed} 接在 {previous.marker.printed} 之后，编号不连续")
        parent = stack[-1] if stack else root
        node = _Draft(kind="part" if not stack else "clause", marker=marker, heading_span=p.text.span())
        body = p.text[marker.length :].strip()
        heading, own = split_heading(body)
        if heading is None and p.md_heading and len(body.text) <= 60:
            heading, own = body.text.rstrip("：:"), None  # a Markdown heading is a title, commas and all
        node.heading = heading
        if own is not None:
            _add_text(node, own)
        parent.children.append(node)
        stack.append(node)
        current = node
    tops: list[_Draft] = []
    if preamble.parts:
        tops.append(preamble)
    tops.extend(root.children)
    _move_closing(tops)
    return tops, warnings


def _move_closing(tops: list[_Draft]) -> None:
    """Move a trailing 本措施适用于… paragraph out of the last clause into a closing node."""
    if not tops:
        return
    last = tops[-1]
    while last.children:
        last = last.children[-1]
    moved: list[MText] = []
    while last.parts and _CLOSING.match(last.parts[-1].text):
        moved.insert(0, last.parts.pop())
    if moved:
        tops.append(_Draft(kind="closing", marker=None, heading="附则", parts=moved))


def freeze(draft: _Draft) -> Node:
    """Turn a draft into an immutable node with its text, emphasis spans and raw span."""
    text = concat_paragraphs(draft.parts)
    children = tuple(freeze(c) for c in draft.children)
    spans = [s for s in (draft.heading_span, text.span() if text.text else None) if s]
    span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, 0)
    if not spans and children:
        span = (children[0].span[0], children[0].span[0])
    kind = draft.kind
    if kind == "clause" and draft.marker and draft.marker.style in ("paren", "circled"):
        kind = "item"
    return Node(
        kind=kind,
        style=draft.marker.style if draft.marker else None,
        value=draft.marker.value if draft.marker else None,
        number=draft.marker.printed if draft.marker else None,
        heading=draft.heading,
        text=text.text,
        emphasis=tuple(text.bold_spans()),
        span=span,
        children=children,
        table=draft.table,
        extras=clause_extras(text.text),
        sub=draft.marker.sub if draft.marker else 0,
    )


def concat_paragraphs(parts: list[MText]) -> MText:
    """Join a node's paragraphs with a newline (which inherits the previous character's origin)."""
    joined: list[MText] = []
    for i, part in enumerate(parts):
        if i:
            prev = joined[-1]
            joined.append(MText("\n", (prev.pos[-1] if prev.pos else 0,), (False,)))
        joined.append(part)
    return concat(joined)
