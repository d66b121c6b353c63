"""The bank in the app: pages and JSON twins, 纠错, trainer edits kept across rebuilds, exports parsed back."""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import update

from quiz.bank import build_bank, get_question
from quiz.export import XLSX_HEADER, to_gift
from quiz.models import QuestionEdit
from quiz.review import edit_question, question_data, select_questions
from tests.conftest import NOW
from web.db import get_session


def _first(client: FlaskClient, **params: str) -> dict:
    data = client.get("/questions.json", query_string=params).get_json()
    return data["questions"][0]


def test_bank_json_filters_and_summary(client: FlaskClient) -> None:
    data = client.get("/questions.json").get_json()
    assert data["summary"]["total"] >= 165 and data["total"] == data["summary"]["total"]  # the bank after the gates and the mix
    multi = client.get("/questions.json", query_string={"type": "multi", "work": "jiangsu-cuoshi-2024"}).get_json()
    assert multi["total"] > 0 and all(q["type"] == "multi" and q["work"] == "jiangsu-cuoshi-2024" for q in multi["questions"])
    by_clause = client.get("/questions.json", query_string={"ref": "shequ-yijian-2024/2.3"}).get_json()
    assert by_clause["total"] >= 2 and all(
        any(r.startswith("shequ-yijian-2024/2.3") for r in q["refs"]) for q in by_clause["questions"]
    )
    assert client.get("/questions.json", query_string={"type": "essay"}).status_code == 400
    assert "题库" in client.get("/questions").get_data(as_text=True)


def test_question_page_shows_source_and_key(client: FlaskClient) -> None:
    q = _first(client, ref="shequ-yijian-2024/2.3", type="single")
    data = client.get(f"/questions/{q['id']}.json").get_json()
    assert data["question"]["stem"] == q["stem"]
    assert data["sources"][0]["ref"].startswith("shequ-yijian-2024/2.3")
    html = client.get(f"/questions/{q['id']}").get_data(as_text=True)
    assert "看答案与解析" in html and "出处" in html and "<mark" in html
    assert client.get("/questions/qnope.json").status_code == 404


def test_report_then_trainer_fixes_the_key_and_a_rebuild_keeps_it(app: Flask, client: FlaskClient) -> None:
    q = _first(client, type="single", work="shequ-yijian-2024")
    resp = client.post(f"/questions/{q['id']}/report", data={"reason": "wrong_key", "note": "答案应为另一项"})
    assert resp.status_code == 302
    assert client.post(f"/questions/{q['id']}/report", data={"reason": "nonsense"}).status_code == 400
    queue = client.get("/review.json").get_json()["queue"]
    assert [item["question"]["id"] for item in queue] == [q["id"]]
    new_key = next(letter for letter in "ABCD" if letter not in q["answer"])
    form = {
        "action": "save",
        "stem": q["stem"] + "（已核对）",
        "answer": new_key,
        "explanation": "培训师改正：见原文。",
        "difficulty": "4",
    }
    form.update({f"option_{letter}": text for letter, text in zip("ABCD", q["options"], strict=True)})
    assert client.post(f"/review/{q['id']}", data=form).status_code == 302
    fixed = client.get(f"/questions/{q['id']}.json").get_json()
    assert fixed["question"]["answer"] == [new_key] and fixed["question"]["edited"]
    assert fixed["reports"][0]["status"] == "fixed"
    assert client.get("/review.json").get_json()["queue"] == []
    # a bad edit is refused with a message and changes nothing
    bad = {**form, "answer": ""}
    resp = client.post(f"/review/{q['id']}", data=bad)
    assert resp.status_code == 400 and "单选题必须恰好有 1 个正确答案" in resp.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        build_bank(session, now=NOW)  # the generators make the original question again …
        session.commit()
        row = get_question(session, q["id"])
        assert row.answer == [new_key] and row.stem.endswith("（已核对）") and row.origin == "edited"  # … the edit wins


