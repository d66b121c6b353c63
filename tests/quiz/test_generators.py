"""Generators read kinds of text: a made-up grade ladder of another trade gives the same questions."""

from __future__ import annotations

import re
from dataclasses import replace

from kb.facts import extract_facts
from quiz.context import build_context
from quiz.generators import number_questions, table_questions
from quiz.model import BLANK, SINGLE, Draft, make_question
from tests.quiz.clauses import source_clause

ROWS = [
    ["6级", "16年以上", "", "1.50"],
    ["5级", "13-15年", "16年以上", "1.40"],
    ["4级", "10-12年", "13-15年", "1.30"],
    ["3级", "7-9年", "10-12年", "1.20"],
    ["2级", "4-6年", "7-9年", "1.10"],
    ["1级", "3年以下", "4-6年", "1.00"],
]
CITE = "《某县教师薪酬实施办法》"
LADDER = source_clause(
    "school/att1",
    "",
    cite=CITE,
    kind="attachment",
    heading="教师等级和系数表",
    table={"columns": ["等级", "教师", "职员", "系数"], "rows": ROWS, "header_text": "等级 / 任教年限 / 系数"},
)
RULE_TEXT = "取得高级职称的，等级认定为3级。获评优秀教师的，在聘期内提升1级。"
RULE = source_clause("school/2.1", RULE_TEXT, cite=CITE, facts=tuple(extract_facts(RULE_TEXT)))


def _grade(years: int, column: int) -> str:
    for row in ROWS:
        cell = row[column]
        m = re.fullmatch(r"(\d+)-(\d+)年|(\d+)年以上|(\d+)年以下", cell)
        if not m:
            continue
        lo, hi = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), 99) if m[3] else (0, int(m[4]))
        if lo <= years <= hi:
            return row[0]
    raise AssertionError(years)


def test_a_ladder_is_read_with_its_own_headings() -> None:
    drafts = list(table_questions(build_context([RULE, LADDER])))
    lookups = [d for d in drafts if "对应的等级为" in d.stem and "任教年限为" in d.stem and "符合这一情形" not in d.stem]
    assert lookups
    for d in lookups:
        m = re.search(r"任教年限为(\d+)年的(教师|职员)", d.stem)
        assert m, d.stem
        assert d.keys == (_grade(int(m[1]), 1 if m[2] == "教师" else 2),), d.stem
    assert all("社区" not in d.stem + d.note for d in drafts)


def test_rules_of_the_same_work_are_applied_to_the_ladder() -> None:
    drafts = list(table_questions(build_context([RULE, LADDER])))
    (set_grade,) = [d for d in drafts if "认定为3级" in d.stem]
    assert set_grade.keys == ("1.20",) and "系数为" in set_grade.stem
    raised = [d for d in drafts if "提升1级" in d.stem]
    assert raised
    for d in raised:
        years = int(re.search(r"任教年限为(\d+)年的教师", d.stem)[1])  # type: ignore[index]
        assert d.keys == (f"{int(_grade(years, 1).rstrip('级')) + 1}级",), d.stem


def test_a_range_printed_with_its_unit_twice_gives_no_half_range_question() -> None:
    text = "优化社区规模。城市社区规模一般为一千户至三千户，农村社区规模一般为200—400户。"
    clause = source_clause("towns/1", text, heading="优化社区规模", facts=tuple(extract_facts(text)))
    drafts = list(number_questions(build_context([clause])))
    assert drafts and all(d.keys == ("200—400",) for d in drafts)


def test_a_stem_that_speaks_of_this_article_names_it() -> None:
    law = source_clause(
        "law/27",
        "用人单位依据本条规定裁减人员，在六个月内录用人员的，应当优先录用被裁减的人员。",
        cite="《中华人民共和国劳动法》",
        article="第二十七条",
    )
    stem = f"根据{law.cite}，用人单位依据本条规定裁减人员，在六个月内录用人员的，{BLANK}优先录用被裁减的人员。"
    q = make_question(Draft("slot", SINGLE, stem, ("应当",), ("可以", "不得", "鼓励"), sources=(law,)))
    assert q.stem.startswith("根据《中华人民共和国劳动法》第二十七条，用人单位依据本条规定")
    plain = replace(law, text="国家实行劳动者每日工作时间不超过八小时的工时制度。")
    other = make_question(
        Draft(
            "slot",
            SINGLE,
            f"根据{law.cite}，国家实行劳动者每日工作时间不超过{BLANK}小时的工时制度。",
            ("八",),
            ("六", "十", "十二"),
            sources=(plain,),
        )
    )
    assert other.stem.startswith("根据《中华人民共和国劳动法》，国家")  # nothing to resolve: the article stays unnamed


def test_a_clause_number_is_a_laws_article_only_when_it_reads_as_one_whole() -> None:
    from quiz.bank import is_article

    assert is_article("第十二条") and is_article("第十二条之一") and is_article("第12条")
    assert not is_article("（一）") and not is_article("第一章") and not is_article(None)
