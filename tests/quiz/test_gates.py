"""Each validation gate, fed a question that breaks it, drops it with its reason."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quiz.context import build_context
from quiz.model import BLANK, CLOZE, FALSE, JUDGE, MULTI, SINGLE, TRUE, Draft, Evidence, Question, make_question
from quiz.validate import check, validate
from tests.quiz.clauses import source_clause

TEXT = (
    "优化工作力量配置。各地按照每万城镇常住人口拥有社区工作者18人的标准配备，市地级或县级层面实行总量控制。"
    "考核内容以政治素质、工作实绩和居民群众满意度为重点。街道（乡镇）确需借调的，时间不超过6个月。"
)
CLAUSE = source_clause(
    "w/2.3",
    TEXT,
    cite="《关于加强社区工作者队伍建设的意见》",
    label="3.优化工作力量配置",
    section="健全职业体系",
    number="3.",
    heading="优化工作力量配置",
)
OTHER = replace(CLAUSE, ref="w/4.9", text="坚持公开公平原则，加强作风建设。建立健全工作实绩评价机制。")
CTX = build_context([CLAUSE, OTHER])


def _single() -> Question:
    at = TEXT.index("18人")
    stem = f"根据{CLAUSE.cite}，各地按照每万城镇常住人口拥有社区工作者{BLANK}人的标准配备。"
    return make_question(
        Draft(
            "number",
            SINGLE,
            stem,
            ("18",),
            ("10", "25", "30"),
            sources=(CLAUSE,),
            evidence=(Evidence(CLAUSE.ref, at, at + 3, "18人"),),
            option_kind="number",
            context=("拥有社区工作者", "人的标准配备"),
        )
    )


def _multi() -> Question:
    at = TEXT.index("政治素质")
    stem = f"根据{CLAUSE.cite}，考核内容以{BLANK}为重点。"
    return make_question(
        Draft(
            "enumeration",
            MULTI,
            stem,
            ("政治素质", "工作实绩", "居民群众满意度"),
            ("廉政修养", "专业能力"),
            sources=(CLAUSE,),
            evidence=(Evidence(CLAUSE.ref, at, at + 17, TEXT[at : at + 17]),),
            option_kind="item",
            context=("考核内容以", "为重点"),
        )
    )


def _judge_false() -> Question:
    return make_question(
        Draft(
            "judge",
            JUDGE,
            f"根据{CLAUSE.cite}，街道（乡镇）确需借调的，时间不超过3个月。",
            (FALSE,),
            sources=(CLAUSE,),
            evidence=(Evidence(CLAUSE.ref, 0, 0, ""),),
            correct_reading="街道（乡镇）确需借调的，时间不超过6个月。",
        )
    )


def test_good_questions_pass() -> None:
    for q in (_single(), _multi(), _judge_false()):
        assert check(q, CTX) is None, q


@pytest.mark.parametrize(
    ("make_bad", "reason"),
    [
        (lambda: replace(_single(), options=("15", "20", "25", "30"), answer=("A",)), "key_in_source"),
        (lambda: replace(_judge_false(), correct_reading="时间不超过12个月。"), "key_in_source"),
        (lambda: replace(_single(), answer=("A", "B")), "key_count"),
        (lambda: replace(_single(), options=_single().options[:3], answer=("A",)), "key_count"),
        (lambda: replace(_multi(), answer=_multi().answer[:1]), "key_count"),
        (lambda: replace(_judge_false(), answer=("对",)), "key_count"),
        (
            lambda: make_question(
                Draft("cloze", CLOZE, f"根据{CLAUSE.cite}，各地按照{BLANK}的标准配备。", ("  ",), sources=(CLAUSE,))
            ),
            "key_count",
        ),
        (lambda: _with_option(_multi(), "廉政修养", "工作实绩"), "distractor_true"),  # a distractor from the same list
        (
            lambda: replace(_judge_false(), stem=f"根据{CLAUSE.cite}，街道（乡镇）确需借调的，时间不超过6个月。"),
            "distractor_true",
        ),
        (lambda: _with_option(_single(), "10", "25"), "options_distinct"),
        (lambda: _with_option(_single(), "10", "２５"), "options_distinct"),  # full-width 25 is 25
        (lambda: _with_option(_single(), "10", "很多很多很多很多很多人"), "options_alike"),
        (lambda: _with_option(_multi(), "专业能力", "把政治标准放在首位并且长期坚持下去的做法与要求"), "options_alike"),
        (lambda: replace(_single(), stem=_single().stem.replace("。", "，即拥有社区工作者18人的标准配备。")), "key_in_stem"),
        (lambda: replace(_multi(), stem=f"根据{CLAUSE.cite}，考核内容以政治素质等{BLANK}为重点。"), "key_in_stem"),
        (lambda: replace(_single(), stem=_single().stem + "**"), "well_formed"),
        (lambda: replace(_single(), stem=_single().stem.replace("。", "，，")), "well_formed"),
        (lambda: replace(_single(), stem=_single().stem.replace("（　）", "（　")), "well_formed"),
        (lambda: replace(_single(), stem=_single().stem.replace(BLANK, "")), "well_formed"),
        (lambda: _with_option(_multi(), "专业能力", "专业能力、"), "well_formed"),
        (lambda: replace(_single(), stem=f"根据{CLAUSE.cite}，{BLANK}。"), "well_formed"),
    ],
)
def test_each_gate_drops_a_bad_question(make_bad: object, reason: str) -> None:
    bad = make_bad()  # type: ignore[operator]
    result = validate([bad], CTX)
    assert result.kept == []
    assert result.dropped == {reason: 1}


def _with_option(q: Question, old: str, new: str) -> Question:
    return replace(q, options=tuple(new if o == old else o for o in q.options))


def test_near_duplicates_are_merged_into_the_first() -> None:
    a = _single()
    b = replace(a, id="qother", stem=a.stem.replace("的标准配备", "的标准配备社区"))
    result = validate([a, b], CTX)
    assert [q.id for q in result.kept] == [a.id]
    assert result.dropped == {"near_duplicate": 1}


def test_true_judge_needs_its_statement_in_the_source() -> None:
    good = make_question(
        Draft(
            "judge", JUDGE, f"根据{CLAUSE.cite}，考核内容以政治素质、工作实绩和居民群众满意度为重点。", (TRUE,), sources=(CLAUSE,)
        )
    )
    assert check(good, CTX) is None
    assert check(replace(good, stem=f"根据{CLAUSE.cite}，考核内容以业务能力为重点。"), CTX) == "key_in_source"
