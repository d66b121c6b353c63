"""Collation and revision diff as pure functions: tables of small texts with known answers."""

from __future__ import annotations

import pytest

from kb.collate import PUNCTUATION, WORDING, Piece, align, collate, diff_texts, similarity


def _words(*words: str):  # a stand-in segmenter: boundaries where these words start and end in the text
    def boundaries(text: str) -> list[int]:
        out = []
        for w in words:
            at = text.find(w)
            while at >= 0:
                out += [at, at + len(w)]
                at = text.find(w, at + 1)
        return out

    return boundaries


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("各地按照每万人配备18人。", "各地按照每万人配备１８人。"),  # full-width digits
        ("健全培训机制，每3年轮训1次。", "健全培训机制,每3年轮训1次。"),  # half-width comma
        ("依托各级党校。\n注重利用网络平台。", "依托各级党校。注重利用网络平台。"),  # a line break
        ("社区 工作者", "社区工作者"),  # a stray space
        ("“全岗通”工作机制", '"全岗通"工作机制'),  # curly vs straight quotes
    ],
)
def test_formatting_is_never_a_variant(a: str, b: str) -> None:
    assert diff_texts(a, b) == ()


@pytest.mark.parametrize(
    ("a", "b", "kind", "a_text", "b_text"),
    [
        ("有机会有舞台。", "有机会、有舞台。", PUNCTUATION, "", "、"),
        ("健全职业体系、加强能力建设", "健全职业体系，加强能力建设", PUNCTUATION, "、", "，"),
        ("借调社区工作者；街道确需借调的", "借调社区工作者，街道确需借调的", PUNCTUATION, "；", "，"),
        ("树立能进能出、优进绌退的鲜明导向", "树立能进能出、优胜劣汰的鲜明导向", WORDING, "优进绌退", "优胜劣汰"),
        ("市地级或县级层面实行总量控制", "市级或县级层面实行总量控制", WORDING, "市地级", "市级"),
    ],
)
def test_each_difference_is_classified_and_grown_to_whole_words(a: str, b: str, kind: str, a_text: str, b_text: str) -> None:
    (change,) = diff_texts(a, b, _words("优进绌退", "优胜劣汰", "市地级", "市级"))
    assert (change.kind, change.a_text, change.b_text) == (kind, a_text, b_text)
    assert a[change.a_start : change.a_end] == a_text and b[change.b_start : change.b_end] == b_text


def test_without_a_segmenter_changes_stay_character_exact() -> None:
    (change,) = diff_texts("市地级或县级", "市级或县级")
    assert (change.a_text, change.b_text) == ("地", "")


def test_offsets_point_into_the_original_text_despite_folding() -> None:
    a, b = "第一句。\n 第二句有市地级。", "第一句。第二句有市级。"
    (change,) = diff_texts(a, b)
    assert a[change.a_start : change.a_end] == "地"


def _p(path: str, text: str, heading: str | None = None, suffix: str = "") -> Piece:
    return Piece(f"w{suffix}/{path}", path, heading, text)


OLD = [
    _p("1", "总体要求。坚持党的全面领导，打造一支政治坚定的社区工作者队伍。", "总体要求"),
    _p("2", "健全培训机制。县级党委组织部门每年至少对社区党组织书记培训1次。", "健全培训机制"),
    _p("3", "落实薪酬待遇保障。科学设定社区工作者薪酬构成和岗位等级薪酬标准。", "落实薪酬待遇保障"),
    _p("4", "强化监督约束。开展经常性监督，完善谈心谈话机制。", "强化监督约束"),
]
NEW = [
    _p("1", "总体要求。坚持党的全面领导，打造一支政治坚定的社区工作者队伍。", "总体要求", "2"),
    _p("2", "强化监督约束。开展经常性监督，完善谈心谈话机制。", "强化监督约束", "2"),  # moved up
    _p("3", "健全培训机制。县级党委组织部门每年至少对社区党组织书记培训2次。", "健全培训机制", "2"),  # changed
    _p("4", "深化减负增效。建立健全社区工作事项准入机制。", "深化减负增效", "2"),  # added
]


def test_a_revision_is_aligned_into_added_removed_moved_and_changed() -> None:
    pairs = align(OLD, NEW)
    status = {(p.a.path if p.a else None, p.b.path if p.b else None): p.status for p in pairs}
    assert status[("1", "1")] == "same"
    assert status[("2", "3")] in ("changed", "moved")  # renumbered, matched by its text
    assert status[("4", "2")] in ("renumbered", "moved")  # same text under another number
    assert [status[("2", "3")], status[("4", "2")]].count("moved") == 1  # one of the two left the common order
    assert status[("3", None)] == "removed"
    assert status[(None, "4")] == "added"
    changed = next(p for p in pairs if p.a and p.a.path == "2")
    assert [(c.a_text, c.b_text) for c in changed.changes] == [("1", "2")]


def test_witnesses_of_one_work_pair_by_number_first() -> None:
    a = [_p("1", "甲乙丙丁戊己庚辛。"), _p("2", "子丑寅卯辰巳午未。")]
    b = [_p("1", "甲乙丙丁戊己庚壬。", suffix="b"), _p("2", "子丑寅卯辰巳午申。", suffix="b")]
    pairs = align(a, b, by_path=True)
    assert [(p.a.path, p.b.path, p.status) for p in pairs if p.a and p.b] == [("1", "1", "changed"), ("2", "2", "changed")]


def test_majority_reading_with_three_witnesses() -> None:
    base = [_p("1", "各地按照市地级或县级层面实行总量控制。")]
    variants, _ = collate(
        base,
        {
            "newspaper": [_p("1", "各地按照市级或县级层面实行总量控制。", suffix="n")],
            "exam": [_p("1", "各地按照市地级或县级层面实行总量控制。", suffix="e")],
        },
        base_name="pdf",
    )
    (v,) = variants
    assert v.witness == "newspaper" and v.majority == "base"
    assert v.readings == {"pdf": "地", "newspaper": "", "exam": "地"}


def test_two_witnesses_have_no_majority() -> None:
    variants, _ = collate(
        [_p("1", "树立能进能出、优进绌退的鲜明导向。")], {"x": [_p("1", "树立能进能出、优胜劣汰的鲜明导向。", suffix="x")]}
    )
    assert variants and all(v.majority is None for v in variants)


def test_similarity_bounds() -> None:
    assert similarity("健全培训机制", "健全培训机制") == 1.0
    assert similarity("健全培训机制", "落实薪酬待遇") == 0.0
