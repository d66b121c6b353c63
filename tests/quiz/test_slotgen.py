"""The generators that stand on analysed clauses: slot blanks, statements, 判断 changes, typed cloze."""

from __future__ import annotations

import random
from dataclasses import replace

from kb.analysis import analyse_clause
from kb.facts import extract_facts
from kb.segment import get_segmenter
from kb.vocab import load_lexicons, load_vocabulary
from quiz.context import build_context, condition_lead_in
from quiz.generators import enumeration_questions, marks_hide_keys
from quiz.model import CLOZE, FALSE, JUDGE, MULTI, SINGLE, SourceClause
from quiz.numbers import plausible_values
from quiz.slotgen import (
    body_cores,
    false_by_slot,
    false_versions,
    names_document,
    slot_questions,
    statement_questions,
    statements_multi,
)
from quiz.text import answer_matches
from tests.quiz.clauses import source_clause

SEGMENTER = get_segmenter(load_vocabulary().entries, ())
LEXICONS = load_lexicons()
SYNONYMS = (frozenset({"党委组织部门", "组织部门"}), frozenset({"正职", "社区正职"}))


def analysed(ref: str, text: str, **fields: object) -> SourceClause:
    clause = source_clause(ref, text, cite="《某意见》", **fields)
    return replace(clause, analysis=analyse_clause(text, segmenter=SEGMENTER, lexicons=LEXICONS, ref=ref))


MEASURE = analysed(
    "w/3",
    "健全培训机制。县级党委组织部门每年至少对社区党组织书记培训1次。市级层面制定培训规划。"
    "县级以上机关事业单位不得借调社区工作者。社区工作者每年培训时间不少于5天。"
    "省级层面加强政策协调和培训工作指导。街道（乡镇）可以组织社区工作者参加线上培训课程。",
    heading="健全培训机制",
)
OTHER = analysed("w/4", "民政部门会同党委社会工作部门加强指导。财政部门落实经费保障。", heading="强化保障")
CTX = build_context([MEASURE, OTHER], synonyms=SYNONYMS)


def test_a_level_blank_offers_the_nearest_rungs_the_sentence_does_not_name() -> None:
    items = [d for d in slot_questions(CTX) if d.keys == ("市级",) or d.keys == ("县级",)]
    assert items
    for d in items:
        assert d.type == SINGLE and len(d.distractors) == 3
        assert "市地级" not in d.distractors or "市级" not in d.stem  # 市级 in the stem rules 市地级 out


def test_a_body_blank_offers_other_bodies_of_its_kind_and_never_a_synonym() -> None:
    body = [d for d in slot_questions(CTX) if d.keys == ("县级党委组织部门",)]
    assert body, [d.keys for d in slot_questions(CTX)]
    options = body[0].distractors
    assert all(o.startswith("县级") and o.endswith("部门") for o in options), options
    assert "县级组织部门" not in options  # the same body under another name


def test_a_modal_word_is_never_a_single_choice_blank_but_is_changed_in_a_false_statement() -> None:
    # of 应当 / 可以 / 不得 / 鼓励 one or two never fit a sentence (任何单位或者个人鼓励挤占挪用): no 单选 blanks them
    assert not [d for d in slot_questions(CTX) if d.keys[0] in {"不得", "应当", "可以", "鼓励"}]
    a = MEASURE.text.index("县级以上")
    b = MEASURE.text.index("。", a) + 1
    texts = {false_by_slot(CTX, MEASURE, a, b, {}, random.Random(k)) for k in range(20)}
    assert any(t is not None and t[1:] == ("不得", "可以") for t in texts)


def test_a_false_statement_changes_one_slot_to_one_of_its_type() -> None:
    a = MEASURE.text.index("县级以上")
    b = MEASURE.text.index("。", a) + 1
    change = false_by_slot(CTX, MEASURE, a, b, {}, random.Random(1))
    assert change is not None
    text, old, new = change
    assert (old, new) in {("不得", "可以"), ("县级", "省级"), ("县级", "市地级"), ("县级", "街道（乡镇）")}
    assert text != MEASURE.text[a:b].rstrip("。")


def test_statement_items_over_a_measure() -> None:
    singles = list(statement_questions(CTX))
    assert singles and all(d.type == SINGLE and len(d.distractors) == 3 for d in singles)
    for d in singles:
        if d.negative:
            assert all(x.rstrip("。") in MEASURE.text for x in d.distractors)  # the three true ones as printed
            assert d.keys[0] not in MEASURE.text
    multi = list(statements_multi(CTX))
    for d in multi:
        assert d.type == MULTI and 2 <= len(d.keys) <= 4 and len(d.keys) + len(d.distractors) == 5


