"""The ``conditions`` generator: a list of conditions asked as the exam asks it, and read for one case."""

from __future__ import annotations

from dataclasses import replace

from kb.facts import extract_facts
from quiz.conditions import case_number_questions, condition_lists, condition_questions, reads_against, statement_for
from quiz.context import build_context
from quiz.model import FALSE, JUDGE, MULTI, SINGLE, TRUE, make_question
from quiz.validate import check
from tests.quiz.clauses import source_clause


def law(ref: str, text: str, items: list[str], article: str) -> list:
    head = source_clause(
        ref, text, cite="《某条例》", article=article, children=tuple(f"{ref}.{i + 1}" for i in range(len(items)))
    )
    return [head] + [
        source_clause(f"{ref}.{i + 1}", item, cite="《某条例》", kind="item", parent_ref=ref, article=article, lead_in=text)
        for i, item in enumerate(items)
    ]


CLAUSES = [
    *law(
        "t/14",
        "职工有下列情形之一的，应当认定为工伤：",
        [
            "（一）在工作时间和工作场所内，因工作原因受到事故伤害的；",
            "（二）患职业病的；",
            "（三）法律、行政法规规定应当认定为工伤的其他情形。",
            "（四）由于其他原因受到伤害的。",
        ],
        "第十四条",
    ),
    *law(
        "t/15",
        "职工有下列情形之一的，视同工伤：",
        ["（一）在工作时间和工作岗位，突发疾病死亡的；", "（二）在抢险救灾等维护国家利益、公共利益活动中受到伤害的；"],
        "第十五条",
    ),
    *law(
        "t/16",
        "职工有下列情形之一的，不得认定为工伤或者视同工伤：",
        ["（一）故意犯罪的；", "（二）醉酒或者吸毒的；", "（三）自残或者自杀的。"],
        "第十六条",
    ),
    *law(
        "t/30",
        "有下列情形之一的，由登记管理机关予以撤销登记：",
        ["（一）弄虚作假骗取登记的；", "（二）自取得登记证书之日起1年未开展活动的。"],
        "第三十条",
    ),
]
CTX = build_context(CLAUSES)


def test_lists_of_conditions_are_read_with_their_subject_and_consequence_and_catch_alls_are_left_out() -> None:
    lists = {lst.owner.ref: lst for lst in condition_lists(CTX)}
    injury = lists["t/14"]
    assert (injury.subject, injury.verb, injury.consequence) == ("职工", "有", "应当认定为工伤")
    assert [k.text for k in injury.cases] == ["在工作时间和工作场所内，因工作原因受到事故伤害的", "患职业病的"]
    assert statement_for(injury, injury.cases[1]) == "职工患职业病的，应当认定为工伤"


def test_a_single_choice_offers_cases_that_related_lists_attach_to_another_consequence() -> None:
    items = [d for d in condition_questions(CTX) if d.type == SINGLE]
    assert items
    for d in items:
        assert d.stem.startswith("根据《某条例》，职工有下列情形之一的，") and d.stem.endswith("下列属于此类情形的是（　）。")
        owner = d.sources[0]
        own = {k.text for k in condition_lists(CTX) if k.owner.ref == owner.ref for k in k.cases}
        assert d.keys[0] in own and not set(d.distractors) & own
        assert not [x for x in d.distractors if "登记" in x]  # a list of another subject and act is no distractor
        assert check(make_question(d), CTX) is None


def test_judge_items_read_the_rule_for_one_case_true_and_with_a_case_of_another_list_false() -> None:
    judges = [make_question(d) for d in condition_questions(CTX) if d.type == JUDGE]
    true = [q for q in judges if q.answer == (TRUE,)]
    false = [q for q in judges if q.answer == (FALSE,)]
    assert true and false
    for q in judges:
        assert check(q, CTX) is None, (q.stem, check(q, CTX))
    assert any(q.stem.startswith("根据《某条例》第十四条，职工") for q in true)
    assert all("原文的正确表述是" in q.explanation for q in false)
    # a statement not composed of the printed pieces fails the gate: the composition is checked, not trusted
    forged = next(q for q in true if q.composed)
    from dataclasses import replace

    assert check(replace(forged, stem=forged.stem.replace("职工", "用人单位", 1)), CTX) == "key_in_source"


