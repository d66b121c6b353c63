"""Practice and mock exams through the JSON API and the plain forms, the progress page, the drill command."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import NOW


def _answer_for(question: dict, right: bool = True) -> str | list[str]:
    if question["type"] == "cloze":
        return "绝不是这个答案"
    return "A"


def test_practice_api_start_next_answer(client: FlaskClient) -> None:
    started = client.post("/api/practice", json={"mode": "type", "type": "multi", "count": 3, "work": "shequ-yijian-2024"})
    assert started.status_code == 201
    state = started.get_json()
    assert state["total"] == 3 and state["mode_label"] == "按题型练习"
    nxt = client.get(f"/api/practice/{state['id']}/next").get_json()
    question = nxt["question"]
    assert question["type"] == "multi" and question["work"] == "shequ-yijian-2024" and "answer" not in question
    bank = client.get(f"/questions/{question['id']}.json").get_json()["question"]
    result = client.post(
        f"/api/practice/{state['id']}/answer", json={"question_id": question["id"], "answer": bank["answer"], "elapsed_ms": 20000}
    ).get_json()
    assert result["correct"] is True and result["answer"] == bank["answer"]
    assert result["explanation"] == bank["explanation"]
    assert result["sources"][0]["ref"] == bank["refs"][0] and "《" in result["sources"][0]["title"]
    assert result["session"]["position"] == 1 and result["session"]["correct"] == 1
    partial = client.get(f"/api/practice/{state['id']}/next").get_json()["question"]
    key = client.get(f"/questions/{partial['id']}.json").get_json()["question"]["answer"]
    wrong = client.post(f"/api/practice/{state['id']}/answer", json={"question_id": partial["id"], "answer": key[:1]}).get_json()
    assert wrong["correct"] is False and wrong["in_wrong_book"] is True  # a partial 多选 is wrong in drilling
    assert client.get("/practice/wrong.json").get_json()["items"][0]["question"]["id"] == partial["id"]
    assert client.get("/api/due").get_json()["cards"] == 2


def test_practice_api_refuses_bad_input_clearly(client: FlaskClient) -> None:
    bad_mode = client.post("/api/practice", json={"mode": "everything"})
    assert bad_mode.status_code == 400 and "mode" in bad_mode.get_json()["error"] and "random" in bad_mode.get_json()["error"]
    assert client.post("/api/practice", json={"mode": "wrong"}).get_json()["error"].startswith("错题本是空的")
    assert client.post("/api/practice", data="{not json", content_type="application/json").status_code == 400
    sid = client.post("/api/practice", json={"mode": "random", "type": "single", "count": 2}).get_json()["id"]
    q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    bad = client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": "AB"})
    assert bad.status_code == 400 and "只能选一个" in bad.get_json()["error"]
    assert client.get("/api/practice/99999/next").status_code == 404


def test_practice_by_form_shows_feedback_then_the_next_question(client: FlaskClient) -> None:
    start = client.post(
        "/practice/start", data={"mode": "order", "work": "zhiyuan-yijian-2024", "chapter": "zhiyuan-yijian-2024/1"}
    )
    assert start.status_code == 302
    page_url = start.headers["Location"]
    page = client.get(page_url).get_data(as_text=True)
    qid = re.search(r'name="question_id" value="([^"]+)"', page).group(1)
    assert 'id="answer-form"' in page and "键盘" in page
    question = client.get(f"/questions/{qid}.json").get_json()["question"]
    answer = question["answer"][0] if question["type"] != "multi" else None
    data = {"question_id": qid, "answer": question["answer"] if answer is None else answer, "elapsed_ms": "15000"}
    posted = client.post(f"{page_url}/answer", data=data)
    assert posted.status_code == 302 and "?a=" in posted.headers["Location"]
    feedback = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "答对了" in feedback and "出处" in feedback and 'id="next"' in feedback
    # the key once (正确答案：…), not again from the explanation's first line (seeds review 37), nor on the question page
    assert "<p>答案：" not in feedback and feedback.count("正确答案：") == 1
    assert "<p>答案：" not in client.get(f"/questions/{qid}").get_data(as_text=True)
    assert "/texts/" in feedback or "/clauses/" in feedback or "zhiyuan-yijian-2024/1" in feedback
    following = client.get(page_url).get_data(as_text=True)
    assert re.search(r'name="question_id" value="([^"]+)"', following).group(1) != qid
    # the menu offers to resume it
    assert "继续上次的练习" in client.get("/practice").get_data(as_text=True)


def test_memorise_mode_and_favourites_by_form(client: FlaskClient) -> None:
    start = client.post("/practice/start", data={"mode": "random", "count": "2", "memorise": "1"})
    page = client.get(start.headers["Location"]).get_data(as_text=True)
    assert "背题模式" in page and "答案：" in page
    qid = re.search(r'name="question_id" value="([^"]+)"', page).group(1)
    client.post(f"/questions/{qid}/favourite", data={"on": "1", "next": start.headers["Location"]})
    favs = client.get("/practice/favourites.json").get_json()["items"]
    assert [f["question"]["id"] for f in favs] == [qid]
    assert "★ 已收藏" in client.get(start.headers["Location"]).get_data(as_text=True)
    client.post(f"/questions/{qid}/favourite", data={"on": "0"})
    assert client.get("/practice/favourites.json").get_json()["items"] == []


def test_wrong_book_remove_by_hand(client: FlaskClient) -> None:
    sid = client.post("/api/practice", json={"mode": "random", "type": "judge", "count": 1}).get_json()["id"]
    q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    key = client.get(f"/questions/{q['id']}.json").get_json()["question"]["answer"][0]
    client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": "错误" if key == "正确" else "正确"})
    assert len(client.get("/practice/wrong.json").get_json()["items"]) == 1
    assert client.post(f"/practice/wrong/{q['id']}/remove").status_code == 302
    assert client.get("/practice/wrong.json").get_json()["items"] == []
    assert client.delete(f"/api/wrong/{q['id']}").status_code == 404


def test_mock_exam_api_start_save_submit_result(client: FlaskClient) -> None:
    started = client.post("/api/exams", json={"seed": 12})
    assert started.status_code == 201
    exam = started.get_json()
    assert exam["total"] == 80 and 7190 <= exam["remaining_seconds"] <= 7200 and "answer" not in exam["items"][0]
    keys = {i["id"]: client.get(f"/questions/{i['id']}.json").get_json()["question"]["answer"] for i in exam["items"][:62]}
    for item in exam["items"][:60]:
        saved = client.put(f"/api/exams/{exam['id']}/answers/{item['number']}", json={"answer": keys[item["id"]]})
        assert saved.status_code == 200
    multi = exam["items"][60]
    client.put(f"/api/exams/{exam['id']}/answers/61", json={"answer": keys[multi["id"]][:1], "flagged": True})
    state = client.get(f"/api/exams/{exam['id']}").get_json()
    assert state["answered"] == 61 and state["flagged"] == 1 and state["items"][60]["given"] == keys[multi["id"]][:1]
    assert client.get(f"/api/exams/{exam['id']}/result").status_code == 400  # not handed in yet
    result = client.post(f"/api/exams/{exam['id']}/submit").get_json()
    assert result["total"] == 60.5 and result["passed"] is True
    assert client.get(f"/api/exams/{exam['id']}/result").get_json()["total"] == 60.5
    assert client.put(f"/api/exams/{exam['id']}/answers/62", json={"answer": "A"}).status_code == 409
    page = client.get(f"/exams/{exam['id']}/result").get_data(as_text=True)
    assert "60.5" in page and "及格" in page and "逐题解析" in page
    assert client.get(f"/exams/{exam['id']}").status_code == 302  # the paper is closed: to the result


def test_exam_timer_is_enforced_by_the_server(app: Flask, client: FlaskClient) -> None:
    clock = {"now": NOW}
    app.config["CLOCK"] = lambda: clock["now"]
    exam = client.post("/api/exams", json={"seed": 3}).get_json()
    first = exam["items"][0]
    client.put(f"/api/exams/{exam['id']}/answers/1", json={"answer": "A"})
    clock["now"] = NOW + dt.timedelta(minutes=90)
    assert client.get(f"/api/exams/{exam['id']}").get_json()["remaining_seconds"] == 30 * 60  # a reload resumes the clock
    clock["now"] = NOW + dt.timedelta(minutes=121)
    late = client.put(f"/api/exams/{exam['id']}/answers/2", json={"answer": "A"})
    assert late.status_code == 409 and "时间已到" in late.get_json()["error"] and late.get_json()["submitted"] is True
    result = client.get(f"/exams/{exam['id']}/result.json").get_json()
    assert result["submitted_by"] == "timeout" and result["items"][0]["given"] == ["A"]
    assert result["items"][1]["status"] == "blank" and result["items"][0]["question_id"] == first["id"]


def test_exam_pages_by_form(client: FlaskClient) -> None:
    assert "开始一场模拟考试" in client.get("/exams").get_data(as_text=True)
    start = client.post("/exams/start", data={"seed": "4"})
    page = client.get(start.headers["Location"]).get_data(as_text=True)
    assert page.count('class="exam-item"') == 80 and "答题卡" in page and "剩余" in page
    eid = start.headers["Location"].rsplit("/", 1)[1]
    assert "继续正在进行的考试" in client.get("/exams").get_data(as_text=True)
    submitted = client.post(f"/exams/{eid}/submit", data={"q0": "A", "q60": ["A", "B"]})
    assert submitted.headers["Location"].endswith(f"/exams/{eid}/result")
    result = client.get(f"/exams/{eid}/result.json").get_json()
    assert result["items"][0]["given"] == ["A"] and result["items"][60]["given"] == ["A", "B"]


def test_trainer_fixed_paper_print_and_sit(client: FlaskClient) -> None:
    ids = client.get("/papers?seed=9").get_data(as_text=True)
    drawn = re.search(r'<textarea name="ids"[^>]*>([^<]*)</textarea>', ids).group(1).split()
    assert len(drawn) == 80
    saved = client.post("/papers", data={"title": "第一次月考", "ids": "\n".join(drawn), "seed": "9"})
    assert saved.status_code == 302
    pid = saved.headers["Location"].rsplit("/", 1)[1]
    printed = client.get(f"/papers/{pid}").get_data(as_text=True)
    assert "第一次月考" in printed and "参考答案与解析" in printed and "data-print" in printed
    assert len(client.get(f"/papers/{pid}.json").get_json()["questions"]) == 80
    bad = client.post("/papers", data={"title": "坏卷", "ids": drawn[0] + "\n" + drawn[0]})
    assert bad.status_code == 400 and "重复" in bad.get_data(as_text=True)
    exam = client.post("/api/exams", json={"paper_id": int(pid)}).get_json()
    assert [i["id"] for i in exam["items"]] == drawn


def test_progress_page_draws_its_charts_on_the_server(client: FlaskClient) -> None:
    sid = client.post("/api/practice", json={"mode": "random", "type": "single", "count": 2}).get_json()["id"]
    q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": "A"})
    data = client.get("/progress.json").get_json()
    assert data["answered"] == 1 and data["streak"]["current"] == 1 and data["due"]["cards"] == 1
    page = client.get("/progress").get_data(as_text=True)
    assert page.count("<svg") >= 4 and "<script" not in page.split("<main")[1].split("</main>")[0]
    assert "近 30 天每日正确率" in page and "各文件掌握程度" in page and "暂无数据" in page  # no exam yet


def test_item_analysis_page_links_flagged_items_to_review(app: Flask, client: FlaskClient) -> None:
    app.config["ITEM_MIN_RESPONSES"] = 1
    sid = client.post("/api/practice", json={"mode": "random", "type": "judge", "count": 1}).get_json()["id"]
    q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    key = client.get(f"/questions/{q['id']}.json").get_json()["question"]["answer"][0]
    client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": key})
    data = client.get("/items.json").get_json()
    assert data["items"][0]["question_id"] == q["id"] and data["items"][0]["flags"] == ["too_easy"]
    assert f"/review/{q['id']}" in client.get("/items").get_data(as_text=True)


def test_drill_command_runs_a_session_in_the_terminal(runner: FlaskCliRunner, client: FlaskClient) -> None:
    result = runner.invoke(args=["drill", "--type", "judge", "-n", "2"], input="对\n错\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("判断题") == 2 and result.output.count("正确答案：") == 2 and "出处" in result.output
    assert "本次答了 2 题" in result.output
    assert client.get("/progress.json").get_json()["answered"] == 2  # the same records as the web
    quit_early = runner.invoke(args=["drill", "--mode", "order", "--work", "zhiyuan-yijian-2024"], input="xyz\nq\n")
    assert "只能" in quit_early.output or "请答" in quit_early.output or "选项" in quit_early.output
    assert "本次答了 0 题" in quit_early.output
    assert runner.invoke(args=["drill", "--mode", "wrong", "--user", "nobody"]).exit_code != 0


def test_charts_are_plain_svg_with_gaps_thresholds_and_escaped_labels() -> None:
    from web.charts import bar_chart, calendar, line_chart

    line = str(line_chart("正确率", [("11-19", 50.0), ("11-20", None), ("11-21", 100.0)], threshold=60, threshold_label="及格线"))
    assert line.startswith("<svg") and line.count("<polyline") == 2  # a day without answers breaks the line
    assert "及格线" in line and 'class="threshold"' in line
    bars = str(bar_chart("掌握", [("<script>", 0.5, "1/2")]))
    assert "<script>" not in bars and "&lt;script&gt;" in bars
    cal = str(calendar("日历", [("2026-11-20", 0), ("2026-11-21", 9)]))
    assert 'class="day l0"' in cal and 'class="day l4"' in cal


def test_a_question_edited_or_retired_in_another_worker_is_seen_by_the_next_request(app: Flask, client: FlaskClient) -> None:
    """Each worker keeps the questions it showed, keyed by the bank's version: an edit anywhere is seen at once."""
    from tests.conftest import CsrfClient
    from web import create_app

    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "INDEX_DIR": app.config["INDEX_DIR"]})
    other.test_client_class = CsrfClient
    trainer = other.test_client()  # another process's app on the same database (the local profile is a trainer)
    try:
        sid = client.post("/api/practice", json={"mode": "random", "count": 5}).get_json()["id"]
        first = client.get(f"/api/practice/{sid}/next").get_json()["question"]
        assert client.get(f"/api/practice/{sid}/next").get_json()["question"] == first  # now kept by this worker
        edited = trainer.get(f"/questions/{first['id']}.json").get_json()["question"]
        form = {"action": "save", "stem": edited["stem"] + "（已核对）", "explanation": edited["explanation"]}
        form |= {f"option_{letter}": text for letter, text in zip("ABCDE", edited["options"], strict=False)}
        form |= {"answer": edited["answer"], "answer_text": "｜".join(edited["answer"]), "difficulty": edited["difficulty"]}
        assert trainer.post(f"/review/{first['id']}", data=form).status_code == 302
        assert client.get(f"/api/practice/{sid}/next").get_json()["question"]["stem"] == first["stem"] + "（已核对）"
        assert trainer.post(f"/review/{first['id']}", data={"action": "retire"}).status_code == 302
        now_shown = client.get(f"/api/practice/{sid}/next").get_json()
        assert now_shown["question"]["id"] != first["id"] and now_shown["session"]["position"] == 1  # retired: skipped
        assert client.post(f"/api/favourites/{now_shown['question']['id']}", json={"on": True}).status_code == 200
        assert client.get(f"/api/practice/{sid}/next").get_json()["question"]["favourite"] is True
    finally:
        other.extensions["policykb.search"].close()
        other.extensions["policykb.engine"].dispose()