def test_a_condition_in_a_list_keeps_its_lead_in() -> None:
    text = "建立退出机制。有下列情形之一的，按规定程序退出：（1）连续两年考核不合格的；（2）无故旷工累计超过30天的。"
    a = text.index("（2）")
    assert condition_lead_in(text, a, len(text)) == "有下列情形之一的，按规定程序退出："
    assert condition_lead_in(text, 0, text.index("。") + 1) == ""  # a statement needs none


def test_numbers_keep_the_key_s_form_and_cloze_accepts_the_short_form() -> None:
    values = plausible_values(1.5, "年", set(), 3, random.Random(2))
    assert all(v != int(v) for v in values)  # no 3, 4, 5 years beside 1.5 (none at all rather than a giveaway)
    assert all(v == int(v) for v in plausible_values(5, "天", set(), 3, random.Random(2)))
    assert answer_matches("党委", ("各级党委",)) and answer_matches("党组织", ("社区党组织",))


def test_judge_and_cloze_stand_on_slots() -> None:
    from quiz.generators import REGISTRY

    judges = [d for d in REGISTRY["judge"](CTX) if d.type == JUDGE and d.keys == (FALSE,)]
    assert judges and all(d.variant == "false-slot" for d in judges)
    cloze = [d for d in REGISTRY["cloze"](CTX) if d.type == CLOZE]
    assert cloze and all(len(d.keys[0]) <= 6 for d in cloze)


def test_a_list_option_is_a_whole_phrase_of_its_clause() -> None:
    from quiz.generators import phrase_shape

    c = analysed("w/9", "考核内容以政治素质、工作实绩和居民群众满意度为重点。把广大志愿者凝聚起来。")
    at = c.text.index("工作实绩")
    assert phrase_shape(c, at, at + 4) == "noun"
    assert phrase_shape(c, at, at + 3) is None  # 工作实｜绩: a cut word
    b = c.text.index("把广大志愿者")
    assert phrase_shape(c, b, b + 6) is None  # a leading 把 is no phrase of its own


def test_a_change_never_names_a_person_the_sentence_already_names() -> None:
    from quiz.slotgen import _named_otherwise

    ctx = build_context([MEASURE], synonyms=(frozenset({"居民委员会", "居委会"}),))
    assert _named_otherwise("居民委员会主任", "社区党组织书记、居委会主任每年培训不少于7天", ctx)
    assert not _named_otherwise("网格员", "社区党组织书记、居委会主任每年培训不少于7天", ctx)


def test_a_lead_in_is_read_past_a_remark_after_its_colon() -> None:
    from quiz.text import lead_in_of

    assert (
        lead_in_of("建立退出机制。有下列情形之一的，按规定程序退出：\n（省委组织部负责）", "建立退出机制")
        == "有下列情形之一的，按规定程序退出："
    )


def test_a_number_the_rest_of_the_sentence_gives_away_is_not_asked() -> None:
    from quiz.generators import _readable_from_stem

    counted = analysed("w/7", "年度考核结果分为优秀、合格、基本合格、不合格4个等次。")
    counted = replace(counted, facts=tuple(extract_facts(counted.text)))
    assert any(_readable_from_stem(counted, f) for f in counted.facts)
    single = analysed("w/8", "社区工作者每年培训时间不少于5天。")
    single = replace(single, facts=tuple(extract_facts(single.text)))
    assert single.facts and not any(_readable_from_stem(single, f) for f in single.facts)


# ---- lists: 多选 whose distractors are items of the keys' kind ------------------------------------

LEVELS = analysed(
    "a/1",
    "建立健全省级示范培训、市级重点培训、县级骨干培训的分级培训制度。积极吸纳高等学校毕业生、退役军人等人才。",
    heading="加强培训",
)
MIXED = analysed("a/2", "要从健全体系、创新机制、完善政策、落实责任等方面入手。", heading="化解矛盾")
ELSEWHERE = analysed(
    "b/1",
    "开展社区书记专题培训、专业技能培训等。完善绩效考核、评估体系、工作台账、管理制度。",
    heading="其他",
)
LADDER = analysed("c/1", "组织开展省级集中培训、市级专题培训、县级全员培训等。", heading="培训体系")
LIST_CTX = build_context([LEVELS, MIXED, ELSEWHERE, LADDER])
NO_LADDER_CTX = build_context([LEVELS, MIXED, ELSEWHERE])


