from flask.testing import FlaskClient


def test_home_lists_every_work_with_its_facts(client: FlaskClient) -> None:
    data = client.get("/works.json").get_json()
    works = {w["slug"]: w for w in data["works"]}
    assert len(works) == 5
    yijian = works["shequ-yijian-2024"]
    assert yijian["level"] == "central" and yijian["level_label"] == "中央"
    assert yijian["date"] == "2024-03-28" and yijian["witness_count"] == 3
    assert works["jiangsu-cuoshi-2024"]["doc_number"] == "苏社〔2024〕52号"
    html = client.get("/").get_data(as_text=True)
    assert "关于加强社区工作者队伍建设的意见" in html and "苏社〔2024〕52号" in html


def test_work_page_has_toc_full_text_and_witness_selector(client: FlaskClient) -> None:
    data = client.get("/works/shequ-yijian-2024.json").get_json()
    assert data["witness"]["is_base"] is True
    assert [t["label"] for t in data["toc"]][:3] == ["序言", "一、总体要求", "二、健全职业体系"]
    assert sum(1 for c in data["clauses"] if c["depth"] == 2) == 17
    other = client.get("/works/shequ-yijian-2024.json?witness=newspaper").get_json()
    assert other["witness"]["source"] == "001_cbbf1ebf62f8fe3b.txt"
    assert other["clauses"][3]["ref"].endswith("@newspaper")
    html = client.get("/works/shequ-yijian-2024").get_data(as_text=True)
    assert 'id="c-2.3"' in html and '<select id="witness"' in html and "报纸刊印本" in html


def test_unknown_witness_is_a_clear_404(client: FlaskClient) -> None:
    resp = client.get("/works/shequ-yijian-2024.json?witness=nope")
    assert resp.status_code == 404
    assert "没有版本“nope”" in resp.get_json()["error"]


def test_clause_page_shows_place_text_source_and_other_copies(client: FlaskClient) -> None:
    data = client.get("/clauses/shequ-yijian-2024/2.3.json").get_json()
    assert data["clause"]["heading"] == "优化工作力量配置"
    assert [a["label"] for a in data["ancestors"]] == ["二、健全职业体系"]
    assert data["source"]["file"] == "000_0e4e91596175dd2b.txt"
    start, end = data["source"]["span"]
    assert 0 <= start < end
    assert {c["witness"] for c in data["counterparts"]} == {"newspaper", "exam"}
    assert data["previous"]["ref"] == "shequ-yijian-2024/2.2" and data["next"]["ref"] == "shequ-yijian-2024/2.4"
    html = client.get("/clauses/shequ-yijian-2024/2.3").get_data(as_text=True)
    assert "每万城镇常住人口拥有社区工作者18人" in html and "000_0e4e91596175dd2b.txt" in html


def test_source_page_marks_the_clause_span(client: FlaskClient) -> None:
    clause = client.get("/clauses/shequ-yijian-2024/2.3.json").get_json()
    start, end = clause["source"]["span"]
    data = client.get(f"/sources/000_0e4e91596175dd2b.txt.json?start={start}&end={end}").get_json()
    assert data["excerpt"].startswith("3.优化工作力量配置")
    html = client.get(f"/sources/000_0e4e91596175dd2b.txt?start={start}&end={end}").get_data(as_text=True)
    assert '<mark id="span">3.优化工作力量配置' in html


def test_tables_and_departments_are_shown(client: FlaskClient) -> None:
    att = client.get("/clauses/chifeng-fangan-2020/att1.json").get_json()["clause"]
    assert att["table"]["columns"][0] == "岗位等级" and len(att["table"]["rows"]) == 19
    html = client.get("/clauses/jiangsu-cuoshi-2024/3.6").get_data(as_text=True)
    assert "牵头" in html and "省人力资源社会保障厅" in html


def test_unknown_things_get_chinese_404s_not_tracebacks(client: FlaskClient) -> None:
    for url in ("/clauses/nope/1.json", "/works/nope.json", "/sources/nope.txt.json"):
        resp = client.get(url)
        assert resp.status_code == 404
        assert "没有这个" in resp.get_json()["error"]
    resp = client.get("/clauses/nope/1")
    assert resp.status_code == 404 and "出错了" in resp.get_data(as_text=True)
    assert client.get("/no/such/page").status_code == 404


def test_clause_text_is_escaped(client: FlaskClient) -> None:
    from kb.render import clause_html

    assert clause_html("<script>alert(1)</script>**x**", [[0, 8]]) == (
        "<p><strong>&lt;script&gt;</strong>alert(1)&lt;/script&gt;**x**</p>"
    )
    # emphasis next to Chinese punctuation (where CommonMark would leave the asterisks)
    assert clause_html("明确人员范围。本意见所称", [[0, 7]], "明确人员范围") == (
        '<p><span class="lead">明确人员范围</span><strong>。</strong>本意见所称</p>'
    )


def test_key_points_render_bold_on_the_exam_reprint(client: FlaskClient) -> None:
    html = client.get("/clauses/shequ-yijian-2024/2.3@exam").get_data(as_text=True)
    assert "<strong>每万城镇常住人口拥有社区工作者18人的标准</strong>" in html
    assert "**" not in html


def test_an_empty_database_says_how_to_build(empty_app) -> None:  # type: ignore[no-untyped-def]
    html = empty_app.test_client().get("/").get_data(as_text=True)
    assert "policykb build" in html
