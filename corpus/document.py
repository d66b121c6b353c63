"""One decoded file → the documents in it, with their metadata and structure trees.

A file is read as: a head (letterhead, document number, cover notice 关于印发…的通知, title,
date), a body (preamble and numbered parts), attachments (附件), an administrative tail (抄送,
印发, signatories) and possibly content that belongs to something else (a newspaper page's other
articles), which is cut off at the first sign that the document has ended. A compilation whose
numbered parts embed whole documents (五、《…的意见》) is split into those documents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from corpus.law import (
    build_law_tree,
    effective_in_text,
    header_meta,
    is_law_form,
    issuers_of,
    order_number,
    parse_event,
    short_title,
    version_date,
)
from corpus.lines import (
    Paragraph,
    assemble_paragraphs,
    drop_noise,
    find_doc_number,
    is_attachment_line,
    is_date_only,
    is_dateline,
    is_doc_number_only,
    is_title_like,
    org_names,
    parse_date,
    split_lines,
)
from corpus.model import Excluded, Node, ParsedDocument, ParsedFile
from corpus.numbering import Marker, match_marker
from corpus.structure import _Draft, build_tree, freeze
from corpus.tables import find_tables
from corpus.text import ends_sentence, normalise_plain

PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)
_CENTRAL = re.compile(r"^(中共中央|中央|国务院|全国人大|全国人民代表大会|最高人民|中华人民共和国)")
_COVER = re.compile(r"^关于印发《(.+)》的通知$")
_EMBEDDED = re.compile(r"^《(.+?)》(?:[（(]([^（）()]*)[)）])?$")
_ADMIN = re.compile(r"^(抄送|主送|抄报|发送)[：:]")
_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)印发$")
_COMPILATION_WORDS = re.compile(r"(增补|汇编|选编|摘编|合集|辑要|读本)")


def core_title(title: str) -> str:
    """The title a work is known by: from 关于 on, without issuers, brackets or spaces."""
    t = normalise_plain(title)
    t = t.strip("《》 ")
    if "关于" in t:
        t = t[t.index("关于") :]
    return t


def issuers_from_title(raw: str) -> tuple[str, ...]:
    """Issuers printed before 关于 in a title line, split where the print puts spaces."""
    text = raw.replace("《", " ").replace("#", " ")
    if "关于" not in text:
        return ()
    prefix = text[: text.index("关于")]
    prefix = re.sub(r"^[\s\d一二三四五六七八九十、.（）()]*", "", prefix)
    tokens = [t for t in re.split(r"[\s\u3000]+", prefix) if t]
    names: list[str] = []
    for t in tokens:
        names.extend(re.findall(r".+?(?:办公厅|办公室|委员会|人民政府|(?<!省)委(?=$)|部|厅|局)(?=$|中共|国务院|中央)", t) or [t])
    return tuple(n for n in names if n)


def level_and_region(issuers: tuple[str, ...], title: str) -> tuple[str, str | None]:
    """Tell central / provincial / municipal / county, and the region, from who issued it."""
    names = list(issuers) or [title]
    for name in names:
        for prov in PROVINCES:
            if prov in name:
                return "provincial", prov
    for name in names:
        # a city (设区的市) or a special economic zone (深圳经济特区) is municipal, not a county
        m = re.search(r"(?:中共)?([\u4e00-\u9fff]{2,4}?)(?:市|经济特区)", name)
        if m and not _CENTRAL.match(name):
            return "municipal", m.group(1)
    for name in names:
        m = re.search(r"(?:中共)?([\u4e00-\u9fff]{2,4}?)(县|区|旗)", name)
        if m and not _CENTRAL.match(name):
            return "county", m.group(1) + m.group(2)
    return "central", "全国"


@dataclass
class _Head:
    title: str
    title_raw: str
    issuers: tuple[str, ...]
    date: dt.date | None
    doc_number: str | None
    meta: dict[str, Any]
    body_start: int


def _org_groups(paras: list[Paragraph]) -> list[tuple[int, int, list[str]]]:
    """Runs of paragraphs that are names of issuing bodies: (first index, last index, names)."""
    groups: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(paras):
        names: list[str] = []
        j = i
        while j < len(paras):
            found = None
            for raw in paras[j].source_lines or (paras[j].text.text,):
                found = org_names(raw)
                if found is None:
                    break
                names.extend(found)
            if found is None:
                break
            j += 1
        if j > i:
            groups.append((i, j - 1, names))
            i = j
        else:
            i += 1
    return groups


def _read_head(paras: list[Paragraph], first_numbered: int) -> _Head:
    """Find title, issuers, date, document number and cover notice before the first numbered part."""
    head = paras[:first_numbered]
    texts = [p.text.text for p in head]
    # the title: the last title-like paragraph before the preamble (a cover notice's title is not it)
    title_idx = None
    for i, t in enumerate(texts):
        if (is_title_like(t) or head[i].md_heading) and not _COVER.match(t) and org_names(t) is None:
            title_idx = i
    if title_idx is None:
        for i, t in enumerate(texts):
            if head[i].md_heading or (len(t) <= 60 and not ends_sentence(t) and not is_date_only(t) and org_names(t) is None):
                title_idx = i
                break
    meta: dict[str, Any] = {}
    cover = next((i for i, t in enumerate(texts) if _COVER.match(t)), None)
    if title_idx is None and cover is not None:
        title_idx = cover
    if title_idx is None:
        return _Head("", "", (), None, None, meta, 0)
    # a title wrapped onto several standalone lines (赤峰市…建设 / 实施方案)
    start = title_idx
    while (
        start > 0
        and start - 1 != cover
        and len(texts[start - 1]) <= 30
        and not ends_sentence(texts[start - 1])
        and not re.search(r"[，。；：]", texts[start - 1])
        and not is_date_only(texts[start - 1])
        and not is_doc_number_only(texts[start - 1])
        and org_names(texts[start - 1]) is None
        and not head[start - 1].md_heading
        and (cover is None or start - 1 > cover)
        and _org_groups([head[start - 1]]) == []
    ):
        start -= 1
    title_raw = " ".join(" ".join(p.source_lines) for p in head[start : title_idx + 1])
    title_full = "".join(texts[start : title_idx + 1])
    title = core_title(title_full)
    issuers = issuers_from_title(title_raw)

    # issuers: the signatories of a cover notice (a run of bodies followed by a date), else a letterhead
    groups = _org_groups(head[:start])
    signed = [g for g in groups if g[1] + 1 < len(head) and is_date_only(texts[g[1] + 1])]
    if signed:
        issuers = tuple(signed[-1][2])
    elif groups and not issuers:
        issuers = tuple(groups[0][2])
    elif groups and issuers:
        meta["letterhead"] = groups[0][2]

    # date: printed under the title, else the cover notice's date, else any date in the head
    date = None
    body_start = title_idx + 1
    while body_start < len(head) and (is_date_only(texts[body_start]) or is_doc_number_only(texts[body_start])):
        date = date or parse_date(texts[body_start])
        body_start += 1
    if date is None and signed:
        date = parse_date(texts[signed[-1][1] + 1])
    if date is None:
        date = next((d for d in (parse_date(t) for t in texts[:start] if is_date_only(t)) if d), None)
    doc_number = next((n for n in (find_doc_number(t) for t in texts[: title_idx + 1] if is_doc_number_only(t)) if n), None)
    if cover is not None:
        meta["cover_notice"] = "\n".join(texts[cover:start])
    if start > 0:
        meta["head"] = [t for t in texts[:start]]
    return _Head(title, title_raw, issuers, date, doc_number, meta, body_start)


def _split_tail(paras: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph], dict[str, Any], Excluded]:
    """Split what follows the preamble into body, attachments, administrative tail and other content."""
    body: list[Paragraph] = []
    attachments: list[Paragraph] = []
    meta: dict[str, Any] = {}
    seen_numbered = False
    end = len(paras)
    admin_start = None
    for i, p in enumerate(paras):
        t = p.text.text
        marker = match_marker(t) if t else None
        if marker:
            seen_numbered = True
        if seen_numbered and is_dateline(t):
            meta["dateline"] = t
            end = i + 1
            break
        if seen_numbered and p.md_heading and marker is None and not is_attachment_line(t):
            end = i
            break
        if _ADMIN.match(t) or _PRINTED.search(t):
            admin_start = i if admin_start is None else admin_start
            continue
        if admin_start is not None:
            if org_names(t) is not None or is_date_only(t) or _PRINTED.search(t):
                continue
            end = i
            break
    stop = admin_start if admin_start is not None else end
    if "dateline" in meta:
        stop = min(stop, end - 1)
    in_attachments = False
    for p in paras[:stop]:
        if is_attachment_line(p.text.text) and p.table is None:
            in_attachments = True
        (attachments if in_attachments else body).append(p)
    # signatories and date closing the body (a document with no cover notice signs at its end)
    trailing: list[str] = []
    while body and (org_names(body[-1].text.text) is not None or is_date_only(body[-1].text.text)):
        trailing.insert(0, body.pop().text.text)
    if trailing:
        meta["signature"] = trailing
    if admin_start is not None:
        admin = [p.text.text for p in paras[admin_start:end]]
        meta["admin"] = admin
        for t in admin:
            m = _ADMIN.match(t)
            if m:
                meta.setdefault("cc", []).append(t[m.end() :].strip())
            pm = _PRINTED.search(t)
            if pm:
                meta["printed"] = t
    rest = paras[end:]
    excluded = Excluded(
        blocks=sum(1 for p in rest if p.md_heading) or (1 if rest else 0),
        paragraphs=len(rest),
        chars=sum(len(p.text.text) for p in rest),
        headings=tuple(p.text.text for p in rest if p.md_heading),
    )
    return body, attachments, meta, excluded


def _attachment_nodes(paras: list[Paragraph]) -> list[_Draft]:
    """附件 lines → one node per attachment with its caption, text and table.

    A list of attachments (附件1：甲 / 附件2：乙) may come before the attachments themselves, each
    of which opens with its number again (附件1：) and usually repeats its caption.
    """
    drafts: dict[int, _Draft] = {}
    order: list[int] = []
    current: _Draft | None = None
    for p in paras:
        t = p.text.text
        m = re.match(r"^附件\s*(\d*)\s*[：:]?\s*(.*)$", t) if p.table is None and is_attachment_line(t) else None
        if m:
            n = int(m.group(1) or 1)
            caption = m.group(2).strip() or None
            if n not in drafts:
                marker = Marker(style="attachment", value=n, printed=f"附件{n}", length=0)
                drafts[n] = _Draft(kind="attachment", marker=marker, heading=caption, heading_span=p.text.span())
                order.append(n)
            elif caption and not drafts[n].heading:
                drafts[n].heading = caption
            current = drafts[n]
            continue
        if current is None:
            continue
        if p.table is not None:
            current.table = p.table.to_dict()  # type: ignore[attr-defined]
        elif current.heading is None:
            current.heading = t
        elif normalise_plain(t) == normalise_plain(current.heading):
            continue  # the caption printed again above the attachment itself
        else:
            current.parts.append(p.text)
    for n in order:
        drafts[n].heading = drafts[n].heading or f"附件{n}"
    return [drafts[n] for n in order]


def parse_text(name: str, text: str) -> tuple[list[ParsedDocument], list[Any], list[str]]:
    """Parse a decoded file into its documents, the noise lines dropped, and warnings."""
    lines = split_lines(text)
    lines, dropped = drop_noise(lines)
    tables, used = find_tables(lines)
    table_at = {t.first_line: t for t in tables}
    kept = [line for line in lines if line.number not in used or line.number in table_at]
    paras = assemble_paragraphs(kept, table_at)  # type: ignore[arg-type]
    warnings: list[str] = []
    for p in paras:
        if p.unpaired_emphasis:
            warnings.append(f"{name} 第{p.first_line}行：有未配对的 ** 加粗标记，已删除")
    first_numbered = next((i for i, p in enumerate(paras) if p.table is None and match_marker(p.text.text)), len(paras))
    head = _read_head(paras, first_numbered)
    preamble = paras[head.body_start : first_numbered]
    body, attachments, tail_meta, excluded = _split_tail(paras[first_numbered:])
    law = is_law_form(body)
    events = [e for p in paras[:first_numbered] for e in parse_event(p.text.text)] if law else []
    if law:
        preamble = [p for p in preamble if not parse_event(p.text.text)]  # header lines are metadata, not text
        drafts, tree_warnings = build_law_tree(preamble + body)
    else:
        drafts, tree_warnings = build_tree(preamble + body)
    drafts.extend(_attachment_nodes(attachments))
    warnings.extend(f"{name} {w}" for w in tree_warnings)
    nodes = [freeze(d) for d in drafts]
    meta = {**head.meta, **tail_meta}
    issuers = head.issuers
    date = head.date
    if not issuers and "signature" in meta:
        issuers = tuple(n for t in meta["signature"] for n in (org_names(t) or []))
    if date is None:
        date = next((parse_date(t) for t in meta.get("signature", []) if is_date_only(t)), None)
    if date is None and "printed" in meta:
        date = parse_date(meta["printed"])
    doc_number = head.doc_number
    if law:
        meta.update(header_meta(events))
        meta["short_title"] = short_title(head.title)
        issuers = issuers_of(events) or issuers
        date = version_date(events) or date
        doc_number = doc_number or order_number(events)
        if meta["effective"] is None:
            articles = [n.text for n in _walk(nodes) if n.style == "article"]
            meta["effective"] = effective_in_text(articles[-3:], meta["published"])
    doc_span = (paras[0].text.span()[0] if paras else 0, max((n.span[1] for n in nodes), default=0))

    documents: list[ParsedDocument] = []
    kept_nodes: list[Node] = []
    for draft, node in zip(drafts, nodes, strict=True):
        embedded = _embedded_document(name, draft, node)
        if embedded is not None:
            documents.append(embedded)
        else:
            kept_nodes.append(node)
    is_compilation = bool(documents) or bool(_COMPILATION_WORDS.search(head.title))
    level, region = ("compilation", None) if is_compilation else level_and_region(issuers, head.title)
    main = ParsedDocument(
        source=name,
        part=None,
        title=head.title,
        issuers=issuers,
        date=None if is_compilation and date is None else date,
        doc_number=doc_number,
        level=level,
        region=region,
        kind="compilation" if is_compilation else "document",
        nodes=tuple(kept_nodes),
        span=doc_span,
        meta=meta,
        excluded=excluded,
        warnings=tuple(warnings),
    )
    if excluded.paragraphs:
        warnings.append(
            f"{name}：正文结束后有 {excluded.blocks} 块其他内容（{excluded.paragraphs} 段，{excluded.chars} 字）未收录"
        )
    return [main, *documents], [d for d in dropped], warnings


def _walk(nodes: list[Node] | tuple[Node, ...]) -> list[Node]:
    """Every node of a tree in document order."""
    return [m for n in nodes for m in (n, *_walk(n.children))]


def _embedded_document(source: str, draft: _Draft, node: Node) -> ParsedDocument | None:
    """A compilation part whose heading is 《a policy document's title》 becomes a document of its own."""
    if draft.kind != "part" or not node.heading:
        return None
    m = _EMBEDDED.match(node.heading)
    if not m or not is_title_like(core_title(m.group(1))):
        return None
    full = m.group(1)
    title = core_title(full)
    date = parse_date(m.group(2) or "")
    issuers = issuers_from_title(full) if "关于" in full else ()
    level, region = level_and_region(issuers, title)
    children = list(node.children)
    if node.text:
        preamble = Node(
            kind="preamble",
            style=None,
            value=None,
            number=None,
            heading="序言",
            text=node.text,
            emphasis=node.emphasis,
            span=node.span,
            extras={},
        )
        children.insert(0, preamble)
    # the embedded document's own parts are its top level
    children = [_promote(c) for c in children]
    return ParsedDocument(
        source=source,
        part=node.number.rstrip("、") if node.number else None,
        title=title,
        issuers=issuers,
        date=date,
        doc_number=None,
        level=level,
        region=region,
        kind="document",
        nodes=tuple(children),
        span=(node.span[0], max([node.span[1], *[c.span[1] for c in children]])),
        meta={"embedded_in": source, "part_heading": node.heading},
        excluded=Excluded(),
        warnings=(),
    )


def _promote(node: Node) -> Node:
    """A clause of a compilation part becomes a top-level part of the embedded document."""
    return dataclasses.replace(node, kind="part" if node.kind == "clause" else node.kind)


def parse_file(name: str, text: str, encoding: str) -> ParsedFile:
    """Parse one decoded file."""
    documents, dropped, warnings = parse_text(name, text)
    for d in dropped:
        if d.kind == "comment":
            continue  # an HTML comment is markup: nothing of the text is lost
        warnings.append(f"{name} 第{d.line}行：删除了只有{'网址' if d.kind == 'url' else '页码'}的一行：{d.text[:60]}")
    return ParsedFile(
        name=name,
        encoding=encoding,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        documents=tuple(documents),
        dropped=tuple(dropped),
        warnings=tuple(warnings),
    )
