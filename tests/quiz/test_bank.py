"""The bank built from the five seeds: amounts, coverage, keys that are right, stable ids."""

from __future__ import annotations

import re
from collections import Counter

from quiz.bank import coverage, generate_questions
from quiz.context import BankContext
from quiz.mix import REASONS as MIX_REASONS
from quiz.mix import low_value, stem_key
from quiz.model import CLOZE, FALSE, JUDGE, LETTERS, MULTI, SINGLE, TRUE
from quiz.text import fold
from quiz.validate import REASONS, Validation, check

Bank = tuple[Validation, BankContext]


def test_amounts_on_the_seeds(seed_bank: Bank) -> None:
    result, _ = seed_bank
    by_type = Counter(q.type for q in result.kept)
    # floors of the bank as it stands after the blind review's gates (the bar — 300 单选, 100 多选 —
    # is not reached yet: see docs/quality/ and the README)
    assert len(result.kept) >= 165
    assert by_type[SINGLE] >= 95 and by_type[MULTI] >= 22  # 多选: a mock paper's 20 and more, fragments refused
    # drills: the mix keeps them within a quarter of the bank; no blank on a member of a coordination (（党委）和政府,
    # 国家和（省）有关规定: its partner gives it away or fills it as well)
    assert by_type[JUDGE] >= 20 and by_type[CLOZE] >= 5  # a blank a 单选 asks already is left to the 单选
    assert (by_type[SINGLE] + by_type[MULTI]) / len(result.kept) >= 0.75  # the paper has only 单选 and 多选
    spans: dict[str, set[str]] = {SINGLE: set(), MULTI: set()}
    for q in result.kept:
        if q.type in spans:
            spans[q.type].add(q.span_key)
    assert len(spans[SINGLE]) >= 95 and len(spans[MULTI]) >= 22


def test_the_mix_keeps_drills_and_low_value_items_only_within_their_share_or_for_coverage(seed_bank: Bank) -> None:
    result, _ = seed_bank
    per_clause = Counter(q.refs[0] for q in result.kept)
    for work in {q.work for q in result.kept}:
        items = [q for q in result.kept if q.work == work]
        choice = sum(q.type in (SINGLE, MULTI) for q in items)
        covering = [q for q in items if per_clause[q.refs[0]] <= 2]
        drills = [q for q in items if q.type in (JUDGE, CLOZE)]
        assert len(drills) <= int(choice * 0.25 / 0.75) + sum(q in covering for q in drills), work
        for kind in ("heading", "table", "verbatim"):
            low = [q for q in items if low_value(q) == kind]
            assert len(low) <= int(0.04 * choice) + sum(q in covering for q in low), (work, kind)


def test_a_regional_text_has_no_more_items_than_the_central_text_it_carries_out(seed_bank: Bank) -> None:
    result, _ = seed_bank
    per_work = Counter(q.work for q in result.kept)
    assert per_work["chifeng-fangan-2020"] <= per_work["shequ-yijian-2024"]
    assert per_work["jiangsu-cuoshi-2024"] <= per_work["shequ-yijian-2024"]


def test_no_two_items_of_one_type_share_a_stem(seed_bank: Bank) -> None:
    result, _ = seed_bank
    stems = Counter((q.type, stem_key(q)) for q in result.kept)
    assert [k for k, n in stems.items() if n > 1] == []


def test_compilation_items_cite_their_real_source_never_the_compilation(seed_bank: Bank) -> None:
    result, _ = seed_bank
    compiled = [q for q in result.kept if q.work == "zengbu-2025"]
    assert compiled
    for q in compiled:
        assert "增补内容" not in q.stem and "增补内容" not in q.explanation, q.stem
    stems = " ".join(q.stem for q in compiled)
    assert "党的二十届三中全会《决定》" in stems and "《习近平关于基层治理论述摘编》" in stems


def test_generators_below_the_bar_are_off_and_statement_stands_on_slots(seed_bank: Bank) -> None:
    result, _ = seed_bank
    made = {q.generator for q in result.kept}
    assert not made & {"term", "items", "heading", "enumeration"}
    assert {"slot", "statement"} <= made


def test_every_numbered_clause_of_the_three_texts_is_tested_and_most_twice(seed_bank: Bank) -> None:
    result, ctx = seed_bank
    cov = coverage(result.kept, ctx)
    for work in ("shequ-yijian-2024", "zhiyuan-yijian-2024", "jiangsu-cuoshi-2024"):
        assert cov[work]["clauses"] >= 16
        assert all(u["questions"] >= 1 for u in cov[work]["under"]), (work, cov[work]["under"])
    # a second item only where the text gives one beside the drills' share: a verbatim 判断 does not make it up
    assert cov["shequ-yijian-2024"]["covered"] >= 15 and cov["jiangsu-cuoshi-2024"]["covered"] >= 15
    assert cov["shequ-yijian-2024"]["clauses"] == 18  # 一、总体要求 and the 17 numbered measures


def test_every_kept_question_passes_every_gate_again(seed_bank: Bank) -> None:
    result, ctx = seed_bank
    assert all(check(q, ctx) is None for q in result.kept)
    assert len({q.id for q in result.kept}) == len(result.kept)


