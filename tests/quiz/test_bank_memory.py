"""The bank stage lets every clause's analysis go once the questions are generated, before it makes the rows.

Peak memory itself is measured by scripts/bench_build.py (README, "Build speed"), never by a test: this
test counts the analyses still alive, by the garbage collector's own list, when the first row is made.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

import quiz.bank
from kb.analysis import AnalysedClause
from kb.db import make_engine, make_sessionmaker
from quiz.bank import build_bank
from quiz.model import Question
from quiz.models import QuestionRow
from tests.conftest import NOW


def test_no_analysis_is_alive_when_the_rows_are_made(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "copy.sqlite3"
    shutil.copy(built_db, db)  # the shared database stays as it was
    alive: list[int] = []
    make_row = quiz.bank._row

    def analyses() -> set[int]:
        return {id(o) for o in gc.get_objects() if isinstance(o, AnalysedClause)}

    def counting_row(q: Question, position: int) -> QuestionRow:
        if not alive:  # no gc.collect(): what reference counting has not freed is still held
            alive.append(len(analyses() - before))
        return make_row(q, position)

    gc.collect()
    before = analyses()  # another test's fixtures may hold analyses of their own

    monkeypatch.setattr(quiz.bank, "_row", counting_row)
    engine = make_engine(f"sqlite:///{db}")
    with make_sessionmaker(engine)() as session:
        summary = build_bank(session, now=NOW)
    engine.dispose()
    assert summary["total"] > 100 and alive == [0]
