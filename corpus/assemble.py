"""Parsed files → works, witnesses and clauses with stable refs: the whole corpus in one value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from corpus.catalog import Catalog
from corpus.decode import Decoded, decode_bytes
from corpus.document import core_title, parse_file
from corpus.errors import SourceError, UnsupportedFile
from corpus.lines import find_doc_number
from corpus.markup import html_to_text, looks_like_html
from corpus.model import (
    ClauseRecord,
    CorpusBuild,
    Node,
    ParsedDocument,
    ParsedFile,
    SourceRecord,
    WitnessRecord,
    WorkRecord,
)
from corpus.numbering import article_path
from corpus.slug import clean, law_family, witness_slug, work_slug
from corpus.tables import Table, check_grade_table, stated_ranges, with_columns

# Bump when a change to the pipeline changes what a build produces, so stored corpora rebuild.
PIPELINE_VERSION = "1"
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def corpus_hash(files: Iterable[tuple[str, bytes]], catalog_bytes: bytes) -> str:
    """A hash of everything a build depends on: pipeline version, file names and bytes, catalog."""
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for name, data in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    h.update(b"catalog\0" + catalog_bytes)
    return h.hexdigest()


def _apply(doc: ParsedDocument, fields: dict[str, Any]) -> ParsedDocument:
    known = {f.name for f in dataclasses.fields(ParsedDocument)}
    changes = {k: v for k, v in fields.items() if k in known}
    return dataclasses.replace(doc, **changes) if changes else doc


def _segment(node: Node) -> str:
    if node.kind == "preamble":
        return "preamble"
    if node.kind == "closing":
        return "closing"
    if node.kind == "attachment":
        return f"att{node.value}"
    if node.style in LAW_SEGMENTS:
        return f"{LAW_SEGMENTS[node.style]}{node.value}"
    if node.style == "article":
        return article_path(node.value or 0, node.sub)  # 第十二条之一 → 12-1
    return str(node.value)


# 编, 章, 节 of a law: ch2 is 第二章, ch2.s1 its 第一节; articles are numbered through the whole law
LAW_SEGMENTS = {"book": "b", "chapter": "ch", "section": "s"}


def _clauses(nodes: tuple[Node, ...], work: str, wit: str | None) -> list[ClauseRecord]:
    records: list[ClauseRecord] = []

    def ref_of(path: str) -> str:
        return f"{work}/{path}" + (f"@{wit}" if wit else "")

    articles: dict[str, int] = {}

    def walk(children: tuple[Node, ...], parent_path: str | None, depth: int, article: int | None = None) -> None:
        seen: dict[str, int] = {}
        for node in children:
            seg = _segment(node)
            own = node.value if node.style == "article" else article
            if node.style == "article":
                # the article number alone names an article (users cite 第十二条, not its chapter)
                path = seg
                articles[path] = articles.get(path, 0) + 1
                if articles[path] > 1:
                    path = f"{path}~{articles[path]}"  # the same article number printed twice
            else:
                path = seg if parent_path is None else f"{parent_path}.{seg}"
                seen[path] = seen.get(path, 0) + 1
                if seen[path] > 1:
                    path = f"{path}-{seen[path]}"  # the same number printed twice among siblings
            records.append(
                ClauseRecord(
                    ref=ref_of(path),
                    path=path,
                    parent_ref=ref_of(parent_path) if parent_path is not None else None,
                    ordinal=len(records),
                    depth=depth,
                    kind=node.kind,
                    number=node.number,
                    heading=node.heading,
                    text=node.text,
                    emphasis=node.emphasis,
                    span=node.span,
                    table=node.table,
                    extras={**node.extras, "article": own} if own is not None else node.extras,
                )
            )
            walk(node.children, path, depth + 1, own)

    walk(nodes, None, 1)
    return records


_ENCODING_RANK = {"utf-8": 0, "utf-8-sig": 1, "utf-16": 2, "gb18030": 3}


def _decode(name: str, data: bytes) -> tuple[Decoded, list[str]]:
    """Decode one file of any supported kind; a web page loses its markup, with a warning."""
    suffix = PurePosixPath(name).suffix.lower()
    if name.startswith("."):
        raise UnsupportedFile(name, "隐藏文件，未读取")
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise UnsupportedFile(name, f"不是文本文件（{suffix or '没有扩展名'}），未读取；请先转成 .txt 或 .md")
    decoded = decode_bytes(name, data)
    if suffix in HTML_SUFFIXES or looks_like_html(decoded.text):
        where = "网页文件" if suffix in HTML_SUFFIXES else f"{suffix} 文件里是 HTML 网页"
        return Decoded(html_to_text(decoded.text), decoded.encoding), [f"{name}：{where}，已去除 HTML 标记后读取"]
    return decoded, []


def _same_text_key(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))


def _read(
    files: list[tuple[str, bytes]],
) -> tuple[list[ParsedFile], list[SourceRecord], list[str], dict[str, list[str]]]:
    """Decode and parse every file; each one is read, or reported by name with the reason."""
    sources: dict[str, SourceRecord] = {}
    warnings: list[str] = []
    decoded: list[tuple[str, bytes, Decoded]] = []
    for name, data in sorted(files):
        sha = hashlib.sha256(data).hexdigest()
        try:
            d, notes = _decode(name, data)
        except SourceError as exc:
            warnings.append(f"跳过 {exc}")
            sources[name] = SourceRecord(name, sha, len(data), None, "skipped", exc.message, None)
            continue
        warnings.extend(notes)
        decoded.append((name, data, d))

    # the same text in two files (another encoding, another copy) is one witness: keep the UTF-8 one
    by_text: dict[str, list[tuple[str, bytes, Decoded]]] = defaultdict(list)
    for item in decoded:
        by_text[_same_text_key(item[2].text)].append(item)
    copies: dict[str, list[str]] = {}
    kept: list[tuple[str, bytes, Decoded]] = []
    for group in by_text.values():
        group.sort(key=lambda item: (_ENCODING_RANK.get(item[2].encoding, 9), item[0]))
        keeper = group[0]
        kept.append(keeper)
        for name, data, d in group[1:]:
            message = f"与 {keeper[0]} 文本相同（{d.encoding}），作为同一见证，不另行收录"
            warnings.append(f"{name}：{message}")
            sources[name] = SourceRecord(name, hashlib.sha256(data).hexdigest(), len(data), d.encoding, "skipped", message, None)
            copies.setdefault(keeper[0], []).append(name)

    parsed: list[ParsedFile] = []
    for name, data, d in sorted(kept, key=lambda item: item[0]):
        sha = hashlib.sha256(data).hexdigest()
        try:
            pf = parse_file(name, d.text, d.encoding)
        except Exception as exc:  # a parser defect must not cost the other files their build
            warnings.append(f"跳过 {name}：解析出错（{type(exc).__name__}: {exc}）")
            sources[name] = SourceRecord(name, sha, len(data), None, "skipped", f"解析出错：{exc}", None)
            continue
        if not any(doc.nodes for doc in pf.documents):
            warnings.append(f"跳过 {name}：没有识别出任何条款")
            sources[name] = SourceRecord(name, sha, len(data), pf.encoding, "skipped", "没有识别出任何条款", pf.text)
            continue
        parsed.append(pf)
        warnings.extend(pf.warnings)
        sources[name] = SourceRecord(name, sha, len(data), pf.encoding, "ok", None, pf.text)
    return parsed, [sources[n] for n in sorted(sources)], warnings, copies


def assemble_corpus(files: list[tuple[str, bytes]], catalog: Catalog, catalog_bytes: bytes = b"") -> CorpusBuild:
    """Decode, parse and group every file into works; a bad file is reported and skipped."""
    parsed, sources, warnings, copies = _read(files)

    # every document with what the catalog says of it
    docs: list[tuple[ParsedFile, ParsedDocument, dict[str, Any], dict[int, list[str]]]] = []
    for pf in parsed:
        for doc in pf.documents:
            if not doc.nodes:
                continue
            entry = catalog.entry(pf.name, doc.part)
            docs.append((pf, _apply(doc, entry.fields), entry.fields, entry.tables))

    groups: dict[str, list[int]] = defaultdict(list)
    for i, (_, doc, _, _) in enumerate(docs):
        key = core_title(doc.title) or f"{doc.source}#{doc.part}"
        if doc.meta.get("form") == "law":
            key += f"@{doc.date.isoformat() if doc.date else ''}"  # each version of a law is a work of its own
        groups[key].append(i)

    # cited document numbers: 《关于…的意见》（中办发〔2024〕33号） completes the cited work
    cited: dict[str, tuple[str, str]] = {}
    for _pf, doc, _, _ in docs:
        for node in doc.nodes:
            for m in re.finditer(r"《([^《》]+)》[（(]([^（）()]{4,30})[)）]", node.text):
                number = find_doc_number(m.group(2))
                if number:
                    cited.setdefault(core_title(m.group(1)), (number, doc.title))

    plans: list[_Plan] = []
    for key, members in groups.items():
        ordered = sorted(members, key=lambda i: _base_rank(docs[i]))
        base_i = ordered[0]
        _, base_doc, _, _ = docs[base_i]
        meta: dict[str, Any] = dict(base_doc.meta)
        fields: dict[str, Any] = {}
        for i in ordered[::-1]:
            fields.update(
                {
                    k: v
                    for k, v in docs[i][2].items()
                    if k in ("title", "issuers", "date", "doc_number", "level", "region", "slug", "status", "replaced_by")
                }
            )
        date = fields.get("date") or base_doc.date or next((docs[i][1].date for i in ordered if docs[i][1].date), None)
        doc_number = (
            fields.get("doc_number")
            or base_doc.doc_number
            or next((docs[i][1].doc_number for i in ordered if docs[i][1].doc_number), None)
        )
        if not doc_number and key in cited:
            doc_number = cited[key][0]
            meta["doc_number_cited_by"] = cited[key][1]
        issuers = (
            fields.get("issuers") or base_doc.issuers or next((docs[i][1].issuers for i in ordered if docs[i][1].issuers), ())
        )
        if fields.get("slug"):
            stem, family = clean(fields["slug"]), clean(fields["slug"])
        elif meta.get("form") == "law":
            family = law_family(meta.get("short_title") or base_doc.title)
            stem = f"{family}-{date.year}" if date else family
        else:
            stem = work_slug(base_doc.title, base_doc.region, date.year if date else None)
            family = stem
        meta["family"] = family
        meta["version"] = date.isoformat() if date else None
        for name in ("status", "replaced_by"):  # the catalog's word on 时效性 (see corpus.versions)
            if name in fields:
                meta[f"catalog_{name}"] = fields[name]
        plans.append(_Plan(key, ordered, base_i, meta, fields, date, doc_number, tuple(issuers), stem))

    works: list[WorkRecord] = []
    for plan, slug in zip(plans, _unique_slugs(plans), strict=True):
        ordered, base_i, meta, fields = plan.ordered, plan.base_i, plan.meta, plan.fields
        date, doc_number, issuers = plan.date, plan.doc_number, plan.issuers
        _, base_doc, _, _ = docs[base_i]
        witnesses: list[WitnessRecord] = []
        used_wit: set[str] = set()
        for i in ordered:
            pf, doc, wfields, table_columns = docs[i]
            is_base = i == base_i
            wslug = clean(wfields["witness"]) if wfields.get("witness") else witness_slug(pf.name)
            stem_w, k = wslug, 2
            while wslug in used_wit:
                wslug, k = f"{stem_w}-{k}", k + 1
            used_wit.add(wslug)
            nodes = _label_tables(doc.nodes, table_columns)
            clauses = _clauses(nodes, slug, None if is_base else wslug)
            label = wfields.get("label") or (f"{pf.name} 第{doc.part}部分" if doc.part else pf.name)
            wmeta: dict[str, Any] = {
                "excluded": dataclasses.asdict(doc.excluded),
                "dropped": [dataclasses.asdict(d) for d in pf.dropped] if doc.part is None else [],
            }
            if pf.name in copies and doc.part is None:
                wmeta["copies"] = copies[pf.name]  # files with the same text, read as this one
            if doc.part:
                wmeta["part"] = doc.part
                wmeta["part_heading"] = doc.meta.get("part_heading")
            witnesses.append(WitnessRecord(wslug, pf.name, doc.part, is_base, label, doc.span, wmeta, tuple(clauses)))
            warnings.extend(_table_checks(doc.title, clauses))
        works.append(
            WorkRecord(
                slug=slug,
                title=fields.get("title") or base_doc.title,
                issuers=tuple(issuers),
                date=date,
                doc_number=doc_number,
                level=fields.get("level") or base_doc.level,
                region=fields.get("region", base_doc.region),
                kind=base_doc.kind,
                meta=meta,
                witnesses=tuple(witnesses),
            )
        )
    works.sort(key=lambda w: (_LEVEL_ORDER.get(w.level, 9), w.date.isoformat() if w.date else "9999", w.slug))
    summary = _summary(works, sources, parsed, warnings)
    return CorpusBuild(tuple(works), tuple(sources), tuple(warnings), summary, corpus_hash(files, catalog_bytes))


@dataclasses.dataclass
class _Plan:
    """A work before its slug is settled: its group of documents and what they say of it."""

    key: str
    ordered: list[int]
    base_i: int
    meta: dict[str, Any]
    fields: dict[str, Any]
    date: dt.date | None
    doc_number: str | None
    issuers: tuple[str, ...]
    stem: str


def _unique_slugs(plans: list[_Plan]) -> list[str]:
    """Settle each work's slug from the documents alone, whatever order the files come in.

    Works whose slugs would be the same are ordered by date and title: the first keeps the slug, the
    others add their month and day (a second version of a law in one year) or a hash of the title.
    """
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, plan in enumerate(plans):
        by_stem[plan.stem].append(i)
    slugs = [plan.stem for plan in plans]
    taken = set(slugs)
    for stem, members in by_stem.items():
        ranked = sorted(members, key=lambda i: (str(plans[i].date or "9999"), plans[i].key))
        for i in ranked[1:]:
            date = plans[i].date
            slug = f"{stem}-{date:%m%d}" if date else ""
            if not slug or slug in taken:
                slug = f"{stem}-{hashlib.sha256(plans[i].key.encode()).hexdigest()[:6]}"
            slugs[i] = slug
            taken.add(slug)
    return slugs


_LEVEL_ORDER = {"central": 0, "provincial": 1, "municipal": 2, "county": 3, "compilation": 4}


def _base_rank(item: tuple[ParsedFile, ParsedDocument, dict[str, Any], dict[int, list[str]]]) -> tuple[int, int, int, str]:
    """Order copies of a work: the catalog's base first, then a whole file with nothing else in it."""
    pf, doc, fields, _ = item
    return (
        0 if fields.get("base") else 1,
        0 if doc.part is None else 1,
        0 if doc.excluded.paragraphs == 0 else 1,
        pf.name,
    )


