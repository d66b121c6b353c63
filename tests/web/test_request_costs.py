"""What a request costs where candidates wait: a fixed, small number of queries, not one per item or chapter.

Speed itself is measured by scripts/bench_load.py; these tests pin the work a request does, which
a change could silently multiply again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select, text

from kb.search import SearchIndex
from quiz.bank import list_questions, question_pool
from quiz.models import Attempt, Favourite, ReviewCard, ReviewLogRow, User, WrongItem
from tests.conftest import NOW
from web.db import get_session


@contextmanager
def counted(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    engine = app.extensions["policykb.engine"]
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


@contextmanager
def under_the_write_lock(app: Flask) -> Iterator[list[str]]:
    """The statements run while a request holds its user's lock: from taking it (SQLite: ``BEGIN IMMEDIATE``, the whole
    database's one write lock; PostgreSQL: the user's row, ``FOR NO KEY UPDATE``) to the commit."""
    engine = app.extensions["policykb.engine"]
    held: list[str] = []
    state = {"locked": False}

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if state["locked"]:
            held.append(statement)
        state["locked"] = state["locked"] or statement.startswith("BEGIN IMMEDIATE") or "FOR NO KEY UPDATE" in statement

    def commit(_conn: Any) -> None:
        state["locked"] = False

    event.listen(engine, "before_cursor_execute", note)
    event.listen(engine, "commit", commit)
    try:
        yield held
    finally:
        event.remove(engine, "before_cursor_execute", note)
        event.remove(engine, "commit", commit)


def _reads(statements: list[str]) -> list[str]:
    return [m[1] for s in statements if s.lstrip().upper().startswith("SELECT") and (m := re.search(r"\bFROM\s+(\w+)", s))]


def test_an_answer_and_a_save_hold_the_write_lock_only_for_what_other_answers_change(app: Flask, client: FlaskClient) -> None:
    sid = client.post("/api/practice", json={"mode": "random", "count": 3}).get_json()["id"]
    question = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    body = {"question_id": question["id"], "answer": "A" if question["type"] != "cloze" else "x", "request_id": "k1"}
    with under_the_write_lock(app) as held:
        answered = client.post(f"/api/practice/{sid}/answer", json=body).get_json()
    assert answered["sources"] and held
    # the question answered and the clauses it cites are read before: only the next question is read under the lock
    assert "clause" not in _reads(held) and _reads(held).count("question") <= 1, _reads(held)
    sitting = client.post("/api/exams", json={"seed": 5}).get_json()
    with under_the_write_lock(app) as held:
        saved = client.put(f"/api/exams/{sitting['id']}/answers/3", json={"answer": _answer(sitting["items"][2])})
    assert saved.status_code == 200 and held
    assert not [s for s in held if "exam_sitting.items" in s], held  # the item of the paper, read before the lock


def test_an_exam_result_looks_up_the_cited_clauses_of_all_80_items_at_once(app: Flask, client: FlaskClient) -> None:
    sitting = client.post("/api/exams", json={"seed": 7}).get_json()
    assert client.post(f"/api/exams/{sitting['id']}/submit").status_code == 200
    with counted(app) as statements:
        result = client.get(f"/api/exams/{sitting['id']}/result").get_json()
    assert len(result["items"]) == 80 and all(item["sources"] for item in result["items"])
    assert all(s["title"] != "（已不在当前语料中）" for item in result["items"] for s in item["sources"])
    assert len(statements) < 15, len(statements)  # was three per item


def test_the_drill_menu_costs_a_few_queries_whatever_the_number_of_chapters(app: Flask, client: FlaskClient) -> None:
    with counted(app) as statements:
        data = client.get("/practice.json").get_json()
    chapters = [c for work in data["outline"] for c in work["chapters"]]
    assert len(chapters) > 20
    assert all(c["label"] != c["ref"] for c in chapters)  # every chapter named by its clause
    with app.app_context():
        assert sum(c["count"] for c in chapters) == len(list_questions(get_session())[0])
    assert len(statements) < 20, len(
        statements
    )  # was three per chapter (now a constant: the menu also counts due cards, 错题本, favourites)


def test_a_question_pool_is_the_bank_filtered_the_same_way_without_the_questions_text(app: Flask) -> None:
    with app.app_context():
        db = get_session()
        rows, _ = list_questions(db)
        work, ref = rows[0].work, rows[0].refs[0].split(".")[0]
        for filters in ({}, {"work": work}, {"type": "multi"}, {"work": work, "ref": ref}):
            assert [e.id for e in question_pool(db, **filters)] == [r.id for r in list_questions(db, **filters)[0]]


def test_a_page_of_results_asked_for_again_comes_from_the_opened_index_memory(search_index: SearchIndex) -> None:
    first = search_index.search("借调", page=1)
    assert search_index.search("借调", page=1) is first
    assert search_index.search("借调", page=1, filters={"level": ["provincial"]}) is not first
    assert search_index.search("借调", page=2) is not first
    assert search_index.search("借调", page=1, filters={"level": ["provincial"]}).total < first.total
    afresh = SearchIndex(search_index.path, search_index.vocab, recent_results=0)  # what scripts/bench_search.py times
    try:
        again = afresh.search("借调", page=1)
        assert afresh.search("借调", page=1) is not again and again == first
    finally:
        afresh.close()


def test_the_drill_menu_and_the_wrong_book_read_their_questions_at_once(app: Flask, client: FlaskClient) -> None:
    client.get("/practice.json")  # the local profile exists from here on
    with app.app_context():
        db = get_session()
        user_id = db.scalars(select(User)).one().id
        rows, _ = list_questions(db)
        for row in rows[:40]:
            db.add(WrongItem(user_id=user_id, question_id=row.id, wrong_count=1, right_streak=0, added_at=NOW, last_wrong_at=NOW))
            db.add(Favourite(user_id=user_id, question_id=row.id, created_at=NOW))
        db.commit()
    with counted(app) as statements:
        menu = client.get("/practice.json").get_json()
        wrong = client.get("/practice/wrong.json").get_json()
        starred = client.get("/practice/favourites.json").get_json()
    assert menu["wrong_book"] == menu["favourites"] == 40
    assert (
        {i["question"]["id"] for i in wrong["items"]}
        == {i["question"]["id"] for i in starred["items"]}
        == {r.id for r in rows[:40]}
    )
    assert len(statements) < 40, len(statements)  # was one question lookup per entry, on each of the three pages


def test_handing_in_reads_the_papers_questions_and_review_cards_at_once(app: Flask, client: FlaskClient) -> None:
    for _ in range(2):  # the same paper twice: the second hand-in finds every review card already there
        sitting = client.post("/api/exams", json={"seed": 11}).get_json()
        for item in sitting["items"]:
            answer = "A" if item["type"] == "single" else ["A", "B"]
            assert client.put(f"/api/exams/{sitting['id']}/answers/{item['number']}", json={"answer": answer}).status_code == 200
        with counted(app) as statements:
            result = client.post(f"/api/exams/{sitting['id']}/submit").get_json()
        assert result["submitted_by"] == "candidate" and len(result["items"]) == 80
    with app.app_context():
        db = get_session()
        assert db.scalar(select(func.count()).select_from(Attempt).where(Attempt.source == "exam")) == 160
        assert db.scalar(select(func.count()).select_from(ReviewCard)) == 80
    reads = [m[1] for s in statements if s.lstrip().upper().startswith("SELECT") and (m := re.search(r"\bFROM\s+(\w+)", s))]
    assert reads.count("question") <= 2, reads.count("question")  # was one per item
    assert reads.count("review_card") <= 2, reads.count("review_card")  # was one per item


def _answer(item: dict[str, Any]) -> str | list[str]:
    return "A" if item["type"] == "single" else ["A", "B"]


def test_a_save_reads_the_one_item_it_answers_not_the_whole_paper(app: Flask, client: FlaskClient) -> None:
    sitting = client.post("/api/exams", json={"seed": 5}).get_json()
    with counted(app) as statements:
        saved = [
            client.put(f"/api/exams/{sitting['id']}/answers/{n}", json={"answer": _answer(sitting["items"][n - 1])})
            for n in (1, 80)
        ]
        beyond = client.put(f"/api/exams/{sitting['id']}/answers/81", json={"answer": "A"})
    assert [r.status_code for r in saved] == [200, 200] and saved[1].get_json()["answered"] == 2
    assert beyond.status_code == 400 and "没有第 81 题" in beyond.get_json()["error"]
    # the paper is 80 question snapshots (~100 KB): a save reads its item's type and options in SQL, never the column
    whole = re.compile(r"(?<![(\w])exam_sitting\.(items|result)\b(?!\s*->)")
    assert not [s for s in statements if whole.search(s)], [s[:120] for s in statements if whole.search(s)]
    # and the count of answered items it reports is counted in SQL, not by decoding every saved answer
    assert not [s for s in statements if re.match(r"\s*SELECT exam_answer\.given\b", s)], statements
    state = client.get(f"/api/exams/{sitting['id']}").get_json()
    assert [i["given"] for i in state["items"] if i["given"]] == [
        [_answer(sitting["items"][0])],
        sorted(_answer(sitting["items"][79])),
    ]


def test_a_hand_in_appends_its_80_attempts_and_review_logs_in_one_statement_each(app: Flask, client: FlaskClient) -> None:
    sitting = client.post("/api/exams", json={"seed": 13}).get_json()
    for item in sitting["items"]:
        assert (
            client.put(f"/api/exams/{sitting['id']}/answers/{item['number']}", json={"answer": _answer(item)}).status_code == 200
        )
    with counted(app) as statements:
        result = client.post(f"/api/exams/{sitting['id']}/submit").get_json()
    inserts = [m[1] for s in statements if (m := re.match(r"\s*INSERT INTO (\w+)", s))]
    assert inserts.count("attempt") == 1 and inserts.count("review_log") == 1, inserts  # was 80 of each
    assert len(statements) < 60, len(statements)  # was about 470
    with app.app_context():
        db = get_session()
        attempts = list(db.scalars(select(Attempt).where(Attempt.session_id == sitting["id"]).order_by(Attempt.id)))
        logs = db.scalar(select(func.count()).select_from(ReviewLogRow))
    assert [a.question_id for a in attempts] == [i["id"] for i in sitting["items"]]  # in the paper's order
    assert [a.correct for a in attempts] == [i["status"] == "right" for i in result["items"]]
    assert logs == 80


def test_json_columns_are_stored_as_utf8_text_not_escapes(app: Flask, client: FlaskClient) -> None:
    sitting = client.post("/api/exams", json={"seed": 3}).get_json()
    with app.app_context():
        db = get_session()
        cast = "::text" if db.get_bind().dialect.name == "postgresql" else ""
        stored = db.execute(text(f"SELECT items{cast} FROM exam_sitting WHERE id = :id"), {"id": sitting["id"]}).scalar_one()
    assert sitting["items"][0]["stem"][:8] in stored and "\\u" not in stored  # a third of the bytes to read on each view


def test_an_answer_reads_its_citations_with_their_works_and_its_repeat_key_with_the_sessions_answers(
    app: Flask, client: FlaskClient
) -> None:
    sid = client.post("/api/practice", json={"mode": "random", "count": 3}).get_json()["id"]
    question = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    body = {"question_id": question["id"], "answer": "A" if question["type"] != "cloze" else "x", "request_id": "k1"}
    with counted(app) as statements:
        first = client.post(f"/api/practice/{sid}/answer", json=body).get_json()
    again = client.post(f"/api/practice/{sid}/answer", json=body).get_json()
    assert again["attempt_id"] == first["attempt_id"] and first["sources"][0]["title"].startswith(("《", "中共"))
    reads = _reads(statements)
    assert "witness" not in reads, reads  # a citation names the clause and its work, never its witness
    assert reads.count("attempt") == 1, reads  # the key's first answer and the session's answers: one query
    assert len(statements) <= 16, len(statements)  # was 19


def test_the_next_question_reads_its_session_with_the_star_and_the_question_only_once_per_bank_version(
    app: Flask, client: FlaskClient
) -> None:
    sid = client.post("/api/practice", json={"mode": "random", "count": 3}).get_json()["id"]
    first = client.get(f"/api/practice/{sid}/next").get_json()
    with counted(app) as statements:
        again = client.get(f"/api/practice/{sid}/next").get_json()
    assert again == first
    reads = [m[1] for s in statements if (m := re.search(r"\bFROM\s+(\w+)", s))]
    assert "question" not in reads and "favourite" not in reads, reads  # the question kept; its star read with the session
    assert len(statements) <= 2, statements  # the user, then the session with the bank's version and the star (was 4)


def test_a_search_reads_one_statement_its_user_with_the_corpus_hash(app: Flask, client: FlaskClient) -> None:
    first = client.get("/search.json", query_string={"q": "借调"}).get_json()
    with counted(app) as statements:
        again = client.get("/search.json", query_string={"q": "借调"}).get_json()
    assert again["total"] == first["total"] > 0 and again["index_state"] == "fresh"
    assert len(statements) == 1 and "app_user" in statements[0] and "build_info" in statements[0], statements  # was 2


def test_a_hand_in_is_worked_out_before_the_write_lock_and_only_checked_and_written_under_it(
    app: Flask, client: FlaskClient
) -> None:
    sitting = client.post("/api/exams", json={"seed": 17}).get_json()
    for item in sitting["items"][:40]:
        assert (
            client.put(f"/api/exams/{sitting['id']}/answers/{item['number']}", json={"answer": _answer(item)}).status_code == 200
        )
    with under_the_write_lock(app) as held:
        result = client.post(f"/api/exams/{sitting['id']}/submit").get_json()
    assert result["submitted_by"] == "candidate" and sum(1 for i in result["items"] if i["given"]) == 40 and held
    reads = _reads(held)
    # the questions, the paper and the cards' FSRS state are read before: under the lock only the saved answers and
    # what the review state was worked out from (review counts, 错题本 counts) are read again, then written
    assert "question" not in reads and not [s for s in held if re.search(r"exam_sitting\.items\b", s)], reads
    assert not [s for s in held if re.search(r"review_card\.card\b", s) and s.lstrip().upper().startswith("SELECT")], held
    assert set(reads) <= {"app_user", "exam_sitting", "exam_answer", "review_card", "wrong_item"}, reads


def test_a_sittings_paper_is_decoded_once_per_worker_not_on_every_view_save_and_hand_in(app: Flask, client: FlaskClient) -> None:
    sitting = client.post("/api/exams", json={"seed": 19}).get_json()
    with counted(app) as statements:
        view = client.get(f"/api/exams/{sitting['id']}").get_json()
        saved = client.put(f"/api/exams/{sitting['id']}/answers/2", json={"answer": _answer(sitting["items"][1])})
        result = client.post(f"/api/exams/{sitting['id']}/submit").get_json()
        again = client.get(f"/api/exams/{sitting['id']}/result").get_json()
    assert [i["stem"] for i in view["items"]] == [i["stem"] for i in sitting["items"]] and saved.status_code == 200
    assert [i["number"] for i in result["items"] if i["given"]] == [2] and again["total"] == result["total"]
    # the paper this worker wrote when the sitting started: no statement reads it back, not even one item of it
    assert not [s for s in statements if re.search(r"exam_sitting\.items\b", s)], [s[:120] for s in statements]
    fresh = app.test_client()  # what another worker, which keeps nothing of it, still reads right
    fresh.set_cookie("session", client.get_cookie("session").value)  # type: ignore[union-attr]
    app.extensions["policykb.papers"] = type(app.extensions["policykb.papers"])()
    assert fresh.get(f"/api/exams/{sitting['id']}/result").get_json()["items"] == again["items"]


def test_citations_are_named_once_per_bank_version_for_answers_and_results(app: Flask, client: FlaskClient) -> None:
    sitting = client.post("/api/exams", json={"seed": 23}).get_json()
    handed_in = client.post(f"/api/exams/{sitting['id']}/submit").get_json()  # names the 80 items' citations
    sid = client.post("/api/practice", json={"mode": "random", "count": 3}).get_json()["id"]
    question = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    body = {"question_id": question["id"], "answer": "A" if question["type"] != "cloze" else "x", "request_id": "c1"}
    first = client.post(f"/api/practice/{sid}/answer", json=body).get_json()
    again_sid = client.post("/api/practice", json={"mode": "random", "count": 3}).get_json()["id"]
    with app.test_request_context():
        db = get_session()
        from quiz.models import PracticeSession

        practice = db.get(PracticeSession, again_sid)
        assert practice is not None
        practice.queue = [question["id"]]  # the same question in a second drill
        db.commit()
    with counted(app) as statements:
        result = client.get(f"/api/exams/{sitting['id']}/result").get_json()
        second = client.post(f"/api/practice/{again_sid}/answer", json=body | {"request_id": "c2"}).get_json()
    assert [i["sources"] for i in result["items"]] == [i["sources"] for i in handed_in["items"]]
    assert second["sources"] == first["sources"] and second["attempt_id"] != first["attempt_id"]
    assert "clause" not in _reads(statements), _reads(statements)  # was one query of the clauses on each