def penalty_law() -> list:
    text = "有下列行为之一的，处警告或者二百元以下罚款；情节较重的，处五日以上十日以下拘留，可以并处五百元以下罚款："
    items = ["（一）扰乱单位秩序，致使工作不能正常进行的；", "（二）扰乱车站、港口秩序的；", "（三）其他扰乱公共秩序的行为。"]
    head, *rest = law("z/23", text, items, "第二十三条")
    others = [
        "结伙斗殴的，处十日以上十五日以下拘留。",
        "偷开他人机动车的，处三日以上五日以下拘留。",
        "偷越国境的，处十五日以上二十日以下拘留。",
    ]
    tiers = [source_clause(f"z/{30 + i}", t, cite="《某条例》", facts=tuple(extract_facts(t))) for i, t in enumerate(others)]
    return [replace(head, facts=tuple(extract_facts(text))), *rest, *tiers]


def test_the_number_a_lead_in_sets_is_asked_for_one_of_its_cases() -> None:
    # 有下列行为之一的，处……罚款： was never asked (its number leads a list the stem cannot print): read for one case
    clauses = penalty_law()
    ctx = build_context(clauses)
    drafts = [d for d in case_number_questions(ctx) if check(make_question(d), ctx) is None]
    assert {"二百", "五日以上十日以下"} <= {d.keys[0] for d in drafts}  # a tier whole, never 五日以上（　）日以下
    for d in drafts:
        q = make_question(d)
        assert q.type == SINGLE and len(set(d.distractors)) == 3
        assert q.stem.startswith("根据《某条例》，扰乱") and "下列" not in q.stem  # a case of the list, never 下列
        assert "其他扰乱" not in q.stem  # the catch-all is no case
    tier = next(d for d in drafts if d.keys[0] == "五日以上十日以下")
    assert set(tier.distractors) == {"十日以上十五日以下", "三日以上五日以下", "十五日以上二十日以下"}


def test_a_lead_in_without_its_de_or_with_a_condition_after_it_is_not_read_for_a_case() -> None:
    text = "有下列行为之一，扰乱大型群众性活动秩序的，处警告或者二百元以下罚款："  # 之一，……的，: a second condition
    head, *rest = law("z/24", text, ["（一）强行进入场内的；", "（二）燃放烟花爆竹的；"], "第二十四条")
    assert not list(case_number_questions(build_context([replace(head, facts=tuple(extract_facts(text))), *rest])))


def test_a_case_of_another_actor_is_no_option_under_a_list_of_the_subjects_cases() -> None:
    # laws review 136: 劳动者有下列情形之一的，用人单位可以解除劳动合同 with 用人单位以暴力……强迫劳动的 among the options
    assert reads_against("劳动者", "用人单位以暴力、威胁或者非法限制人身自由的手段强迫劳动的")
    assert reads_against("劳动者", "女职工在孕期、产期、哺乳期内的")
    assert not reads_against("劳动者", "在试用期间被证明不符合录用条件的")
    assert not reads_against("", "用人单位未按照劳动合同约定支付劳动报酬的")  # a list of no one's cases
    assert not reads_against("职工", "职工患职业病的")


def test_no_case_of_a_milder_consequence_among_the_cases_of_a_harsher_one() -> None:
    # laws review 137, item 48: 从重处罚 asked with 有立功表现的, 情节特别轻微的 and 出于他人胁迫的 (第十九条) beside it
    mild = [
        "（一）情节特别轻微的；",
        "（二）主动消除或者减轻违法后果的；",
        "（三）出于他人胁迫或者诱骗的；",
        "（四）有立功表现的。",
    ]
    harsh = [
        "（一）有较严重后果的；",
        "（二）教唆、胁迫、诱骗他人违反治安管理的；",
        "（三）对报案人打击报复的；",
        "（四）六个月内曾受过治安管理处罚的。",
    ]
    other = ["（一）精神病人在不能辨认自己行为时违反治安管理的；", "（二）盲人违反治安管理的；", "（三）醉酒的人违反治安管理的。"]
    clauses = [
        *law("z/19", "违反治安管理有下列情形之一的，减轻处罚或者不予处罚：", mild, "第十九条"),
        *law("z/20", "违反治安管理有下列情形之一的，从重处罚：", harsh, "第二十条"),
        *law("z/13", "违反治安管理有下列情形之一的，应当给予处罚：", other, "第十三条"),
    ]
    drafts = list(condition_questions(build_context(clauses)))
    mild_cases = {statement.split("）", 1)[1].rstrip("；。") for statement in mild}
    harsh_cases = {statement.split("）", 1)[1].rstrip("；。") for statement in harsh}
    for d in drafts:
        if "从重处罚" in d.stem:
            assert not set(d.distractors) & mild_cases and not any(case in d.stem for case in mild_cases), d
        if "减轻处罚" in d.stem:
            assert not set(d.distractors) & harsh_cases and not any(case in d.stem for case in harsh_cases), d
    assert [d for d in drafts if d.type == JUDGE and d.keys == (FALSE,)]  # the neutral list still lends its cases