def test_a_list_is_asked_after_its_lead_in_with_distractors_of_the_keys_kind() -> None:
    drafts = list(enumeration_questions(LIST_CTX))
    training = [d for d in drafts if "建立健全（　）的分级培训制度" in d.stem]
    assert training, [d.stem for d in drafts]
    for d in training:
        assert d.type == MULTI and set(d.keys) <= {"省级示范培训", "市级重点培训", "县级骨干培训"}
        assert d.distractors and all(x.endswith("培训") for x in d.distractors)  # never 评估体系 or 管理制度
        assert all("级" in x for x in d.distractors)  # 分级: every key names a level, so does every distractor
        assert not any(x in LEVELS.text for x in d.distractors)  # nothing the document states (it would be true)


def test_a_list_whose_keys_share_a_mark_the_distractors_lack_makes_no_item() -> None:
    # only 社区书记专题培训、专业技能培训 are "培训" elsewhere: 级 would sort the options into keys and distractors
    drafts = [d for d in enumeration_questions(NO_LADDER_CTX) if "分级培训制度" in d.stem]
    assert drafts == []
    assert not marks_hide_keys(["省级示范培训", "市级重点培训"], ["专业技能培训", "学历教育培训", "县级骨干培训"])
    assert not marks_hide_keys(["示范培训", "重点培训"], ["省级培训", "县级培训", "市级培训"])
    assert marks_hide_keys(["省级示范培训", "市级重点培训"], ["县级兜底培训", "省级集中培训", "市级专题培训"])


def test_a_list_of_no_common_kind_makes_no_item() -> None:
    # 体系、机制、政策、责任: no head two items share, so no distractor could be "of their kind"
    assert not [d for d in enumeration_questions(LIST_CTX) if "方面入手" in d.stem]


def test_a_part_asks_across_its_measures_and_a_heading_that_names_the_document_is_left_out() -> None:
    part = analysed("p/1", "", heading="健全职业体系")
    first = analysed("p/1.1", MEASURE.text, heading="健全培训机制", parent_ref="p/1")
    second = analysed(
        "p/1.2",
        "社区工作者每月走访居民不少于20户。县级党委组织部门负责社区工作者备案管理。市级层面制定年度考核指导方案。",
        heading="完善管理制度",
        parent_ref="p/1",
    )
    part = replace(part, children=("p/1.1", "p/1.2"))
    drafts = list(statements_multi(build_context([part, first, second], synonyms=SYNONYMS)))
    across = [d for d in drafts if "关于“健全职业体系”" in d.stem]
    assert across
    assert {s.ref for s in across[0].sources} == {"p/1.1", "p/1.2"}  # options from both measures
    assert names_document("党的二十届三中全会", "党的二十届三中全会《决定》")
    assert not names_document("健全职业体系", "《关于加强社区工作者队伍建设的意见》")


def test_a_group_of_people_in_front_of_a_name_and_a_ranged_level_are_no_slots() -> None:
    law = analysed(
        "law/8",
        "退役的残疾军人应当向户籍迁入地县级人民政府退役军人工作主管部门申请转入抚恤关系。"
        "县级以上地方人民政府应当保障社区工作者的基本生活。",
    )
    ctx = build_context([law, MEASURE, OTHER], synonyms=SYNONYMS)
    keys = {d.keys[0] for d in slot_questions(ctx)}
    assert "退役军人" not in keys  # 农民工工作主管部门 would be no distractor but nonsense
    assert not any(k.startswith("以上") for cores in body_cores(ctx).values() for k in cores)
    assert not any(d.distractors and any(x.startswith("县级各级") for x in d.distractors) for d in slot_questions(ctx))


def test_principles_are_asked_with_principles_other_documents_hold_and_this_one_never_states() -> None:
    from quiz.generators import principle_questions

    ours = analysed(
        "p/1",
        "加强社区工作者队伍建设，要坚持和加强党的全面领导，坚持为民服务，坚持专业化方向，坚持激励和约束并重，着力健全职业体系。",
    )
    theirs = analysed(
        "q/1",
        "健全新时代志愿服务体系，要坚持党的领导，坚持人民至上，坚持价值引领，坚持系统观念，坚持务实创新，坚持实践育人。",
    )
    drafts = list(principle_questions(build_context([ours, theirs])))
    mine = next(d for d in drafts if d.sources[0].ref == "p/1")
    assert mine.stem == "根据《某意见》，加强社区工作者队伍建设，要（　）。"
    assert set(mine.keys) <= {"坚持和加强党的全面领导", "坚持为民服务", "坚持专业化方向", "坚持激励和约束并重"}
    assert set(mine.distractors) <= {"坚持人民至上", "坚持价值引领", "坚持系统观念", "坚持务实创新", "坚持实践育人"}
    # 坚持党的领导 says what 坚持和加强党的全面领导 says: never a distractor of the 意见
    theirs_item = next(d for d in drafts if d.sources[0].ref == "q/1")
    assert "坚持和加强党的全面领导" not in theirs_item.distractors