def test_single_and_multi_keys_are_in_the_source_and_distractors_are_not(seed_bank: Bank) -> None:
    result, ctx = seed_bank
    for q in result.kept:
        source = fold("\n".join([*(ctx.by_ref[r].text for r in q.refs), *(e.text for e in q.evidence)]))
        if q.type == SINGLE and not q.negative:
            assert len(q.answer) == 1 and q.answer[0] in LETTERS[:4]
            for key in q.keys:
                assert all(fold(part) in source for part in key.split("；")), q
        if q.type == MULTI:
            assert 2 <= len(q.answer) <= 4 and len(q.options) == 5
            # 下列……的有: no distractor is what the clause says; 下列……错误的有: no key is
            wrong_ones = q.keys if q.negative else q.distractors
            assert not any(fold(d) in fold(ctx.by_ref[q.refs[0]].text) for d in wrong_ones), q
        if q.type == JUDGE:
            assert q.answer in ((TRUE,), (FALSE,))
            if q.answer == (FALSE,):
                assert q.correct_reading and "原文的正确表述是" in q.explanation


def test_explanations_cite_and_mark_the_clause(seed_bank: Bank) -> None:
    result, ctx = seed_bank
    for q in result.kept:
        assert "出处：" in q.explanation and ctx.by_ref[q.refs[0]].label in q.explanation
        assert q.refs[0] not in q.explanation  # people read the clause's name; the ref is in the data
        if q.generator not in ("table",) and q.evidence and q.evidence[0].end > q.evidence[0].start:
            assert "【" in q.explanation


def test_stems_name_the_document_and_read_like_the_exam(seed_bank: Bank) -> None:
    result, ctx = seed_bank
    for q in result.kept:
        assert ctx.by_ref[q.refs[0]].cite in q.stem, q.stem  # the real source, for a compilation's part too
        assert "增补内容" not in q.stem and "增补内容" not in q.explanation, q.stem
        assert "**" not in q.stem and "\n" not in q.stem
    stems = [q.stem for q in result.kept]
    assert (
        "根据《关于加强社区工作者队伍建设的意见》，各地按照每万城镇常住人口拥有社区工作者（　）人的标准配备，市地级或县级层面实行总量控制，定期动态调整。"
        in stems
    )
    # regional documents are named with their place
    assert any(s.startswith("根据江苏省《关于加强社区工作者队伍建设的16条措施》") for s in stems)


def test_known_keys(seed_bank: Bank) -> None:
    result, _ = seed_bank
    by_stem = {q.stem: q for q in result.kept if q.type == SINGLE}
    q = by_stem[
        "根据《关于加强社区工作者队伍建设的意见》，各地按照每万城镇常住人口拥有社区工作者（　）人的标准配备，市地级或县级层面实行总量控制，定期动态调整。"
    ]
    assert q.keys == ("18",) and "18" not in q.distractors and len(set(q.options)) == 4
    # the 分级培训 list is asked by statements over its measure, not by `enumeration` (off: see docs/quality/)
    assert not [q for q in result.kept if "建立健全（　）的分级培训制度" in q.stem]


def test_comparison_and_table_questions_are_computed(seed_clauses: tuple, seed_bank: Bank) -> None:
    result, _ = seed_bank
    secondment = [q for q in result.kept if q.generator == "compare" and "借调" in q.stem and q.type == SINGLE]
    assert secondment and secondment[0].keys == ("3；6",)  # 赤峰 3 个月, 江苏 6 个月
    table = {q.stem: q for q in result.kept if q.generator == "table"}
    assert table  # a small share of the bank, but there
    grade = [q for s, q in table.items() if "工作年限为" in s and "社区副职" in s and "岗位等级为" in s]
    for q in grade:
        years = int(re.search(r"工作年限为(\d+)年", q.stem).group(1))  # type: ignore[union-attr]
        # 社区副职: 3年以下 → 4级, then one grade per three years
        expected = 4 if years <= 3 else min(15, 4 + (years - 1) // 3)
        assert q.keys == (f"{expected}级",), (q.stem, q.keys)
    # seeds review 40, item 79: an explanation quotes the table's row, never just （见表格）
    assert all("表中：" in q.explanation and "（见表格）" not in q.explanation for q in table.values())
    masters = [q for q in result.kept if q.generator == "table" and "认定为3级" in q.stem]
    assert all(q.keys == ("1.10",) for q in masters)  # 硕士 → 3级 → 系数 1.10 from the table
    every = generate_questions(*seed_clauses, names=["table"], mix=False)[0].kept  # the generator's whole output
    assert any("认定为3级" in q.stem and q.keys == ("1.10",) for q in every)
    assert any("社区副职" in q.stem and "岗位等级为" in q.stem for q in every)
    # 正职、副职、新入职 分别 5、3、3 天: 正职 is asked; 副职 is not, its 3 天 would stay in the stem beside the blank
    jiangsu = [q for q in result.kept if q.generator == "respectively" and "江苏" in q.stem]
    assert [q.keys for q in jiangsu if "正职" in q.stem] == [("5",)] and not [q for q in jiangsu if "副职" in q.stem]


def test_ids_are_stable_across_rebuilds(seed_clauses: tuple, seed_bank: Bank) -> None:
    again, _ = generate_questions(*seed_clauses)
    first, _ = seed_bank
    assert [q.id for q in again.kept] == [q.id for q in first.kept]
    assert [q.options for q in again.kept] == [q.options for q in first.kept]


def test_drops_are_counted_by_reason(seed_bank: Bank) -> None:
    result, _ = seed_bank
    assert sum(result.dropped.values()) > 0
    assert set(result.dropped) <= set(REASONS) | set(MIX_REASONS)
    assert {"cloze_short", "key_shares_stem_word", "tested_already"} <= set(result.dropped)
    made = sum(t["made"] for t in result.by_generator.values())
    assert made == len(result.kept) + sum(result.dropped.values())
