"""Links across kinds of document: a pair of works is linked on its own merits, by content, numbers and citations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from kb import links as linker
from kb import relations, store
from kb.build import build_corpus
from kb.db import create_tables, make_engine, make_sessionmaker
from kb.store import build_info
from tests.conftest import NOW, open_session

CENTRAL = "shequ-yijian-2024"
JIANGSU = "jiangsu-cuoshi-2024"
CHIFENG = "chifeng-fangan-2020"
VOLUNTEER = "zhiyuan-yijian-2024"
SEED_WORKS = {CENTRAL, JIANGSU, CHIFENG, VOLUNTEER, "zengbu-2025"}

# Written for this test in the published form of a local regulation: a city's regulation on 街道办事处
# of which one article only concerns the community workers of the central opinion (their staffing,
# in words of its own); the rest is about the sub-district office's own business.
STREET_OFFICES = """\
# 江城市街道办事处条例

2023年6月28日 江城市第十六届人民代表大会常务委员会第十二次会议通过

2023年9月1日 施行

<!-- INFO END -->

## 第一章 总则

第一条 为了规范街道办事处的设置和职责，加强城市基层政权建设，根据有关法律、法规，结合本市实际，制定本条例。

第二条 本条例适用于本市行政区域内街道办事处的设置、职责、保障和监督。

第三条 街道办事处是区人民政府的派出机关，在区人民政府领导下，依法履行辖区公共服务、城市管理和社会治理等职责。

## 第二章 设置与职责

第四条 街道办事处的设立、撤销和调整，由区人民政府提出方案，报市人民政府批准。

第五条 街道办事处履行下列职责：

（一）组织实施辖区内的公共服务事项；

（二）开展市容环境卫生、绿化美化等城市管理工作；

（三）组织开展安全生产检查，排查消除安全隐患；

（四）协调处理辖区内的矛盾纠纷。

第六条 街道办事处应当建立辖区重大事项议事协调机制，组织驻区单位共同参与辖区公共事务。

第七条 区人民政府有关部门需要街道办事处协助的事项，应当提供必要的工作条件和经费，不得将部门职责转嫁街道办事处。

## 第三章 社区工作力量

第八条 街道办事处所辖社区按照每一万名城镇常住居民配备十八名社区工作者的比例核定人数，区人民政府统一组织公开招聘社区专职工作人员，实行总量控制并根据人口变化适时调整。

## 第四章 保障与监督

第九条 区人民政府应当将街道办事处的工作经费和人员经费列入本级财政预算。

第十条 街道办事处应当依法公开办事依据、办事程序和办理结果，接受辖区居民和驻区单位的监督。

第十一条 街道办事处工作人员玩忽职守、滥用职权、徇私舞弊的，依法给予处分；构成犯罪的，依法追究刑事责任。

