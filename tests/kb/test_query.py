"""Query parsing and planning: pure functions, tested with tables."""

from __future__ import annotations

import re

import pytest

from kb.query import MAX_QUERY_CHARS, Citation, match_laws, parse_query, plan_concepts, search_key, search_key_offsets
from kb.vocab import load_vocabulary


@pytest.mark.parametrize(
    ("raw", "phrases", "free", "excluded", "filters"),
    [
        ("社区书记多久培训一次", (), ("社区书记多久培训一次",), (), {}),
        ('"每3年轮训1次"', ("每3年轮训1次",), (), (), {}),
        ("“全岗通” 培训", ("全岗通",), ("培训",), (), {}),
        ("培训 -轮训", (), ("培训",), ("轮训",), {}),
        ('借调 -"市地级"', (), ("借调",), ("市地级",), {}),
        (
            "level:省 region:江苏 year:2024 work:赤峰 培训",
            (),
            ("培训",),
            (),
            {"level": ("provincial",), "region": ("江苏",), "year": ("2024",), "work": ("赤峰",)},
        ),
        ("级别：中央 培训", (), ("培训",), (), {"level": ("central",)}),
        ("注意：培训", (), ("注意：培训",), (), {}),
        ("AND OR - + || 培训", (), ("培训",), (), {}),
    ],
)
def test_parse_query(
    raw: str, phrases: tuple[str, ...], free: tuple[str, ...], excluded: tuple[str, ...], filters: dict[str, tuple[str, ...]]
) -> None:
    q = parse_query(raw)
    assert (q.phrases, q.free, q.excluded, dict(q.filters)) == (phrases, free, excluded, filters)


@pytest.mark.parametrize(
    ("raw", "citations", "free"),
    [
        ("第八条", (Citation("第八条", "8"),), ()),
        ("第12条", (Citation("第12条", "12"),), ()),
        ("第十二条之一", (Citation("第十二条之一", "12-1"),), ()),
        ("甲乙法第二十条 财产", (Citation("甲乙法第二十条", "20", "甲乙法"),), ("财产",)),
        (
            "《中华人民共和国甲乙法》第一百零五条规定",
            (Citation("《中华人民共和国甲乙法》第一百零五条", "105", "甲乙法"),),
            ("规定",),
        ),
        ("组织法 第八条", (Citation("组织法 第八条", "8", "组织法", word="组织法"),), ("组织法",)),
        ("第八条第九条", (Citation("第八条", "8"), Citation("第九条", "9")), ()),
        ('"第八条" -第九条', (), ()),
        ("第零条 条文", (), ("第零条", "条文")),
    ],
)
def test_parse_citations(raw: str, citations: tuple[Citation, ...], free: tuple[str, ...]) -> None:
    q = parse_query(raw)
    assert (q.citations, q.free) == (citations, free)


@pytest.mark.parametrize(
    ("name", "partial", "slugs"),
    [
        ("甲乙组织法", False, ["a1", "a2"]),
        ("《中华人民共和国甲乙组织法》", False, ["a1", "a2"]),
        ("组织法", False, []),
        ("组织法", True, ["a1", "a2", "b"]),
        ("丙丁", True, ["b"]),
        ("意见", True, []),  # a work that is not a law has no short title
    ],
)
def test_match_laws(name: str, partial: bool, slugs: list[str]) -> None:
    titles = {"a1": "甲乙组织法", "a2": "甲乙组织法", "b": "丙丁组织法", "c": ""}
    assert match_laws(name, titles, partial=partial) == slugs


@pytest.mark.parametrize(
    ("raw", "notice"),
    [
        ('"每3年轮训', "引号没有配对"),
        ("level:县 培训", "没有“县”这一级别"),
        ("year:24 培训", "四位数字"),
        ("培训\x00\x07", "控制字符"),
        ("培训" * 1000, f"前 {MAX_QUERY_CHARS} 个字"),
    ],
)
def test_bad_input_becomes_a_notice(raw: str, notice: str) -> None:
    q = parse_query(raw)
    assert any(notice in n for n in q.notices), q.notices
    assert len(q.text) <= MAX_QUERY_CHARS


def test_unbalanced_quote_is_a_phrase_to_the_end() -> None:
    assert parse_query('借调 "每3年轮训').phrases == ("每3年轮训",)


def test_search_key_folds_each_character_alone() -> None:
    assert search_key("ＡＢ岗 １８人，“全岗通”\n") == 'ab岗18人,"全岗通"'
    key, offsets = search_key_offsets("Ａ Ｂ岗")
    assert key == "ab岗" and offsets == [0, 2, 3]


def test_substrings_stay_substrings_after_folding() -> None:
    text = "对其他社区工作者每３年轮训１次，（一）ＡＢ岗"
    for i in range(len(text)):
        for j in range(i + 1, len(text) + 1):
            assert search_key(text[i:j]) in search_key(text)


def _plan(raw: str) -> list[tuple[tuple[str, ...], bool]]:
    vocab = load_vocabulary()

    def cut(s: str) -> list[str]:  # a stand-in segmenter: the planner must not need jieba to be tested
        spaced = s.replace("多久", " 多久 ").replace("一次", " 一次 ")
        return re.findall(r"[\u4e00-\u9fff0-9A-Za-z]+", spaced)

    concepts, _ = plan_concepts(parse_query(raw), cut, vocab.aliases, vocab.question_words)
    return [(c.forms, c.exact) for c in concepts]


def test_plan_expands_aliases_and_drops_question_words() -> None:
    assert _plan("社区书记多久培训一次") == [(("社区书记", "社区党组织书记", "党组织书记"), False), (("培训",), False)]


def test_plan_keeps_phrases_exact_and_symbols_as_typed() -> None:
    assert _plan('"每３年" 借调') == [(("每3年",), True), (("借调",), False)]
    assert _plan("😀") == [(("😀",), True)]


def test_vocabulary_files_are_clean_and_bad_lines_are_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert load_vocabulary().warnings == ()
    bad = tmp_path / "aliases.txt"
    bad.write_text("# 注释\n工资 = 薪酬\n没有等号的一行\n = 空说法\n", encoding="utf-8")
    words = tmp_path / "userdict.txt"
    words.write_text("全岗通 100 n\n街道（乡镇） 10\n", encoding="utf-8")
    vocab = load_vocabulary(userdict=words, aliases=bad, question_words=tmp_path / "missing.txt")
    assert vocab.aliases == {"工资": ("工资", "薪酬")}
    assert [e.word for e in vocab.entries] == ["全岗通"]
    joined = "\n".join(vocab.warnings)
    assert "aliases.txt 第3行" in joined and "aliases.txt 第4行" in joined
    assert "userdict.txt 第2行" in joined and "missing.txt" in joined
