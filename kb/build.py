"""The corpus build service: read the corpus folder, assemble, store; and the staleness check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from corpus.assemble import assemble_corpus, corpus_hash, read_corpus_dir
from corpus.catalog import load_catalog
from corpus.errors import InvalidInput
from corpus.model import CorpusBuild
from kb.relations import derive_relations
from kb.store import set_build_info, store_corpus, store_statuses, stored_hash
from kb.vocab import TOPICS_PATH, Vocabulary, load_vocabulary, parse_topics


def _inputs(raw_dir: Path, catalog_path: Path) -> tuple[list[tuple[str, bytes]], bytes]:
    if not raw_dir.is_dir():
        raise InvalidInput(f"语料目录不存在：{raw_dir}")
    files = read_corpus_dir(raw_dir)
    if not files:
        raise InvalidInput(f"语料目录 {raw_dir} 里没有 .txt/.md 文件")
    catalog_bytes = catalog_path.read_bytes() if catalog_path.exists() else b""
    return files, catalog_bytes


def current_hash(raw_dir: Path, catalog_path: Path) -> str:
    """The hash a build of this folder would store (cheap: no parsing)."""
    files, catalog_bytes = _inputs(raw_dir, catalog_path)
    return corpus_hash(files, catalog_bytes)


def build_corpus(
    session: Session,
    raw_dir: Path,
    catalog_path: Path,
    *,
    now: dt.datetime,
    vocab: Vocabulary | None = None,
    topics_path: Path = TOPICS_PATH,
    stage: Callable[[str], None] = lambda _: None,
) -> CorpusBuild:
    """Read and assemble the corpus folder, replace the stored corpus and what derives from it (caller commits).

    Derived: variants between witnesses, links between works, numeric facts (see kb.relations).
    ``stage`` is told "reading", "structure" and "links" as each begins (links covers variants and facts).
    """
    stage("reading")
    files, catalog_bytes = _inputs(raw_dir, catalog_path)
    catalog = load_catalog(catalog_path)
    stage("structure")
    build = assemble_corpus(files, catalog, catalog_bytes)
    if not build.works:
        raise InvalidInput("没有任何文件能够解析出条款，保留原有数据不变")
    store_corpus(session, build, now=now)
    store_statuses(session, now.date())  # 时效性 as of the build day; questions use the exam's cut-off
    warnings: list[str] = []
    topics = parse_topics(topics_path, warnings)
    vocab = vocab or load_vocabulary()
    stage("links")
    relations = derive_relations(session, vocab=vocab, topics=topics)
    relations["warnings"] = [*vocab.warnings, *warnings]
    set_build_info(session, "relations", relations, now)
    return build


def is_stale(session: Session, raw_dir: Path, catalog_path: Path) -> bool:
    """Tell whether the stored corpus is missing or was built from other files."""
    return stored_hash(session) != current_hash(raw_dir, catalog_path)
