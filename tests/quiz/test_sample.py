"""Review samples: seeded, stratified by type and generator, the key folded in the sheet."""

from collections import Counter

import pytest

from corpus.errors import InvalidInput
from quiz.sample import draw_sample, review_sheet, table_markdown


def _bank() -> list[dict[str, object]]:
    sizes = {("single", "number"): 60, ("single", "term"): 30, ("multi", "enumeration"): 8, ("judge", "judge"): 2}
    return [
        {"id": f"q{t}{g}{k:03}", "type": t, "generator": g, "stem": "题干（　）", "options": [], "answer": ["A"]}
        for (t, g), n in sizes.items()
        for k in range(n)
    ]


def test_the_same_seed_draws_the_same_items_and_another_seed_others() -> None:
    bank = _bank()
    first = [q["id"] for q in draw_sample(bank, 20, seed=7)]
    assert first == [q["id"] for q in draw_sample(list(reversed(bank)), 20, seed=7)]  # input order is irrelevant
    assert set(first) != {q["id"] for q in draw_sample(bank, 20, seed=8)}


def test_every_stratum_gets_its_share_and_at_least_one_item() -> None:
    drawn = draw_sample(_bank(), 20, seed=1)
    per = Counter((q["type"], q["generator"]) for q in drawn)
    assert len(drawn) == 20 and len({q["id"] for q in drawn}) == 20
    assert per[("judge", "judge")] >= 1 and per[("multi", "enumeration")] >= 1
    assert per[("single", "number")] > per[("single", "term")] > per[("multi", "enumeration")]


def test_a_sample_larger_than_the_bank_is_the_whole_bank() -> None:
    assert len(draw_sample(_bank(), 1000, seed=3)) == 100
    with pytest.raises(InvalidInput):
        draw_sample(_bank(), 0, seed=3)


def test_the_sheet_folds_the_key_and_quotes_the_source() -> None:
    item = {
        "id": "q1",
        "type": "single",
        "generator": "number",
        "stem": "根据《意见》，每（　）年轮训一次。",
        "options": ["1", "3", "5", "7"],
        "answer": ["B"],
        "explanation": "答案：B. 3。\n出处：《意见》1.培训——每【3年】轮训一次。",
        "sources": [{"ref": "w/1", "title": "《意见》", "label": "1.培训", "text": "每3年轮训一次。"}],
    }
    sheet = review_sheet([item], seed=5, n=1, work=None, commit="abc1234")
    assert "随机种子 5" in sheet and "abc1234" in sheet
    assert "> 每3年轮训一次。" in sheet and "- B. 3" in sheet
    folded = sheet.index("<details>")
    assert sheet.index("答案：B") > folded and sheet.index("根据《意见》") < folded
    assert sheet.count("答案：") == 1 and "每【3年】轮训一次" in sheet  # the key once, not again from the explanation (review 37)
    assert sheet.rstrip().endswith("| 1 | q1 | number | single |  |  |")


def test_a_table_clause_is_printed_as_a_table_on_the_sheet() -> None:
    # seeds review 40, item 79: a table clause has no text, and the sheet printed an empty excerpt
    table = {"columns": ["岗位等级", "社区正职"], "rows": [["18级", "34年以上"], ["17级", "31-33年"]], "notes": ["备注：示例"]}
    assert table_markdown(table).splitlines() == [
        "| 岗位等级 | 社区正职 |",
        "| --- | --- |",
        "| 18级 | 34年以上 |",
        "| 17级 | 31-33年 |",
        "备注：示例",
    ]
    assert table_markdown(None) == "" and table_markdown({"columns": []}) == ""
