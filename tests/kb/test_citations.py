"""Search by citation: 第八条, 组织法 第八条, 《…》第十二条之一, a law's name alone; made-up laws, then real ones."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import DEFAULT_CATALOG
from kb.build import build_corpus
from kb.db import create_tables, make_engine, make_sessionmaker
from kb.engine import WorkInfo, search_dict
from kb.index import IndexRecord, Reading, build_index, write_index
from kb.search import MAX_CITED, SearchIndex
from kb.vocab import load_vocabulary
from tests.conftest import NOW

# (slug, title, short title, status, year) and each work's articles (path → text); the 意见 is no law
WORKS = [
    ("linli-2020", "中华人民共和国邻里互助组织法", "邻里互助组织法", "current", "2020"),
    ("linli-2010", "中华人民共和国邻里互助组织法", "邻里互助组织法", "amended", "2010"),
    ("yishi-2015", "乡村议事组织法", "乡村议事组织法", "current", "2015"),
    ("zhaohu-2018", "老幼照护保障法", "老幼照护保障法", "current", "2018"),
    ("yijian-2024", "关于邻里互助的意见", "", "current", "2024"),
]
ARTICLES = {
    "linli-2020": {
        "8": "新版第八条：互助会每年换届选举。",
        "12": "新版第十二条：成员可以提议罢免。",
        "12-1": "新版第十二条之一：撤换负责人须经会议表决。",
    },
    "linli-2010": {
        "8": "旧版第八条：互助会三年换届。",
        "12": "旧版第十二条：成员可以申诉。",
        "13": "旧版第十三条：只在旧版里有的条款。",
    },
    "yishi-2015": {"8": "议事第八条：议事会由村民推选。", "9": "议事第九条：议事会公开议事结果。"},
    "zhaohu-2018": {"8": "照护第八条：照护机构应当登记。", "20": "照护第二十条：照护人员持证上岗，互助会予以配合。"},
    "yijian-2024": {"8": "意见第八条位置的条款：鼓励邻里互助。"},
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    records = [
        IndexRecord(
            f"{slug}/{path}", slug, path, path, None, "article", "central", "全国", year, (Reading("a", "正文", text, True),)
        )
        for slug, _, _, _, year in WORKS
        for path, text in ARTICLES[slug].items()
    ]
    works = [WorkInfo(slug, title, "central", "全国", year, status, short) for slug, title, short, status, year in WORKS]
    info = write_index(records, works, tmp_path_factory.mktemp("cite"), version="cite", vocab=load_vocabulary(), now=NOW)
    opened = SearchIndex(info.path, load_vocabulary())
    yield opened
    opened.close()


def cited(index: SearchIndex, query: str) -> list[str]:
    return [h.ref for h in index.search(query).hits if h.citation]


@pytest.mark.parametrize(
    ("query", "refs"),
    [
        ("邻里互助组织法第八条", ["linli-2020/8"]),  # the version in force, not the amended one
        ("《中华人民共和国邻里互助组织法》第8条", ["linli-2020/8"]),
        ("邻里互助组织法第十二条之一", ["linli-2020/12-1"]),
        ("邻里互助组织法第十三条", ["linli-2010/13"]),  # only the older version has it
        ("议事组织法 第九条", ["yishi-2015/9"]),  # part of a short title, a word of its own
        ("组织法 第八条", ["linli-2020/8", "yishi-2015/8"]),  # a part several laws share: each one's article
        ("照护保障法第二十条", ["zhaohu-2018/20"]),
    ],
)
def test_a_citation_of_a_law_goes_to_its_article(index: SearchIndex, query: str, refs: list[str]) -> None:
    assert cited(index, query) == refs


def test_a_bare_citation_gives_that_article_of_every_law_versions_in_force_first(index: SearchIndex) -> None:
    refs = cited(index, "第八条")
    assert set(refs) == {"linli-2020/8", "linli-2010/8", "yishi-2015/8", "zhaohu-2018/8"}  # not the 意见's clause
    assert refs[-1] == "linli-2010/8"
    assert index.search("第八条").total == 4


def test_the_citation_comes_first_and_the_other_words_search_as_usual(index: SearchIndex) -> None:
    result = index.search("邻里互助组织法第八条 互助会")
    assert result.hits[0].ref == "linli-2020/8" and result.hits[0].citation
    rest = [h.ref for h in result.hits[1:]]
    assert set(rest) == {"linli-2010/8", "zhaohu-2018/20"} and not any(h.citation for h in result.hits[1:])
    assert result.total == 3
    assert search_dict(result)["hits"][0]["citation"] is True


def test_a_word_before_a_citation_that_names_no_law_is_searched_as_a_word(index: SearchIndex) -> None:
    result = index.search("登记 第八条")
    assert len(cited(index, "登记 第八条")) == 4
    assert [h.ref for h in result.hits if not h.citation] == []  # 照护第八条 holds 登记 but is already the citation
    assert [h.ref for h in index.search("推选 第九条").hits] == ["yishi-2015/9", "yishi-2015/8"]  # cited, then the word


def test_a_citation_of_an_unknown_law_or_article_says_so(index: SearchIndex) -> None:
    unknown = index.search("星际航行法第八条")
    assert unknown.total == 0 and any("星际航行法" in n for n in unknown.notices)
    missing = index.search("照护保障法第九十九条")
    assert missing.total == 0 and any("没有这一条" in n for n in missing.notices)


def test_a_law_name_alone_ranks_that_law_first_version_in_force_first(index: SearchIndex) -> None:
    result = index.search("邻里互助组织法")
    refs = [h.ref for h in result.hits]
    assert [r.split("/")[0] for r in refs] == ["linli-2020"] * 3 + ["linli-2010"] * 3
    assert any("法律法规的名称" in n for n in result.notices)
    with_word = [h.ref for h in index.search("《乡村议事组织法》 议事会").hits]
    assert with_word == ["yishi-2015/8", "yishi-2015/9"]
    other_first = [h.ref for h in index.search("照护保障法 互助会").hits]
    assert other_first[0] == "zhaohu-2018/20" and len(other_first) == 4


def test_filters_apply_to_citations(index: SearchIndex) -> None:
    assert cited(index, "第八条 status:amended") == ["linli-2010/8"]


def test_legal_synonyms_reach_the_text_wording(index: SearchIndex) -> None:
    assert {h.ref for h in index.search("罢免").hits} == {"linli-2020/12", "linli-2020/12-1"}


def test_a_bare_citation_is_capped(tmp_path: Path) -> None:
    n = MAX_CITED + 3
    records = [
        IndexRecord(
            f"law{i}/8",
            f"law{i}",
            "8",
            "8",
            None,
            "article",
            "central",
            "全国",
            "2020",
            (Reading("a", "正文", f"条文{i}", True),),
        )
        for i in range(n)
    ]
    works = [WorkInfo(f"law{i}", f"第{i}号法", "central", "全国", "2020", "current", f"第{i}号法") for i in range(n)]
    info = write_index(records, works, tmp_path, version="cap", vocab=load_vocabulary(), now=NOW)
    opened = SearchIndex(info.path, load_vocabulary())
    result = opened.search("第八条")
    opened.close()
    assert result.total == MAX_CITED and any(str(n) in x for x in result.notices)


# Real laws: the seeds plus two versions of one law and another law -----------------------------

LAWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "laws"
LAW_FILES = ("妇女权益保障法(2018-10-26).md", "妇女权益保障法(2022-10-30).md", "村民委员会组织法(2018-12-29).md")


@pytest.fixture(scope="module")
def real_index(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    if not all((LAWS / name).is_file() for name in LAW_FILES):
        pytest.skip(f"the laws test corpus is not there ({LAWS.resolve()}): it lives outside the repository")
    raw = tmp_path_factory.mktemp("cite-real") / "raw"
    shutil.copytree(raw_dir, raw)
    for name in LAW_FILES:
        shutil.copy(LAWS / name, raw / name)
    engine = make_engine(f"sqlite:///{raw.parent / 'db.sqlite3'}")
    create_tables(engine)
    vocab = load_vocabulary()
    with make_sessionmaker(engine)() as session:
        build_corpus(session, raw, DEFAULT_CATALOG, now=dt.datetime(2024, 12, 31, 12, tzinfo=NOW.tzinfo))
        session.commit()
        info = build_index(session, raw.parent / "index", vocab=vocab, now=NOW)
    engine.dispose()
    opened = SearchIndex(info.path, vocab)
    yield opened
    opened.close()


def test_real_laws_a_citation_gives_the_current_versions_article(real_index: SearchIndex) -> None:
    hit = real_index.search("妇女权益保障法第二十条").hits[0]
    assert (hit.ref, hit.citation) == ("funv-quanyi-baozhangfa-2022/20", True)
    assert cited(real_index, "组织法 第八条") == ["cunmin-weiyuan-huizu-zhifa-2018/8"]
    bare = cited(real_index, "第八条")
    assert len(bare) == 3 and bare[-1] == "funv-quanyi-baozhangfa-2018/8"


def test_real_laws_a_short_name_alone_finds_the_law(real_index: SearchIndex) -> None:
    result = real_index.search("妇女权益保障法")
    assert result.hits and all(h.work == "funv-quanyi-baozhangfa-2022" for h in result.hits)
