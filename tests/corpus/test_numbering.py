import pytest

from corpus.numbering import cn_to_int, cn_to_number, inline_markers, int_to_cn, match_marker


@pytest.mark.parametrize(
    ("text", "style", "value"),
    [
        ("一、总体要求", "cn", 1),
        ("十七、附则", "cn", 17),
        ("（三）科学配备人员", "cn_paren", 3),
        ("(二)健全", "cn_paren", 2),
        ("3.优化工作力量配置", "arabic", 3),
        ("12．落实薪酬", "arabic", 12),
        ("4、严格准入", "arabic", 4),
        ("（1）基本工资", "paren", 1),
        ("⑩积极应对", "circled", 10),
        ("第二十三条 社区", "article", 23),
        ("第三章 管理", "chapter", 3),
    ],
)
def test_markers(text: str, style: str, value: int) -> None:
    marker = match_marker(text)
    assert marker is not None
    assert (marker.style, marker.value) == (style, value)


@pytest.mark.parametrize("text", ["1.5倍", "2024.3", "10、20个", "3年以下", "一是加强", "18人的标准"])
def test_numbers_in_sentences_are_not_markers(text: str) -> None:
    assert match_marker(text) is None


def test_chinese_numerals() -> None:
    assert [cn_to_int(s) for s in ("一", "十", "十七", "二十三", "一百零五")] == [1, 10, 17, 23, 105]


@pytest.mark.parametrize(
    ("text", "value"),
    [("一千", 1000), ("三千", 3000), ("一万", 10000), ("两万", 20000), ("零点五", 0.5), ("两", 2), ("二十一", 21)],
)
def test_chinese_numerals_beyond_the_hundreds(text: str, value: float) -> None:
    assert cn_to_number(text) == value


@pytest.mark.parametrize("text", ["", "点", "十十一", "户", "第三"])
def test_what_is_not_a_numeral_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_number(text)


def test_a_fraction_is_not_a_whole_number() -> None:
    with pytest.raises(ValueError):
        cn_to_int("零点五")


@pytest.mark.parametrize(("n", "printed"), [(3, "三"), (10, "十"), (18, "十八"), (20, "二十"), (105, "一百零五")])
def test_whole_numbers_print_in_chinese_numerals(n: int, printed: str) -> None:
    assert int_to_cn(n) == printed


def test_inline_enumeration_needs_a_sequence_after_a_colon() -> None:
    text = "应具备以下条件：（1）政治素质过硬。（2）热爱社区工作。（3）具有专业知识。"
    assert [m.value for _, m in inline_markers(text)] == [1, 2, 3]
    assert inline_markers("经费（1）项") == []
    assert inline_markers("以下条件：（1）政治素质过硬。") == []
