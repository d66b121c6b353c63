"""Every answer is stored exactly once, whatever the timing: threads against a real server, rows counted.

Each test fires identical or interleaved requests at once (a double tap, six starts, saves racing a
hand-in) at the app served on a free loopback port, on SQLite and on PostgreSQL, then counts rows.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

import quiz.exam
from quiz.models import Attempt, ExamAnswer, ExamSitting, Favourite, ReviewCard, ReviewLogRow


class Browser:
    """One person's cookies and CSRF token, shared by the threads that play their taps."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(base_url + "/exams").read().decode()
        match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
        assert match, "the page carries its CSRF token"
        self.token = match.group(1)

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": "application/json", "X-CSRF-Token": self.token}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                return exc.code, json.loads(raw)
            except ValueError:
                return exc.code, raw.decode(errors="replace")


def at_once(calls: list[Callable[[], tuple[int, Any]]]) -> list[tuple[int, Any]]:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[int, Any] | None] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(r is not None for r in results), "every request was answered"
    return [r for r in results if r is not None]


def _count(app: Flask, *where: Any, table: Any) -> int:
    with app.extensions["policykb.sessionmaker"]() as db:
        return int(db.scalar(select(func.count()).select_from(table).where(*where)) or 0)


def _practice(browser: Browser) -> tuple[int, dict[str, Any]]:
    status, state = browser.call("POST", "/api/practice", {"mode": "random", "type": "single", "count": 5})
    assert status == 201
    status, nxt = browser.call("GET", f"/api/practice/{state['id']}/next")
    return state["id"], nxt["question"]


@pytest.mark.parametrize("with_key", [True, False], ids=["request_id", "no-key"])
def test_a_double_tapped_answer_is_stored_once_and_reviews_the_card_once(app: Flask, base_url: str, with_key: bool) -> None:
    browser = Browser(base_url)
    sid, question = _practice(browser)
    body: dict[str, Any] = {"question_id": question["id"], "answer": "A", "elapsed_ms": 20000}
    if with_key:
        body["request_id"] = "tap-7Hq2_x"
    results = at_once([lambda: browser.call("POST", f"/api/practice/{sid}/answer", body)] * 6)
    assert [status for status, _ in results] == [200] * 6, results
    first = results[0][1]
    assert {r["attempt_id"] for _, r in results} == {first["attempt_id"]}  # every repeat returns the first result
    assert all(r["correct"] == first["correct"] and r["session"]["position"] == 1 for _, r in results)
    assert _count(app, Attempt.question_id == question["id"], table=Attempt) == 1
    assert _count(app, ReviewLogRow.question_id == question["id"], table=ReviewLogRow) == 1
    with app.extensions["policykb.sessionmaker"]() as db:
        card = db.scalars(select(ReviewCard).where(ReviewCard.question_id == question["id"])).one()
        assert card.reps == 1
    _, again = browser.call("GET", f"/api/practice/{sid}/next")
    assert again["session"]["answered"] == 1 and again["session"]["position"] == 1


def test_a_request_id_repeated_later_returns_the_first_result(base_url: str, app: Flask) -> None:
    browser = Browser(base_url)
    sid, question = _practice(browser)
    body = {"question_id": question["id"], "answer": "B", "request_id": "k-1"}
    status, first = browser.call("POST", f"/api/practice/{sid}/answer", body)
    assert status == 200
    status, nxt = browser.call("GET", f"/api/practice/{sid}/next")
    second_body = {"question_id": nxt["question"]["id"], "answer": "C", "request_id": "k-2"}
    assert browser.call("POST", f"/api/practice/{sid}/answer", second_body)[0] == 200
    status, repeat = browser.call("POST", f"/api/practice/{sid}/answer", body)  # a retry of the first tap, arriving late
    assert status == 200 and repeat["attempt_id"] == first["attempt_id"] and repeat["given"] == ["B"]
    assert repeat["session"]["answered"] == 2
    assert _count(app, table=Attempt) == 2
    for bad in ("", "x" * 65, "a b", "键", 7):
        status, error = browser.call("POST", f"/api/practice/{sid}/answer", body | {"request_id": bad})
        assert status == 400 and "request_id" in error["error"], bad


