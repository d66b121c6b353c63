"""Frozen records the pipeline hands from one stage to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("central", "provincial", "municipal", "county", "compilation")
LEVEL_LABELS = {"central": "中央", "provincial": "省", "municipal": "市", "county": "县", "compilation": "汇编"}


def level_label(level: str) -> str:
    """中央 / 省 / 市 / 县 / 汇编 for a level code (an unknown code as it is)."""
    return LEVEL_LABELS.get(level, level)


@dataclass(frozen=True)
class Node:
    """One unit of a document's structure tree, with its own text and where it came from."""

    kind: str  # preamble | part | clause | item | closing | attachment
    style: str | None  # numbering style (see corpus.numbering) or None
    value: int | None  # the number's value (3 for 三、 or 3.)
    number: str | None  # the marker as printed, normalised
    heading: str | None
    text: str
    emphasis: tuple[tuple[int, int], ...]
    span: tuple[int, int]
    children: tuple[Node, ...] = ()
    table: dict[str, Any] | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    sub: int = 0  # 1 for 第十二条之一 (an article inserted after 第十二条)


@dataclass(frozen=True)
class Excluded:
    """Content found after a document's end that belongs to something else (other articles)."""

    blocks: int = 0
    paragraphs: int = 0
    chars: int = 0
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    """One document found in a file: a whole file, or one part of a compilation."""

    source: str
    part: str | None  # the compilation part it was found in (e.g. "五"), None for a whole file
    title: str  # the title without issuers, e.g. 关于加强社区工作者队伍建设的意见
    issuers: tuple[str, ...]
    date: dt.date | None
    doc_number: str | None
    level: str
    region: str | None
    kind: str  # document | compilation
    nodes: tuple[Node, ...]
    span: tuple[int, int]
    meta: dict[str, Any]
    excluded: Excluded
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Dropped:
    """A noise line removed from a file (a URL, a page number)."""

    line: int
    kind: str
    text: str


@dataclass(frozen=True)
class ParsedFile:
    """Everything read from one raw file."""

    name: str
    encoding: str
    sha256: str
    text: str
    documents: tuple[ParsedDocument, ...]
    dropped: tuple[Dropped, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ClauseRecord:
    """A clause ready to store: a node with its ref, parent and place in the document order."""

    ref: str
    path: str
    parent_ref: str | None
    ordinal: int
    depth: int
    kind: str
    number: str | None
    heading: str | None
    text: str
    emphasis: tuple[tuple[int, int], ...]
    span: tuple[int, int]
    table: dict[str, Any] | None
    extras: dict[str, Any]


@dataclass(frozen=True)
class WitnessRecord:
    """One copy of a work in one source file."""

    slug: str
    source: str
    part: str | None
    is_base: bool
    label: str
    span: tuple[int, int]
    meta: dict[str, Any]
    clauses: tuple[ClauseRecord, ...]


@dataclass(frozen=True)
class WorkRecord:
    """A policy document as issued, with every witness of it."""

    slug: str
    title: str
    issuers: tuple[str, ...]
    date: dt.date | None
    doc_number: str | None
    level: str
    region: str | None
    kind: str
    meta: dict[str, Any]
    witnesses: tuple[WitnessRecord, ...]

    @property
    def base(self) -> WitnessRecord:
        """The witness whose text is the reference for the others."""
        return next(w for w in self.witnesses if w.is_base)

    @property
    def full_title(self) -> str:
        """Issuers and title as a citation prints them."""
        issuers = " ".join(self.issuers)
        return f"{issuers}《{self.title}》" if issuers and self.title.startswith("关于") else self.title


@dataclass(frozen=True)
class SourceRecord:
    """A raw file as the build saw it: ingested, or skipped with the reason."""

    name: str
    sha256: str
    size: int
    encoding: str | None
    status: str  # ok | skipped
    message: str | None
    text: str | None


@dataclass(frozen=True)
class CorpusBuild:
    """The result of reading a corpus folder: works, the files behind them, and what was noticed."""

    works: tuple[WorkRecord, ...]
    sources: tuple[SourceRecord, ...]
    warnings: tuple[str, ...]
    summary: dict[str, Any]
    corpus_hash: str
