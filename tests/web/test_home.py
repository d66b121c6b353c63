"""The home page as a study dashboard, 我的, the result page's filters and 练本条."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.exam import result_view
from tests.conftest import NOW
from web import create_app


def _answer(client: FlaskClient, sid: int, answer: str = "A") -> dict:  # type: ignore[type-arg]
    q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    return client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": answer}).get_json()


def test_the_home_page_is_a_study_dashboard(app: Flask, client: FlaskClient) -> None:
    app.config["CLOCK"] = lambda: NOW
    empty = client.get("/home.json").get_json()
    assert empty["unfinished"] == [] and empty["last_exam"] is None and empty["days_to_exam"] is None
    assert "距考试" not in client.get("/").get_data(as_text=True)  # no exam date set: nothing shown
    chapter = client.post(
        "/api/practice", json={"mode": "order", "work": "jiangsu-cuoshi-2024", "chapter": "jiangsu-cuoshi-2024/1"}
    ).get_json()
    _answer(client, chapter["id"])
    drill = client.post("/api/practice", json={"mode": "type", "type": "judge", "count": 3}).get_json()
    _answer(client, drill["id"], "对")
    exam = client.post("/api/exams", json={"seed": 5}).get_json()
    client.put(f"/api/exams/{exam['id']}/answers/1", json={"answer": "A"})
    client.post(f"/api/exams/{exam['id']}/submit")
    app.config["EXAM_DATE"] = dt.date(2026, 12, 31)
    data = client.get("/home.json").get_json()
    # unfinished drills told apart by mode, work and chapter, and day
    ordered = next(s for s in data["unfinished"] if s["mode"] == "order")
    assert ordered["work_title"] == "关于加强社区工作者队伍建设的16条措施" and ordered["chapter_label"].startswith("一、")
    assert {s["mode"] for s in data["unfinished"]} == {"order", "type"} and all(s["day"] for s in data["unfinished"])
    assert data["last_exam"]["id"] == exam["id"] and data["last_exam"]["score"] is not None
    assert data["days_to_exam"] == 40  # 2026-11-21 (China time) to 2026-12-31
    assert data["due"]["today"] >= 0 and data["due"]["cards"] == 3  # every answered question has a review card
    assert data["wrong_book"] == client.get("/practice.json").get_json()["wrong_book"]
    jiangsu = next(w for w in data["works"] if w["work"] == "jiangsu-cuoshi-2024")
    first = next(c for c in jiangsu["chapters"] if c["ref"] == "jiangsu-cuoshi-2024/1")
    # done: the questions answered so far (the chapter's, and the drill's and the exam's if the draw fell on it)
    with app.app_context():
        from sqlalchemy import select

        from quiz.models import Attempt, QuestionRow
        from quiz.paper import question_chapter
        from web.db import get_session

        db = get_session()
        answered = set(db.scalars(select(Attempt.question_id)))
        rows = db.execute(select(QuestionRow.id, QuestionRow.refs, QuestionRow.work).where(QuestionRow.id.in_(answered)))
        in_chapter = sum(question_chapter(refs, work) == "jiangsu-cuoshi-2024/1" for _, refs, work in rows)
    assert in_chapter >= 1 and first["done"] == in_chapter and first["correct"] <= in_chapter and first["questions"] >= 1
    html = client.get("/").get_data(as_text=True)
    assert "距考试还有" in html and "40" in html and "继续上次的学习" in html and "上次模考" in html


def test_a_bad_exam_date_stops_start_up_naming_the_setting(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("POLICYKB_EXAM_DATE", "明年六月")
    monkeypatch.setenv("POLICYKB_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("POLICYKB_SECRET_KEY", "x")
    with pytest.raises(Exception, match="EXAM_DATE"):
        create_app()


def test_the_works_list_moved_to_works_and_me_links_everything(client: FlaskClient) -> None:
    assert "苏社〔2024〕52号" in client.get("/works").get_data(as_text=True)
    me = client.get("/me").get_data(as_text=True)
    for target in ("/progress", "/practice/wrong", "/practice/favourites", "/works", "/topics", "/diff", "/questions"):
        assert f'href="{target}' in me


def test_the_result_page_filters_wrong_and_blank_items_and_pages_them(client: FlaskClient) -> None:
    exam = client.post("/api/exams", json={"seed": 6}).get_json()
    for number in range(1, 31):
        client.put(f"/api/exams/{exam['id']}/answers/{number}", json={"answer": "A"})
    full = client.post(f"/api/exams/{exam['id']}/submit").get_json()
    wrong = [i["number"] for i in full["items"] if i["status"] in ("wrong", "partial")]
    data = client.get(f"/exams/{exam['id']}/result.json?show=blank").get_json()
    assert len(data["items"]) == 80  # the JSON twin keeps every item; the filter tells what the page shows
    assert {f["show"]: f["count"] for f in data["filters"]} == {"all": 80, "wrong": len(wrong), "blank": 50}
    assert data["filter"] == {"show": "blank", "page": 1, "pages": 3, "matching": 50}
    page = client.get(f"/exams/{exam['id']}/result?show=wrong").get_data(as_text=True)
    assert page.count('class="result-item ') == min(20, len(wrong)) and 'class="result-item right"' not in page
    assert f'id="r{wrong[0]}"' in page and "☆ 收藏" in page
    assert client.get(f"/exams/{exam['id']}/result?show=nonsense").status_code == 400
    assert client.get(f"/exams/{exam['id']}/result?page=9").status_code == 400
    assert client.get(f"/exams/{exam['id']}/result?page=x").status_code == 400


def test_result_view_pages_twenty_at_a_time() -> None:
    items = [{"number": n, "status": "right" if n % 2 else "blank"} for n in range(1, 46)]
    view = result_view({"items": items}, show="all", page=3)
    assert [i["number"] for i in view["page_items"]] == [41, 42, 43, 44, 45] and view["filter"]["pages"] == 3
    assert result_view({"items": []}, show="wrong")["filter"] == {"show": "wrong", "page": 1, "pages": 1, "matching": 0}


def test_every_clause_page_offers_a_practice_session_over_its_questions(client: FlaskClient) -> None:
    html = client.get("/clauses/shequ-yijian-2024/2.3").get_data(as_text=True)
    assert "练本条" in html
    started = client.post("/practice/start", data={"mode": "clause", "chapter": "shequ-yijian-2024/2.3"})
    assert started.status_code == 302
    sid = int(started.headers["Location"].rsplit("/", 1)[1])
    state = client.get(f"/api/practice/{sid}/next").get_json()
    expected = client.get("/questions.json?ref=shequ-yijian-2024/2.3").get_json()["total"]
    assert state["session"]["total"] == expected > 0 and state["session"]["mode_label"] == "练本条"
    assert any(r.startswith("shequ-yijian-2024/2.3") for r in state["question"]["refs"])  # it cites the clause


def test_favourite_wherever_a_question_shows(client: FlaskClient) -> None:
    sid = client.post("/api/practice", json={"mode": "type", "type": "single", "count": 2}).get_json()["id"]
    answered = _answer(client, sid, "D")
    qid = answered["question_id"]
    feedback = client.get(f"/practice/{sid}?a={answered['attempt_id']}").get_data(as_text=True)
    assert f'action="/questions/{qid}/favourite"' in feedback and "☆ 收藏" in feedback
    assert "☆ 收藏" in client.get(f"/questions/{qid}").get_data(as_text=True)
    assert client.get(f"/questions/{qid}.json").get_json()["favourite"] is False
    client.post(f"/questions/{qid}/favourite", data={"on": "1", "next": f"/questions/{qid}"})
    assert client.get(f"/questions/{qid}.json").get_json()["favourite"] is True
    assert "★ 已收藏" in client.get(f"/practice/{sid}?a={answered['attempt_id']}").get_data(as_text=True)
    if not answered["correct"]:
        book = client.get("/practice/wrong").get_data(as_text=True)
        assert "★ 已收藏" in book and f'action="/questions/{qid}/favourite"' in book


def test_the_wrong_book_filters_by_document_chapter_and_type(client: FlaskClient) -> None:
    for qtype in ("single", "judge"):
        sid = client.post("/api/practice", json={"mode": "type", "type": qtype, "count": 12}).get_json()["id"]
        for _ in range(12):
            q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
            key = client.get(f"/questions/{q['id']}.json").get_json()["question"]["answer"]
            wrong = next(o for o in ("A", "B", "C", "D", "正确", "错误") if o not in key and (qtype == "single") == (len(o) == 1))
            client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": wrong})
    book = client.get("/practice/wrong.json").get_json()
    assert book["total"] == 24 and len(book["items"]) == 24
    assert {f["value"]: f["count"] for f in book["facets"]["type"]} == {"single": 12, "judge": 12}
    work = book["facets"]["work"][0]
    by_work = client.get(f"/practice/wrong.json?work={work['value']}").get_json()
    assert len(by_work["items"]) == work["count"] and all(i["question"]["work"] == work["value"] for i in by_work["items"])
    chapter = by_work["facets"]["chapter"][0]
    by_chapter = client.get(f"/practice/wrong.json?work={work['value']}&chapter={chapter['value']}&type=judge").get_json()
    assert all(i["question"]["type"] == "judge" for i in by_chapter["items"])
    assert all(i["question"]["refs"][0].startswith(chapter["value"]) for i in by_chapter["items"])
    assert client.get("/practice/wrong?type=essay").status_code == 400
    html = client.get("/practice/wrong?type=judge").get_data(as_text=True)
    assert "练这 12 题" in html and 'name="type" value="judge"' in html


def test_cloze_accepts_an_answer_typed_without_its_punctuation_and_tells_its_length(client: FlaskClient) -> None:
    sid = client.post("/api/practice", json={"mode": "type", "type": "cloze", "count": 30}).get_json()["id"]
    for _ in range(30):
        q = client.get(f"/api/practice/{sid}/next").get_json()["question"]
        if q is None:
            break
        key = client.get(f"/questions/{q['id']}.json").get_json()["question"]["answer"][0]
        assert q["answer_length"] == len("".join(ch for ch in key if ch.isalnum() or ch in ".-"))
        typed = " ".join(key.replace("、", "").replace("，", ""))  # a phone keyboard's spaces, no list marks
        result = client.post(f"/api/practice/{sid}/answer", json={"question_id": q["id"], "answer": typed}).get_json()
        assert result["correct"], (key, typed)


def test_a_drill_has_an_answer_sheet_a_previous_question_and_jumps(client: FlaskClient) -> None:
    sid = client.post("/api/practice", json={"mode": "type", "type": "single", "count": 3}).get_json()["id"]
    first = _answer(client, sid, "A")
    page = client.get(f"/practice/{sid}").get_data(as_text=True)
    assert "答题卡" in page and f'href="/practice/{sid}?at=0"' in page and "← 上一题" in page
    jumped = client.get(f"/practice/{sid}?at=2").get_data(as_text=True)  # the third question, before the second
    third = re.search(r'name="question_id" value="([^"]+)"', jumped).group(1)
    assert "第 3/3 题" in jumped and third != first["question_id"]
    client.post(f"/practice/{sid}/answer", data={"question_id": third, "answer": "B"})
    current = client.get(f"/api/practice/{sid}/next").get_json()
    assert current["session"]["position"] == 1 and current["session"]["answered"] == 2  # back where the drill was
    _answer(client, sid, "C")
    assert client.get(f"/api/practice/{sid}/next").get_json()["session"]["finished"]  # the third was answered already
    again = client.get(f"/practice/{sid}?at=0").get_data(as_text=True)  # an answered question shows its feedback
    assert ("答对了" in again or "答错了" in again) and "正确答案" in again and 'name="answer"' not in again
    assert client.get(f"/practice/{sid}?at=7").status_code == 400
    assert client.get(f"/practice/{sid}?at=x").status_code == 400


def test_a_trainer_assembles_a_paper_by_picking_work_chapter_type_and_difficulty(client: FlaskClient) -> None:
    found = client.get("/papers?work=jiangsu-cuoshi-2024&chapter=jiangsu-cuoshi-2024/2&type=single").get_data(as_text=True)
    picks = re.findall(r'name="pick" value="([^"]+)"', found)
    assert picks
    bank = client.get("/questions.json?work=jiangsu-cuoshi-2024&type=single&ref=jiangsu-cuoshi-2024/2").get_json()
    assert set(picks) == {q["id"] for q in bank["questions"]}
    hard = client.get("/papers?work=jiangsu-cuoshi-2024&difficulty=5").get_data(as_text=True)
    hard_ids = re.findall(r'name="pick" value="([^"]+)"', hard)
    assert all(client.get(f"/questions/{q}.json").get_json()["question"]["difficulty"] == 5 for q in hard_ids)
    added = client.post("/papers", data={"action": "add", "pick": picks[:2], "ids": "", "title": ""})
    assert added.status_code == 200 and "已选 2 题" in added.get_data(as_text=True)
    saved = client.post("/papers", data={"action": "save", "pick": picks[2:3], "ids": "\n".join(picks[:2]), "title": "挑的卷"})
    assert saved.status_code == 302
    paper = client.get(saved.headers["Location"] + ".json").get_json()
    assert [q["id"] for q in paper["questions"]] == picks[:3]
    assert client.get("/papers?type=judge").status_code == 400 and client.get("/papers?difficulty=hard").status_code == 400


def test_unfinished_drills_are_told_apart_by_mode_work_chapter_and_day(client: FlaskClient) -> None:
    client.post("/api/practice", json={"mode": "order", "work": "jiangsu-cuoshi-2024", "chapter": "jiangsu-cuoshi-2024/2"})
    client.post("/api/practice", json={"mode": "type", "type": "judge", "count": 3})
    html = client.get("/practice").get_data(as_text=True)
    resume = html.split("继续上次的练习")[1].split("</ul>")[0]
    assert "按章节顺序" in resume and "二、" in resume and "按题型练习 · 判断题 · 全部文件" in resume
    assert "jiangsu-cuoshi-2024" not in resume.replace('href="/practice/', "")  # names, not slugs
    sessions = client.get("/practice.json").get_json()["sessions"]
    assert all(s["day"] and s["updated_at"] for s in sessions)
