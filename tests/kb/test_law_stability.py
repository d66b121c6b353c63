"""Adding the 42 laws to the seeds changes no seed ref and no seed question id."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from kb.db import make_engine, make_sessionmaker
from kb.models import Clause
from quiz.models import QuestionRow


def refs_and_ids(db: Path) -> tuple[set[str], set[str]]:
    engine = make_engine(f"sqlite:///{db}")
    with make_sessionmaker(engine)() as session:
        refs = set(session.scalars(select(Clause.ref)))
        ids = set(session.scalars(select(QuestionRow.id)))
    engine.dispose()
    return refs, ids


def test_adding_the_laws_changes_no_seed_ref(built_db: Path, laws_db: Path) -> None:
    seed_refs, _ = refs_and_ids(built_db)
    all_refs, _ = refs_and_ids(laws_db)
    assert seed_refs <= all_refs


def test_adding_the_laws_changes_no_seed_question_id(built_db: Path, laws_db: Path) -> None:
    _, seed_ids = refs_and_ids(built_db)
    _, all_ids = refs_and_ids(laws_db)
    assert seed_ids <= all_ids, f"{len(seed_ids - all_ids)} of {len(seed_ids)} seed question ids are gone"


def test_a_law_with_two_versions_in_the_bank_names_its_version_in_every_stem(laws_db: Path) -> None:
    # review 112, item 18: 母婴保健法实施办法 第十一条 says 设区的市级 in 2017 and 县级 in 2023
    engine = make_engine(f"sqlite:///{laws_db}")
    with make_sessionmaker(engine)() as session:
        stems = [q.stem for q in session.scalars(select(QuestionRow).where(QuestionRow.stem.contains("母婴保健法实施办法")))]
    engine.dispose()
    assert stems and all("年版）" in s for s in stems), [s for s in stems if "年版）" not in s][:3]
