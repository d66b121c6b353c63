"""The corpus build names its stages as each begins, in order, so `policykb build` can show them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from kb.build import build_corpus
from kb.db import create_tables, make_engine, make_sessionmaker


def test_build_corpus_reports_reading_structure_links_in_order(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    create_tables(engine)
    seen: list[str] = []
    session: Session
    with make_sessionmaker(engine)() as session:
        build = build_corpus(
            session, DEFAULT_RAW, DEFAULT_CATALOG, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), stage=seen.append
        )
    engine.dispose()
    assert seen == ["reading", "structure", "links"]
    assert build.works
