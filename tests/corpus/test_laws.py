"""The 42 laws and regulations of ../shared/laws, and made-up texts in the same published form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.assemble import assemble_corpus
from corpus.catalog import Catalog
from corpus.law import parse_event
from corpus.model import CorpusBuild, WorkRecord

LAWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "laws"
HEADER_VERBS = ("通过", "修正", "修订", "公布", "发布", "施行", "批准")


def law_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(LAWS.glob("*.md")) if p.name != "SOURCES.md"]


def sources_table() -> dict[str, tuple[str, int]]:
    """file → (title, article count), parsed from the table in SOURCES.md."""
    rows = {}
    for line in (LAWS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*(.+?\.md)\s*\|\s*(.+?)\s*\|\s*(\d+)\s*\|", line)
        if m:
            rows[m.group(1)] = (m.group(2), int(m.group(3)))
    return rows


@pytest.fixture(scope="session")
def laws_build() -> CorpusBuild:
    if not (LAWS / "SOURCES.md").exists():
        pytest.skip(f"the laws test corpus is not there ({LAWS.resolve()}): it lives outside the repository")
    return assemble_corpus(law_files(), Catalog())


def by_source(build: CorpusBuild) -> dict[str, WorkRecord]:
    return {w.base.source: w for w in build.works}


def header_lines(name: str) -> list[str]:
    text = (LAWS / name).read_text(encoding="utf-8")
    head = text.split("<!-- INFO END -->")[0].splitlines()[1:]
    return [line.strip() for line in head if line.strip()]


def test_every_law_builds_with_no_warning(laws_build: CorpusBuild) -> None:
    assert laws_build.warnings == ()
    assert len(laws_build.works) == len(sources_table()) == 42


@pytest.mark.parametrize("name", sorted(sources_table()) if (LAWS / "SOURCES.md").exists() else [])
def test_each_law_has_its_header_as_metadata_and_every_article(laws_build: CorpusBuild, name: str) -> None:
    title, count = sources_table()[name]
    work = by_source(laws_build)[name]
    assert work.title == title
    assert work.meta["form"] == "law"
    lines = header_lines(name)
    adopted = [line for line in lines if line.rstrip("）　 ").endswith("通过")]
    if adopted:
        assert work.meta["adopted"] == parse_event(adopted[0])[0].date.isoformat()
        body = "全国人民代表大会常务委员会" if "常务委员会" in adopted[0] else ("国务院" if "国务院" in adopted[0] else None)
        assert body is None or body in work.issuers
    amended = [line for line in lines if re.search(r"(修正|修订)[）)]?\s*$", line)]
    assert [a["kind"] for a in work.meta["amended"]] == [re.search(r"(修正|修订)[）)]?\s*$", a).group(1) for a in amended]  # type: ignore[union-attr]
    assert work.issuers, name
    assert work.date is not None and work.date.isoformat() == max(
        [work.meta["adopted"] or "", work.meta["published"] or "", *(a["date"] for a in work.meta["amended"])]
    )
    articles = [c for c in work.base.clauses if c.number and re.fullmatch(r"第.+条(之.+)?", c.number)]
    assert len(articles) == count
    assert articles[-1].text.strip(), "the last article keeps its text"
    assert all(c.heading is None for c in articles)
    assert [c.ref.split("/")[1] for c in articles[:2]] == ["1", "2"]
    for c in work.base.clauses:
        assert "<!--" not in c.text and "INFO END" not in c.text and not c.text.startswith("#")
        assert title not in (c.heading or "")
        for line in lines:
            assert re.sub(r"\s+", "", line).rstrip("）") not in c.text
    assert not any(c.kind in ("preamble", "closing") for c in work.base.clauses)


def test_versions_of_one_law_are_two_works_of_one_family(laws_build: CorpusBuild) -> None:
    works = by_source(laws_build)
    old, new = works["妇女权益保障法(2018-10-26).md"], works["妇女权益保障法(2022-10-30).md"]
    assert (old.slug, new.slug) == ("funv-quanyi-baozhangfa-2018", "funv-quanyi-baozhangfa-2022")
    assert old.meta["family"] == new.meta["family"] == "funv-quanyi-baozhangfa"
    assert new.meta["amended"][-1] == {"date": "2022-10-30", "kind": "修订"}
    assert new.meta["effective"] == "2023-01-01"  # from its last article
    assert len({w.slug for w in laws_build.works}) == 42


def test_a_regulation_header_gives_its_order_number_and_dates(laws_build: CorpusBuild) -> None:
    work = by_source(laws_build)["基金会管理条例(2004-03-08).md"]
    assert work.issuers == ("国务院",)
    assert work.doc_number == "国务院令第400号"
    assert (work.meta["adopted"], work.meta["published"], work.meta["effective"]) == ("2004-02-11", "2004-03-08", "2004-06-01")
    assert work.level == "central" and work.region == "全国"


MADE_UP = """# 某某省社区服务条例

（2019年5月30日某某省第十三届人民代表大会常务委员会第十次会议通过　根据2021年7月29日某某省第十三届人民代表大会常务委员会第二十五次会议《关于修改〈某某省社区服务条例〉的决定》修正　2023年11月30日某某省第十四届人民代表大会常务委员会第六次会议修订）

## 第一章　总　　则

第一条　为了规范社区服务，制定本条例。

