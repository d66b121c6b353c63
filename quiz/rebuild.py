"""The whole build as one service: corpus (works, clauses, variants, links, facts), then the bank.

``rebuild`` runs both in the caller's transaction and returns what a summary prints; it never
commits, so a failure anywhere leaves the stored corpus, the bank and every user's answers as they
were once the caller rolls back. The search index is derived after the commit (``kb.index``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from corpus.model import CorpusBuild
from kb import store
from kb.build import build_corpus
from kb.vocab import Lexicons, Vocabulary
from quiz.bank import build_bank


@dataclass(frozen=True)
class BuildSources:
    """What a build reads: corpus folder, catalog, vocabulary, topics file, slot lexicons, the exam's cut-off."""

    raw_dir: Path
    catalog_path: Path
    vocab: Vocabulary
    topics_path: Path
    lexicons: Lexicons | None = None
    exam_cutoff: dt.date | None = None  # questions only from versions in force that day (default: the build day)


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the assembled corpus, the derived relations and the bank's figures."""

    corpus: CorpusBuild
    relations: dict[str, Any]
    bank: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def rebuild(
    session: Session, sources: BuildSources, *, now: dt.datetime, stage: Callable[[str], None] = lambda _: None
) -> BuildReport:
    """Ingest the corpus folder and regenerate the bank in the caller's transaction (caller commits).

    ``stage`` is told each stage as it begins: reading, structure, links (with variants and facts), questions.
    """
    corpus = build_corpus(
        session,
        sources.raw_dir,
        sources.catalog_path,
        now=now,
        vocab=sources.vocab,
        topics_path=sources.topics_path,
        stage=stage,
    )
    stage("questions")
    bank = build_bank(
        session,
        now=now,
        topics_path=sources.topics_path,
        vocab=sources.vocab,
        lexicons=sources.lexicons,
        cutoff=sources.exam_cutoff,
    )
    relations = store.build_info(session, "relations") or {}
    return BuildReport(corpus, relations, bank, [*corpus.warnings, *relations.get("warnings", [])])