def _injury_law() -> list:
    """The 工伤保险条例's three lists as printed: 第十五条 goes on after its list, 第十六条 opens on 职工符合……，但是."""
    return [
        *law(
            "g/14",
            "职工有下列情形之一的，应当认定为工伤：",
            [
                "（一）在工作时间和工作场所内，因工作原因受到事故伤害的；",
                "（二）工作时间前后在工作场所内，从事与工作有关的预备性或者收尾性工作受到事故伤害的；",
                "（三）在工作时间和工作场所内，因履行工作职责受到暴力等意外伤害的；",
                "（四）患职业病的；",
                "（五）因工外出期间，由于工作原因受到伤害或者发生事故下落不明的；",
            ],
            "第十四条",
        ),
        *law(
            "g/15",
            "职工有下列情形之一的，视同工伤：\n职工有前款第（一）项、第（二）项情形的，按照本条例的有关规定享受工伤保险待遇。",
            [
                "（一）在工作时间和工作岗位，突发疾病死亡或者在48小时之内经抢救无效死亡的；",
                "（二）在抢险救灾等维护国家利益、公共利益活动中受到伤害的；",
                "（三）职工原在军队服役，因战、因公负伤致残，已取得革命伤残军人证，到用人单位后旧伤复发的。",
            ],
            "第十五条",
        ),
        *law(
            "g/16",
            "职工符合本条例第十四条、第十五条的规定，但是有下列情形之一的，不得认定为工伤或者视同工伤：",
            ["（一）故意犯罪的；", "（二）醉酒或者吸毒的；", "（三）自残或者自杀的。"],
            "第十六条",
        ),
    ]


def test_a_list_after_but_and_one_its_article_goes_on_after_are_read_for_their_cases_alone() -> None:
    lists = {lst.owner.ref: lst for lst in condition_lists(build_context(_injury_law()))}
    after = lists["g/15"]  # the paragraph after the list, 职工有前款第（一）项……, is none of its cases
    assert after.consequence == "视同工伤" and len(after.cases) == 3 and not [k for k in after.cases if "前款" in k.text]
    but = lists["g/16"]
    assert (but.subject, but.consequence) == ("", "不得认定为工伤或者视同工伤") and len(but.cases) == 3


def test_a_multiple_choice_asks_two_or_three_cases_of_the_list_among_cases_of_related_lists() -> None:
    # 未成年人保护法 第九十二条 (临时监护) and 第九十四条 (长期监护): the cases a candidate confuses
    ctx = build_context(
        [
            *law(
                "w/92",
                "具有下列情形之一的，民政部门应当依法对未成年人进行临时监护：",
                [
                    "（一）未成年人流浪乞讨或者身份不明，暂时查找不到父母或者其他监护人；",
                    "（二）监护人下落不明且无其他人可以担任监护人；",
                    "（三）监护人拒绝或者怠于履行监护职责，导致未成年人处于无人照料的状态；",
                    "（四）未成年人遭受监护人严重伤害或者面临人身安全威胁，需要被紧急安置；",
                ],
                "第九十二条",
            ),
            *law(
                "w/94",
                "具有下列情形之一的，民政部门应当依法对未成年人进行长期监护：",
                [
                    "（一）查找不到未成年人的父母或者其他监护人；",
                    "（二）监护人死亡或者被宣告死亡且无其他人可以担任监护人；",
                    "（三）监护人丧失监护能力且无其他人可以担任监护人；",
                    "（四）人民法院判决撤销监护人资格并指定由民政部门担任监护人。",
                ],
                "第九十四条",
            ),
        ]
    )
    multis = [d for d in condition_questions(ctx) if d.type == MULTI]
    assert multis
    lists = {lst.owner.ref: lst for lst in condition_lists(ctx)}
    for d in multis:
        own = {k.text for k in lists[d.sources[0].ref].cases}
        assert 2 <= len(d.keys) <= 3 and len(d.keys) + len(d.distractors) == 5
        assert set(d.keys) <= own and not set(d.distractors) & own, d
        assert d.stem.endswith("的有（　）。")
        assert check(make_question(d), ctx) is None, check(make_question(d), ctx)


