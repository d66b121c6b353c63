"""The catalog: one optional entry per source file, completing or correcting what detection found.

``corpus/catalog.toml``::

    [[file]]
    name = "000_….txt"        # the file in corpus/raw/
    slug = "shequ-yijian-2024" # the work's slug (refs and URLs start with it)
    witness = "pdf"            # this copy's short name; refs of non-base copies end in @pdf
    label = "PDF 原文"          # how the copy is shown in the witness selector
    base = true                # this copy is the base text of its work
    # any of: title, issuers, date, doc_number, level, region
    status = "repealed"        # 时效性 when the versions present cannot tell: current, amended,
                               # repealed, not_yet_effective or unknown (see corpus.versions)
    replaced_by = "…-2025"     # the slug (or title) of the version that replaced it; implies amended

    [[file.part]]              # a document embedded in a compilation, by its part number
    part = "六"
    slug = "zhiyuan-yijian-2024"

    [[file.table]]             # column labels for a table detection could not label
    attachment = 1
    columns = ["岗位等级", "社区正职", …]
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import SourceError
from corpus.versions import STATUSES

OVERRIDABLE = (
    "title",
    "issuers",
    "date",
    "doc_number",
    "level",
    "region",
    "slug",
    "witness",
    "label",
    "base",
    "status",
    "replaced_by",
)


@dataclass(frozen=True)
class Entry:
    """What the catalog says about one document of one file (the file itself, or a part of it)."""

    fields: dict[str, Any] = field(default_factory=dict)
    tables: dict[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalog:
    """All entries, keyed by (file name, part or None)."""

    entries: dict[tuple[str, str | None], Entry] = field(default_factory=dict)

    def entry(self, name: str, part: str | None = None) -> Entry:
        """The entry for a file (or one part of it); an empty entry when there is none."""
        return self.entries.get((name, part), Entry())


def _check(name: str, where: str, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(OVERRIDABLE) - {"name", "part", "table"}
    if unknown:
        raise SourceError(name, f"目录条目 {where} 有未知字段：{', '.join(sorted(unknown))}")
    fields = {k: v for k, v in data.items() if k in OVERRIDABLE}
    if "date" in fields and isinstance(fields["date"], str):
        try:
            fields["date"] = dt.date.fromisoformat(fields["date"])
        except ValueError as exc:
            raise SourceError(name, f"目录条目 {where} 的日期无效：{fields['date']}") from exc
    if "issuers" in fields:
        fields["issuers"] = tuple(fields["issuers"])
    if "status" in fields and fields["status"] not in STATUSES:
        raise SourceError(name, f"目录条目 {where} 的 status 无效：{fields['status']}（应为 {'、'.join(STATUSES)}）")
    if "replaced_by" in fields and not (isinstance(fields["replaced_by"], str) and fields["replaced_by"].strip()):
        raise SourceError(name, f"目录条目 {where} 的 replaced_by 应为替代版本的 slug")
    if fields.get("status") in ("current", "not_yet_effective") and "replaced_by" in fields:
        raise SourceError(name, f"目录条目 {where}：status 为 {fields['status']} 的文件不能有 replaced_by")
    return fields


def load_catalog(path: Path) -> Catalog:
    """Read the catalog file; a missing file is an empty catalog, a malformed one an error."""
    if not path.exists():
        return Catalog()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(path.name, f"目录文件格式错误：{exc}") from exc
    entries: dict[tuple[str, str | None], Entry] = {}
    for i, item in enumerate(data.get("file", []), start=1):
        name = item.get("name")
        if not name:
            raise SourceError(path.name, f"第 {i} 个 [[file]] 条目缺少 name")
        tables = {int(t["attachment"]): list(t["columns"]) for t in item.get("table", [])}
        entries[(name, None)] = Entry(_check(name, f"[[file]] {name}", item), tables)
        for part in item.get("part", []):
            key = str(part.get("part", ""))
            entries[(name, key)] = Entry(_check(name, f"{name} 第{key}部分", part))
    return Catalog(entries)