def test_simultaneous_starts_open_one_running_sitting(app: Flask, base_url: str) -> None:
    browser = Browser(base_url)
    results = at_once([lambda: browser.call("POST", "/api/exams", {})] * 6)
    assert {status for status, _ in results} <= {200, 201}, results
    assert len({r["id"] for _, r in results}) == 1
    assert _count(app, ExamSitting.submitted_at.is_(None), table=ExamSitting) == 1


def test_colliding_first_inserts_never_fail(app: Flask, base_url: str) -> None:
    browser = Browser(base_url)
    status, exam = browser.call("POST", "/api/exams", {"seed": 5})
    assert status == 201
    saves = at_once([lambda: browser.call("PUT", f"/api/exams/{exam['id']}/answers/1", {"answer": "A"})] * 6)
    assert [s for s, _ in saves] == [200] * 6, saves
    assert _count(app, ExamAnswer.sitting_id == exam["id"], table=ExamAnswer) == 1
    qid = exam["items"][0]["id"]
    stars = at_once([lambda: browser.call("POST", f"/api/favourites/{qid}", {"on": True})] * 6)
    assert [s for s, _ in stars] == [200] * 6, stars
    assert _count(app, Favourite.question_id == qid, table=Favourite) == 1
    # the first answers to one question from two drills at once: one card, reviewed twice
    drills = [_practice(browser)[0] for _ in range(2)]
    with app.extensions["policykb.sessionmaker"]() as db:
        from quiz.models import PracticeSession

        for sid in drills:
            practice = db.get(PracticeSession, sid)
            assert practice is not None
            practice.queue = [qid, *practice.queue[1:]]
        db.commit()
    answers = at_once(
        [
            lambda sid=sid: browser.call("POST", f"/api/practice/{sid}/answer", {"question_id": qid, "answer": "A"})
            for sid in drills
        ]
    )
    assert [s for s, _ in answers] == [200, 200], answers
    with app.extensions["policykb.sessionmaker"]() as db:
        card = db.scalars(select(ReviewCard).where(ReviewCard.question_id == qid)).one()
        assert card.reps == 2
    assert _count(app, Attempt.question_id == qid, table=Attempt) == 2


def test_a_hand_in_takes_every_save_answered_before_it(app: Flask, base_url: str) -> None:
    browser = Browser(base_url)
    status, exam = browser.call("POST", "/api/exams", {"seed": 8})
    items = exam["items"]
    calls: list[Callable[[], tuple[int, Any]]] = [
        (lambda n=item["number"]: browser.call("PUT", f"/api/exams/{exam['id']}/answers/{n}", {"answer": "A"})) for item in items
    ]

    def hand_in() -> tuple[int, Any]:
        time.sleep(0.05)  # in the middle of the saves
        return browser.call("POST", f"/api/exams/{exam['id']}/submit")

    results = at_once([*calls, hand_in])
    status, result = results[-1]
    assert status == 200, result
    saves = results[:-1]
    assert {s for s, _ in saves} <= {200, 409}, [r for r in saves if r[0] not in (200, 409)]
    acknowledged = {i for i, (s, _) in enumerate(saves) if s == 200}
    taken = {item["position"] for item in result["items"] if item["given"]}
    assert acknowledged == taken  # every 200 is in the score; everything after the hand-in got 409
    status, again = browser.call("GET", f"/api/exams/{exam['id']}/result")
    assert again["total"] == result["total"]
    assert _count(app, Attempt.session_id == exam["id"], Attempt.source == "exam", table=Attempt) == len(taken)


def test_the_answer_form_carries_a_key_and_a_late_resend_finds_the_first_answer(app: Flask) -> None:
    from tests.conftest import CsrfClient

    app.test_client_class = CsrfClient
    client = app.test_client()
    start = client.post("/practice/start", data={"mode": "random", "type": "single", "count": "3"})
    page_url = start.headers["Location"]
    forms = []
    for _ in range(2):
        page = client.get(page_url).get_data(as_text=True)
        qid = re.search(r'name="question_id" value="([^"]+)"', page)
        key = re.search(r'name="request_id" value="([A-Za-z0-9_-]{1,64})"', page)
        assert qid and key, "the form carries the question and a fresh key"
        form = {"question_id": qid.group(1), "answer": "A", "request_id": key.group(1)}
        posted = client.post(f"{page_url}/answer", data=form)
        assert posted.status_code == 302 and "?a=" in posted.headers["Location"]
        forms.append((form, posted.headers["Location"]))
    assert forms[0][0]["request_id"] != forms[1][0]["request_id"]
    (first, first_feedback), _ = forms
    resent = client.post(f"{page_url}/answer", data=first)  # the browser resends the first form after the second answer
    assert resent.status_code == 302 and resent.headers["Location"] == first_feedback
    assert _count(app, table=Attempt) == 2