def test_no_case_of_a_relief_among_the_cases_that_end_an_aid() -> None:
    # laws review 139, item 90: 终止法律援助 asked with 英雄烈士近亲属…… and 遭受虐待……的受害人 (免予核查) beside it
    from quiz.conditions import direction

    assert direction("法律援助机构应当作出终止法律援助的决定") == 1
    assert direction("不受经济困难条件的限制") == -1 and direction("可以决定先行提供法律援助") == -1
    assert direction("免予核查经济困难状况") == -1 and direction("应当认定为工伤") == 0
    clauses = [
        *law(
            "f/48",
            "有下列情形之一的，法律援助机构应当作出终止法律援助的决定：",
            [
                "（一）受援人以欺骗或者其他不正当手段获得法律援助；",
                "（二）案件终止审理或者已经被撤销；",
                "（三）受援人不再符合法律援助经济困难标准。",
            ],
            "第四十八条",
        ),
        *law(
            "f/32",
            "有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制：",
            ["（一）英雄烈士近亲属为维护英雄烈士的人格权益；", "（二）遭受虐待、遗弃或者家庭暴力的受害人主张相关权益；"],
            "第三十二条",
        ),
        *law(
            "f/44",
            "法律援助机构收到法律援助申请后，发现有下列情形之一的，可以决定先行提供法律援助：",
            [
                "（一）距法定时效或者期限届满不足七日，需要及时提起诉讼或者申请仲裁、行政复议；",
                "（二）需要立即申请财产保全、证据保全或者先予执行；",
            ],
            "第四十四条",
        ),
    ]
    relief = {
        "英雄烈士近亲属为维护英雄烈士的人格权益",
        "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益",
        "距法定时效或者期限届满不足七日，需要及时提起诉讼或者申请仲裁、行政复议",
        "需要立即申请财产保全、证据保全或者先予执行",
    }
    assert not [d for d in condition_questions(build_context(clauses)) if "终止" in d.stem and set(d.distractors) & relief]


def test_no_case_of_a_list_whose_consequence_holds_the_asked_one() -> None:
    # laws review 148, item 14: 处十日以上十五日以下拘留的是 with 殴打、伤害残疾人……的 (第四十三条第二款: 处十日以上
    # 十五日以下拘留，并处……罚款) as a wrong option — its cases are detained as long, so it is a second key
    detained = ["（一）组织、领导传销活动的；", "（二）非法进行影响国（边）界线走向的活动的；", "（三）煽动、策划非法集会的。"]
    fined_too = ["（一）结伙殴打、伤害他人的；", "（二）殴打、伤害残疾人、孕妇的；", "（三）多次殴打、伤害他人的。"]
    fined = ["（一）隐藏、转移行政执法机关扣押的财物的；", "（二）伪造、隐匿证据的；", "（三）阻碍执行公务的。"]
    clauses = [
        *law("z/33", "有下列行为之一的，处十日以上十五日以下拘留：", detained, "第三十三条"),
        *law("z/43", "有下列情形之一的，处十日以上十五日以下拘留，并处五百元以上一千元以下罚款：", fined_too, "第四十三条"),
        *law("z/60", "有下列行为之一的，处五日以上十日以下拘留，并处二百元以上五百元以下罚款：", fined, "第六十条"),
    ]
    drafts = [d for d in condition_questions(build_context(clauses)) if d.type in (SINGLE, MULTI)]
    held = {statement.split("）", 1)[1].rstrip("；。") for statement in fined_too}
    asked = [d for d in drafts if "处十日以上十五日以下拘留的" in d.stem]
    assert asked and not [d for d in asked if set(d.distractors) & held], asked