def _label_tables(nodes: tuple[Node, ...], columns: dict[int, list[str]]) -> tuple[Node, ...]:
    if not columns:
        return nodes
    out: list[Node] = []
    for node in nodes:
        if node.kind == "attachment" and node.table and node.value is not None and node.value in columns:
            t = node.table
            table = Table(tuple(t["columns"]), tuple(tuple(r) for r in t["rows"]), tuple(t["notes"]), t["header_text"], 0, 0)
            relabelled = with_columns(table, columns[node.value])
            node = dataclasses.replace(node, table={**relabelled.to_dict(), "header_text": t["header_text"]})
        out.append(node)
    return tuple(out)


def _table_checks(title: str, clauses: list[ClauseRecord]) -> list[str]:
    ranges = [r for c in clauses for r in stated_ranges(c.text)]
    problems: list[str] = []
    for c in clauses:
        if c.table:
            t = c.table
            table = Table(tuple(t["columns"]), tuple(tuple(r) for r in t["rows"]), tuple(t["notes"]), t["header_text"], 0, 0)
            problems.extend(f"《{title}》{c.heading}：{p}" for p in check_grade_table(table, ranges))
    return problems


def _summary(
    works: list[WorkRecord], sources: list[SourceRecord], parsed: list[ParsedFile], warnings: list[str]
) -> dict[str, Any]:
    excluded_blocks = sum(d.excluded.blocks for pf in parsed for d in pf.documents)
    excluded_paragraphs = sum(d.excluded.paragraphs for pf in parsed for d in pf.documents)
    return {
        "files": len(sources),
        "files_ok": sum(1 for s in sources if s.status == "ok"),
        "files_skipped": [s.name for s in sources if s.status != "ok"],
        "works": len(works),
        "witnesses": sum(len(w.witnesses) for w in works),
        "clauses": sum(len(wt.clauses) for w in works for wt in w.witnesses),
        "clauses_per_work": {w.slug: len(w.base.clauses) for w in works},
        "excluded_blocks": excluded_blocks,
        "excluded_paragraphs": excluded_paragraphs,
        "dropped_lines": sum(len(pf.dropped) for pf in parsed),
        "warnings": len(warnings),
    }


def read_corpus_dir(raw_dir: Any) -> list[tuple[str, bytes]]:
    """Read every file of a corpus folder (a pathlib.Path) as (name, bytes); the build answers for each."""
    return [(p.name, p.read_bytes()) for p in sorted(raw_dir.iterdir()) if p.is_file()]
