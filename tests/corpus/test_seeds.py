"""What the five seed documents must give (the corpus issue's expectations)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from corpus.assemble import assemble_corpus, read_corpus_dir
from corpus.catalog import load_catalog
from corpus.model import ClauseRecord, CorpusBuild, WitnessRecord, WorkRecord
from corpus.text import normalise_plain

YIJIAN_HEADINGS = [
    "明确人员范围",
    "严格政治把关",
    "优化工作力量配置",
    "推动职业水平与岗位等级衔接联动",
    "提升政治素质",
    "提高履职本领",
    "增强服务居民群众意识",
    "健全培训机制",
    "严格队伍管理",
    "健全考核奖惩机制",
    "强化监督约束",
    "落实薪酬待遇保障",
    "建立激励发展机制",
    "营造关心关爱氛围",
    "强化组织实施",
    "开展评估指导",
    "深化减负增效",
]


def work(build: CorpusBuild, slug: str) -> WorkRecord:
    return next(w for w in build.works if w.slug == slug)


def tops(w: WitnessRecord) -> list[ClauseRecord]:
    return [c for c in w.clauses if c.depth == 1]


def children(w: WitnessRecord, parent: ClauseRecord) -> list[ClauseRecord]:
    return [c for c in w.clauses if c.parent_ref == parent.ref]


def test_five_works_with_their_metadata(corpus_build: CorpusBuild) -> None:
    got = {(w.slug, w.level, w.region, w.date, w.kind) for w in corpus_build.works}
    assert got == {
        ("shequ-yijian-2024", "central", "全国", dt.date(2024, 3, 28), "document"),
        ("zhiyuan-yijian-2024", "central", "全国", dt.date(2024, 4, 12), "document"),
        ("jiangsu-cuoshi-2024", "provincial", "江苏", dt.date(2024, 10, 25), "document"),
        ("chifeng-fangan-2020", "municipal", "赤峰", dt.date(2020, 4, 28), "document"),
        ("zengbu-2025", "compilation", None, None, "compilation"),
    }
    yijian = work(corpus_build, "shequ-yijian-2024")
    assert yijian.title == "关于加强社区工作者队伍建设的意见"
    assert yijian.issuers == ("中共中央办公厅", "国务院办公厅")
    # not printed in the 意见 itself: learned from 江苏's preamble, which cites it
    assert yijian.doc_number == "中办发〔2024〕33号"
    jiangsu = work(corpus_build, "jiangsu-cuoshi-2024")
    assert jiangsu.title == "关于加强社区工作者队伍建设的16条措施"
    assert jiangsu.doc_number == "苏社〔2024〕52号"
    assert len(jiangsu.issuers) == 7
    assert "江苏省人力资源和社会保障厅" in jiangsu.issuers
    chifeng = work(corpus_build, "chifeng-fangan-2020")
    assert chifeng.title == "赤峰市社区工作者职业体系建设实施方案"
    zhiyuan = work(corpus_build, "zhiyuan-yijian-2024")
    assert zhiyuan.title == "关于健全新时代志愿服务体系的意见"
    assert zhiyuan.issuers == ("中共中央办公厅", "国务院办公厅")


def test_the_yijian_has_three_witnesses_with_the_pdf_as_base(corpus_build: CorpusBuild) -> None:
    yijian = work(corpus_build, "shequ-yijian-2024")
    assert [(w.source, w.is_base) for w in yijian.witnesses] == [
        ("000_0e4e91596175dd2b.txt", True),
        ("001_cbbf1ebf62f8fe3b.txt", False),
        ("004_ffe4dd1315a67b64.txt", False),
    ]
    assert yijian.witnesses[2].part == "五"


@pytest.mark.parametrize("witness", [0, 1, 2])
def test_the_yijian_structure_in_every_witness(corpus_build: CorpusBuild, witness: int) -> None:
    w = work(corpus_build, "shequ-yijian-2024").witnesses[witness]
    top = tops(w)
    assert top[0].kind == "preamble"
    assert top[0].text.startswith("加强社区工作者队伍建设，事关保障人民安居乐业")
    parts = [c for c in top if c.kind == "part"]
    assert [c.path for c in parts] == ["1", "2", "3", "4", "5", "6"]
    assert parts[0].heading == "总体要求"
    assert len(parts[0].text.split("\n")) == 2  # the two paragraphs of 总体要求
    assert [len(children(w, p)) for p in parts] == [0, 4, 4, 3, 3, 3]
    clauses = [c for p in parts for c in children(w, p)]
    assert [c.number for c in clauses] == [f"{n}." for n in range(1, 18)]
    if witness == 1:  # the newspaper print shortens two headings
        assert clauses[3].heading == "推动职业水平与岗位等级衔接"
    else:
        assert [c.heading for c in clauses] == YIJIAN_HEADINGS
    assert clauses[2].path == "2.3"
    assert "每万城镇常住人口拥有社区工作者18人" in clauses[2].text


def test_refs_are_readable_unique_and_mark_the_witness(corpus_build: CorpusBuild) -> None:
    refs = [c.ref for w in corpus_build.works for wt in w.witnesses for c in wt.clauses]
    assert len(refs) == len(set(refs))
    yijian = work(corpus_build, "shequ-yijian-2024")
    assert "shequ-yijian-2024/2.3" in {c.ref for c in yijian.base.clauses}
    assert "shequ-yijian-2024/2.3@newspaper" in {c.ref for c in yijian.witnesses[1].clauses}
    assert "shequ-yijian-2024/2.3@exam" in {c.ref for c in yijian.witnesses[2].clauses}


def test_refs_do_not_change_when_the_same_corpus_is_rebuilt(corpus_build: CorpusBuild) -> None:
    again = assemble_corpus(read_corpus_dir(DEFAULT_RAW), load_catalog(DEFAULT_CATALOG), DEFAULT_CATALOG.read_bytes())
    assert again.corpus_hash == corpus_build.corpus_hash
    assert [(c.ref, c.text) for w in again.works for wt in w.witnesses for c in wt.clauses] == [
        (c.ref, c.text) for w in corpus_build.works for wt in w.witnesses for c in wt.clauses
    ]


def test_jiangsu_six_sections_and_sixteen_measures(corpus_build: CorpusBuild) -> None:
    w = work(corpus_build, "jiangsu-cuoshi-2024").base
    parts = [c for c in tops(w) if c.kind == "part"]
    assert len(parts) == 6
    assert [len(children(w, p)) for p in parts] == [3, 2, 3, 3, 3, 2]
    measures = [c for p in parts for c in children(w, p)]
    assert [c.number for c in measures] == [f"{n}." for n in range(1, 17)]
    assert measures[1].heading == "统一“三岗十八级”岗位等级"
    assert measures[5].extras["departments"] == {"牵头": ["省委组织部", "省委社会工作部"], "参与": ["省人力资源社会保障厅"]}
    assert measures[10].extras["departments"] == {"负责": ["省委组织部", "省委社会工作部"]}
    items = children(w, measures[10])
    assert len(items) == 6
    assert "连续旷工超过10个工作日" in items[4].text
    # the cover notice and the administrative tail are metadata, not clauses
    texts = " ".join(c.text for c in w.clauses)
    assert "现将" not in texts and "抄送" not in texts and "印发" not in texts
    meta = work(corpus_build, "jiangsu-cuoshi-2024").meta
    assert meta["cover_notice"].startswith("关于印发《关于加强社区工作者队伍建设的16条措施》的通知")
    assert meta["cc"] == ["省有关部门单位。"]
    closing = [c for c in tops(w) if c.kind == "closing"]
    assert closing and closing[0].text.startswith("本措施适用于城市社区工作者")


def test_chifeng_structure_and_tables(corpus_build: CorpusBuild) -> None:
    w = work(corpus_build, "chifeng-fangan-2020").base
    parts = [c for c in tops(w) if c.kind == "part"]
    assert [p.number for p in parts] == ["一、", "二、", "三、"]
    sections = children(w, parts[1])
    assert [s.number for s in sections] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [len(children(w, s)) for s in sections] == [0, 6, 4, 5, 4]
    pay = children(w, sections[4])
    assert [len(children(w, c)) for c in pay] == [0, 3, 4, 0]
    assert children(w, pay[2])[2].heading == "教育程度因素"
    attachments = [c for c in tops(w) if c.kind == "attachment"]
    assert [a.heading for a in attachments] == [
        "社区工作者岗位等级和基本工资系数参考表",
        "2019年赤峰市城镇常住居民人均可支配收入",
    ]
    grades = attachments[0].table
    assert grades is not None
    assert grades["columns"][1:4] == ["社区正职", "社区副职", "工作人员"]
    assert len(grades["rows"]) == 19
    assert grades["rows"][3] == ["15级", "25-27年", "34年以上", "", "1.70", "4830.98"]
    assert grades["rows"][17] == ["1级", "", "", "3年以下", "1.00", "2841.75"]
    income = attachments[1].table
    assert income is not None and len(income["rows"]) == 13 and income["rows"][0] == ["赤峰市", "34101"]


def test_the_grade_table_agrees_with_the_text(corpus_build: CorpusBuild) -> None:
    assert not [w for w in corpus_build.warnings if "岗位等级表" in w]


def test_volunteer_yijian_and_the_compilation(corpus_build: CorpusBuild) -> None:
    zhiyuan = work(corpus_build, "zhiyuan-yijian-2024").base
    parts = [c for c in tops(zhiyuan) if c.kind == "part"]
    assert len(parts) == 9 and parts[0].heading == "总体要求" and parts[8].heading == "加强组织领导"
    assert zhiyuan.source == "004_ffe4dd1315a67b64.txt" and zhiyuan.part == "六"
    comp = work(corpus_build, "zengbu-2025").base
    assert [c.number for c in tops(comp)] == ["一、", "二、", "三、", "四、"]


def test_no_foreign_content_urls_markup_or_page_splits_in_any_clause(corpus_build: CorpusBuild) -> None:
    everything = [c for w in corpus_build.works for wt in w.witnesses for c in wt.clauses]
    joined = "\n".join(f"{c.heading or ''} {c.text}" for c in everything)
    for foreign in ("CPI", "外交部", "反制", "声明作废", "泰山农村商业银行", "哈马斯", "中老铁路", "新华社"):
        assert foreign not in joined
    assert "http" not in joined and "www." not in joined
    once = "可按事业单位公开招聘规定择优聘用为事业单位工作人员。各地"  # 公开招聘 | page break | 招聘规定: the word once
    assert "招聘招聘" not in joined and once in joined
    assert "*" not in joined and "#" not in joined
    by_ref = {c.ref: c.text for c in everything}
    assert "发挥居务监督委员会作用" in by_ref["shequ-yijian-2024/4.11"]
    assert "为居民群众提供更加便捷高效的服务" in by_ref["chifeng-fangan-2020/2.4.2"]
    assert "每年至少对社区党组织书记、社区居民委员会主任培训1次" in by_ref["shequ-yijian-2024/3.8@newspaper"]
    assert "选拔进街道（乡镇）领导班子" in by_ref["shequ-yijian-2024/5.13@newspaper"]
    assert corpus_build.summary["excluded_blocks"] == 7


def test_bold_key_points_are_kept_as_spans(corpus_build: CorpusBuild) -> None:
    exam = work(corpus_build, "shequ-yijian-2024").witnesses[2]
    clause = next(c for c in exam.clauses if c.path == "2.3")
    marked = [clause.text[a:b] for a, b in clause.emphasis]
    assert "每万城镇常住人口拥有社区工作者18人的标准" in marked


def _compact(s: str) -> str:
    return re.sub(r"[\s*#]", "", normalise_plain(s))


def test_every_clause_span_points_at_its_text_in_the_raw_file(corpus_build: CorpusBuild) -> None:
    raw = {p.name: p.read_text(encoding="utf-8") for p in Path(DEFAULT_RAW).glob("*.txt")}
    for w in corpus_build.works:
        for wt in w.witnesses:
            for c in wt.clauses:
                start, end = c.span
                source = _compact(raw[wt.source][start:end])
                probe = _compact(c.text or c.heading or "")[:12]
                assert probe in source, (c.ref, probe, source[:40])