def test_the_menu_and_the_starts_of_drills_and_exams_read_the_bank_once_per_version(app: Flask, client: FlaskClient) -> None:
    """The drill menu's chapters, the questions a drill or a paper is drawn from and the paper's question snapshots are
    kept per worker by the bank's version: read once, and read afresh after an edit anywhere."""
    from tests.conftest import CsrfClient
    from tests.web.test_request_costs import _reads, counted
    from web import create_app

    menu = client.get("/practice.json").get_json()
    client.post("/api/practice", json={"mode": "random", "count": 5})
    first = client.post("/api/exams", json={"seed": 21}).get_json()
    assert client.post(f"/api/exams/{first['id']}/submit").status_code == 200
    with counted(app) as statements:
        assert client.get("/practice.json").get_json()["outline"] == menu["outline"]
        drill = client.post("/api/practice", json={"mode": "random", "count": 5}).get_json()
        again = client.post("/api/exams", json={"seed": 21}).get_json()  # the same seed: the same paper, kept questions
    assert drill["total"] == 5 and [i["id"] for i in again["items"]] == [i["id"] for i in first["items"]]
    assert "question" not in _reads(statements) and "clause" not in _reads(statements), _reads(statements)
    assert client.post(f"/api/exams/{again['id']}/submit").status_code == 200
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "INDEX_DIR": app.config["INDEX_DIR"]})
    other.test_client_class = CsrfClient
    try:  # another worker's trainer retires a question of that paper: the next menu and paper no longer have it
        retired = first["items"][0]["id"]
        assert other.test_client().post(f"/review/{retired}", data={"action": "retire"}).status_code == 302
        counts = {c["ref"]: c["count"] for w in client.get("/practice.json").get_json()["outline"] for c in w["chapters"]}
        assert sum(counts.values()) == sum(c["count"] for w in menu["outline"] for c in w["chapters"]) - 1
        redrawn = client.post("/api/exams", json={"seed": 21}).get_json()
        assert retired not in [i["id"] for i in redrawn["items"]] and len(redrawn["items"]) == 80
    finally:
        other.extensions["policykb.search"].close()
        other.extensions["policykb.engine"].dispose()
