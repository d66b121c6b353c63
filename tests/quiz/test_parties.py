"""The ``party`` generator: who a statute makes do what, the law's other parties of its kind the distractors."""

from __future__ import annotations

from kb.vocab import SYNONYMS_PATH, parse_synonyms
from quiz.context import build_context
from quiz.model import SINGLE, make_question
from quiz.parties import opening_party, party_kind, party_questions
from quiz.validate import check
from tests.quiz.test_law_review import article

LAW = [
    article("f/10", "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。", 10),
    article("f/11", "学校应当建立学生欺凌防控工作制度，对教职员工、学生等开展防治学生欺凌的教育和培训。", 11),
    article("f/12", "公安机关应当依法及时查处侵害未成年人合法权益的违法行为。", 12),
    article("f/13", "居民委员会应当协助人民政府做好未成年人保护工作。", 13),
    article("f/14", "人民法院审理案件，应当保护未成年人的隐私和个人信息。", 14),
    article("f/15", "县级以上人民政府应当建立未成年人保护工作协调机制。", 15),
    article("f/16", "县级人民政府应当支持乡镇人民政府和街道办事处设立未成年人保护工作站。", 16),
    article("f/17", "各级人民政府应当将家庭教育指导服务纳入城乡公共服务体系。", 17),
    article("f/18", "父母或者其他监护人应当履行监护职责。", 18),
    article("f/19", "县级以上人民政府承担未成年人保护协调机制具体工作的职能部门应当明确相关内设机构。", 19),
]


def test_a_party_is_asked_with_the_other_parties_of_its_kind_and_never_a_level_of_itself() -> None:
    ctx = build_context(LAW)
    drafts = {d.keys[0]: d for d in party_questions(ctx)}
    assert "学校" in drafts and "用人单位" in drafts
    for key, d in drafts.items():
        q = make_question(d)
        assert q.type == SINGLE and check(q, ctx) is None, (q.stem, check(q, ctx))
        assert q.stem.startswith("根据《某法》，（") and key not in q.stem
        assert all(party_kind(x) == party_kind(key) for x in d.distractors)  # a person is no option beside bodies
        assert "父母或者其他监护人" not in d.distractors  # a person among bodies
        governments = [x for x in (key, *d.distractors) if x.endswith("人民政府")]
        assert len(governments) <= 1, governments  # 县级以上人民政府 beside 县级人民政府: the one holds the other


def test_no_party_for_everyone_a_relative_clause_or_a_case() -> None:
    # 各级人民政府 is every level; the subject of 县级以上人民政府承担……的职能部门应当 is the department
    ctx = build_context(LAW)
    keys = {d.keys[0] for d in party_questions(ctx)}
    assert "各级人民政府" not in keys
    assert all(d.sources[0].ref != "f/19" for d in party_questions(ctx))
    clause = article("f/20", "对违反本法规定的用人单位，由劳动行政部门给予警告。", 20)
    assert opening_party(clause, 0, len(clause.text)) is None  # a case, not a party
    clause = article("f/21", "具体办法由国务院民政部门制定。", 21)
    assert opening_party(clause, 0, len(clause.text)) is None


def test_no_party_that_is_a_kind_of_the_key_nor_everyone() -> None:
    # 事业单位 for 用人单位 (a 事业单位 is one: true), 赡养人 for 子女或者其他亲属 (review 128's kind); 所有单位 is everyone
    law = [
        article("g/1", "用人单位应当按照劳动合同约定，向劳动者及时足额支付劳动报酬。", 1),
        article("g/2", "事业单位应当依法参加社会保险。", 2),
        article("g/3", "工会应当帮助、指导劳动者与用人单位依法订立劳动合同。", 3),
        article("g/4", "用工单位应当履行劳动保护义务。", 4),
        article("g/5", "劳务派遣单位应当依法与被派遣劳动者订立劳动合同。", 5),
        article("g/6", "人民法院应当依法审理劳动争议案件。", 6),
        article("g/7", "所有单位应当建立健全安全管理制度。", 7),
    ]
    ctx = build_context(law, synonyms=parse_synonyms(SYNONYMS_PATH, []))
    drafts = {d.keys[0]: d for d in party_questions(ctx)}
    assert "用人单位" in drafts and "事业单位" not in drafts["用人单位"].distractors
    assert "所有单位" not in drafts and all("所有单位" not in d.distractors for d in drafts.values())