def test_a_sentence_that_leans_on_the_one_before_is_no_statement() -> None:
    from quiz.context import eligible_sentences

    c = analysed(
        "law/30",
        "违反本法规定，擅自设立社会团体的，由登记管理机关予以取缔。情节较轻的，给予警告。有下列情形之一的，处五百元以上罚款。并处没收违法所得。",
    )
    kept = [c.text[a:b] for a, b in eligible_sentences(c)]
    assert kept == ["违反本法规定，擅自设立社会团体的，由登记管理机关予以取缔。"]


def test_a_target_year_is_asked_with_other_milestone_years_the_document_does_not_set() -> None:
    from quiz.slotgen import goal_year_questions

    goal = analysed(
        "g/1", "主要目标是：到2035年，基本形成系统完备、科学规范、协同高效的志愿服务制度和工作体系。到2025年，服务网络覆盖城乡。"
    )
    drafts = [d for d in goal_year_questions(build_context([goal])) if d.keys == ("2035",)]
    assert drafts and "到（　）年，基本形成" in drafts[0].stem
    assert "2025" not in drafts[0].distractors  # the document sets 2025 for another goal: it would be true there
    assert all(abs(int(y) - 2035) > 2 for y in drafts[0].distractors)


def test_fixed_series_prohibitions_and_the_documents_own_subject_are_never_changed() -> None:
    from quiz.slotgen import unchangeable

    law = replace(
        analysed("t/5", "省、自治区、直辖市人民政府应当制定办法。禁止非法拘禁退役军人。设区的市级人民政府负责实施。"),
        cite="《中华人民共和国退役军人保障法》",
    )
    assert law.analysis is not None
    slots = {s.text: s for s in law.analysis.slots}
    asked = [s.text for s in law.analysis.slots if not unchangeable(law, s)]
    assert "禁止" in slots and "禁止" not in asked
    assert not any(s.kind == "level" and s.text in ("省", "市级") for s in law.analysis.slots if s.text in asked)
    assert "退役军人" not in asked


def test_variants_offer_a_provision_as_printed_and_changed_in_two_slots_or_more() -> None:
    from quiz.slotgen import variant_questions

    law = replace(
        analysed("law/12", "县级以上人民政府民政部门可以每年对社区工作者培训不少于5天。"),
        article="第十二条",
        cite="《某法》",
    )
    drafts = list(variant_questions(build_context([law, MEASURE, OTHER], synonyms=SYNONYMS)))
    item = next(d for d in drafts if d.sources[0].ref == "law/12")
    assert item.stem == "根据《某法》第十二条，下列说法正确的是（　）。"
    assert item.keys == ("县级以上人民政府民政部门可以每年对社区工作者培训不少于5天",)
    assert len(set(item.distractors)) == 3 and item.keys[0] not in item.distractors
    # a 2 × 2 grid: each slot's printed reading is in two of the four options, so no option is every slot's
    # most common reading (the key of one-change variants is); the both-changed option carries both changes
    options = [item.keys[0], *item.distractors]
    pieces = [p for p in ("县级以上", "民政部门", "可以", "5天") if p in item.keys[0]]
    kept = [sum(p in o for o in options) for p in pieces]
    assert sorted(kept)[:2] == [2, 2], (options, kept)
    assert sum(all(p in o for p in pieces) for o in options) == 1


def test_a_member_of_a_list_of_conditions_is_read_with_its_lead_in_or_not_at_all() -> None:
    from quiz.context import eligible_sentences
    from quiz.generators import number_questions

    text = "对有下列情形之一者，按照法定程序劝退、辞退或者开除：连续两次考核评价不合格；无故旷工一年内累计超过30天；由于能力有限无法胜任工作。"
    a = text.index("无故旷工")
    assert condition_lead_in(text, a, text.index("；", a) + 1) == "对有下列情形之一者，按照法定程序劝退、辞退或者开除："
    clause = analysed("x/1", text)
    clause = replace(clause, facts=tuple(extract_facts(text)))
    assert all(not clause.text[s:e].startswith("无故旷工") for s, e in eligible_sentences(clause))  # no 说法 option
    items = [d for d in number_questions(build_context([clause])) if "30" in d.keys]
    assert items and all("对有下列情形之一者，按照法定程序劝退、辞退或者开除：无故旷工" in d.stem for d in items)


