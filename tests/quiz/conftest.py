"""The bank generated from the real seeds, once per session (pure: no database)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from kb.db import create_tables, make_engine, make_sessionmaker
from kb.relations import all_links
from kb.vocab import TOPICS_PATH, parse_topics
from quiz.bank import generate_questions, source_clauses
from quiz.context import BankContext
from quiz.model import SourceClause
from quiz.validate import Validation


@pytest.fixture(scope="session")
def seed_clauses(built_db: Path) -> tuple[list[SourceClause], list[tuple[str, str]]]:
    engine = make_engine(f"sqlite:///{built_db}")
    with make_sessionmaker(engine)() as session:
        clauses = source_clauses(session, parse_topics(TOPICS_PATH, []))
        links = [(link.source, link.target) for link in all_links(session) if link.kind == "clause"]
    engine.dispose()
    return clauses, links


@pytest.fixture(scope="session")
def seed_bank(seed_clauses: tuple[list[SourceClause], list[tuple[str, str]]]) -> tuple[Validation, BankContext]:
    return generate_questions(*seed_clauses)


@pytest.fixture
def db(built_db: Path, tmp_path: Path) -> Iterator[Session]:
    """A session on a private copy of the built corpus and bank (services may write to it)."""
    path = tmp_path / "practice.sqlite3"
    shutil.copy(built_db, path)
    engine = make_engine(f"sqlite:///{path}")
    create_tables(engine)
    session = make_sessionmaker(engine)()
    yield session
    session.close()
    engine.dispose()
