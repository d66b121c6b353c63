"""What the corpus build lets go of once its links are made, before the bank holds every clause's analysis.

Peak memory itself is measured by scripts/bench_build.py (README, "Build speed"), never by a test: these
tests look at which objects are still alive after the stage, by the garbage collector's own list.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from types import FunctionType
from typing import Any

import pytest
from sqlalchemy.orm import Session

import kb.relations
from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from kb.build import build_corpus
from kb.db import create_tables, make_engine, make_sessionmaker
from kb.segment import Segmenter, get_segmenter


def _alive() -> tuple[set[int], set[int]]:
    """The ids of the live segmenters, and of the live IDF lookups (kb.segment.general_idf's)."""
    gc.collect()
    objects = gc.get_objects()
    segmenters = {id(o) for o in objects if isinstance(o, Segmenter)}
    lookups = {id(o) for o in objects if isinstance(o, FunctionType) and o.__qualname__ == "general_idf.<locals>.<lambda>"}
    return segmenters, lookups


def test_the_links_dictionary_and_idf_table_go_when_the_links_are_made(tmp_path: Path) -> None:
    get_segmenter.cache_clear()  # a segmenter another test asked for must not stand in for the build's
    segmenters_before, lookups_before = _alive()
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    create_tables(engine)
    session: Session
    with make_sessionmaker(engine)() as session:
        build = build_corpus(session, DEFAULT_RAW, DEFAULT_CATALOG, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    engine.dispose()
    assert build.works
    segmenters, lookups = _alive()
    # one segmenter stays (cached: the bank and the search index cut with the same dictionary);
    # the links' own (no tagging, no corpus terms) and jieba's IDF table are gone with the stage
    assert len(segmenters - segmenters_before) == 1
    assert not lookups - lookups_before


def test_the_links_segmenter_and_the_builds_own_are_never_held_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    get_segmenter.cache_clear()
    before, _ = _alive()
    held: list[int] = []  # segmenters of this build alive when the links' own is made

    def links_segmenter(*args: Any, **kwargs: Any) -> Segmenter:
        held.append(len(_alive()[0] - before))
        return Segmenter(*args, **kwargs)

    monkeypatch.setattr(kb.relations, "Segmenter", links_segmenter)
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    create_tables(engine)
    session: Session
    with make_sessionmaker(engine)() as session:
        build_corpus(session, DEFAULT_RAW, DEFAULT_CATALOG, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    engine.dispose()
    assert held == [0]
