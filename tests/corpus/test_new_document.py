"""A new province's text in the style of the real ones is ingested with no code change and no catalog entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from corpus.assemble import assemble_corpus, read_corpus_dir
from corpus.catalog import load_catalog

# Written for this test in the style of the 江苏 measures: letterhead, document number, a cover
# notice with a wrapped title, signatories, hard-wrapped lines with blank lines between them, a page
# number and a stray URL in mid-sentence, inline items, responsible departments, 抄送 and 印发.
ZHEJIANG = """\
中共浙江省委组织部
中共浙江省委社会工作部
浙江省民政厅

浙社〔2025〕7号

关于印发《关于进一步加强社区工作者队伍建设的
若干措施》的通知

各市委组织部、社会工作部，民政局：
现将《关于进一步加强社区工作者队伍建设的若干措施》印发给你们，请认真贯彻落实。

中共浙江省委组织部
中共浙江省委社会工作部
浙江省民政厅
2025年3月10日

关于进一步加强社区工作者队伍建设的若干措施

为贯彻落实中共中央办公厅、国务院办公厅《关于加强社区工作者队伍建设的意见》，结合我省

实际，制定如下措施。

一、优化队伍结构

1.科学核定配备标准。各地按照每万城镇常住人口拥有社区工作者不少于 20 人的标

准配备，县级层面实行总量控制。（省委社会工作部牵头，省民政厅参与）

2.严格人员招聘。社区专职工作人员由县级统一组织招聘，应具备以下条件：（1）拥护党的领导。（2）具有大专以上学历。（3）年龄一般不超过 35 周岁。（省委组织部负责）

二、加强教育培训

3.健全培训制度。县级党委组织部门每年至少对社区党组织书记培训 1 次，其他社区工作者每

- 2 -

https://example.org/track?id=123

2 年轮训 1 次，每次集中培训时间不少于 4 天。（省委组织部、省委社会工作部牵头）

4.推行全岗通。每个社区至少培养 3 名“全科社工”。

三、强化激励保障

5.落实薪酬待遇。社区工作者平均薪酬不低于上年度当地城镇非私营单位就业人员平均工资水平。

6.规范借调管理。县级以上机关事业单位不得借调社区工作者，街道（乡镇）确需借调的，时间不得超过 4 个月。

7.建立退出机制。连续旷工超过 15 个工作日的，按规定程序解除劳动合同。（省民政厅负责）

本措施自印发之日起施行。

抄送：省有关部门单位。

中共浙江省委社会工作部办公室

2025年3月12日印发
"""


def build_with(tmp_path: Path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    files = [*read_corpus_dir(DEFAULT_RAW), (name, data)]
    return assemble_corpus(files, load_catalog(DEFAULT_CATALOG))


def test_a_new_province_document_is_ingested_without_code_or_catalog(tmp_path: Path) -> None:
    data = ZHEJIANG.replace("\n", "\r\n").encode("gb18030")
    build = build_with(tmp_path, "005_zhejiang.txt", data)
    assert build.summary["works"] == 6
    work = next(w for w in build.works if w.region == "浙江")
    assert work.title == "关于进一步加强社区工作者队伍建设的若干措施"
    assert work.level == "provincial"
    assert work.date == dt.date(2025, 3, 10)
    assert work.doc_number == "浙社〔2025〕7号"
    assert work.issuers == ("中共浙江省委组织部", "中共浙江省委社会工作部", "浙江省民政厅")
    assert work.slug == "zhejiang-cuoshi-2025"
    clauses = work.base.clauses
    parts = [c for c in clauses if c.kind == "part"]
    assert [p.heading for p in parts] == ["优化队伍结构", "加强教育培训", "强化激励保障"]
    measures = [c for c in clauses if c.depth == 2 and c.kind == "clause"]
    assert [m.number for m in measures] == [f"{n}." for n in range(1, 8)]
    assert measures[0].text == (
        "科学核定配备标准。各地按照每万城镇常住人口拥有社区工作者不少于20人的标准配备，县级层面实行总量控制。"
        "（省委社会工作部牵头，省民政厅参与）"
    )
    assert measures[0].extras["departments"] == {"牵头": ["省委社会工作部"], "参与": ["省民政厅"]}
    # a page number and a URL in mid-sentence are dropped and the sentence joined again
    assert "其他社区工作者每2年轮训1次，每次集中培训时间不少于4天。" in measures[2].text
    items = [c for c in clauses if c.parent_ref == measures[1].ref]
    assert [i.text for i in items] == ["拥护党的领导。", "具有大专以上学历。", "年龄一般不超过35周岁。"]
    assert measures[1].extras["departments"] == {"负责": ["省委组织部"]}
    closing = [c for c in clauses if c.kind == "closing"]
    assert [c.text for c in closing] == ["本措施自印发之日起施行。"]
    assert work.meta["cc"] == ["省有关部门单位。"]
    all_text = " ".join(c.text for c in clauses)
    assert "现将" not in all_text and "example.org" not in all_text and "印发给你们" not in all_text
    assert any("网址" in w and "005_zhejiang.txt" in w for w in build.warnings)
    assert any("页码" in w and "005_zhejiang.txt" in w for w in build.warnings)
    # the existing works are untouched by the newcomer
    assert {w.slug for w in build.works} >= {"shequ-yijian-2024", "jiangsu-cuoshi-2024", "chifeng-fangan-2020"}


def test_a_bad_file_is_reported_and_skipped_while_the_others_are_built(tmp_path: Path) -> None:
    files = [*read_corpus_dir(DEFAULT_RAW), ("broken.txt", b"\x00\x01\x02\xfa\xfb" * 50), ("empty.txt", b"\n\n")]
    build = assemble_corpus(files, load_catalog(DEFAULT_CATALOG))
    assert build.summary["works"] == 5
    assert sorted(build.summary["files_skipped"]) == ["broken.txt", "empty.txt"]
    assert any(w.startswith("跳过 broken.txt") for w in build.warnings)
    assert any(w.startswith("跳过 empty.txt") for w in build.warnings)


def test_three_works_of_one_slug_stem_get_three_slugs() -> None:
    # Three undated central notices all make the stem zhongyang-tongzhi: the second and third add a hash
    # of their own title. It was the hash of a loop variable, the same for every work, so the third
    # work's slug repeated the second's and storing the corpus failed (UNIQUE constraint on work.slug).
    texts = [
        f"关于做好{topic}工作的通知\n\n一、总体要求\n\n各地要做好{topic}工作，按规定报送情况。\n"
        for topic in ("甲项", "乙项", "丙项")
    ]
    build = assemble_corpus([(f"{i}.txt", t.encode()) for i, t in enumerate(texts)], load_catalog(DEFAULT_CATALOG))
    slugs = [w.slug for w in build.works]
    assert len(slugs) == 3 and len(set(slugs)) == 3, slugs
    again = assemble_corpus([(f"{9 - i}.txt", t.encode()) for i, t in enumerate(texts)], load_catalog(DEFAULT_CATALOG))
    assert {w.title: w.slug for w in again.works} == {w.title: w.slug for w in build.works}  # whatever the files' order