def test_a_count_the_stem_spells_out_is_neither_asked_nor_changed() -> None:
    from quiz.generators import _readable_from_stem, counted_before

    assert counted_before("省、市两级建立社区工作者培训师资库", 3) == 2
    assert counted_before("建立盟市、旗县区、街道三级培训体系", 11) == 3
    assert counted_before("每年培训1次", 4) is None
    two = analysed("y/1", "省、市两级建立社区工作者培训师资库、资源库。")
    two = replace(two, facts=tuple(extract_facts(two.text)))
    assert any(_readable_from_stem(two, f) for f in two.facts if f.value == 2)
    a, b = 0, len(two.text)
    assert not [x for x in false_versions(build_context([two]), two, a, b, {}, random.Random(1)) if "三级" in x[0]]


def test_an_elected_post_never_replaces_a_hired_one_and_no_option_repeats_the_words_before_it() -> None:
    grid = analysed("z/1", "社区专职网格员参照社区专职工作者发放报酬，报酬总额原则上不低于所在社区专职工作者平均薪酬的60%。")
    changed = list(false_versions(build_context([grid]), grid, 0, len(grid.text), {}, random.Random(3), per_slot=3))
    assert not [x for x in changed if "书记" in x[0] or "主任" in x[0] or "社区专职社区" in x[0]], changed


def test_encouraged_becomes_required_and_a_noun_requirement_is_no_slot() -> None:
    said = analysed("v/1", "鼓励企事业单位等根据实际开放公共资源，为志愿服务提供场所和条件。")
    changed = list(false_versions(build_context([said]), said, 0, len(said.text), {}, random.Random(1), per_slot=3))
    assert ("要求企事业单位等根据实际开放公共资源，为志愿服务提供场所和条件", "鼓励", "要求") in changed
    assert not [x for x in changed if x[0].startswith(("可以企事业", "应当企事业"))]  # 鼓励 X 做 takes a verb of its line
    noun = analysed("v/2", "按照要求做好工作，具备岗位要求的其他资格条件。")
    assert noun.analysis is not None and not [s for s in noun.analysis.slots if s.kind == "modality"]


def test_a_cloze_on_a_level_accepts_its_other_spelling_and_generic_blanks_are_not_made() -> None:
    from quiz.generators import cloze_questions

    law = analysed("u/1", "按照有关规定，由省级党委社会工作部门统一组织培训，各级党委要参与城乡社区志愿服务。")
    drafts = list(cloze_questions(build_context([law])))
    province = [d for d in drafts if d.keys[0] == "省级"]
    assert province and "省" in province[0].keys
    assert not [d for d in drafts if d.keys[0] in ("城乡社区", "各级党委")]


def test_a_cloze_never_blanks_one_member_of_a_coordination() -> None:
    from quiz.generators import cloze_questions, coordinated

    # 国家和（省）有关规定: 省 and 国家 fill it alike; （居民委员会）、村民委员会: the partner gives it away
    text = "按照国家和省有关规定，居民委员会、村民委员会应当协助县级人民政府开展工作，原则上由乡镇与社区工作者签订合同。"
    clause = analysed("u/2", text)
    keys = {d.keys[0] for d in cloze_questions(build_context([clause]))}
    assert "省" not in keys and "居民委员会" not in keys and "村民委员会" not in keys
    assert coordinated(text, text.index("省"), text.index("省") + 1)
    assert not coordinated(text, text.index("乡镇"), text.index("乡镇") + 2)  # 与社区工作者签订: "with", no partner


def test_a_long_sentence_cut_after_its_blank_shows_the_cut() -> None:
    from quiz.generators import stem_for

    text = (
        "市地级或县级层面结合本地实际，科学设定社区工作者薪酬构成和岗位等级薪酬标准，建立健全与岗位等级相衔接的薪酬"
        "正常增长机制，统筹考虑当地经济社会发展水平、财力状况和社区工作者队伍结构，合理确定各岗位等级的薪酬水平，"
        "并根据物价变动、工资增长等因素适时调整，确保社区工作者薪酬待遇与其承担的职责任务相适应。"
    )
    clause = analysed("t/1", text)
    stem, _ = stem_for(clause, 0, 3)
    assert stem.endswith("……") and stem.startswith("根据《某意见》，（　）或县级层面")


