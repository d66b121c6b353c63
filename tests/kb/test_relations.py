"""Variants, links and facts derived from the real seeds at build time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from kb import relations
from kb.query import search_key
from kb.store import build_info, get_clause
from tests.conftest import open_session

CENTRAL = "shequ-yijian-2024"
JIANGSU = "jiangsu-cuoshi-2024"
CHIFENG = "chifeng-fangan-2020"


@pytest.fixture(scope="module")
def session(built_db: Path) -> Iterator[Session]:
    with open_session(built_db) as s:
        yield s


def test_the_exam_reprint_differs_from_the_pdf_by_one_punctuation_mark(session: Session) -> None:
    variants = relations.work_variants(session, CENTRAL, witness="exam")
    assert [(v.base_ref, v.kind, v.base_text, v.witness_text) for v in variants] == [(f"{CENTRAL}/4.10", "punctuation", "", "、")]


# Read off the newspaper page against the PDF text: (place, base reading, newspaper reading).
NEWSPAPER_WORDING = [
    ("preamble", "社会安定有序", "社会稳定"),
    ("1", "愈加", "更加"),
    ("2.1", "市地级", "市级"),
    ("2.3", "市地级", "市级"),
    ("2.4", "市地级", "市级"),
    ("3.8", "市地级", "市级"),
    ("3.8", "省级", "省（市）级"),
    ("3.7", "牢", "立"),
    ("4.9", "进绌退", "胜劣汰"),
    ("5.13", "党代表大会", "党代会"),
    ("6.15", "工作", "决策"),
    ("6.17", "应用程序", "服务程序"),
    ("6.17", "转化成", "转化为"),
    ("6.17", "治", "正"),
]


def test_every_wording_change_of_the_newspaper_is_found_at_its_clause(session: Session) -> None:
    variants = relations.work_variants(session, CENTRAL, witness="newspaper")
    found = {(v.path, v.base_text, v.witness_text) for v in variants if v.kind == "wording"}
    missing = [entry for entry in NEWSPAPER_WORDING if entry not in found]
    assert not missing
    assert 35 <= len([v for v in variants if v.kind == "wording"]) <= 45  # "about forty"
    for v in variants:  # each sits at its clause: its spans read as stored in both copies
        base = get_clause(session, v.base_ref or "")
        copy = get_clause(session, v.witness_ref or "")
        assert base.text[v.base_start : v.base_end] == v.base_text
        assert copy.text[v.witness_start : v.witness_end] == v.witness_text
        assert v in relations.clause_variants(session, copy.ref)


def test_no_variant_is_a_formatting_false_alarm(session: Session) -> None:
    for v in relations.work_variants(session, CENTRAL):
        assert search_key(v.base_text) != search_key(v.witness_text), v.path
        assert "*" not in v.base_text + v.witness_text
        for reading in (v.base_text, v.witness_text):  # a numbering marker (一、 vs （一）) is never a reading
            assert not re.fullmatch(r"[（(]?[一二三四五六七八九十\d]+[)）、.]?", reading), v.path


def test_the_majority_reads_with_the_pdf_against_the_newspaper(session: Session) -> None:
    variants = relations.work_variants(session, CENTRAL, witness="newspaper")
    assert variants and all(v.majority == "base" for v in variants)
    sample = next(v for v in variants if v.base_text == "市地级")
    assert sample.readings == {"pdf": "市地级", "newspaper": "市级", "exam": "市地级"}


def _links(session: Session) -> set[tuple[str, str]]:
    return {(link.source, link.target) for link in relations.all_links(session) if link.kind == "clause"}


# Read from the texts: the same provision in the central opinion, the Jiangsu measures, the Chifeng plan.
EXPECTED_LINKS = [
    (f"{CENTRAL}/3.8", f"{JIANGSU}/3.6"),  # 健全培训机制
    (f"{CENTRAL}/3.8", f"{CHIFENG}/2.4.1"),  # 健全培训制度
    (f"{JIANGSU}/3.6", f"{CHIFENG}/2.4.1"),
    (f"{CENTRAL}/2.4", f"{JIANGSU}/1.2"),  # 岗位等级 / 三岗十八级
    (f"{CENTRAL}/2.4", f"{CHIFENG}/2.5.1"),  # 明确岗位等级
    (f"{JIANGSU}/1.2", f"{CHIFENG}/2.5.1"),
    (f"{CENTRAL}/4.9", f"{JIANGSU}/4.11"),  # 退出机制
    (f"{CENTRAL}/4.9", f"{CHIFENG}/2.4.5"),  # 实行退出制度
    (f"{JIANGSU}/4.11", f"{CHIFENG}/2.4.5"),
    (f"{CENTRAL}/2.3", f"{JIANGSU}/1.1"),  # 每万城镇常住人口 18 人
    (f"{CENTRAL}/6.17", f"{JIANGSU}/4.9"),  # 不得借调
    (f"{CENTRAL}/6.17", f"{CHIFENG}/2.4.2"),  # 不得随意借调
    (f"{CENTRAL}/4.10", f"{JIANGSU}/4.9"),  # 年度考核指导方案
    (f"{CENTRAL}/5.12", f"{JIANGSU}/5.12"),  # 落实薪酬待遇保障
    (f"{CENTRAL}/6.15", f"{JIANGSU}/6.15"),  # 强化组织实施
]
NOT_LINKED = [
    (f"{CENTRAL}/3.8", f"{JIANGSU}/5.12"),  # training vs pay
    (f"{CENTRAL}/2.3", f"{CHIFENG}/2.4.5"),
    (f"{JIANGSU}/1.2", f"{CHIFENG}/2.4.1"),
    (f"{CENTRAL}/4.9", f"{JIANGSU}/3.6"),
]


@pytest.mark.parametrize(("source", "target"), EXPECTED_LINKS)
def test_expected_links_are_found(session: Session, source: str, target: str) -> None:
    assert (source, target) in _links(session)


@pytest.mark.parametrize(("source", "target"), NOT_LINKED)
def test_unrelated_clauses_are_not_linked(session: Session, source: str, target: str) -> None:
    assert (source, target) not in _links(session) and (target, source) not in _links(session)


def test_links_carry_a_score_and_the_terms_that_justify_them(session: Session) -> None:
    by_pair = {(x.source, x.target): x for x in relations.all_links(session)}
    assert "培训" in by_pair[f"{CENTRAL}/3.8", f"{JIANGSU}/3.6"].terms
    assert "退出" in by_pair[f"{CENTRAL}/4.9", f"{JIANGSU}/4.11"].terms
    assert "借调" in by_pair[f"{CENTRAL}/6.17", f"{CHIFENG}/2.4.2"].terms
    for link in by_pair.values():
        if link.kind == "clause":
            assert 0 < link.score <= 1.5 and len(link.terms) >= 2


def test_works_on_another_subject_are_not_linked_and_a_citation_is_a_work_link(session: Session) -> None:
    links = relations.all_links(session)
    volunteer = [x for x in links if "zhiyuan-yijian-2024" in (x.source_work, x.target_work)]
    assert not volunteer  # the volunteer-service opinion is another subject
    cites = [(x.source, x.target, x.terms) for x in links if x.kind == "cites"]
    assert cites == [(JIANGSU, CENTRAL, ["中办发〔2024〕33号"])]
    pairs = {(p["a"], p["b"]): p for p in (build_info(session, "relations") or {})["work_pairs"]}
    assert pairs[CENTRAL, JIANGSU]["linked"] and not pairs["zhiyuan-yijian-2024", JIANGSU]["linked"]


def _facts(session: Session, ref: str) -> list[tuple[float, str, str, str | None]]:
    return [(f.value, f.unit, f.bound, f.per) for f in relations.clause_facts(session, ref)]


@pytest.mark.parametrize(
    ("ref", "fact"),
    [
        (f"{CENTRAL}/2.3", (18, "人", "=", "万城镇常住人口")),
        (f"{CENTRAL}/3.8", (1, "次", "=", "3年")),
        (f"{JIANGSU}/1.1", (18, "人", "=", "万城镇常住人口")),
        (f"{JIANGSU}/4.9", (6, "个月", "≤", None)),
        (f"{CHIFENG}/2.4.2", (3, "个月", "≤", None)),
        (f"{CHIFENG}/2.4.2", (2, "人", "≤", None)),
        (f"{JIANGSU}/3.6", (5, "天", "≥", "年")),
        (f"{CHIFENG}/2.4.1", (7, "天", "≥", "年")),
        (f"{JIANGSU}/4.11.5", (10, "个工作日", "=", None)),
    ],
)
def test_numeric_provisions_are_extracted(session: Session, ref: str, fact: tuple[object, ...]) -> None:
    assert fact in _facts(session, ref)


def test_training_days_of_jiangsu_are_five_three_three_and_three(session: Session) -> None:
    days = [f.value for f in relations.clause_facts(session, f"{JIANGSU}/3.6") if f.unit == "天"]
    assert days == [5, 3, 3, 3]
    assert all(f.bound == "≥" for f in relations.clause_facts(session, f"{JIANGSU}/3.6") if f.unit == "天")


def test_calendar_years_are_not_provisions(session: Session) -> None:
    assert all(not (f.unit == "年" and f.value > 1900) for f in relations.all_facts(session))


def test_the_character_pairs_of_all_phrases_are_shared_strings() -> None:
    # Every phrase's pair set held its own copies of 社区, 工作 …: 1.4 million strings at 2× the corpus.
    from kb.links import _bigrams

    a, b = _bigrams("加强社区工作者队伍建设"), _bigrams("社区服务")
    assert next(k for k in a if k == "社区") is next(k for k in b if k == "社区")
