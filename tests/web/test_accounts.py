"""Accounts: the local profile by default; registration, login, isolation and roles when shared; CSRF."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import User
from tests.conftest import CsrfClient
from web.db import get_session


def _shared(app: Flask) -> Flask:
    app.config["REQUIRE_LOGIN"] = True
    app.test_client_class = CsrfClient
    return app


def _register(client: FlaskClient, name: str, password: str = "correct horse") -> None:
    resp = client.post("/register", data={"username": name, "password": password, "password2": password})
    assert resp.status_code == 302, resp.get_data(as_text=True)


def test_local_profile_needs_no_login_and_is_the_trainer(client: FlaskClient) -> None:
    home = client.get("/practice.json").get_json()
    assert home["user"]["role"] == "trainer" and home["user"]["name"] == "本机用户"
    assert client.get("/review.json").status_code == 200
    assert client.get("/login").status_code == 302  # nothing to log in to


def test_every_unsafe_request_needs_the_csrf_token(client: FlaskClient) -> None:
    qid = client.get("/questions.json").get_json()["questions"][0]["id"]
    refused = client.post(f"/questions/{qid}/report", data={"reason": "wrong_key"}, csrf=False)
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    api = client.post("/api/practice", json={"mode": "random"}, csrf=False)
    assert api.status_code == 400 and "CSRF" in api.get_json()["error"]
    wrong = client.post("/api/practice", json={"mode": "random"}, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 400
    assert client.post("/api/practice", json={"mode": "random"}).status_code == 201
    # the pages carry the token in every form and in a meta tag for scripts
    page = client.get("/practice").get_data(as_text=True)
    with client.session_transaction() as sess:
        token = sess["csrf"]
    assert f'name="csrf-token" content="{token}"' in page and f'name="csrf_token" value="{token}"' in page


def test_shared_deployment_asks_everyone_to_log_in(app: Flask) -> None:
    client = _shared(app).test_client()
    assert client.get("/practice").status_code == 302
    assert client.get("/practice").headers["Location"].startswith("/login?next=")
    assert client.get("/api/due").status_code == 401
    assert client.get("/login").status_code == 200 and client.get("/register").status_code == 200


def test_registration_rules_and_login(app: Flask) -> None:
    client = _shared(app).test_client()
    short = client.post("/register", data={"username": "小王", "password": "short", "password2": "short"})
    assert short.status_code == 400 and "至少 8 位" in short.get_data(as_text=True)
    differ = client.post("/register", data={"username": "小王", "password": "ke7-xuan-88", "password2": "ke7-xuan-89"})
    assert "不一样" in differ.get_data(as_text=True)
    assert "保留" in client.post(
        "/register", data={"username": "local", "password": "ke7-xuan-88", "password2": "ke7-xuan-88"}
    ).get_data(as_text=True)
    _register(client, "小王")
    assert client.get("/practice.json").get_json()["user"]["name"] == "小王"
    again = app.test_client().post("/register", data={"username": "小王", "password": "ke7-xuan-88", "password2": "ke7-xuan-88"})
    assert "已被使用" in again.get_data(as_text=True)
    with app.app_context():
        stored = get_session().query(User).filter_by(username="小王").one()
        assert stored.password_hash and "correct horse" not in stored.password_hash
    client.post("/logout")
    assert client.get("/practice").status_code == 302
    bad = client.post("/login", data={"username": "小王", "password": "wrong password"})
    assert bad.status_code == 401 and "不对" in bad.get_data(as_text=True)
    good = client.post("/login?next=/progress", data={"username": "小王", "password": "correct horse"})
    assert good.status_code == 302 and good.headers["Location"] == "/progress"
    evil = client.post("/login?next=//evil.example", data={"username": "小王", "password": "correct horse"})
    assert evil.headers["Location"] == "/practice"


def test_each_user_sees_only_their_own_data(app: Flask) -> None:
    _shared(app)
    alice, bob = app.test_client(), app.test_client()
    _register(alice, "alice")
    _register(bob, "bob")
    sid = alice.post("/api/practice", json={"mode": "random", "count": 3}).get_json()["id"]
    question = alice.get(f"/api/practice/{sid}/next").get_json()["question"]
    alice.post(
        f"/api/practice/{sid}/answer",
        json={"question_id": question["id"], "answer": "zzz" if question["type"] == "cloze" else "B"},
    )
    assert bob.get(f"/api/practice/{sid}/next").status_code == 404
    assert bob.get("/progress.json").get_json()["answered"] == 0
    assert alice.get("/progress.json").get_json()["answered"] == 1
    exam = alice.post("/api/exams", json={"seed": 5}).get_json()
    assert bob.get(f"/api/exams/{exam['id']}").status_code == 404
    assert bob.put(f"/api/exams/{exam['id']}/answers/1", json={"answer": "A"}).status_code == 404


def test_trainer_pages_need_the_trainer_role(app: Flask) -> None:
    _shared(app)
    candidate = app.test_client()
    _register(candidate, "candidate1")
    for url in ("/review", "/review.json", "/papers", "/items.json", "/export"):
        assert candidate.get(url).status_code == 403, url
    assert candidate.get("/questions").status_code == 200  # everyone reads and reports questions
    runner = app.test_cli_runner()
    added = runner.invoke(args=["user", "add", "teacher", "--trainer", "--password", "trainer-pass"])
    assert added.exit_code == 0 and "培训师" in added.output
    trainer = app.test_client()
    trainer.post("/login", data={"username": "teacher", "password": "trainer-pass"})
    assert trainer.get("/review.json").status_code == 200 and trainer.get("/items.json").status_code == 200
    promoted = runner.invoke(args=["user", "role", "candidate1", "trainer"])
    assert promoted.exit_code == 0
    assert candidate.get("/review.json").status_code == 200
    assert "candidate1" in runner.invoke(args=["user", "list"]).output
    assert runner.invoke(args=["user", "role", "nobody", "trainer"]).exit_code != 0
