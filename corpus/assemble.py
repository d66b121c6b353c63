"""Parsed files → works, witnesses and clauses with stable refs: the whole corpus in one value."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from corpus.catalog import Catalog
from corpus.decode import decode_bytes
from corpus.document import core_title, parse_file
from corpus.errors import SourceError
from corpus.lines import find_doc_number
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
from corpus.slug import clean, witness_slug, work_slug
from corpus.tables import Table, check_grade_table, stated_ranges, with_columns

# Bump when a change to the pipeline changes what a build produces, so stored corpora rebuild.
PIPELINE_VERSION = "1"
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


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
    return str(node.value)


def _clauses(nodes: tuple[Node, ...], work: str, wit: str | None) -> list[ClauseRecord]:
    records: list[ClauseRecord] = []

    def ref_of(path: str) -> str:
        return f"{work}/{path}" + (f"@{wit}" if wit else "")

    def walk(children: tuple[Node, ...], parent_path: str | None, depth: int) -> None:
        seen: dict[str, int] = {}
        for node in children:
            seg = _segment(node)
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
                    extras=node.extras,
                )
            )
            walk(node.children, path, depth + 1)

    walk(nodes, None, 1)
    return records


def _read(files: list[tuple[str, bytes]]) -> tuple[list[ParsedFile], list[SourceRecord], list[str]]:
    parsed: list[ParsedFile] = []
    sources: list[SourceRecord] = []
    warnings: list[str] = []
    for name, data in sorted(files):
        sha = hashlib.sha256(data).hexdigest()
        try:
            decoded = decode_bytes(name, data)
            pf = parse_file(name, decoded.text, decoded.encoding)
        except SourceError as exc:
            warnings.append(f"跳过 {exc}")
            sources.append(SourceRecord(name, sha, len(data), None, "skipped", exc.message, None))
            continue
        except Exception as exc:  # a parser defect must not cost the other files their build
            warnings.append(f"跳过 {name}：解析出错（{type(exc).__name__}: {exc}）")
            sources.append(SourceRecord(name, sha, len(data), None, "skipped", f"解析出错：{exc}", None))
            continue
        if not any(d.nodes for d in pf.documents):
            warnings.append(f"跳过 {name}：没有识别出任何条款")
            sources.append(SourceRecord(name, sha, len(data), pf.encoding, "skipped", "没有识别出任何条款", pf.text))
            continue
        parsed.append(pf)
        warnings.extend(pf.warnings)
        sources.append(SourceRecord(name, sha, len(data), pf.encoding, "ok", None, pf.text))
    return parsed, sources, warnings


def assemble_corpus(files: list[tuple[str, bytes]], catalog: Catalog, catalog_bytes: bytes = b"") -> CorpusBuild:
    """Decode, parse and group every file into works; a bad file is reported and skipped."""
    parsed, sources, warnings = _read(files)

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
        groups[core_title(doc.title) or f"{doc.source}#{doc.part}"].append(i)

    # cited document numbers: 《关于…的意见》（中办发〔2024〕33号） completes the cited work
    cited: dict[str, tuple[str, str]] = {}
    for _pf, doc, _, _ in docs:
        for node in doc.nodes:
            for m in re.finditer(r"《([^《》]+)》[（(]([^（）()]{4,30})[)）]", node.text):
                number = find_doc_number(m.group(2))
                if number:
                    cited.setdefault(core_title(m.group(1)), (number, doc.title))

    works: list[WorkRecord] = []
    used_slugs: set[str] = set()
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
                    if k in ("title", "issuers", "date", "doc_number", "level", "region", "slug")
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
        slug = (
            clean(fields["slug"])
            if fields.get("slug")
            else work_slug(base_doc.title, base_doc.region, date.year if date else None)
        )
        stem, n = slug, 2
        while slug in used_slugs:
            slug, n = f"{stem}-{n}", n + 1
        used_slugs.add(slug)

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
    """Read every text file of a corpus folder (a pathlib.Path) as (name, bytes)."""
    return [
        (p.name, p.read_bytes())
        for p in sorted(raw_dir.iterdir())
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")
    ]