第十二条 本条例自2023年9月1日起施行。
"""


@pytest.fixture(scope="module")
def with_regulation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """The seeds and the made-up city regulation, built (corpus and relations only)."""
    tmp = tmp_path_factory.mktemp("street")
    raw = tmp / "raw"
    shutil.copytree(DEFAULT_RAW, raw)
    (raw / "江城市街道办事处条例(2023-06-28).md").write_text(STREET_OFFICES, encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp / 'db.sqlite3'}")
    create_tables(engine)
    with make_sessionmaker(engine)() as session:
        build_corpus(session, raw, DEFAULT_CATALOG, now=NOW)
        session.commit()
        yield session
    engine.dispose()


def _clause_links(session: Session) -> list[relations.Link]:
    return [x for x in relations.all_links(session) if x.kind == "clause"]


def _work_of(session: Session, title_word: str) -> str:
    works = [w.slug for w in store.list_works(session) if title_word in w.title]
    assert len(works) == 1, works
    return works[0]


def test_the_one_article_of_a_document_on_the_central_subject_is_linked(with_regulation: Session) -> None:
    regulation = _work_of(with_regulation, "街道办事处条例")
    pair = next(p for p in build_info(with_regulation, "relations")["work_pairs"] if {p["a"], p["b"]} == {CENTRAL, regulation})
    assert pair["similarity"] < linker.WORK_MIN  # the documents as wholes are on different subjects
    found = {(x.source, x.target) for x in _clause_links(with_regulation) if regulation in (x.source_work, x.target_work)}
    assert (f"{CENTRAL}/2.3", f"{regulation}/8") in found  # 每万城镇常住人口18人 ↔ 每一万名城镇常住居民配备十八名
    assert all(target == f"{regulation}/8" for _, target in found if target.startswith(regulation)), found


def test_the_volunteer_opinion_gets_no_link_to_the_street_office_regulation(with_regulation: Session) -> None:
    regulation = _work_of(with_regulation, "街道办事处条例")
    wrong = [x for x in _clause_links(with_regulation) if {x.source_work, x.target_work} == {VOLUNTEER, regulation}]
    assert not wrong


@pytest.fixture(scope="module")
def session(built_db: Path) -> Iterator[Session]:
    with open_session(built_db) as s:
        yield s


@pytest.mark.parametrize(
    ("local", "central"),
    [
        (f"{CHIFENG}/2.3.1", {f"{CENTRAL}/2.3"}),  # 准确核定人数: 每200户至400户配备1人 ↔ 每万城镇常住人口18人
        (f"{CHIFENG}/2.3.2", {f"{CENTRAL}/2.1", f"{CENTRAL}/2.3"}),  # 规范选聘方式 ↔ 统一组织招聘 / 招聘…竞争择优
        (f"{CHIFENG}/2.3.3", {f"{CENTRAL}/1", f"{CENTRAL}/2.3"}),  # 把握人员结构 ↔ 结构合理 / 优化队伍结构
        (f"{CHIFENG}/2.5.2", {f"{CENTRAL}/5.12"}),  # 确定薪酬结构 ↔ 薪酬构成
    ],
)
def test_chifeng_clauses_are_linked_to_the_central_clauses_on_their_subject(
    session: Session, local: str, central: set[str]
) -> None:
    linked = {x.source for x in _clause_links(session) if x.target == local and x.source_work == CENTRAL}
    assert linked & central, linked


def test_one_provision_in_other_words_is_an_anchor(session: Session) -> None:
    link = next(x for x in _clause_links(session) if (x.source, x.target) == (f"{CENTRAL}/2.3", f"{CHIFENG}/2.3.1"))
    assert link.parts["provision"] > 0  # staffing: 人 counted per residents on one side, per households on the other
    assert link.parts["words"] < 0.2  # worded differently


@pytest.fixture(scope="module")
def laws(laws_db: Path) -> Iterator[Session]:
    with open_session(laws_db) as s:
        yield s


def _link_rows(session: Session, works: set[str]) -> set[tuple[str, str, float, tuple[str, ...]]]:
    return {
        (x.source, x.target, x.score, tuple(x.terms))
        for x in _clause_links(session)
        if x.source_work in works and x.target_work in works
    }


def test_adding_the_laws_changes_no_link_between_seeds(session: Session, laws: Session) -> None:
    seeds = _link_rows(session, SEED_WORKS)
    assert seeds and _link_rows(laws, SEED_WORKS) == seeds


def test_laws_on_other_subjects_get_no_link_to_the_community_worker_texts(laws: Session) -> None:
    texts = {CENTRAL, JIANGSU, CHIFENG}
    wrong = [(x.source, x.target) for x in _clause_links(laws) if len({x.source_work, x.target_work} & texts) == 1]
    assert not wrong


def _articles(session: Session, slug: str) -> list[str]:
    return [
        c.ref
        for c in store.witness_clauses(session, store.get_witness(store.get_work(session, slug), None))
        if c.kind == "clause"
    ]


@pytest.mark.parametrize(
    ("law", "regulation", "coverage"),
    [
        ("laodong-hetongfa-2012", "laodong-hetongfa-shishi-tiaoli-2008", 0.7),
        ("muying-baojianfa-2017", "muying-baojianfa-shishi-banfa-2001", 0.55),
        ("muying-baojianfa-2017", "muying-baojianfa-shishi-banfa-2023", 0.55),
    ],
)
def test_a_regulation_is_linked_article_by_article_to_the_law_it_carries_out(
    laws: Session, law: str, regulation: str, coverage: float
) -> None:
    links = [x for x in _clause_links(laws) if (x.source_work, x.target_work) == (law, regulation)]
    articles = _articles(laws, regulation)
    linked = {x.target for x in links}
    assert len(linked & set(articles)) >= coverage * len(articles)
    pairs = {(x.source, x.target) for x in links}
    for ref in articles:  # an article citing the law's article by name is linked to it (劳动合同法第八十二条)
        clause = store.get_clause(laws, ref)
        for _, _, article in find_articles_after(clause.text, "合同法第", "保健法第"):
            assert (f"{law}/{article}", ref) in pairs, (ref, article)


def find_articles_after(text: str, *names: str) -> list[tuple[int, int, str]]:
    """The article citations of text that follow one of the names (劳动合同法第八十二条 → 82)."""
    from corpus.numbering import find_articles

    return [a for a in find_articles(text) if any(text[: a[0] + 1].endswith(n) for n in names)]


def test_the_volunteer_regulation_is_linked_to_the_volunteer_opinion(laws: Session) -> None:
    pairs = {(x.source, x.target) for x in _clause_links(laws) if x.source_work == "zhiyuan-fuwu-tiaoli-2017"}
    assert {("zhiyuan-fuwu-tiaoli-2017/30", f"{VOLUNTEER}/7.1"), ("zhiyuan-fuwu-tiaoli-2017/32", f"{VOLUNTEER}/7.3")} <= pairs
    assert all(target.startswith(VOLUNTEER) for _, target in pairs)


def test_a_regulation_names_the_law_it_carries_out_by_its_title_or_its_first_article() -> None:
    works = [
        linker.LinkWork("law", "central", "law", "law", ("中华人民共和国示例法", "示例法")),
        linker.LinkWork("rules", "central", "law", "rules", ("中华人民共和国示例法实施条例", "示例法实施条例")),
        linker.LinkWork("measures", "provincial", "law", "measures", ("某省示例办法",)),
        linker.LinkWork("other", "central", "law", "other", ("另一条例",)),
    ]
    opening = {
        "measures": "第一条 根据《中华人民共和国示例法》和有关法律、行政法规，结合本省实际，制定本办法。",
        "other": "第一条 为了规范示例工作，根据宪法，制定本条例。第二条 本条例所称示例，依照《中华人民共和国示例法》执行。",
    }
    assert linker.carried_out(works, opening) == {("rules", "law"), ("measures", "law")}
