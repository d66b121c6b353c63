"""Bad input at the edge: every malformed request is a 400 naming its field, never a 500 (both databases)."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JSON_HEADERS = {"Content-Type": "application/json"}
BIG_PG = 2**31  # one past PostgreSQL's INTEGER
BIG_SQLITE = 2**63  # one past SQLite's INTEGER


def _single_question_session(client: FlaskClient) -> tuple[int, str]:
    """A practice session whose current question is a 单选 (so ① ② are tried as letters)."""
    resp = client.post("/api/practice", json={"mode": "type", "type": "single", "count": 5})
    assert resp.status_code == 201, resp.get_json()
    sid = resp.get_json()["id"]
    question = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    assert question["type"] == "single"
    return sid, question["id"]


def _exam(client: FlaskClient) -> int:
    resp = client.post("/api/exams", json={"seed": 7})
    assert resp.status_code == 201, resp.get_json()
    return int(resp.get_json()["id"])


def _error(resp: Any) -> str:
    assert resp.status_code == 400, (resp.status_code, resp.get_data(as_text=True)[:500])
    body = resp.get_json()
    assert body is not None and body["status"] == 400
    return str(body["error"])


MALFORMED_STARTS = [
    ('{"mode": {}}', "mode"),
    ('{"mode": "random", "count": 1e999}', "count"),
    ('{"mode": "random", "count": "many"}', "count"),
    ('{"mode": "random", "memorise": [1]}', "memorise"),
    ('{"mode": "random", "work": 5}', "work"),
    ('{"mode": "type", "type": "essay"}', "type"),
    ('["mode"]', "请求体"),
    ('{"mode": ', "JSON"),
    ("[" * 1000 + "]" * 1000, "JSON"),
    ('{"mode": "random", "count": true}', "count"),
]


def test_malformed_practice_start_is_400_naming_the_field(client: FlaskClient) -> None:
    for raw, field in MALFORMED_STARTS:
        assert field in _error(client.post("/api/practice", data=raw, headers=JSON_HEADERS)), raw
    assert client.get("/practice.json").get_json()["sessions"] == []


def test_malformed_practice_answer_is_400(client: FlaskClient) -> None:
    sid, qid = _single_question_session(client)
    for answer in ["0", "true", "[null]", "NaN", "1e999", "{}", "[1, 2]", '"①"', '"²"', '"A\\u0000"']:
        raw = json.dumps({"question_id": qid}).rstrip("}") + f', "answer": {answer}}}'
        message = _error(client.post(f"/api/practice/{sid}/answer", data=raw, headers=JSON_HEADERS))
        assert "answer" in message or "选项" in message, (answer, message)
    # nothing was stored: the same question is still the current one
    assert client.get(f"/api/practice/{sid}/next").get_json()["question"]["id"] == qid


ANSWER_FIELDS = [
    ({"question_id": "x", "answer": "A", "elapsed_ms": BIG_PG}, "elapsed_ms"),
    ({"question_id": "x", "answer": "A", "elapsed_ms": -5}, "elapsed_ms"),
    ({"question_id": ["x"], "answer": "A"}, "question_id"),
    ({"question_id": "x", "answer": "A", "request_id": "bad id!"}, "request_id"),
    ({"question_id": "x", "answer": "A", "request_id": "x" * 65}, "request_id"),
    ({"question_id": "x", "answer": "A", "request_id": ""}, "request_id"),
]


def test_practice_answer_fields_are_checked(client: FlaskClient) -> None:
    sid, _ = _single_question_session(client)
    for body, field in ANSWER_FIELDS:
        assert field in _error(client.post(f"/api/practice/{sid}/answer", json=body)), body


def test_a_request_id_is_accepted_on_answer_save_and_hand_in(client: FlaskClient) -> None:
    sid, qid = _single_question_session(client)
    ok = client.post(f"/api/practice/{sid}/answer", json={"question_id": qid, "answer": "A", "request_id": "a-1_B"})
    assert ok.status_code == 200, ok.get_json()
    eid = _exam(client)
    assert client.put(f"/api/exams/{eid}/answers/1", json={"answer": "A", "request_id": "r1"}).status_code == 200
    assert client.post(f"/api/exams/{eid}/submit", json={"request_id": "r2"}).status_code == 200


def test_malformed_exam_save_is_400(client: FlaskClient) -> None:
    eid = _exam(client)
    for body, field in [
        ({"answer": 0}, "answer"),
        ({"answer": [None]}, "answer"),
        ({"answer": "A", "flagged": {}}, "flagged"),
        ({"answer": "A", "flagged": "perhaps"}, "flagged"),
        ({"answer": "A", "flagged": 1}, "flagged"),
    ]:
        assert field in _error(client.put(f"/api/exams/{eid}/answers/1", json=body)), body
    assert client.get(f"/api/exams/{eid}").get_json()["answered"] == 0


def test_exam_seed_out_of_range_is_400_from_json_and_form(client: FlaskClient) -> None:
    for seed in [BIG_PG, -1, 1.5, "abc", 1e300, False]:
        assert "seed" in _error(client.post("/api/exams", data=json.dumps({"seed": seed}), headers=JSON_HEADERS)), seed
        if seed is not False:
            form = client.post("/exams/start", data={"seed": str(seed)})
            assert form.status_code == 400 and "seed" in form.get_data(as_text=True)
    assert client.get("/exams.json").get_json()["sittings"] == []


ROUTES_WITH_IDS = [
    "/api/practice/{n}/next",
    "/practice/{n}",
    "/api/exams/{n}",
    "/api/exams/{n}/result",
    "/exams/{n}",
    "/exams/{n}/result.json",
    "/papers/{n}.json",
    "/api/exams/1/answers/{n}",
]


def test_ids_beyond_the_database_integer_are_400(client: FlaskClient) -> None:
    for url in ROUTES_WITH_IDS:
        for big in (BIG_PG, BIG_SQLITE, 10**30):
            method = "PUT" if "answers" in url else "GET"
            resp = client.open(url.format(n=big), method=method, json={"answer": "A"} if method == "PUT" else None)
            assert resp.status_code == 400, (url, big, resp.get_data(as_text=True)[:300])
            assert "范围" in resp.get_data(as_text=True)


def test_query_ids_beyond_the_database_integer_are_400(client: FlaskClient) -> None:
    sid, _ = _single_question_session(client)
    assert client.get(f"/practice/{sid}?a={BIG_PG}").status_code == 400
    assert client.get(f"/questions.json?page={BIG_SQLITE}").status_code == 400
    assert client.get(f"/export/questions?format=jsonl&paper_id={BIG_PG}").status_code == 400


def test_nul_in_query_or_path_is_400(client: FlaskClient) -> None:
    for url in [
        "/questions.json?work=%00",
        "/topics.json?x=a%00b",
        "/works/shequ-yijian-2024.json?witness=a%00",
        "/works/x%00y.json",
        "/clauses/a%00.json",
        "/diff.json?a=%00&b=x",
    ]:
        assert "NUL" in _error(client.get(url)), url
    # search words are free text: the engine drops a NUL and answers
    assert client.get("/search.json?q=%E5%9F%B9%00%E8%AE%AD").status_code == 200


def test_nul_in_a_note_is_400_and_nothing_is_stored(client: FlaskClient) -> None:
    qid = client.get("/questions.json").get_json()["questions"][0]["id"]
    resp = client.post(f"/questions/{qid}/report", data={"reason": "wrong_key", "note": "a\x00b"})
    assert resp.status_code == 400 and "note" in resp.get_data(as_text=True)
    assert client.get(f"/questions/{qid}.json").get_json()["reports"] == []


def test_a_report_id_beyond_the_database_integer_is_400(client: FlaskClient) -> None:
    qid = client.get("/questions.json").get_json()["questions"][0]["id"]
    resp = client.post(f"/review/{qid}", data={"action": "dismiss", "report": str(BIG_PG)})
    assert resp.status_code == 400 and "report" in resp.get_data(as_text=True)


def test_form_answer_and_elapsed_time_are_checked(client: FlaskClient) -> None:
    sid, qid = _single_question_session(client)
    resp = client.post(f"/practice/{sid}/answer", data={"question_id": qid, "answer": "A", "elapsed_ms": str(BIG_PG)})
    assert resp.status_code == 400 and "elapsed_ms" in resp.get_data(as_text=True)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=_json, elapsed=_json)
def test_any_json_in_an_answer_is_never_a_server_error(client: FlaskClient, answer: Any, elapsed: Any) -> None:
    sid = client.post("/api/practice", json={"mode": "random", "count": 200}).get_json()["id"]
    question = client.get(f"/api/practice/{sid}/next").get_json()["question"]
    body = {"question_id": question["id"] if question else "q", "answer": answer, "elapsed_ms": elapsed}
    resp = client.post(f"/api/practice/{sid}/answer", json=body)
    assert resp.status_code in (200, 400), resp.get_data(as_text=True)[:300]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=0, max_value=2**80))
def test_any_id_in_a_route_is_never_a_server_error(client: FlaskClient, n: int) -> None:
    for url in (f"/api/practice/{n}/next", f"/api/exams/{n}", f"/exams/{n}/result.json"):
        assert client.get(url).status_code in (400, 404)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=12))
def test_any_text_in_a_query_is_never_a_server_error(client: FlaskClient, text: str) -> None:
    for url in ("/questions.json", "/search.json", "/diff.json", "/works/shequ-yijian-2024.json"):
        resp = client.get(url, query_string={"work": text, "q": text, "a": text, "b": text, "page": text})
        assert resp.status_code in (200, 400, 404), resp.get_data(as_text=True)[:300]


def test_request_body_models_name_every_api_body(app: Flask) -> None:
    """Every JSON endpoint that takes a body has a schema (so nothing reaches a view unchecked)."""
    from web.schemas import CONTRACTS

    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.methods and rule.methods & {"POST", "PUT"}:
            assert CONTRACTS.get(rule.endpoint) and CONTRACTS[rule.endpoint].body, rule.endpoint
    for endpoint in CONTRACTS:
        assert endpoint in app.view_functions, endpoint