def test_retire_and_restore(client: FlaskClient) -> None:
    q = _first(client, type="judge")
    client.post(f"/review/{q['id']}", data={"action": "retire", "note": "表述过时"})
    assert client.get(f"/questions/{q['id']}.json").get_json()["question"]["status"] == "retired"
    ids = [x["id"] for x in client.get("/questions.json", query_string={"type": "judge"}).get_json()["questions"]]
    assert q["id"] not in ids
    client.post(f"/review/{q['id']}", data={"action": "restore"})
    assert client.get(f"/questions/{q['id']}.json").get_json()["question"]["status"] == "active"


def test_an_edited_question_survives_when_its_generator_stops_making_it(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        row = get_question(session, select_questions(session, types=["cloze"])[0]["id"])
        edit_question(session, row.id, {**question_data(row), "answer": ["改过的答案"]}, editor="t", now=NOW)
        session.commit()
        # pretend the corpus changed so that this id is no longer generated
        session.execute(update(QuestionEdit).where(QuestionEdit.question_id == row.id).values(question_id="qgone0000000"))
        edit = session.get(QuestionEdit, "qgone0000000")
        assert edit is not None
        edit.data = {**edit.data, "_question": {**edit.data["_question"], "id": "qgone0000000"}}
        session.commit()
        build_bank(session, now=NOW)
        session.commit()
        kept = get_question(session, "qgone0000000")
        assert kept.answer == ["改过的答案"] and kept.meta.get("orphan")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "docx-key", "moodle", "gift", "apkg", "jsonl"])