def test_wrong_values_near_the_key_are_spread_and_never_absurd() -> None:
    one = plausible_values(1, "名", {1}, 3, random.Random(1), stated=[50, 10, 2])
    assert 50 not in one and 2 in one  # 50 名 against 1 名 is absurd; 2 名 is what a half-prepared candidate picks
    three = plausible_values(3, "人", {3}, 3, random.Random(1), stated=[8, 9, 10])
    assert any(v < 3 for v in three) or not [v for v in (1, 2) if v]  # not all on one side of the key
    assert all(abs(x - y) > 2 for i, x in enumerate(three) for y in three[i + 1 :] if x >= 5 and y >= 5), three


def test_a_calendar_year_goes_to_the_years_next_to_it_never_past_the_latest_the_document_names() -> None:
    years = plausible_values(2019, "年", {2019}, 3, random.Random(4), stated=[2012, 2017, 2022])
    assert all(abs(y - 2019) <= 3 or y in (2012, 2017) for y in years) and max(years) <= 2022, years
    assert 2029 not in years


def test_a_level_in_a_series_of_levels_is_no_blank() -> None:
    from quiz.generators import cloze_questions

    series = analysed("s/1", "省、市、县级党委组织部门要加强统筹，省、市两级建立培训师资库。由县级党委社会工作部门负责。")
    ctx = build_context([series])
    blanks = [d.keys[0] for d in [*cloze_questions(ctx), *slot_questions(ctx)]]
    assert "县级" in blanks  # 由（县级）党委社会工作部门负责: alone, it is a real blank
    stems = [d.stem for d in [*cloze_questions(ctx), *slot_questions(ctx)]]
    assert not [s for s in stems if "（　）、市" in s or "、（　）、县级" in s or "（　）两级" in s], stems


def test_a_bare_level_changes_to_a_bare_rung_and_never_to_one_beside_it() -> None:
    two = analysed("s/2", "省、市两级建立社区工作者培训师资库、资源库。")
    changed = {x[0] for x in false_versions(build_context([two]), two, 0, len(two.text), {}, random.Random(1), per_slot=3)}
    assert "省、县两级建立社区工作者培训师资库、资源库" in changed
    assert not [x for x in changed if "市、市" in x or "省、省" in x]


def test_changes_that_all_bring_in_one_word_no_printed_option_holds_are_a_cue() -> None:
    from quiz.slotgen import change_cue

    printed = ["鼓励企业开放资源", "县级层面统筹经费"]
    assert change_cue(printed, [("要求企业参与", "鼓励", "要求"), ("要求高校开放", "鼓励", "要求")])
    assert not change_cue([*printed, "要求各地加强指导"], [("要求企业参与", "鼓励", "要求"), ("要求高校开放", "鼓励", "要求")])
    assert not change_cue(printed, [("要求企业参与", "鼓励", "要求"), ("市级层面统筹", "县级", "市级")])
    assert not change_cue(printed, [("要求企业参与", "鼓励", "要求")])  # one change alone is no pattern


def test_a_law_s_bodies_change_only_to_bodies_laws_name_and_a_duty_of_everyone_stays() -> None:
    statute = replace(
        analysed("law/3", "县级以上人民政府民政部门负责本行政区域内的社区服务工作。任何组织和个人不得侵占社区服务设施。"),
        article="第三条",
    )
    policy = analysed("pol/1", "县级党委和政府要加强领导。县级党委社会工作部门牵头抓总。县级党委组织部门负责备案。")
    ctx = build_context([statute, policy])
    cores = body_cores(ctx)
    changed = list(false_versions(ctx, statute, 0, len(statute.text), cores, random.Random(2), per_slot=3))
    assert not [x for x in changed if "党委" in x[2]], changed  # 党委和政府 in a statute is false at sight
    b = statute.text.index("。") + 1
    assert not list(false_versions(ctx, statute, b, len(statute.text), cores, random.Random(2), per_slot=3))


def test_a_condition_member_is_asked_with_the_members_it_leans_on() -> None:
    from quiz.generators import stem_for

    text = "违反本法规定的，处五日以上十日以下拘留；情节较轻的，处五日以下拘留或者五百元以下罚款。"
    clause = analysed("l/9", text)
    stem, _ = stem_for(clause, text.index("五百"), text.index("五百") + 2)
    assert stem.startswith("根据《某意见》，违反本法规定的，处五日以上十日以下拘留；情节较轻的，")


def test_numbers_printed_in_chinese_keep_their_style_at_any_size() -> None:
    from quiz.numbers import printed

    assert [printed(v, "五百") for v in (400, 1000, 2000)] == ["四百", "一千", "二千"]
    assert printed(600, "500") == "600"


