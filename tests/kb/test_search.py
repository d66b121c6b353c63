"""Search over the real corpus: exact phrases, ranking, vocabulary, questions, robustness, filters."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kb.db import make_engine, make_sessionmaker
from kb.engine import IndexHolder, WorkInfo, current_version, index_is_current, wanted_version
from kb.index import IndexRecord, Reading, build_index, index_records, write_index
from kb.query import search_key
from kb.search import SearchIndex
from kb.vocab import load_vocabulary

NOW = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def records(built_db: Path) -> list[IndexRecord]:
    engine = make_engine(f"sqlite:///{built_db}")
    with make_sessionmaker(engine)() as session:
        recs, _ = index_records(session)
    engine.dispose()
    return recs


def all_refs(index: SearchIndex, query: str) -> set[str]:
    first = index.search(query, per_page=100)
    refs = {h.ref for h in first.hits}
    for page in range(2, first.pages + 1):
        refs |= {h.ref for h in index.search(query, page=page, per_page=100).hits}
    assert len(refs) == first.total
    return refs


def scan(records: list[IndexRecord], phrase: str) -> set[str]:
    key = search_key(phrase)
    return {r.ref for r in records if any(key in search_key(x.text) for x in r.readings)}


# 1. Exact phrases -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    ["每3年轮训1次", "18人", "者每3", "训1次，对", "市地级或县级", "“全岗通”", "全岗通", "优进绌退", "优胜劣汰", "员", "7天"],
)
def test_quoted_phrase_finds_exactly_the_clauses_containing_it(
    search_index: SearchIndex, records: list[IndexRecord], phrase: str
) -> None:
    expected = scan(records, phrase)
    assert expected, f"fixture phrase {phrase!r} should occur in the corpus"
    assert all_refs(search_index, f'"{phrase}"') == expected


@st.composite
def substrings(draw: st.DrawFn, records: list[IndexRecord]) -> str:
    record = draw(st.sampled_from(records))
    reading = draw(st.sampled_from(record.readings))
    text = reading.text
    length = draw(st.integers(2, 12))
    start = draw(st.integers(0, max(0, len(text) - length)))
    return text[start : start + length]


def test_quoted_substrings_match_a_plain_scan(search_index: SearchIndex, records: list[IndexRecord]) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(substrings(records))
    @example("每3年轮训1次")
    @example("18人")
    @example("工作者培训1次")
    def check(phrase: str) -> None:
        assume('"' not in phrase and search_key(phrase))
        assert all_refs(search_index, f'"{phrase}"') == scan(records, phrase)

    check()


def test_a_clause_in_three_witnesses_is_one_hit_under_its_base_ref(search_index: SearchIndex) -> None:
    result = search_index.search('"每万城镇常住人口拥有社区工作者18人"')
    assert [h.ref for h in result.hits] == ["shequ-yijian-2024/2.3"]


def test_a_reading_only_the_newspaper_has_is_found_and_says_so(search_index: SearchIndex) -> None:
    result = search_index.search('"培训师资源和资源库"')
    assert [h.ref for h in result.hits] == ["shequ-yijian-2024/3.8"]
    hit = result.hits[0]
    assert hit.witness == "newspaper" and hit.witness_ref == "shequ-yijian-2024/3.8@newspaper"
    assert "<mark>培训师资源和资源库</mark>" in hit.snippet_html


# 2. Words rank above fragments ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    texts = {
        "t/1": "市人民政府负责。",  # 民政 only inside 人民政府, and short (BM25 favours short texts)
        "t/2": "县级人民政府统筹推进社区工作者队伍建设，人民政府有关部门按职责分工负责。",
        "t/3": "民政部门会同组织部门、财政部门、人力资源社会保障部门，研究制定社区工作者薪酬待遇的具体办法，并定期评估落实情况。",
        "t/4": "各级民政、组织、财政等部门要加强协调配合，形成工作合力，确保各项任务落到实处。",
        "t/5": "说明<b>&amp;</b> 中的 <script>培训</script> 要原样显示。",
    }
    records = [
        IndexRecord(ref, "t", ref[2:], ref, None, "clause", "central", "全国", "2024", (Reading("a", "甲", text, True),))
        for ref, text in texts.items()
    ]
    root = tmp_path_factory.mktemp("tiny")
    info = write_index(
        records, [WorkInfo("t", "测试文件", "central", "全国", "2024")], root, version="tiny", vocab=load_vocabulary(), now=NOW
    )
    index = SearchIndex(info.path, load_vocabulary())
    yield index  # type: ignore[misc]
    index.close()


def test_whole_words_rank_above_fragments_of_longer_words(tiny_index: SearchIndex) -> None:
    refs = [h.ref for h in tiny_index.search("民政").hits]
    assert set(refs[:2]) == {"t/3", "t/4"}
    assert set(refs[2:]) == {"t/1", "t/2"}


def test_highlights_mark_whole_words_and_snippets_are_escaped(tiny_index: SearchIndex) -> None:
    hits = {h.ref: h for h in tiny_index.search("民政").hits}
    assert "<mark>民政</mark>部门" in hits["t/3"].snippet_html
    escaped = tiny_index.search("培训 原样").hits[0].snippet_html
    assert "<script>" not in escaped and "&lt;script&gt;<mark>培训</mark>&lt;/script&gt;" in escaped
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in escaped


def test_words_rank_above_fragments_in_the_real_corpus(search_index: SearchIndex, records: list[IndexRecord]) -> None:
    # 工作 is a word of its own in many clauses, and only a piece of 工作者 in others
    texts = {r.ref: " ".join(x.text for x in r.readings) for r in records}
    seg = search_index.segmenter
    kinds = []
    for hit in search_index.search("工作", per_page=100).hits:
        text = texts[hit.ref]
        if "工作" in seg.index_words(text):
            kinds.append("word")
        elif "工作" in text:
            kinds.append("fragment")
    assert "word" in kinds and "fragment" in kinds, "the corpus should have both kinds"
    assert kinds.index("fragment") > max(i for i, k in enumerate(kinds) if k == "word")


# 3. Domain vocabulary ---------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["三岗十八级", "全岗通", "一专多能", "枫桥经验", "两委", "网格员", "全科社工", "社区党组织书记"])
def test_policy_terms_stay_whole(search_index: SearchIndex, term: str) -> None:
    assert search_index.segmenter.cut(f"推行{term}工作机制") == ["推行", term, "工作", "机制"]


def test_quoted_and_bold_terms_of_the_corpus_join_the_dictionary(search_index: SearchIndex) -> None:
    terms = set(search_index.meta["terms"])
    assert {"导师帮带制", "指尖上的形式主义", "分级培训制度"} <= terms
    assert "导师帮带制" in search_index.segmenter.cut("建立导师帮带制度")


def test_aliases_find_what_the_text_calls_it(search_index: SearchIndex) -> None:
    refs = [h.ref for h in search_index.search("工资").hits]
    assert "shequ-yijian-2024/5.12" in refs[:5]  # 落实薪酬待遇保障


# 4. Questions in plain language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("社区书记多久培训一次", {"shequ-yijian-2024/3.8", "jiangsu-cuoshi-2024/3.6", "chifeng-fangan-2020/2.4.1"}),
        ("社区工作者可以被借调吗", {"shequ-yijian-2024/6.17", "jiangsu-cuoshi-2024/4.9", "chifeng-fangan-2020/2.4.2"}),
        ("旷工多少天会被辞退", {"chifeng-fangan-2020/2.4.5", "jiangsu-cuoshi-2024/4.11.5"}),
        ("每万人配备多少社区工作者", {"shequ-yijian-2024/2.3", "jiangsu-cuoshi-2024/1.1"}),
        ("社区工作者工资怎么定", {"shequ-yijian-2024/5.12"}),
    ],
)
def test_plain_language_questions_find_the_answering_clauses_first(
    search_index: SearchIndex, question: str, answers: set[str]
) -> None:
    result = search_index.search(question)
    top = [h.ref for h in result.hits[: len(answers) + 2]]
    assert answers <= set(top), top


# 5. Never an error page -------------------------------------------------------------------------

NASTY = [
    '"',
    '"每3年',
    "“全岗通",
    "AND",
    "OR NOT",
    "-",
    "- -",
    "+",
    "level:",
    "level:县",
    "year:abc",
    "培训" * 1000,
    "😀🎉",
    "\x00\x01\x1b[31m培训",
    "'; DROP TABLE clause; --",
    "<script>alert(1)</script>",
    "培训 AND (借调 OR",
    "*",
    "?",
    "work:",
    "region:火星 培训",
    "\\",
    "%",
    "_",
]


@pytest.mark.parametrize("query", NASTY)
def test_any_input_gives_results_or_a_message(search_index: SearchIndex, query: str) -> None:
    result = search_index.search(query)
    assert result.hits or result.notices or result.suggestions
    for hit in result.hits:
        assert "<script" not in hit.snippet_html


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_random_text_never_raises(search_index: SearchIndex, query: str) -> None:
    result = search_index.search(query)
    assert result.total >= len(result.hits)


# 6. Filters and exclusions ----------------------------------------------------------------------


def test_filters_in_the_query_box(search_index: SearchIndex) -> None:
    by_level = search_index.search("培训 level:省")
    assert by_level.total > 0 and {h.work for h in by_level.hits} == {"jiangsu-cuoshi-2024"}
    by_region = search_index.search("借调 region:赤峰")
    assert [h.ref for h in by_region.hits] == ["chifeng-fangan-2020/2.4.2"]
    by_year = search_index.search("借调 year:2020")
    assert {h.work for h in by_year.hits} == {"chifeng-fangan-2020"}
    by_work = search_index.search("借调 work:jiangsu-cuoshi-2024")
    assert {h.work for h in by_work.hits} == {"jiangsu-cuoshi-2024"}
    assert search_index.search("借调 work:16条措施").total == by_work.total


def test_exclusion_removes_clauses_containing_the_word(search_index: SearchIndex) -> None:
    with_it = {h.ref for h in search_index.search("培训", per_page=100).hits}
    without = {h.ref for h in search_index.search("培训 -轮训", per_page=100).hits}
    assert without < with_it
    assert "shequ-yijian-2024/3.8" in with_it and "shequ-yijian-2024/3.8" not in without


def test_filter_only_query_lists_clauses_in_document_order(search_index: SearchIndex, records: list[IndexRecord]) -> None:
    result = search_index.search("level:市", per_page=5)
    assert result.total == search_index.search("work:chifeng-fangan-2020").total > 30
    assert [h.ref for h in result.hits] == [r.ref for r in records if r.work == "chifeng-fangan-2020"][:5]


def test_facets_count_hits_per_work(search_index: SearchIndex) -> None:
    result = search_index.search("借调")
    assert result.facets["work"] == {"shequ-yijian-2024": 1, "jiangsu-cuoshi-2024": 1, "chifeng-fangan-2020": 1}
    assert result.facets["level"] == {"central": 1, "provincial": 1, "municipal": 1}


def test_empty_result_suggests_what_to_try(search_index: SearchIndex) -> None:
    result = search_index.search("借调 level:汇编")
    assert result.total == 0
    assert any("去掉筛选条件后有 3 条结果" in s for s in result.suggestions)
    missing = search_index.search('"火星基地"')
    assert any("火星基地" in s and "没有出现" in s for s in missing.suggestions)


# The index on disk ------------------------------------------------------------------------------


def test_rebuild_swaps_in_a_new_folder_atomically(tmp_path: Path, records: list[IndexRecord]) -> None:
    vocab = load_vocabulary()
    works = [WorkInfo("x", "x", "central", "全国", "2024")]
    first = write_index(records[:5], works, tmp_path, version="v1", vocab=vocab, now=NOW)
    reader = SearchIndex(first.path, vocab)
    before = reader.search('"' + records[0].readings[0].text[:6] + '"').total
    second = write_index(records, works, tmp_path, version="v2", vocab=vocab, now=NOW)
    assert current_version(tmp_path) == "v2" and second.path.exists()
    assert reader.search('"' + records[0].readings[0].text[:6] + '"').total == before  # old reader still answers
    reader.close()
    assert not any(p.name.startswith(".build-") for p in tmp_path.iterdir())


def test_the_index_is_current_only_after_a_build_of_the_stored_corpus(built_db: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{built_db}")
    with make_sessionmaker(engine)() as session:
        assert not index_is_current(session, tmp_path)
        info = build_index(session, tmp_path, vocab=load_vocabulary(), now=NOW)
        assert current_version(tmp_path) == info.version == wanted_version(session)
        assert index_is_current(session, tmp_path)
        (tmp_path / "CURRENT").write_text("older", encoding="ascii")
        assert not index_is_current(session, tmp_path)
    engine.dispose()


def test_the_holder_opens_what_a_build_swapped_in_and_never_builds(
    built_db: Path, tmp_path: Path, records: list[IndexRecord]
) -> None:
    vocab = load_vocabulary()
    works = [WorkInfo("x", "x", "central", "全国", "2024")]
    root = tmp_path / "index"
    holder = IndexHolder(root, vocab, SearchIndex)
    engine = make_engine(f"sqlite:///{built_db}")
    with make_sessionmaker(engine)() as session:
        assert holder.get(session) == (None, "missing") and not root.exists()
        write_index(records[:5], works, root, version="old", vocab=vocab, now=NOW)
        old, state = holder.get(session)
        assert old is not None and old.version == "old" and state == "stale"
        wanted = wanted_version(session)
        write_index(records[:5], works, root, version=wanted, vocab=vocab, now=NOW)
        new, state = holder.get(session)
        assert new is not None and new.version == wanted and state == "fresh"
        (root / "CURRENT").write_text("gone", encoding="ascii")  # CURRENT names a folder that is not there
        assert holder.get(session) == (new, "fresh")  # the last good index keeps answering
    holder.close()
    engine.dispose()


# 6. Order among equal hits, and snippets that hold the answer ------------------------------------


@pytest.mark.parametrize("query", ["社区书记多久培训一次", "借调", '"每3年轮训1次"'])
def test_among_equally_good_hits_the_central_text_comes_first(search_index: SearchIndex, query: str) -> None:
    levels = [h.level for h in search_index.search(query).hits]
    order = ["central", "provincial", "municipal"]
    assert levels[0] == "central" and levels == sorted(levels, key=order.index), levels


def test_a_much_better_hit_still_comes_before_the_central_text(search_index: SearchIndex) -> None:
    hits = search_index.search("培训", per_page=30).hits
    first_central_after = [
        (a.score, b.score) for i, a in enumerate(hits) for b in hits[i + 1 :] if a.level != "central" and b.level == "central"
    ]
    assert first_central_after and all(high > low for high, low in first_central_after)
    assert any(high > 2 * low for high, low in first_central_after)  # a local clause far better is not held back


def test_snippets_show_the_matched_words_and_the_rest_of_their_sentence(search_index: SearchIndex) -> None:
    hits = {h.ref: h for h in search_index.search("社区书记多久培训一次").hits}
    assert "社区居民委员会主任培训1次" in hits["shequ-yijian-2024/3.8"].snippet
    assert "居民委员会主任以及新入职社区工作者培训1次" in hits["jiangsu-cuoshi-2024/3.6"].snippet
    assert "每年培训时间不少于7天；" in hits["chifeng-fangan-2020/2.4.1"].snippet
    for hit in hits.values():
        first = hit.highlights[0][0]
        assert re.search("[。；]", hit.snippet[first:]), hit.snippet  # a match's sentence runs to its end


def test_pages_of_a_banded_ranking_follow_on_from_each_other(search_index: SearchIndex) -> None:
    whole = [h.ref for h in search_index.search("培训", per_page=12).hits]
    paged = [h.ref for p in (1, 2, 3, 4) for h in search_index.search("培训", page=p, per_page=3).hits]
    assert paged == whole


def test_the_index_segments_with_the_build_s_own_segmenter(built_db: Path, index_root: Path) -> None:
    # The index added the corpus's terms in its records' order, the build in the order clauses are stored:
    # the same words in another order were another segmenter, a second copy of jieba's dictionary (~100 MB).
    import json

    from kb.engine import CURRENT
    from kb.relations import stored_terms

    engine = make_engine(f"sqlite:///{built_db}")
    with make_sessionmaker(engine)() as session:
        terms = stored_terms(session)
    engine.dispose()
    folder = index_root / (index_root / CURRENT).read_text(encoding="utf-8").strip()
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert terms and tuple(meta["terms"]) == terms


def test_postings_spilled_to_disk_runs_make_the_same_index(tmp_path: Path, records: list[IndexRecord]) -> None:
    # the writer's pool is bounded (kb.index.POOL_MB): past it, postings go to sorted runs merged at commit
    from whoosh.filedb.filestore import FileStorage

    vocab = load_vocabulary()
    works = [WorkInfo("x", "x", "central", "全国", "2024")]
    spilled = write_index(records, works, tmp_path / "a", version="a", vocab=vocab, now=NOW, pool_mb=1)
    held = write_index(records, works, tmp_path / "b", version="b", vocab=vocab, now=NOW, pool_mb=1024)

    def content(path: Path) -> tuple[list[object], list[object]]:
        with FileStorage(str(path)).open_index().reader() as reader:
            return list(reader.iter_postings()), list(reader.all_stored_fields())

    postings, _ = content(spilled.path)
    assert content(held.path) == (postings, content(spilled.path)[1])
    assert len(postings) > 20_000  # at 150 bytes or more each by Whoosh's count: several runs of 1 MB