def test_web_export_downloads(client: FlaskClient, fmt: str) -> None:
    resp = client.get(
        "/export/questions", query_string={"format": fmt, "work": "jiangsu-cuoshi-2024", "type": ["single", "multi"]}
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert "attachment" in resp.headers["Content-Disposition"]
    assert int(resp.headers["X-Question-Count"]) > 10
    assert client.get("/export").status_code == 200


def test_cli_export_questions_round_trips(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = runner.invoke(args=["export", "questions", "--work", "shequ-yijian-2024"])
    assert out.exit_code == 0
    records = [json.loads(line) for line in out.output.splitlines() if line.strip()]
    assert records and {
        "id",
        "type",
        "stem",
        "options",
        "answer",
        "explanation",
        "refs",
        "evidence",
        "difficulty",
        "tags",
        "generator",
    } <= set(records[0])
    assert all(r["work"] == "shequ-yijian-2024" for r in records)
    n = len(records)

    xlsx = tmp_path / "q.xlsx"
    assert (
        runner.invoke(args=["export", "questions", "--format", "xlsx", "-o", str(xlsx), "--work", "shequ-yijian-2024"]).exit_code
        == 0
    )
    ws = load_workbook(xlsx)["题库"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == XLSX_HEADER and len(rows) == n + 1
    by_id = {r["id"]: r for r in records}
    for row in rows[1:]:
        rec = by_id[row[0]]
        assert row[1] == rec["stem"] and row[11] == rec["difficulty"]
        if rec["type"] in ("single", "multi"):
            assert row[8] == "".join(rec["answer"]) and [c for c in row[3:8] if c] == rec["options"]

    paper = tmp_path / "paper.docx"
    assert (
        runner.invoke(
            args=["export", "questions", "--format", "docx", "-o", str(paper), "--type", "single", "--type", "multi"]
        ).exit_code
        == 0
    )
    text = "\n".join(p.text for p in Document(str(paper)).paragraphs)
    key = "\n".join(p.text for p in Document(str(tmp_path / "paper-答案.docx")).paragraphs)
    assert "单项选择题" in text and "多项选择题" in text and "答案：" not in text
    assert len(re.findall(r"^\d+\. 答案：", key, flags=re.M)) == len(re.findall(r"^\d+\. ", text, flags=re.M))

    moodle = tmp_path / "q.xml"
    assert (
        runner.invoke(
            args=["export", "questions", "--format", "moodle", "-o", str(moodle), "--work", "shequ-yijian-2024"]
        ).exit_code
        == 0
    )
    root = ET.parse(moodle).getroot()
    questions = [el for el in root.findall("question") if el.get("type") != "category"]
    assert len(questions) == n
    for el in questions:
        rec = by_id[el.findtext("idnumber") or ""]
        if rec["type"] == "multi":
            fractions = [float(a.get("fraction") or 0) for a in el.findall("answer")]
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
            assert sum(f < 0 for f in fractions) == 5 - len(rec["answer"])
    assert "多选题" in moodle.read_text(encoding="utf-8")  # the partial-credit note

    apkg = tmp_path / "deck.apkg"
    assert (
        runner.invoke(args=["export", "questions", "--format", "apkg", "-o", str(apkg), "--work", "shequ-yijian-2024"]).exit_code
        == 0
    )
    with zipfile.ZipFile(apkg) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.anki2")
    notes = con.execute("select guid, flds from notes").fetchall()
    con.close()
    assert {g for g, _ in notes} == set(by_id)
    assert all(f.split("\x1f")[4] == g for g, f in notes)

    assert runner.invoke(args=["export", "questions", "--format", "xlsx"]).exit_code != 0  # binary needs -o
    assert "没有符合条件的题目" in runner.invoke(args=["export", "questions", "--work", "nope"]).output


def _parse_gift(text: str) -> list[dict]:
    """A small GIFT reader for the subset we write: ::id::stem {answers ####feedback}."""
    out = []
    for block in text.split("\n\n"):
        block = block.strip()
        if not block or block.startswith(("//", "$CATEGORY:")):
            continue
        m = re.match(r"::(?P<id>.+?)::(?P<stem>.*?) \{(?P<body>.*)\}$", block, flags=re.S)
        assert m, block
        body, _, feedback = m.group("body").partition("####")
        answers = re.findall(r"(?<!\\)([=~])(%-?[\d.]+%)?((?:\\.|[^=~\\])*)", body)
        out.append(
            {
                "id": m.group("id"),
                "stem": m.group("stem").replace("\\", ""),
                "answers": answers,
                "body": body.strip(),
                "feedback": feedback,
            }
        )
    return out


def test_gift_parses_back(app: Flask) -> None:
    with app.app_context():
        records = select_questions(get_session(), work="chifeng-fangan-2020")
    parsed = {p["id"]: p for p in _parse_gift(to_gift(records, {}))}
    assert set(parsed) == {r["id"] for r in records}
    for r in records:
        p = parsed[r["id"]]
        assert p["stem"] == r["stem"].replace("\\", "")
        if r["type"] == "single":
            right = [a[2].strip().replace("\\", "") for a in p["answers"] if a[0] == "="]
            assert right == [r["options"]["ABCD".index(r["answer"][0])]]
        elif r["type"] == "judge":
            assert p["body"].split()[0] == ("TRUE" if r["answer"] == ["正确"] else "FALSE")


def test_the_trainer_analysis_page_and_its_json_twin(client: FlaskClient) -> None:
    data = client.get("/analyse/shequ-yijian-2024/2.3.json").get_json()
    assert data["work"]["slug"] == "shequ-yijian-2024"
    lists = data["analysis"]["lists"]
    hired = next(lst for lst in lists if lst["lead_in"] and lst["lead_in"]["text"] == "积极吸纳")
    assert [i["text"] for i in hired["items"]] == ["高等学校毕业生", "退役军人", "社会工作专业人才"]
    page = client.get("/analyse/shequ-yijian-2024/2.3")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "条款分析" in html and "退役军人" in html and "<table" not in html
    clause = client.get("/clauses/shequ-yijian-2024/2.3").get_data(as_text=True)
    assert "/analyse/shequ-yijian-2024/2.3" in clause
    assert client.get("/analyse/shequ-yijian-2024/9.99.json").status_code == 404
