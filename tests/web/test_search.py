"""The search page, its JSON twin and the search command, on the real corpus."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from kb.build import build_corpus
from web import create_app
from web.db import get_session

NOW = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)


def test_json_twin_has_hits_counts_and_facets(client: FlaskClient) -> None:
    data = client.get("/search.json", query_string={"q": "社区书记多久培训一次"}).get_json()
    assert {h["ref"] for h in data["hits"][:3]} == {
        "shequ-yijian-2024/3.8",
        "jiangsu-cuoshi-2024/3.6",
        "chifeng-fangan-2020/2.4.1",
    }
    hit = data["hits"][0]
    assert {"ref", "work", "work_title", "heading", "label", "score", "snippet", "snippet_html", "highlights"} <= set(hit)
    assert any("问句词" in n for n in data["notices"])
    assert sum(f["count"] for f in data["facets_labelled"]["work"]) == data["total"]


def test_form_controls_filter_like_the_query_syntax(client: FlaskClient) -> None:
    by_form = client.get("/search.json", query_string={"q": "借调", "level": "provincial"}).get_json()
    by_syntax = client.get("/search.json", query_string={"q": "借调 level:省"}).get_json()
    assert [h["ref"] for h in by_form["hits"]] == [h["ref"] for h in by_syntax["hits"]] == ["jiangsu-cuoshi-2024/4.9"]
    by_work = client.get("/search.json", query_string={"q": "借调", "work": "chifeng-fangan-2020"}).get_json()
    assert [h["ref"] for h in by_work["hits"]] == ["chifeng-fangan-2020/2.4.2"]


def test_paging(client: FlaskClient) -> None:
    first = client.get("/search.json", query_string={"q": "工作"}).get_json()
    assert first["pages"] > 1 and len(first["hits"]) == 20
    second = client.get("/search.json", query_string={"q": "工作", "page": 2}).get_json()
    assert not {h["ref"] for h in first["hits"]} & {h["ref"] for h in second["hits"]}
    html = client.get("/search", query_string={"q": "工作"}).get_data(as_text=True)
    assert 'rel="next"' in html


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "AND",
        "-",
        "培训" * 1000,
        "😀",
        "\x00\x07培训",
        "'; DROP TABLE clause; --",
        "<script>alert(1)</script>",
        "level:",
        "page=abc",
    ],
)
def test_search_page_never_errors_and_escapes(client: FlaskClient, q: str) -> None:
    resp = client.get("/search", query_string={"q": q, "page": "x"})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "<script>alert" not in html
    assert client.get("/search.json", query_string={"q": q}).status_code == 200


def test_empty_result_suggests(client: FlaskClient) -> None:
    html = client.get("/search", query_string={"q": "借调 level:汇编"}).get_data(as_text=True)
    assert "没有找到符合条件的条款" in html and "去掉筛选条件后有 3 条结果" in html


def test_every_page_has_the_search_box(client: FlaskClient) -> None:
    for url in ("/", "/works/shequ-yijian-2024", "/clauses/shequ-yijian-2024/2.3", "/search"):
        assert 'class="searchbox"' in client.get(url).get_data(as_text=True)


def test_search_command_json_contract(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["search", "借调", "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"query", "total", "hits"} and data["total"] == 3 and len(data["hits"]) == 2
    assert set(data["hits"][0]) >= {"ref", "work", "heading", "score", "snippet"}


def test_search_command_filters_and_text(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["search", "借调", "--level", "市"])
    assert result.exit_code == 0 and "共 1 条" in result.output and "chifeng-fangan-2020/2.4.2" in result.output
    result = runner.invoke(args=["search", "借调", "--work", "jiangsu-cuoshi-2024", "--json"])
    assert [h["ref"] for h in json.loads(result.output)["hits"]] == ["jiangsu-cuoshi-2024/4.9"]
    none = runner.invoke(args=["search", '"火星基地"'])
    assert none.exit_code == 0 and "没有找到" in none.output and "没有出现" in none.output


def test_build_builds_the_index_and_search_follows_a_rebuilt_corpus(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    raw = _other_corpus(tmp_path)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["build", "--corpus", str(raw)])
    assert result.exit_code == 0, result.output
    assert "检索索引已更新" in result.output
    found = json.loads(runner.invoke(args=["search", "借调", "--json"]).output)
    assert found["total"] == 1 and "2个月" in found["hits"][0]["snippet"]


def test_search_before_any_build_says_what_to_do(empty_app: Flask) -> None:
    resp = empty_app.test_client().get("/search.json?q=培训")
    assert resp.status_code == 400 and "policykb build" in resp.get_json()["error"]


def _other_corpus(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sheng.txt").write_text(
        "某省关于社区工作者管理的办法\n一、总则\n1.社区工作者每年参加集中培训不少于5天。\n2.街道不得借调社区工作者超过2个月。\n",
        encoding="utf-8",
    )
    return raw


def test_a_request_with_no_index_says_so_and_builds_none(app: Flask) -> None:
    index_dir = Path(app.config["INDEX_DIR"])
    shutil.rmtree(index_dir)
    client = app.test_client()
    resp = client.get("/search.json", query_string={"q": "借调"})
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["index_state"] == "missing" and data["total"] == 0 and data["hits"] == []
    assert data["index_notice"] == "还没有检索索引，请运行 policykb build"
    page = client.get("/search", query_string={"q": "借调"})
    assert page.status_code == 200 and "还没有检索索引，请运行 policykb build" in page.get_data(as_text=True)
    assert not index_dir.exists()
    cli = app.test_cli_runner().invoke(args=["search", "借调"])
    assert cli.exit_code != 0 and "还没有检索索引" in cli.output


def test_a_stale_index_answers_from_the_old_one_until_a_build(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    fresh = client.get("/search.json", query_string={"q": "借调"}).get_json()
    assert fresh["index_state"] == "fresh" and fresh["index_notice"] is None and fresh["total"] == 3
    raw = _other_corpus(tmp_path)
    with app.app_context():  # the corpus changes, the index does not (as after an import without build)
        session = get_session()
        build_corpus(session, raw, raw.parent / "catalog.toml", now=NOW)
        session.commit()
    index_dir = Path(app.config["INDEX_DIR"])
    folders = sorted(p.name for p in index_dir.iterdir())
    stale = client.get("/search.json", query_string={"q": "借调"}).get_json()
    assert stale["index_state"] == "stale" and "检索索引比语料旧" in stale["index_notice"]
    assert [h["ref"] for h in stale["hits"]] == [h["ref"] for h in fresh["hits"]]  # the last good index answers
    page = client.get("/search", query_string={"q": "借调"}).get_data(as_text=True)
    assert "检索索引比语料旧，结果可能不含最新修改；请运行 policykb build" in page
    assert sorted(p.name for p in index_dir.iterdir()) == folders  # no request built anything
    runner = app.test_cli_runner()
    assert "检索索引比语料旧" in runner.invoke(args=["search", "借调"]).output
    result = runner.invoke(args=["build", "--corpus", str(raw)])
    assert result.exit_code == 0, result.output
    rebuilt = client.get("/search.json", query_string={"q": "借调"}).get_json()
    assert rebuilt["index_state"] == "fresh" and rebuilt["index_notice"] is None
    assert rebuilt["total"] == 1 and "2个月" in rebuilt["hits"][0]["snippet"]


def test_serve_builds_the_index_before_listening_only_when_missing_or_stale(app: Flask) -> None:
    from web.cli import run_index  # what `policykb serve` runs before it listens

    index_dir = Path(app.config["INDEX_DIR"])
    with app.app_context():
        said: list[str] = []

        def echo(message: str, err: bool = False) -> None:
            said.append(message)

        run_index(get_session(), None, echo, only_if_stale=True)
        assert said == []  # the copied index is the one the corpus wants
        shutil.rmtree(index_dir)
        run_index(get_session(), None, echo, only_if_stale=True)
        assert any("检索索引已更新" in line for line in said)
    data = app.test_client().get("/search.json", query_string={"q": "借调"}).get_json()
    assert data["index_state"] == "fresh" and data["total"] == 3


LAW = """# 中华人民共和国社区服务促进法

2020年6月1日 第十三届全国人民代表大会常务委员会第十九次会议通过

<!-- INFO END -->

## 第一章　总　　则

第一条 为了促进社区服务发展，制定本法。

第二条 国家鼓励社会力量参与社区服务。

第三条 县级以上人民政府应当将社区服务纳入国民经济和社会发展规划。

第四条 本法自2021年1月1日起施行。
"""


def test_a_citation_alone_shows_the_cited_article_on_the_page(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "社区服务促进法(2020-06-01).md").write_text(LAW, encoding="utf-8")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'law.sqlite3'}",
            "INDEX_DIR": str(tmp_path / "index"),
            "CORPUS_DIR": str(raw),
            "CATALOG_PATH": str(tmp_path / "none.toml"),
        }
    )
    try:
        assert app.test_cli_runner().invoke(args=["build"]).exit_code == 0
        page = app.test_client().get("/search", query_string={"q": "社区服务促进法第三条"}).get_data(as_text=True)
        assert "条文引用" in page and "纳入国民经济和社会发展规划" in page
    finally:
        app.extensions["policykb.search"].close()
        app.extensions["policykb.engine"].dispose()
