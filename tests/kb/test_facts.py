"""Numeric provisions: the table of what a clause's numbers mean."""

from __future__ import annotations

import pytest

from kb.compare import added_sentences, compare_facts
from kb.facts import extract_facts, parse_number

TOPICS = [("借调", ("借调",)), ("培训", ("培训", "轮训"))]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18", 18),
        ("三", 3),
        ("十八", 18),
        ("二十", 20),
        ("一百", 100),
        ("0.5", 0.5),
        ("一千", 1000),
        ("一万", 10000),
        ("零点五", 0.5),
    ],
)
def test_numbers_are_read_in_either_script(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各地按照每万城镇常住人口拥有社区工作者18人的标准配备。", [(18, None, "人", "=", "万城镇常住人口")]),
        ("对其他社区工作者每3年轮训1次。", [(1, None, "次", "=", "3年")]),
        ("每年至少对社区党组织书记培训1次。", [(1, None, "次", "≥", "年")]),
        ("街道确需借调的，按程序报批，时间不超过6个月。", [(6, None, "个月", "≤", None)]),
        (
            "每年参加集中培训时间分别不少于5天、3天、3天。",
            [(5, None, "天", "≥", "年"), (3, None, "天", "≥", "年"), (3, None, "天", "≥", "年")],
        ),
        ("一般工作人员为1—12级，社区正职为7～18级。", [(1, 12, "级", "=", None), (7, 18, "级", "=", None)]),
        ("2025年底前以县级为单位全面达标。", []),  # a calendar year is not a provision
        ("增强“四个意识”、做到“两个维护”，一次采集、多方利用。", []),  # slogans and articles
        ("大专以上学历人数占比达到90%以上。", [(90, None, "%", "≥", None)]),
        ("应在3年内取得相应职业资格证书。", [(3, None, "年", "≤", None)]),
        # Chinese numerals past the hundreds and with a decimal point are amounts too
        ("城市社区规模一般为一千户至三千户。", [(1000, 3000, "户", "=", None)]),
        (
            "常住人口达到一万人以上的社区，每一千户至三千户增配社区工作者1人。",
            [(10000, None, "人", "≥", None), (1, None, "人", "=", "一千户至三千户")],
        ),
        ("取得中级职业资格的，计算工作年限时增加零点五年。", [(0.5, None, "年", "=", None)]),
    ],
)
def test_provisions_are_extracted_with_bound_rate_and_range(text: str, expected: list[tuple[object, ...]]) -> None:
    got = [(f.value, f.high, f.unit, f.bound, f.per) for f in extract_facts(text, TOPICS)]
    assert got == expected


def test_a_fact_knows_its_topic_and_where_it_is_printed() -> None:
    text = "县级以上机关事业单位不得借调社区工作者，街道确需借调的，时间不超过6个月。"
    (fact,) = extract_facts(text, TOPICS)
    assert fact.topics == ("借调",)
    assert text[fact.span[0] : fact.span[1]] == "不超过6个月" == fact.text
    assert fact.display == "≤ 6 个月"


def test_compare_marks_a_different_number_and_one_the_main_text_lacks() -> None:
    main = extract_facts("每年至少对社区党组织书记培训1次，对其他社区工作者每3年轮训1次。", TOPICS)
    other = extract_facts("每年至少对社区党组织书记培训2次，集中培训时间不少于5天。", TOPICS)
    statuses = [(c.fact.display, c.status) for c in compare_facts(main, other)]
    assert statuses == [("≥ 2 次（每年）", "differs"), ("≥ 5 天", "only-here")]


def test_added_sentences_are_those_the_main_text_has_no_match_for() -> None:
    main = "健全培训机制。县级党委组织部门每年至少对社区党组织书记培训1次。"
    other = "健全培训机制。县级党委组织部门每年至少对社区党组织书记培训1次。对新入职社区工作者建立传帮带培养机制。"
    (span,) = added_sentences(main, other)
    assert other[span[0] : span[1]] == "对新入职社区工作者建立传帮带培养机制。"


def test_a_bad_topics_line_is_reported_and_skipped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kb.vocab import parse_topics

    path = tmp_path / "topics.txt"
    path.write_text("# 注释\n培训: 培训 轮训\n没有冒号的一行\n借调：借调\n培训: 集中培训\n", encoding="utf-8")
    warnings: list[str] = []
    topics = parse_topics(path, warnings)
    assert [(t.name, t.words) for t in topics] == [("培训", ("培训", "轮训", "集中培训")), ("借调", ("借调",))]
    assert warnings == ["topics.txt 第3行：应写成“专题名: 关键词 关键词”，已跳过：没有冒号的一行"]
