"""Clause analysis: POS-tagged words, typed slots and list structure, on made-up clause texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from kb import store
from kb.analysis import AnalysedClause, Slot, analyse_clause
from kb.relations import segmenter_for
from kb.segment import Segmenter, get_segmenter
from kb.vocab import DATA_DIR, LEXICON_FILES, Lexicons, load_lexicons, load_vocabulary
from web.db import get_session


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return get_segmenter(load_vocabulary().entries, ("一窗通办",))


@pytest.fixture(scope="module")
def lexicons() -> Lexicons:
    return load_lexicons()


def analyse(text: str, segmenter: Segmenter, lexicons: Lexicons) -> AnalysedClause:
    return analyse_clause(text, segmenter=segmenter, lexicons=lexicons)


def slots_of(a: AnalysedClause, kind: str) -> list[Slot]:
    return [s for s in a.slots if s.kind == kind]


def only(a: AnalysedClause, kind: str, text: str) -> Slot:
    found = [s for s in slots_of(a, kind) if s.text == text]
    assert len(found) == 1, (kind, text, [s.text for s in slots_of(a, kind)])
    return found[0]


def test_tagged_cut_covers_the_text_with_the_words_of_the_plain_cut(segmenter: Segmenter) -> None:
    text = "各村（社区）每年组织不少于2次应急演练，覆盖60%的住户。ABC平台上线"
    tagged = segmenter.tagged(text)
    assert "".join(w for w, _, _, _ in tagged) == text
    assert all(text[a:b] == w for w, _, a, b in tagged)
    content = [(a, b) for w, tag, a, b in tagged if tag != "x" or w.strip("，。（）%")]
    assert content == [(a, b) for _, a, b in segmenter.cut_with_offsets(text)]
    tags = {w: tag for w, tag, _, _ in tagged}
    assert tags["2"] == "m" and tags["组织"][0] in "vn"


def test_numbers_and_periods_come_from_the_numeric_facts(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("每个街道配备不少于12名专职调解员，每2年体检1次，试用期不超过3个月；到2030年全面推开。", segmenter, lexicons)
    staff = only(a, "number", "不少于12名")
    assert (staff.value, staff.unit, staff.comparison) == (12.0, "名", "≥")
    check = only(a, "number", "1次")
    assert check.per == "2年"
    probation = only(a, "period", "不超过3个月")
    assert (probation.value, probation.unit, probation.comparison) == (3.0, "个月", "≤")
    deadline = only(a, "period", "到2030年")
    assert (deadline.value, deadline.comparison) == (2030.0, "≤")


def test_bodies_by_the_general_pattern_and_by_name(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("市委宣传部会同县级人民政府教育部门指导，由民政部门负责，省级党委统战部备案。", segmenter, lexicons)
    assert only(a, "body", "市委宣传部").level == "市地级"
    assert only(a, "body", "县级人民政府教育部门").head == "部门"
    assert only(a, "body", "民政部门").level is None
    assert only(a, "body", "省级党委统战部").level == "省级"  # in no file: found by the pattern
    assert [s.text for s in slots_of(a, "body")] == ["市委宣传部", "县级人民政府教育部门", "民政部门", "省级党委统战部"]


def test_levels_stand_as_whole_words_on_the_ladder(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("在县级层面统一调配社区工作者，街道（乡镇）统筹使用。", segmenter, lexicons)
    county = only(a, "level", "县级")
    assert county.value == "县级" and county.rank == 3
    assert "市地级" in county.alternatives and "县级" not in county.alternatives
    assert only(a, "level", "街道（乡镇）").value == "街道"
    assert all(s.text != "社区" for s in slots_of(a, "level"))  # 社区工作者 is one word, not a level


def test_modality_scope_and_quoted_terms(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("副职原则上应当公开招聘，不得变相指定，优先招用高校毕业生，推行“一窗通办”。", segmenter, lexicons)
    must = only(a, "modality", "应当")
    assert must.group == "情态" and {"可以", "不得"} <= set(must.alternatives)
    assert only(a, "modality", "原则上").group == "程度"
    assert only(a, "modality", "不得")
    deputy = only(a, "scope", "副职")
    assert "正职" in deputy.alternatives
    assert only(a, "scope", "高校毕业生").value == "高等学校毕业生"  # synonyms.txt: the preferred spelling
    assert only(a, "term", "一窗通办").head == "引号"


def test_a_list_with_its_lead_in_and_a_tail_that_belongs_to_every_item(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("各地要聚焦乡村振兴、生态保护、文化传承、养老托育等重点领域。", segmenter, lexicons)
    (lst,) = a.lists
    assert lst.separator == "、"
    assert lst.lead_in is not None and lst.lead_in.text == "各地要聚焦"
    assert [i.text for i in lst.items] == ["乡村振兴", "生态保护", "文化传承", "养老托育"]
    assert lst.tail is not None and lst.tail.text == "等重点领域"


def test_a_shared_head_noun_is_recorded_and_each_item_keeps_the_part_that_differs(
    segmenter: Segmenter, lexicons: Lexicons
) -> None:
    a = analyse("完善居民议事协商制度、社区工作者轮岗交流制度、社区事务公开制度。", segmenter, lexicons)
    (lst,) = a.lists
    assert lst.lead_in is not None and lst.lead_in.text == "完善"
    assert lst.shared_suffix == "制度"
    assert [i.core.text for i in lst.items] == ["居民议事协商", "社区工作者轮岗交流", "社区事务公开"]
    assert {i.head for i in lst.items} == {"制度"}


def test_items_with_different_heads_keep_their_own(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("建立社区工作者考核制度、容错纠错机制、关爱激励体系。", segmenter, lexicons)
    (lst,) = a.lists
    assert lst.shared_suffix is None
    assert [i.head for i in lst.items] == ["制度", "机制", "体系"]


def test_members_joined_by_semicolons_after_a_colon(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("网格员的主要任务是：做好矛盾调处；开展邻里互助；组织文体活动。", segmenter, lexicons)
    (lst,) = [x for x in a.lists if x.separator == "；"]
    assert lst.lead_in is not None and lst.lead_in.text == "网格员的主要任务是"
    assert [i.text for i in lst.items] == ["做好矛盾调处", "开展邻里互助", "组织文体活动"]
    assert len(a.sentences) == 1


def test_a_comma_inside_brackets_separates_no_items(segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse("县（市、区）民政部门负责。", segmenter, lexicons)
    assert a.lists == ()


LIST_TEXTS = [
    "突出政治引领、服务群众、矛盾化解和应急处置等核心职责。",
    "健全招聘选任制度、岗位等级序列、薪酬保障机制和退出机制。",
    "注重加强政策理论、法律法规、专业技能和信息技术等方面的培训。",
    "提升社区工作者统筹协调、组织动员、依法办事的能力。",
    "对基层党组织书记、居委会主任、网格员开展全员轮训。",
]


@pytest.mark.parametrize("text", LIST_TEXTS)
def test_no_list_item_splits_a_word(text: str, segmenter: Segmenter, lexicons: Lexicons) -> None:
    a = analyse(text, segmenter, lexicons)
    assert a.lists, text
    for lst in a.lists:
        for item in lst.items:
            assert item.start in a.boundaries and item.end in a.boundaries, item.text
            assert len(item.text) >= 2


def test_the_shipped_lexicons_read_cleanly_and_have_every_kind() -> None:
    lex = load_lexicons()
    assert lex.warnings == ()
    assert [lv.name for lv in lex.levels][:4] == ["中央", "省级", "市地级", "县级"]
    assert lex.bodies and lex.scopes and lex.modal_groups and lex.synonyms
    assert lex.canonical("高校") == "高等学校" and lex.canonical("县级") == "县级"


def test_a_bad_lexicon_line_is_reported_by_file_and_line_and_the_rest_is_used(tmp_path: Path, segmenter: Segmenter) -> None:
    for name in LEXICON_FILES:
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    with (tmp_path / "slots_levels.txt").open("a", encoding="utf-8") as f:
        f.write("没有冒号的一行\n")
    lines = (tmp_path / "slots_levels.txt").read_text(encoding="utf-8").count("\n")
    (tmp_path / "slots_bodies.txt").write_text("# 注释\n城市更新指挥部\n党委 宣传部门\n", encoding="utf-8")
    lex = load_lexicons(tmp_path)
    assert f"slots_levels.txt 第{lines}行" in "\n".join(lex.warnings)
    assert any(w.startswith("slots_bodies.txt 第3行") for w in lex.warnings)
    assert len(lex.levels) == 6 and lex.bodies == ("城市更新指挥部",)
    a = analyse_clause("城市更新指挥部负责统筹。", segmenter=segmenter, lexicons=lex)
    assert [s.text for s in slots_of(a, "body")] == ["城市更新指挥部"]  # a trainer's addition is used


def test_every_list_item_of_the_central_opinion_is_a_whole_phrase(app: Flask) -> None:
    with app.app_context():
        vocab = app.extensions["policykb.search"].vocab
        session = get_session()
        seg = segmenter_for(session, vocab)
        base = store.get_witness(store.get_work(session, "shequ-yijian-2024"), None)
        lexicons = app.extensions["policykb.lexicons"]
        analysed = [
            analyse_clause(c.text, segmenter=seg, lexicons=lexicons, ref=c.ref) for c in store.witness_clauses(session, base)
        ]
    lists = [(a, lst) for a in analysed for lst in a.lists]
    assert len(lists) >= 40
    for a, lst in lists:
        for item in lst.items:
            assert item.start in a.boundaries and item.end in a.boundaries, (a.ref, item.text)
            assert len(item.text) >= 2, (a.ref, item.text)
            assert item.text == a.text[item.start : item.end]
    kinds = {s.kind for a in analysed for s in a.slots}
    assert kinds == {"number", "period", "body", "level", "modality", "scope", "term"}


def test_a_word_met_in_two_clauses_is_one_string(segmenter: Segmenter, lexicons: Lexicons) -> None:
    # a build holds every clause's analysis at once: one string per distinct word, and words without a __dict__
    a = analyse("街道办事处应当加强指导。", segmenter, lexicons)
    b = analyse("县级人民政府应当加强监督。", segmenter, lexicons)
    shared = {w.text for w in a.words} & {w.text for w in b.words}
    assert "应当" in shared
    for text in shared:
        wa = next(w for w in a.words if w.text == text)
        wb = next(w for w in b.words if w.text == text)
        assert wa.text is wb.text and wa.tag is wb.tag
    assert not hasattr(a.words[0], "__dict__")
