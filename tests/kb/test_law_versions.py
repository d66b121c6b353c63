"""Two versions of one law: status, questions only from the version in force, the revision diff."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from corpus import DEFAULT_CATALOG
from kb import store
from kb.build import build_corpus
from kb.db import create_tables, make_engine, make_sessionmaker
from kb.index import build_index
from kb.readmodels import diff_choices, diff_view
from kb.search import SearchIndex
from kb.views import work_dict, work_record
from kb.vocab import load_vocabulary
from quiz.bank import source_clauses
from tests.conftest import NOW

LAWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "laws"
PAIRS = ("妇女权益保障法", "母婴保健法实施办法")


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """Two laws in two versions each, built into one database (as of the test clock's day)."""
    files = [p for name in PAIRS for p in sorted(LAWS.glob(f"{name}(*).md"))]
    if len(files) != 4:
        pytest.skip(f"the laws test corpus is not there ({LAWS.resolve()}): it lives outside the repository")
    raw = tmp_path_factory.mktemp("versions") / "raw"
    raw.mkdir()
    for p in files:
        shutil.copy(p, raw / p.name)
    engine = make_engine(f"sqlite:///{raw.parent / 'db.sqlite3'}")
    create_tables(engine)
    with make_sessionmaker(engine)() as s:
        build_corpus(s, raw, DEFAULT_CATALOG, now=dt.datetime(2024, 12, 31, 12, tzinfo=NOW.tzinfo))
        s.commit()
        yield s
    engine.dispose()


def test_the_later_version_is_current_and_the_earlier_names_it(session: Session) -> None:
    records = {r["slug"]: r for r in (work_record(w) for w in store.list_works(session))}
    old, new = records["funv-quanyi-baozhangfa-2018"], records["funv-quanyi-baozhangfa-2022"]
    assert (old["status"], old["replaced_by"]) == ("amended", "funv-quanyi-baozhangfa-2022")
    assert (new["status"], new["replaced_by"]) == ("current", None)
    assert records["muying-baojianfa-shishi-banfa-2023"]["status"] == "current"


@pytest.mark.parametrize(("cutoff", "kept"), [(dt.date(2024, 12, 31), "2022"), (dt.date(2020, 1, 1), "2018")])
def test_questions_come_only_from_the_version_in_force_at_the_cutoff(session: Session, cutoff: dt.date, kept: str) -> None:
    works = {c.work for c in source_clauses(session, vocab=load_vocabulary(), cutoff=cutoff) if c.work.startswith("funv")}
    assert works == {f"funv-quanyi-baozhangfa-{kept}"}


def test_the_revision_diff_finds_added_and_renumbered_articles(session: Session) -> None:
    data = diff_view(session, "funv-quanyi-baozhangfa@2018", "funv-quanyi-baozhangfa@2022", vocab=load_vocabulary())
    s = data["summary"]
    assert s["added"] >= 30 and s["renumbered"] >= 10 and s["changed"] >= 20
    renumbered = [p for p in data["pairs"] if p["status"] == "renumbered"]
    assert all(p["a_path"] != p["b_path"] and not p["changes"] for p in renumbered)
    # an article inserted early shifts those after it: 第九条 is 第十二条 now, word for word
    assert any(p["a_path"] == "9" and p["b_path"] == "12" for p in renumbered)


def test_the_diff_page_offers_each_version_by_its_year(session: Session) -> None:
    labels = {c["spec"]: c["label"] for c in diff_choices(session)}
    assert labels["funv-quanyi-baozhangfa-2018"] != labels["funv-quanyi-baozhangfa-2022"]
    assert labels["funv-quanyi-baozhangfa-2022"].endswith("（2022-10-30版）")  # as the diff itself names it


def test_a_light_revision_shows_few_changes(session: Session) -> None:
    data = diff_view(session, "muying-baojianfa-shishi-banfa-2001", "muying-baojianfa-shishi-banfa@2023", vocab=load_vocabulary())
    s = data["summary"]
    assert s["changed"] <= 6 and s["added"] == s["removed"] == s["renumbered"] == 0 and s["same"] >= 90


def test_a_page_of_an_amended_version_says_so_and_names_the_current_one(session: Session) -> None:
    old = work_dict(store.get_work(session, "funv-quanyi-baozhangfa-2018"))
    assert (
        old["status_banner"]
        == "此版本已被修改：2022年10月30日修订，现行有效版本见《中华人民共和国妇女权益保障法》（funv-quanyi-baozhangfa-2022）"
    )
    assert old["current_version"] == "funv-quanyi-baozhangfa-2022"
    assert work_dict(store.get_work(session, "funv-quanyi-baozhangfa-2022"))["status_banner"] is None


def test_search_ranks_the_current_version_first_and_filters_by_status(session: Session, tmp_path: Path) -> None:
    vocab = load_vocabulary()
    index = SearchIndex(build_index(session, tmp_path, vocab=vocab, now=NOW).path, vocab)
    try:
        # 第九条 of 2018 is 第十二条 of 2022 word for word: the same hit twice, the current one first
        hits = index.search('"国家保障妇女享有与男子平等的政治权利"').hits
        works = [h.work for h in hits if h.work.startswith("funv")]
        assert works[0] == "funv-quanyi-baozhangfa-2022" and "funv-quanyi-baozhangfa-2018" in works
        only_old = index.search('"国家保障妇女享有与男子平等的政治权利" status:已被修改')
        assert {h.work for h in only_old.hits} == {"funv-quanyi-baozhangfa-2018"}
        assert only_old.facets["status"] == {"amended": only_old.total}
    finally:
        index.close()