def test_a_resent_exam_save_is_applied_once_even_after_the_hand_in(app: Flask) -> None:
    from tests.conftest import CsrfClient

    app.test_client_class = CsrfClient
    client = app.test_client()
    exam = client.post("/api/exams", json={"seed": 2}).get_json()
    url = f"/api/exams/{exam['id']}/answers/1"
    assert client.put(url, json={"answer": "A", "request_id": "save-1"}).status_code == 200
    assert client.put(url, json={"answer": "B", "request_id": "save-2"}).get_json()["given"] == ["B"]
    late = client.put(url, json={"answer": "B", "request_id": "save-2"})  # the same save again: nothing changes
    assert late.status_code == 200 and late.get_json()["given"] == ["B"]
    result = client.post(f"/api/exams/{exam['id']}/submit").get_json()
    assert result["items"][0]["given"] == ["B"]
    again = client.put(url, json={"answer": "B", "request_id": "save-2"})  # acknowledged before the hand-in, and in its score
    assert again.status_code == 200 and again.get_json()["given"] == ["B"]
    assert client.put(url, json={"answer": "C", "request_id": "save-3"}).status_code == 409
    assert client.put(url, json={"answer": "C", "request_id": "no spaces"}).status_code == 400


@pytest.mark.parametrize("lands", ["save", "answer"])
def test_a_save_or_an_answer_that_lands_while_a_hand_in_is_worked_out_is_counted_once(
    app: Flask, client: Any, lands: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-in scores and works out the review state before it takes the user's lock; whatever lands in between
    (a save of one more item; a drill's answer to a question of the paper, which reviews its card) is found under it."""
    exam = client.post("/api/exams", json={"seed": 9}).get_json()
    items = exam["items"]
    for item in items[:10]:
        assert client.put(f"/api/exams/{exam['id']}/answers/{item['number']}", json={"answer": "A"}).status_code == 200
    drilled = items[3]["id"]  # answered in the exam and, meanwhile, in a drill
    assert client.post(f"/api/favourites/{drilled}", json={"on": True}).status_code == 200
    drill = client.post("/api/practice", json={"mode": "favourites"}).get_json()
    other = app.test_client_class(app)
    other.set_cookie("session", client.get_cookie("session").value)  # the same person, on a second device
    landed: list[int] = []

    def late() -> None:
        if lands == "save":
            landed.append(other.put(f"/api/exams/{exam['id']}/answers/11", json={"answer": "B"}).status_code)
        else:
            body = {"question_id": drilled, "answer": "A", "request_id": "drill-1"}
            landed.append(other.post(f"/api/practice/{drill['id']}/answer", json=body).status_code)

    lock = quiz.exam.lock_answers

    def in_between(session: Any, user_id: int) -> None:
        if not landed:  # once: just before the hand-in takes its user's lock (the late request takes its own)
            landed.append(0)
            thread = threading.Thread(target=late)
            thread.start()
            thread.join(timeout=60)
        lock(session, user_id)

    monkeypatch.setattr(quiz.exam, "lock_answers", in_between)
    result = client.post(f"/api/exams/{exam['id']}/submit").get_json()
    assert landed == [0, 200], landed
    answered = 11 if lands == "save" else 10
    assert [i["position"] for i in result["items"] if i["given"]] == list(range(answered))  # a late save is in the score
    assert _count(app, Attempt.session_id == exam["id"], Attempt.source == "exam", table=Attempt) == answered
    with app.extensions["policykb.sessionmaker"]() as db:
        card = db.scalars(select(ReviewCard).where(ReviewCard.question_id == drilled)).one()
        logs = list(db.scalars(select(ReviewLogRow).where(ReviewLogRow.question_id == drilled).order_by(ReviewLogRow.id)))
    reviews = 1 if lands == "save" else 2  # the drill's review, then the hand-in's on top of it: none lost
    assert card.reps == reviews and len(logs) == reviews
    assert logs[-1].due_before == (logs[0].due_after if lands == "answer" else None)
