"""What a candidate reads: human names for clauses, copies, files and generators, China time, no trainer data.

Refs, slugs, generator names and UTC stay in URLs, the JSON and the CLI; pages name things for
people (``web.labels``). Trainers (the local profile, or a trainer account) still see the build
statistics, link scores and seeds on the pages where they work.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from corpus.errors import InvalidInput
from kb.models import Work
from kb.readmodels import ClauseTitles
from kb.views import short_names
from tests.conftest import NOW, CsrfClient
from web import create_app
from web.db import get_session

# What must never reach a candidate's eyes: a ref or witness spec (shequ-yijian-2024/3.8,
# …@newspaper), a path word (preamble, att1), a hashed file name, a seed, a link score, UTC.
INTERNAL = re.compile(
    r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?:/[\w.]+|@\w+)|\b(?:preamble|att\d+)\b|[0-9a-f]{16}\.txt|#\d{5,}|UTC|关联度|随机种子|舍弃"
)
# A Latin word with a small letter is an English UI word (newspaper, number, Error), unless it names
# a product; capitals are acronyms the texts use themselves (政务APP, PDF).
LATIN_OK = {"Excel", "Word", "Anki", "Moodle"}
LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]*\b")


def visible_text(page: str) -> str:
    """The words of a page a reader sees (no markup, scripts, styles or attributes)."""
    page = re.sub(r"(?s)<(script|style|head)\b[^>]*>.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"(?s)<[^>]+>", " ", page)))


def internal_words(text: str) -> list[str]:
    """Internal names and English UI words in a page's text (an empty list for a clean page)."""
    found = [m.group(0) for m in INTERNAL.finditer(text)]
    return found + [w for w in LATIN_WORD.findall(text) if w not in LATIN_OK]


@pytest.fixture
def candidate(app: Flask) -> Iterator[FlaskClient]:
    """A logged-in candidate on a shared deployment, with a practice answer and a handed-in exam."""
    app.config["REQUIRE_LOGIN"] = True
    app.config["CLOCK"] = lambda: NOW
    app.test_client_class = CsrfClient
    client = app.test_client()
    assert (
        client.post("/register", data={"username": "小王", "password": "Shequ-2024-lx", "password2": "Shequ-2024-lx"}).status_code
        == 302
    )
    yield client


def _candidate_pages(client: FlaskClient) -> list[str]:
    """Every page a candidate opens, with a practice feedback page and an exam result among them."""
    sid = client.post("/api/practice", json={"mode": "order", "work": "shequ-yijian-2024"}).get_json()["id"]
    question = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    attempt = client.post(f"/api/practice/{sid}/answer", json={"question_id": question["id"], "answer": "A"}).get_json()
    eid = client.post("/api/exams", json={}).get_json()["id"]
    sitting = f"/exams/{eid}"
    client.post(f"/api/exams/{eid}/submit")
    qid = client.get("/questions.json").get_json()["questions"][0]["id"]
    return [
        "/",
        "/works/shequ-yijian-2024",
        "/works/shequ-yijian-2024?witness=newspaper",
        "/works/chifeng-fangan-2020",
        "/clauses/shequ-yijian-2024/preamble",
        "/clauses/shequ-yijian-2024/3.8",
        "/clauses/shequ-yijian-2024/2.3@newspaper",
        "/clauses/chifeng-fangan-2020/att1",
        "/sources/000_0e4e91596175dd2b.txt?start=10&end=60",
        "/search?q=社区书记多久培训一次",
        "/search?q=借调",
        "/works/shequ-yijian-2024/collation",
        "/works/shequ-yijian-2024/collation?view=inline",
        "/diff",
        "/diff?a=shequ-yijian-2024&b=shequ-yijian-2024@newspaper",
        "/compare/shequ-yijian-2024/6.17",
        "/compare/shequ-yijian-2024/3.8",
        "/topics",
        "/topics/培训",
        "/questions",
        f"/questions/{qid}",
        "/practice",
        f"/practice/{sid}?a={attempt['attempt_id']}",
        "/practice/wrong",
        "/practice/favourites",
        "/exams",
        sitting,
        f"/exams/{eid}/result",
        "/progress",
    ]


def test_a_candidate_sees_no_internal_name_on_any_page(candidate: FlaskClient) -> None:
    for url in _candidate_pages(candidate):
        resp = candidate.get(url, follow_redirects=True)
        assert resp.status_code == 200, url
        assert internal_words(visible_text(resp.get_data(as_text=True))) == [], url


def test_refs_stay_in_urls_and_json(candidate: FlaskClient) -> None:
    page = candidate.get("/clauses/shequ-yijian-2024/3.8").get_data(as_text=True)
    assert 'href="/clauses/jiangsu-cuoshi-2024/' in page  # the links still go by ref
    data = candidate.get("/clauses/shequ-yijian-2024/3.8.json").get_json()
    assert data["clause"]["ref"] == "shequ-yijian-2024/3.8" and data["links"][0]["score"] > 0
    assert {v["witness"] for v in data["variants"]} <= {"newspaper", "exam"}


def test_clauses_are_named_by_document_number_and_heading(app: Flask) -> None:
    with app.test_request_context():
        titles = ClauseTitles(get_session())
        assert titles("shequ-yijian-2024/2.3") == "《意见》第3条 优化工作力量配置"
        assert titles("shequ-yijian-2024/preamble") == "《意见》序言"
        assert titles("shequ-yijian-2024/1") == "《意见》第一部分 总体要求"
        assert titles("shequ-yijian-2024/2.3@newspaper") == "《意见》第3条 优化工作力量配置（报纸刊印本）"
        assert titles("jiangsu-cuoshi-2024/3.6") == "江苏《16条措施》第6条 健全培训机制"
        assert titles("jiangsu-cuoshi-2024/2.4.1").startswith("江苏《16条措施》第4条（1）政治素质过硬")
        assert titles("chifeng-fangan-2020/att1") == "赤峰《实施方案》附件1 社区工作者岗位等级和基本工资系数参考表"
        assert titles("chifeng-fangan-2020/2.1") == "赤峰《实施方案》（一）合理界定范围"
        # two documents both called 意见: the earlier keeps the short name, the other its title
        assert titles("zhiyuan-yijian-2024/1") == "《关于健全新时代志愿服务体系的意见》（一）总体要求"
        assert titles("no-such-work/1") == "（这一条已不在语料中）"


