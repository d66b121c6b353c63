"""The ``party`` generator: who a statute makes do what, the law's other parties of its kind the distractors."""

from __future__ import annotations

from kb.vocab import SYNONYMS_PATH, parse_synonyms
from quiz.context import build_context
from quiz.model import SINGLE, make_question
from quiz.parties import opening_party, party_after_case, party_distractors, party_kind, party_questions
from quiz.validate import check
from tests.quiz.test_law_review import article

LAW = [
    article("f/10", "人民法院审理离婚案件，应当对有未成年子女的夫妻双方提供家庭教育指导。", 10),
    article("f/11", "人民检察院应当依法对涉及未成年人的诉讼活动实行法律监督。", 11),
    article("f/12", "公安机关应当依法及时查处侵害未成年人合法权益的违法行为。", 12),
    article("f/13", "社区矫正机构应当对未成年社区矫正对象的身份信息予以保密。", 13),
    article("f/14", "学校应当建立学生欺凌防控工作制度，对教职员工开展防治学生欺凌的培训。", 14),
    article("f/15", "医疗机构应当为未成年人提供医疗服务。", 15),
    article("f/16", "居民委员会应当协助人民政府做好未成年人保护工作。", 16),
    article("f/17", "县级以上人民政府应当建立未成年人保护工作协调机制。", 17),
    article("f/18", "县级人民政府应当支持乡镇人民政府和街道办事处设立未成年人保护工作站。", 18),
    article("f/19", "各级人民政府应当将家庭教育指导服务纳入城乡公共服务体系。", 19),
    article("f/20", "县级以上人民政府承担未成年人保护协调机制具体工作的职能部门应当明确相关内设机构。", 20),
]


def test_a_party_is_asked_among_the_laws_parties_of_its_kind() -> None:
    # a court's 审理 among judicial bodies, never among schools and hospitals (review 128: 12 items trivial)
    ctx = build_context(LAW)
    drafts = {d.keys[0]: d for d in party_questions(ctx)}
    court = drafts["人民法院"]
    assert set(court.distractors) == {"人民检察院", "公安机关", "社区矫正机构"}
    q = make_question(court)
    assert q.type == SINGLE and check(q, ctx) is None and q.stem.startswith("根据《某法》，（")
    assert "学校" not in drafts  # no other school or education body in the law: no item rather than a hospital
    for key, d in drafts.items():
        assert all(party_kind(x) == party_kind(key) for x in d.distractors)
        governments = [x for x in (key, *d.distractors) if x.endswith("人民政府")]
        assert len(governments) <= 1, governments  # 县级以上人民政府 beside 县级人民政府: the one holds the other


def test_no_party_for_everyone_a_relative_clause_or_a_case() -> None:
    # 各级人民政府 is every level; the subject of 县级以上人民政府承担……的职能部门应当 is the department
    ctx = build_context(LAW)
    drafts = list(party_questions(ctx))
    assert "各级人民政府" not in {d.keys[0] for d in drafts}
    assert all(d.sources[0].ref != "f/20" for d in drafts)
    clause = article("f/30", "对违反本法规定的用人单位，由劳动行政部门给予警告。", 30)
    assert opening_party(clause, 0, len(clause.text)) is None  # a case, not a party
    clause = article("f/31", "具体办法由国务院民政部门制定。", 31)
    assert opening_party(clause, 0, len(clause.text)) is None


def test_no_party_that_is_a_kind_of_the_key_nor_everyone() -> None:
    # 事业单位 for 用人单位 (a 事业单位 is one: true, review 128 items 48, 70); 所有单位 is everyone
    law = [
        article("g/1", "用人单位应当按照劳动合同约定，向劳动者及时足额支付劳动报酬。", 1),
        article("g/2", "事业单位应当依法参加社会保险。", 2),
        article("g/3", "用工单位应当履行劳动保护义务。", 3),
        article("g/4", "劳务派遣单位应当依法与被派遣劳动者订立劳动合同。", 4),
        article("g/5", "个体经济组织应当依法参加工伤保险。", 5),
        article("g/6", "企业应当依法建立职工名册。", 6),
        article("g/7", "所有单位应当建立健全安全管理制度。", 7),
    ]
    ctx = build_context(law, synonyms=parse_synonyms(SYNONYMS_PATH, []))
    rest = "应当按照劳动合同约定，向劳动者及时足额支付劳动报酬。"
    wrong = party_distractors(ctx, law[0], "用人单位", rest, rest)
    assert "用工单位" in wrong and "事业单位" not in wrong and "企业" not in wrong and "个体经济组织" not in wrong
    assert all(opening_party(c, 0, len(c.text)) is None for c in law if c.text.startswith("所有"))


def test_an_ending_is_never_an_option_on_its_own() -> None:
    # 服务机构 offered beside 养老机构 and 社会组织: …服务机构 in parties.txt is how names end, no party
    from quiz.parties import party_kinds

    whole = {end: w for end, _, w in party_kinds()}
    assert whole["部门"] is False and whole["服务机构"] is False and whole["人民法院"] is True


def test_a_party_after_the_case_its_rule_is_for_is_asked_with_the_case() -> None:
    # 未成年人实施违法行为的，（　）应当及时通知其父母: most duties of a law open on their case, not on their party
    law = [*LAW[1:], article("f/34", "未成年人在审理期间实施违法行为的，人民法院应当及时通知其父母或者其他监护人。", 34)]
    ctx = build_context(law)
    case = law[-1]
    span = party_after_case(case, 0, len(case.text))
    assert span is not None and case.text[slice(*span)] == "人民法院"
    court = next(d for d in party_questions(ctx) if d.sources[0].ref == "f/34")
    assert court.stem == "根据《某法》，未成年人在审理期间实施违法行为的，（　）应当及时通知其父母或者其他监护人。"
    assert set(court.distractors) == {"人民检察院", "公安机关", "社区矫正机构"} and check(make_question(court), ctx) is None
    # a case of two members, a list's lead-in, a case with no party after it: no party
    for text in (
        "用人单位违反本法规定，情节严重的，劳动行政部门应当责令改正。",
        "有下列情形之一的，用人单位可以解除劳动合同。",
        "劳动者在试用期间被证明不符合录用条件的，可以解除劳动合同。",
        "人民法院审理案件的，人民检察院发现违法的，应当提出纠正意见。",
    ):
        clause = article("f/40", text, 40)
        assert party_after_case(clause, 0, len(clause.text)) is None, text