def test_two_texts_are_compared_only_on_a_provision_they_both_carry_out() -> None:
    from quiz.generators import compare_questions

    one = replace(analysed("j/1", "社区工作者每年培训时间不少于5天。"), cite="江苏省《措施》", level="provincial")
    two = replace(analysed("k/1", "社区工作者每年培训时间不少于7天。"), cite="《赤峰方案》", level="municipal")
    centre = replace(analysed("c/1", "完善社区工作者培训制度。"), cite="《意见》")
    unlinked = [replace(x, facts=tuple(extract_facts(x.text))) for x in (one, two, centre)]
    assert not list(compare_questions(build_context(unlinked)))
    linked = build_context(unlinked, links=[("j/1", "c/1"), ("k/1", "c/1")])
    assert [d for d in compare_questions(linked) if d.type == SINGLE]


def test_seams_and_giveaways_between_options_are_refused() -> None:
    from quiz.generators import counted_before
    from quiz.slotgen import gives_away, repeats_a_change

    text = "建立盟市、旗县区、街道（苏木、乡、镇）三级培训体系"
    assert counted_before(text, text.index("三级")) == 3  # a remark inside the run of names is no name
    assert repeats_a_change("由市地级或县级统一组织招聘", "由县级或县级统一组织招聘", ("县级",))
    assert repeats_a_change("积极吸纳高校毕业生、退役军人、农民工等", "积极吸纳农民工、退役军人、农民工等", ("农民工",))
    assert not repeats_a_change("由市地级或县级统一组织招聘", "由省级或县级统一组织招聘", ("省级",))
    assert gives_away(CTX, MEASURE.work, ("实行六岗十八级", "三岗", "六岗"), ["三岗：社区正职、社区副职和工作人员"])
    assert not gives_away(CTX, MEASURE.work, ("县级层面统筹", "省级", "县级"), ["省级层面加强指导"])  # elsewhere: nothing


def test_a_law_s_lead_in_is_the_member_naming_its_list_and_stems_keep_their_start() -> None:
    from quiz.generators import clip, in_number_series
    from quiz.slotgen import force_fixed
    from quiz.text import lead_in_of

    parent = "违反本法规定，有下列行为之一的，由民政部门责令改正，处五千元以上五万元以下罚款；构成犯罪的，依法追究刑事责任："
    assert lead_in_of(parent, None) == parent
    long = "县级以上人民政府民政部门应当" + "，会同有关部门做好工作" * 12 + "，建立健全社区服务体系。"
    a, _ = clip(long, 0, len(long), long.index("建立"), long.index("建立") + 4)
    assert a == 0  # the subject stays
    assert force_fixed("不得", "以性别为由拒绝录用妇女") and force_fixed("应当", "模范遵守宪法和法律")
    assert not force_fixed("可以", "依法申请行政复议") and not force_fixed("应当", "在三十日内作出决定")
    text = "伤残等级为一级、二级、三级的，享受一次性伤残补助金"
    assert in_number_series(text, text.index("二"), text.index("二") + 1)
    text = "社区工作者每年培训不少于5天，每3年轮训1次"
    assert not in_number_series(text, text.index("3"), text.index("3") + 1)


def test_a_catch_all_member_is_no_statement() -> None:
    from quiz.context import eligible_sentences

    clause = analysed("cat/1", "社区工作者每年培训时间不少于5天。法律、行政法规规定的其他情形。")
    said = [clause.text[a:b] for a, b in eligible_sentences(clause)]
    assert said == ["社区工作者每年培训时间不少于5天。"]


def test_ranges_on_a_grid_framing_sentences_and_paired_spellings() -> None:
    from quiz.context import eligible_sentences
    from quiz.numbers import plausible_ranges
    from quiz.text import answer_matches, spellings

    ranges = plausible_ranges(100, 300, "户", set(), 3, random.Random(1))
    options = [(100.0, 300.0), *ranges]
    assert sum(lo == 100 for lo, _ in options) == 2 and sum(hi == 300 for _, hi in options) == 2, ranges
    opening = analysed("f/1", "经党中央、国务院同意，现就加强社区工作者队伍建设提出如下意见。社区工作者每年培训不少于5天。")
    assert [opening.text[a:b] for a, b in eligible_sentences(opening)] == ["社区工作者每年培训不少于5天。"]
    assert set(spellings("街道（乡镇）")) == {"街道（乡镇）", "街道", "乡镇", "乡镇（街道）"}
    assert answer_matches("乡镇", ("街道（乡镇）",)) and not answer_matches("（乡镇）", ("县级",))