def test_short_names_of_a_new_province_and_a_law() -> None:
    works = [
        Work(slug="zhejiang-tongzhi-2025", title="关于做好社区工作者管理的通知", level="provincial", region="浙江", meta={}),
        Work(slug="hangzhou-banfa-2025", title="杭州市社区工作者管理办法", level="municipal", region="杭州", meta={}),
        Work(slug="laodong-fa-2018", title="中华人民共和国劳动法", level="central", meta={"short_title": "劳动法"}),
    ]
    assert short_names(works) == {
        "zhejiang-tongzhi-2025": "浙江《通知》",
        "hangzhou-banfa-2025": "杭州《办法》",
        "laodong-fa-2018": "《劳动法》",
    }


def test_witnesses_and_files_are_named_by_their_description(candidate: FlaskClient) -> None:
    clause = visible_text(candidate.get("/clauses/shequ-yijian-2024/preamble").get_data(as_text=True))
    assert "报纸刊印本 · 措辞" in clause and "在原文中查看 （正式文本（PDF），第 " in clause
    work = visible_text(candidate.get("/works/shequ-yijian-2024?witness=newspaper").get_data(as_text=True))
    assert "来源： 报纸刊印本" in work
    source = visible_text(candidate.get("/sources/001_cbbf1ebf62f8fe3b.txt").get_data(as_text=True))
    assert "原文：关于加强社区工作者队伍建设的意见" in source
    inline = visible_text(candidate.get("/works/shequ-yijian-2024/collation?view=inline").get_data(as_text=True))
    assert "报纸刊印本作“市级”" in inline


def test_the_diff_page_offers_choices_instead_of_typed_slugs(candidate: FlaskClient) -> None:
    page = candidate.get("/diff?a=shequ-yijian-2024&b=shequ-yijian-2024@newspaper").get_data(as_text=True)
    assert '<select name="a"' in page and '<input name="a"' not in page
    assert '<option value="shequ-yijian-2024@newspaper" selected>关于加强社区工作者队伍建设的意见（报纸刊印本）</option>' in page
    assert "《意见》序言" in visible_text(page)


def test_trainers_see_the_build_statistics_scores_and_seeds(client: FlaskClient) -> None:
    """The local profile is the trainer: the data a candidate does not see is there for it."""
    bank = visible_text(client.get("/questions").get_data(as_text=True))
    assert "舍弃" in bank and "生成方式" in bank and "数字题" in bank and "填空题" in bank
    assert ">number<" not in client.get("/questions").get_data(as_text=True)
    assert "关联度" in visible_text(client.get("/clauses/shequ-yijian-2024/3.8").get_data(as_text=True))
    assert "随机种子" in client.get("/exams").get_data(as_text=True)


def test_candidates_see_no_trainer_data(candidate: FlaskClient) -> None:
    bank = visible_text(candidate.get("/questions").get_data(as_text=True))
    assert "生成方式" not in bank and "条款覆盖" not in bank and bank.count("共 ") >= 1
    qid = candidate.get("/questions.json").get_json()["questions"][0]["id"]
    assert "培训师" not in candidate.get(f"/questions/{qid}").get_data(as_text=True)


def test_times_are_china_time_on_pages_and_utc_in_json(candidate: FlaskClient) -> None:
    eid = candidate.post("/api/exams", json={}).get_json()["id"]
    candidate.post(f"/api/exams/{eid}/submit")
    exams = visible_text(candidate.get("/exams").get_data(as_text=True))
    local = NOW.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert local.strftime("%Y-%m-%d %H:%M") in exams and f"随机模拟卷 {local.month}月{local.day}日 {local:%H:%M}" in exams
    assert candidate.get("/exams.json").get_json()["sittings"][0]["started_at"] == NOW.isoformat()


def test_the_timezone_is_a_setting(app: Flask, candidate: FlaskClient) -> None:
    app.config["TIMEZONE"] = "UTC"
    eid = candidate.post("/api/exams", json={}).get_json()["id"]
    candidate.post(f"/api/exams/{eid}/submit")
    assert NOW.strftime("%Y-%m-%d %H:%M") in candidate.get("/exams").get_data(as_text=True)
    with pytest.raises(InvalidInput, match="TIMEZONE='Mars/Olympus'"):
        create_app({"TESTING": True, "TIMEZONE": "Mars/Olympus"})


def test_json_twins_are_readable_utf8(client: FlaskClient) -> None:
    resp = client.get("/works.json")
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "关于加强社区工作者队伍建设的意见".encode() in resp.get_data() and b"\\u" not in resp.get_data()


def test_the_question_page_marks_the_tested_words_only_under_the_answer(client: FlaskClient) -> None:
    qid = next(
        q["id"] for q in client.get("/questions.json?work=shequ-yijian-2024&type=single").get_json()["questions"] if q["evidence"]
    )
    page = client.get(f"/questions/{qid}").get_data(as_text=True)
    folded = page[page.index('<details class="answer">') : page.index("</details>", page.index('<details class="answer">'))]
    assert "<mark" in folded  # shown once the answer is opened …
    assert "<mark" not in page.replace(folded, "")  # … and nowhere before
