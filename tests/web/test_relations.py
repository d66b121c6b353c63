"""Collation, diff, compare and topic pages through their JSON twins, and the diff/export commands."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient, FlaskCliRunner

CENTRAL = "shequ-yijian-2024"


def test_collation_json_counts_and_filters(client: FlaskClient) -> None:
    data = client.get(f"/works/{CENTRAL}/collation.json").get_json()
    assert data["counts"]["punctuation"] == 5 and 35 <= data["counts"]["wording"] <= 45
    assert data["per_witness"] == {"newspaper": data["counts"]["wording"] + 4, "exam": 1}
    wording = client.get(f"/works/{CENTRAL}/collation.json?kind=wording&witness=newspaper").get_json()
    assert wording["variants"] and {v["kind"] for v in wording["variants"]} == {"wording"}
    assert {v["witness"] for v in wording["variants"]} == {"newspaper"}
    assert any(v["base_text"] == "市地级" and v["witness_text"] == "市级" for v in wording["variants"])
    exam = client.get(f"/works/{CENTRAL}/collation.json?witness=exam").get_json()
    assert [p["path"] for p in exam["places"]] == ["4.10"]
    single = client.get(f"/works/{CENTRAL}/collation.json?single=1").get_json()
    assert single["variants"] and all(v["majority"] == "base" for v in single["variants"])


def test_collation_pages_render_side_by_side_and_inline(client: FlaskClient) -> None:
    side = client.get(f"/works/{CENTRAL}/collation").get_data(as_text=True)
    assert 'class="var wording"' in side and "异文表" in side
    inline = client.get(f"/works/{CENTRAL}/collation?view=inline").get_data(as_text=True)
    assert "报纸刊印本作“市级”" in inline  # a copy is named by its description, not its slug
    assert client.get(f"/works/{CENTRAL}/collation.json?witness=nope").status_code == 404


def test_clause_json_has_links_variants_and_facts(client: FlaskClient) -> None:
    data = client.get(f"/clauses/{CENTRAL}/6.17.json").get_json()
    others = {link["other"] for link in data["links"]}
    assert {"jiangsu-cuoshi-2024/4.9", "chifeng-fangan-2020/2.4.2"} <= others
    assert any(v["witness_text"] == "服务程序" for v in data["variants"])
    copy = client.get(f"/clauses/{CENTRAL}/6.17@newspaper.json").get_json()
    assert copy["variants"] == data["variants"]  # shown at the clause from either copy
    facts = client.get("/clauses/jiangsu-cuoshi-2024/4.9.json").get_json()["facts"]
    assert any(f["display"] == "≤ 6 个月" for f in facts)


def test_compare_puts_regional_numbers_beside_the_central_clause(client: FlaskClient) -> None:
    data = client.get(f"/compare/{CENTRAL}/6.17.json").get_json()
    works = {g["work"]["slug"]: g for g in data["counterparts"]}
    jiangsu = next(c for c in works["jiangsu-cuoshi-2024"]["clauses"] if c["ref"].endswith("/4.9"))
    six = next(f for f in jiangsu["facts"] if f["display"] == "≤ 6 个月")
    assert six["status"] == "regions-differ" and "≤ 3 个月" in six["compared_with"]
    assert any("档案" in s for s in jiangsu["added"])
    training = client.get(f"/compare/{CENTRAL}/3.8.json").get_json()
    js = next(c for g in training["counterparts"] for c in g["clauses"] if c["ref"] == "jiangsu-cuoshi-2024/3.6")
    assert any(f["display"] == "1 次（每3年）" and f["status"] == "same" for f in js["facts"])
    html = client.get(f"/compare/{CENTRAL}/3.8").get_data(as_text=True)
    assert "num same" in html and "关联度" in html
    assert client.get("/compare/nope/1.json").status_code == 404


def test_topic_pages(client: FlaskClient) -> None:
    topics = client.get("/topics.json").get_json()
    names = [t["name"] for t in topics["topics"]]
    assert {"培训", "薪酬", "借调", "考核", "退出", "岗位等级", "配备标准"} <= set(names)
    lend = client.get("/topics/借调.json").get_json()
    refs = {c["work"]["slug"]: [x["ref"] for x in c["clauses"]] for c in lend["columns"]}
    assert refs[CENTRAL][0] == f"{CENTRAL}/6.17"
    assert "jiangsu-cuoshi-2024/4.9" in refs["jiangsu-cuoshi-2024"]
    assert "chifeng-fangan-2020/2.4.2" in refs["chifeng-fangan-2020"]
    assert client.get("/topics/培训").status_code == 200
    assert client.get("/topics/不存在.json").status_code == 404


def test_diff_json_between_witnesses_and_between_works(client: FlaskClient) -> None:
    data = client.get(f"/diff.json?a={CENTRAL}&b={CENTRAL}@exam").get_json()
    assert data["summary"]["changed"] == 1 and data["summary"]["punctuation"] == 1
    assert data["summary"]["wording"] == 0
    clauses = client.get(f"/diff.json?a={CENTRAL}/3.8&b=jiangsu-cuoshi-2024/3.6").get_json()
    assert clauses["pairs"][0]["status"] == "changed" and clauses["pairs"][0]["changes"]
    assert client.get("/diff.json?a=nope&b=x").status_code == 404
    assert client.get("/diff").status_code == 200


def test_cli_diff_witnesses_redline_and_json(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["diff", CENTRAL, "--witness", "newspaper", "--kind", "wording"])
    assert result.exit_code == 0, result.output
    assert "[-市地级-]{+市级+}" in result.output and "[-、-]{+，+}" not in result.output
    out = runner.invoke(args=["diff", CENTRAL, "-w", "pdf", "-w", "exam", "--json"])
    data = json.loads(out.output)
    assert data["summary"]["punctuation"] == 1
    assert runner.invoke(args=["diff", CENTRAL]).exit_code != 0
    bad = runner.invoke(args=["diff", "nope", "x"])
    assert bad.exit_code != 0 and "没有这个文件" in bad.output and "Traceback" not in bad.output


def test_export_links_and_variants_contract(runner: FlaskCliRunner, tmp_path: Path) -> None:
    links = tmp_path / "links.jsonl"
    assert runner.invoke(args=["export", "links", "--format", "jsonl", "-o", str(links)]).exit_code == 0
    rows = [json.loads(line) for line in links.read_text(encoding="utf-8").splitlines()]
    assert rows and all({"source", "target", "score", "kind", "terms"} <= set(r) for r in rows)
    assert {r["kind"] for r in rows} == {"clause", "cites"}
    out = runner.invoke(args=["export", "variants"])
    variants = [json.loads(line) for line in out.output.splitlines()]
    assert all({"work", "ref", "witness", "base_text", "witness_text", "kind", "majority"} <= set(v) for v in variants)
    assert {v["kind"] for v in variants} == {"wording", "punctuation"}
    facts = [json.loads(line) for line in runner.invoke(args=["export", "facts"]).output.splitlines()]
    assert any(f["ref"] == f"{CENTRAL}/2.3" and f["value"] == 18 for f in facts)


def test_compare_names_the_subject_of_each_number(client: FlaskClient) -> None:
    """江苏's 正职、副职、一般工作人员……分别不少于5天、3天、3天: each line says whose number it is."""
    data = client.get("/compare/shequ-yijian-2024/3.8.json").get_json()
    jiangsu = next(c for g in data["counterparts"] for c in g["clauses"] if c["ref"] == "jiangsu-cuoshi-2024/3.6")
    days = [(f["who"], f["display"]) for f in jiangsu["facts"] if f["display"].endswith("天（每年）")]
    assert days == [("正职", "≥ 5 天（每年）"), ("副职", "≥ 3 天（每年）"), ("一般工作人员", "≥ 3 天（每年）")]
    assert all(f["who"] for g in data["counterparts"] for c in g["clauses"] for f in c["facts"])
    page = client.get("/compare/shequ-yijian-2024/3.8").get_data(as_text=True)
    assert "副职：≥ 3 天（每年）" in page


def test_a_bare_note_of_departments_is_not_an_added_sentence(client: FlaskClient) -> None:
    data = client.get("/compare/shequ-yijian-2024/3.8.json").get_json()
    added = [s for g in data["counterparts"] for c in g["clauses"] for s in c["added"]]
    assert added and not [s for s in added if s.startswith("（") and s.rstrip("。；").endswith("）")]
