import pytest

from corpus.text import MText, char_bigrams, extract_emphasis, normalise_plain, sentence_spans


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("专业知 识", "专业知识"),
        ("实 施 方 案", "实施方案"),
        ("社区工作者 18人的标准", "社区工作者18人的标准"),
        ("（2024 年 3 月 28日）", "（2024年3月28日）"),
        ("(2024年3月28日)", "（2024年3月28日）"),
        ("稳定,事关巩固", "稳定，事关巩固"),
        ("主要目标:社区", "主要目标：社区"),
        ("每3年轮训1次;注重", "每3年轮训1次；注重"),
        ("政务 APP 泛滥", "政务APP泛滥"),
        ("General Atomics Aeronautical", "General Atomics Aeronautical"),
        ("１８人", "18人"),
        ("增加 0.5 年", "增加0.5年"),
        ("(1) 健全社会工作体制机制", "（1）健全社会工作体制机制"),
        ("1,000元", "1,000元"),
        ("10:30开会", "10:30开会"),
    ],
)
def test_character_normalisation(raw: str, expected: str) -> None:
    assert normalise_plain(raw) == expected


def test_bold_becomes_flags_not_asterisks_and_positions_survive() -> None:
    raw = "坚持把**政治标准**放在**首位**"
    mt, unpaired = extract_emphasis(MText.from_raw(raw, 0, len(raw)))
    assert mt.text == "坚持把政治标准放在首位"
    assert unpaired == 0
    spans = mt.bold_spans()
    assert [mt.text[a:b] for a, b in spans] == ["政治标准", "首位"]
    # every character still knows where it was in the raw text
    assert all(raw[p] == ch for p, ch in zip(mt.pos, mt.text, strict=True))


def test_an_unpaired_bold_mark_is_dropped_and_counted() -> None:
    raw = "**健全 社会保障体系"
    mt, unpaired = extract_emphasis(MText.from_raw(raw, 0, len(raw)))
    assert "*" not in mt.text
    assert unpaired == 1


def test_sentences_split_at_stops_semicolons_and_lines() -> None:
    text = "健全培训机制。 每年至少培训1次；对其他人员每3年轮训1次！是否达标？\n\n附件"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "健全培训机制。",
        "每年至少培训1次；",
        "对其他人员每3年轮训1次！",
        "是否达标？",
        "附件",
    ]
    assert sentence_spans("。；\n ") == []


def test_character_bigrams_overlap_in_order() -> None:
    assert char_bigrams("社区工作") == ["社区", "区工", "工作"]
    assert char_bigrams("社") == []