def test_a_law_s_closing_formula_is_no_statement_and_the_age_of_a_minor_is_not_changed() -> None:
    from quiz.context import eligible_sentences

    law = replace(analysed("law/9", "对未满十八周岁的未成年人应当从轻处罚。构成犯罪的，依法追究刑事责任。"), article="第九条")
    assert [law.text[a:b] for a, b in eligible_sentences(law)] == ["对未满十八周岁的未成年人应当从轻处罚。"]
    changed = list(false_versions(build_context([law]), law, 0, law.text.index("。") + 1, {}, random.Random(1), per_slot=3))
    assert not [x for x in changed if "周岁" in x[1]], changed


def test_a_cloze_never_accepts_another_body_nor_blanks_a_character_of_a_word() -> None:
    from quiz.generators import cloze_questions
    from quiz.text import answer_matches

    assert not answer_matches("人民政府", ("乡镇人民政府",)) and answer_matches("副职", ("社区副职",))
    park = analysed("p/2", "支持创业园区建设，按照国家和省有关规定给予补贴。由贫困地区所在的县级人民政府负责。")
    keys = [d.keys[0] for d in cloze_questions(build_context([park]))]
    assert ("区" not in keys and "县级人民政府" not in keys) or "人民政府" not in [
        k for d in cloze_questions(build_context([park])) for k in d.keys[1:]
    ]


def test_a_subjectless_sentence_and_a_member_of_a_goal_list_are_no_statements() -> None:
    from quiz.context import eligible_sentences

    pay = analysed("pay/1", "绩效工资一般为年收入的20%左右。根据本人工作情况，经考核后确定，按年发放。")
    assert [pay.text[a:b] for a, b in eligible_sentences(pay)] == ["绩效工资一般为年收入的20%左右。"]
    goals = analysed("goal/1", "用5年左右时间实现以下主要目标：社区工作者职业体系基本建立；能力建设不断强化。")
    assert not [goals.text[a:b] for a, b in eligible_sentences(goals) if goals.text[a:b].startswith("能力建设")]


def test_what_only_a_volunteer_does_is_never_made_required() -> None:
    said = analysed("vol/1", "鼓励和支持专家担任特聘导师。鼓励企业、个人进行公益性捐赠。鼓励各地探索建立激励机制。")
    changed = list(false_versions(build_context([said]), said, 0, len(said.text), {}, random.Random(1), per_slot=3))
    assert not [x for x in changed if x[0].startswith(("要求和支持", "要求企业"))], changed


def test_a_law_s_duty_is_never_made_optional_but_its_discretion_may_be_made_a_duty() -> None:
    duty = replace(
        analysed("law/20", "老年人应当遵纪守法，履行法律规定的义务。民政部门可以委托社会组织提供服务。"), article="第二十条"
    )
    ctx = build_context([duty])
    a = duty.text.index("。") + 1
    first = list(false_versions(ctx, duty, 0, a, {}, random.Random(1), per_slot=3))
    assert not [x for x in first if "可以遵纪守法" in x[0]], first
    second = list(false_versions(ctx, duty, a, len(duty.text), {}, random.Random(1), per_slot=3))
    assert any(x[1] == "可以" for x in second), second


def test_an_article_that_goes_on_after_its_list_still_leads_into_it() -> None:
    from quiz.text import lead_in_of

    article = "由县级人民政府按照下列比例增发一次性抚恤金：\n军人死亡后被追授功勋荣誉表彰的，比照前款规定增发一次性抚恤金。"
    assert lead_in_of(article, None) == "由县级人民政府按照下列比例增发一次性抚恤金："


def test_a_number_in_a_rule_s_condition_only_widens_it() -> None:
    from quiz.slotgen import widening

    text = "拘留超过一个月的，予以补偿。处二百元以下罚款的，可以当场作出决定。满八年不足十年的，为十二个月。每年培训不少于5天。"
    at = text.index
    assert widening(text, at("一个月"), at("一个月") + 1) == "down"  # 超过二个月的 would still be true
    assert widening(text, at("二百"), at("二百") + 2) == "up"
    assert widening(text, at("八年"), at("八年") + 1) == "none"
    assert widening(text, at("5天"), at("5天") + 1) == ""  # the rule's own amount changes either way
    law = replace(analysed("law/30", "拘留超过六个月的，予以补偿。"), article="第三十条")
    changed = list(false_versions(build_context([law]), law, 0, len(law.text), {}, random.Random(1), per_slot=3))
    numbers = [x for x in changed if x[1].endswith("个月")]
    assert numbers and all(x[2] in ("一个月", "二个月", "三个月") for x in numbers), changed  # never 九 / 十二个月
