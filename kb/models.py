"""Tables of the clause store: source files, works, witnesses, clauses, build metadata.

These rows are derived data: a build replaces them in one transaction. Tables holding what users
did (answers, reviews) live elsewhere and never reference these rows by a key a rebuild changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.db import Base


class SourceFile(Base):
    """A raw file as the last build read it (its decoded text, for provenance views)."""

    __tablename__ = "source_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)


class Work(Base):
    """A policy document as issued."""

    __tablename__ = "work"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    issuers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    date: Mapped[dt.date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    witnesses: Mapped[list[Witness]] = relationship(
        back_populates="work", order_by="Witness.position", cascade="all, delete-orphan"
    )


class Witness(Base):
    """One copy of a work in one source file."""

    __tablename__ = "witness"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("work.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(255))
    part: Mapped[str | None] = mapped_column(String(20))
    is_base: Mapped[bool] = mapped_column(default=False)
    label: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    work: Mapped[Work] = relationship(back_populates="witnesses")
    clauses: Mapped[list[Clause]] = relationship(
        back_populates="witness", order_by="Clause.ordinal", cascade="all, delete-orphan"
    )


class Clause(Base):
    """A numbered or headed unit of one witness of a work."""

    __tablename__ = "clause"
    __table_args__ = (Index("ix_clause_witness_ordinal", "witness_id", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(200), unique=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("work.id", ondelete="CASCADE"), index=True)
    witness_id: Mapped[int] = mapped_column(ForeignKey("witness.id", ondelete="CASCADE"))
    parent_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    path: Mapped[str] = mapped_column(String(100))
    ordinal: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(20))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    emphasis: Mapped[list[Any]] = mapped_column(JSON, default=list)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    table: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    witness: Mapped[Witness] = relationship(back_populates="clauses")
    work: Mapped[Work] = relationship()


class BuildInfo(Base):
    """Key/value facts about the stored corpus: its hash, when it was built, the summary, warnings."""

    __tablename__ = "build_info"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Variant(Base):
    """A difference between a witness and the base text of its work at one place (derived data)."""

    __tablename__ = "variant"
    __table_args__ = (Index("ix_variant_work_ordinal", "work", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(100))
    ordinal: Mapped[int] = mapped_column(Integer)
    base_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    witness: Mapped[str] = mapped_column(String(100))
    witness_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # punctuation | wording | added | removed
    base_start: Mapped[int] = mapped_column(Integer)
    base_end: Mapped[int] = mapped_column(Integer)
    witness_start: Mapped[int] = mapped_column(Integer)
    witness_end: Mapped[int] = mapped_column(Integer)
    base_text: Mapped[str] = mapped_column(Text)
    witness_text: Mapped[str] = mapped_column(Text)
    majority: Mapped[str | None] = mapped_column(String(20))  # base | witness | None
    readings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Link(Base):
    """A scored relation between clauses of two works, or a work citing another (derived data)."""

    __tablename__ = "link"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200), index=True)
    target: Mapped[str] = mapped_column(String(200), index=True)
    source_work: Mapped[str] = mapped_column(String(100))
    target_work: Mapped[str] = mapped_column(String(100))
    score: Mapped[float] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20))  # clause | cites
    terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Fact(Base):
    """A numeric provision of a clause: number, unit, bound, rate base, topics (derived data)."""

    __tablename__ = "fact"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(200), index=True)
    work: Mapped[str] = mapped_column(String(100), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column()
    high: Mapped[float | None] = mapped_column()
    unit: Mapped[str] = mapped_column(String(20))
    bound: Mapped[str] = mapped_column(String(4))
    per: Mapped[str | None] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