第二条　本条例适用于本省行政区域内的社区服务。

第二条之一　社区服务应当遵循下列原则：

（一）以人为本；

（二）就近便利。

社区服务经费列入本级财政预算。

## 第二章　服务设施

### 第一节　一般规定

第三条　县级以上人民政府应当统筹建设社区服务设施：

（一）综合服务设施；

（二）养老服务设施，包括：

1.托育服务站；

2.老年食堂。

新建住宅区应当配套建设社区服务设施。

### 第二节　管理

第四条　社区服务设施不得擅自改变用途。

## 第三章　附　　则

第五条　本条例自2024年3月1日起施行。
"""


@pytest.fixture(scope="module")
def made_up() -> WorkRecord:
    build = assemble_corpus([("sq.md", MADE_UP.encode("utf-8"))], Catalog())
    assert build.warnings == ()
    (work,) = build.works
    return work


def test_a_bracketed_header_with_revision_and_amendment(made_up: WorkRecord) -> None:
    assert made_up.title == "某某省社区服务条例"
    assert made_up.issuers == ("某某省人民代表大会常务委员会",)
    assert made_up.meta["adopted"] == "2019-05-30"
    assert made_up.meta["amended"] == [{"date": "2021-07-29", "kind": "修正"}, {"date": "2023-11-30", "kind": "修订"}]
    assert made_up.meta["effective"] == "2024-03-01"
    assert made_up.slug.endswith("-2023")


def test_articles_are_named_by_their_number_alone(made_up: WorkRecord) -> None:
    refs = {c.ref.split("/", 1)[1]: c for c in made_up.base.clauses}
    assert list(refs) == [
        "ch1",
        "1",
        "2",
        "2-1",
        "2-1.1",
        "2-1.2",
        "ch2",
        "ch2.s1",
        "3",
        "3.1",
        "3.2",
        "3.2.1",
        "3.2.2",
        "ch2.s2",
        "4",
        "ch3",
        "5",
    ]
    assert refs["2-1"].number == "第二条之一" and refs["2-1"].parent_ref == made_up.slug + "/ch1"
    assert refs["3"].parent_ref == made_up.slug + "/ch2.s1"
    assert refs["ch1"].heading == "总则" and refs["ch2.s1"].heading == "一般规定"
    assert refs["3.2.1"].extras["article"] == 3 and refs["2-1"].extras["article"] == 2


def test_a_paragraph_after_a_list_belongs_to_the_article(made_up: WorkRecord) -> None:
    refs = {c.ref.split("/", 1)[1]: c for c in made_up.base.clauses}
    assert refs["2-1"].text == "社区服务应当遵循下列原则：\n社区服务经费列入本级财政预算。"
    assert refs["2-1.2"].text == "就近便利。"
    assert refs["3"].text.endswith("新建住宅区应当配套建设社区服务设施。")
    assert refs["3.2.2"].text == "老年食堂。"
    assert refs["5"].text == "本条例自2024年3月1日起施行。"


def test_a_special_economic_zone_is_a_city() -> None:
    text = MADE_UP.replace("某某省社区服务条例", "深圳经济特区社区服务条例").replace("某某省第", "深圳市第")
    (work,) = assemble_corpus([("sz.md", text.encode("utf-8"))], Catalog()).works
    assert work.issuers == ("深圳市人民代表大会常务委员会",)
    assert (work.level, work.region) == ("municipal", "深圳")


def test_every_file_gets_an_answer() -> None:
    law = MADE_UP.encode("utf-8")
    page = "<!DOCTYPE html><html><head><title>网站</title><script>var a;</script></head><body><h1>某某省社区服务条例</h1>"
    page += "".join(f"<p>{line}</p>" for line in MADE_UP.splitlines()[1:] if line) + "</body></html>"
    files = [
        ("a.md", law),
        ("b.md", law.decode("utf-8").encode("gb18030")),  # the same text in another encoding
        ("c.html", page.replace("某某省", "甲省").encode("utf-8")),
        ("d.txt", page.replace("某某省", "乙省").encode("utf-8")),
        ("e.pdf", b"%PDF-1.7 binary"),
        ("f.txt", bytes(range(256)) * 8),
        ("g.docx", b"PK\x03\x04rest"),
    ]
    build = assemble_corpus(files, Catalog())
    status = {s.name: (s.status, s.message) for s in build.sources}
    assert set(status) == {name for name, _ in files}
    assert status["b.md"][0] == "skipped" and "a.md" in (status["b.md"][1] or "")
    assert [s for s, _ in (status["e.pdf"], status["f.txt"], status["g.docx"])] == ["skipped"] * 3
    titles = sorted(w.title for w in build.works)
    assert titles == ["乙省社区服务条例", "某某省社区服务条例", "甲省社区服务条例"]
    base = {w.title: w for w in build.works}["某某省社区服务条例"].base
    assert base.source == "a.md" and base.meta["copies"] == ["b.md"]
    for w in build.works:
        assert all("<" not in c.text and "var a" not in c.text for c in w.base.clauses)
        assert len([c for c in w.base.clauses if c.number and c.number.endswith(("条", "之一"))]) == 6
    joined = "\n".join(build.warnings)
    for name in ("b.md", "c.html", "d.txt", "e.pdf", "f.txt", "g.docx"):
        assert name in joined
