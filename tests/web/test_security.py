"""Security of a shared deployment: redirects, throttling, headers, sessions, passwords, names, sizes; local profiles."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

import web.auth
from quiz.accounts import create_user, find_user, local_user, set_password
from quiz.exam import start_exam
from quiz.models import User
from tests.conftest import CsrfClient
from web.clock import fresh_rng, now
from web.db import get_session
from web.settings import environment_values

PASSWORD = "correct horse"
ARGON2_OWASP = "$argon2id$v=19$m=19456,t=2,p=1"  # OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane
TEMPLATES = Path(web.auth.__file__).parent / "templates"


def _shared(app: Flask) -> Flask:
    app.config["REQUIRE_LOGIN"] = True
    app.test_client_class = CsrfClient
    return app


def _register(client: FlaskClient, name: str, password: str = PASSWORD) -> None:
    resp = client.post("/register", data={"username": name, "password": password, "password2": password})
    assert resp.status_code == 302, resp.get_data(as_text=True)


def _login(client: FlaskClient, name: str, password: str = PASSWORD, next_: str | None = None) -> object:
    url = "/login" if next_ is None else "/login?" + next_
    return client.post(url, data={"username": name, "password": password})


def test_next_only_ever_leads_to_a_path_on_this_site(app: Flask) -> None:
    app = _shared(app)
    _register(app.test_client(), "小王")
    targets = [
        "next=/%09/evil.example",
        "next=//evil.example",
        "next=/%5Cevil.example",
        "next=/\\evil.example",
        "next=/%0a/evil.example",
        "next=/%0d%0aSet-Cookie:x=1",
        "next=https://evil.example",
        "next=%20//evil.example",
        "next=/%E3%80%80/evil.example",
        "next=javascript:alert(1)",
    ]
    for target in targets:
        resp = _login(app.test_client(), "小王", next_=target)
        assert resp.status_code == 302, (target, resp.status_code)  # type: ignore[attr-defined]
        location = resp.headers["Location"]  # type: ignore[attr-defined]
        parts = urlsplit(location)
        assert not parts.netloc and location == "/practice", (target, location)
    kept = _login(app.test_client(), "小王", next_="next=/search%3Fq%3D%E5%9F%B9%E8%AE%AD")
    assert kept.headers["Location"] == "/search?q=%E5%9F%B9%E8%AE%AD"  # type: ignore[attr-defined]
    client = app.test_client()
    _login(client, "小王")
    qid = client.get("/questions.json").get_json()["questions"][0]["id"]
    star = client.post(f"/questions/{qid}/favourite", data={"on": "1", "next": "/\t/evil.example"})
    assert star.headers["Location"] == f"/questions/{qid}"


def test_failed_logins_are_throttled_per_account_even_with_the_right_password_then(app: Flask) -> None:
    app = _shared(app)
    _register(app.test_client(), "小王")
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "小王", "wrong password").status_code == 401  # type: ignore[attr-defined]
    refused = _login(client, "小王")
    assert refused.status_code == 429  # type: ignore[attr-defined]
    assert "登录失败次数太多" in refused.get_data(as_text=True)  # type: ignore[attr-defined]
    # the name is folded: another spelling of it is the same account
    assert _login(app.test_client(), "小王 ").status_code == 429  # type: ignore[attr-defined]


def test_failed_logins_are_throttled_per_address(app: Flask) -> None:
    app = _shared(app)
    app.config["LOGIN_LIMIT_ADDRESS"] = "4 per minute"
    _register(app.test_client(), "小李")
    for n in range(4):
        assert _login(app.test_client(), f"nobody{n}", "wrong password").status_code == 401  # type: ignore[attr-defined]
    assert _login(app.test_client(), "小李").status_code == 429  # type: ignore[attr-defined]


def test_successful_logins_are_not_counted(app: Flask) -> None:
    app = _shared(app)
    _register(app.test_client(), "小赵")
    for _ in range(8):
        assert _login(app.test_client(), "小赵").status_code == 302  # type: ignore[attr-defined]


def test_bad_throttle_setting_stops_start_up(tmp_path: Path) -> None:
    from corpus.errors import InvalidInput
    from web import create_app

    with pytest.raises(InvalidInput, match="LOGIN_LIMIT_ACCOUNT"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "LOGIN_LIMIT_ACCOUNT": "often"})


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    for url in ("/", "/practice", "/search?q=培训", "/api/due", "/static/style.css", "/nowhere"):
        resp = client.get(url)
        resp.close()  # a static file is streamed
        csp = resp.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, url
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Referrer-Policy"] == "same-origin"
    for url in ("/practice", "/practice.json", "/exams.json", "/progress", "/api/due"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    with client.get("/static/style.css") as static:
        assert "no-store" not in (static.headers.get("Cache-Control") or "")


def test_no_template_has_inline_script_or_handlers() -> None:
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "javascript:" not in text, path


def test_logout_voids_every_copy_of_the_session_cookie(app: Flask) -> None:
    app = _shared(app)
    client = app.test_client()
    _register(client, "小王")
    copied = client.get_cookie("session")
    assert copied is not None
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied.value)
    assert thief.get("/practice").status_code == 302
    assert thief.get("/api/due").status_code == 401


def test_a_new_password_ends_the_other_sessions(app: Flask) -> None:
    app = _shared(app)
    phone, desktop = app.test_client(), app.test_client()
    _register(phone, "小王")
    assert _login(desktop, "小王").status_code == 302  # type: ignore[attr-defined]
    weak = phone.post("/password", data={"password": PASSWORD, "new_password": "password1", "new_password2": "password1"})
    assert weak.status_code == 400 and "太常见" in weak.get_data(as_text=True)
    wrong = phone.post(
        "/password", data={"password": "nope nope", "new_password": "x9-new-secret", "new_password2": "x9-new-secret"}
    )
    assert wrong.status_code == 400 and "现在的密码不对" in wrong.get_data(as_text=True)
    done = phone.post("/password", data={"password": PASSWORD, "new_password": "x9-new-secret", "new_password2": "x9-new-secret"})
    assert done.status_code == 302
    assert phone.get("/practice").status_code == 200  # the one that changed it stays in
    assert desktop.get("/practice").status_code == 302  # the other is logged out
    assert _login(app.test_client(), "小王").status_code == 401  # type: ignore[attr-defined]
    assert _login(app.test_client(), "小王", "x9-new-secret").status_code == 302  # type: ignore[attr-defined]


def test_secure_cookie_setting(app: Flask) -> None:
    assert environment_values({"POLICYKB_SESSION_COOKIE_SECURE": "1"}) == {"SESSION_COOKIE_SECURE": True}
    plain = app.test_client().get("/practice").headers.get("Set-Cookie", "")
    assert "session=" in plain and "Secure" not in plain
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = app.test_client().get("/practice", base_url="https://localhost").headers.get("Set-Cookie", "")
    assert "Secure" in secure and "HttpOnly" in secure


def test_login_of_an_unknown_user_hashes_as_long_as_a_known_one(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _shared(app)
    _register(app.test_client(), "小王")
    calls: list[str] = []
    real = web.auth.check_password

    def spy(stored: str, password: str) -> bool:
        calls.append(stored.rsplit("$", 2)[0])
        return real(stored, password)

    monkeypatch.setattr(web.auth, "check_password", spy)
    assert _login(app.test_client(), "nobody-at-all", PASSWORD).status_code == 401  # type: ignore[attr-defined]
    assert calls == [ARGON2_OWASP]  # one hash, the same kind and cost as a registered user's
    with app.app_context():
        registered = get_session().scalars(select(User.password_hash).where(User.username == "小王")).one()
    assert registered.startswith(ARGON2_OWASP + "$")

    def timed(name: str) -> float:
        start = time.perf_counter()
        _login(app.test_client(), name, "wrong password")
        return time.perf_counter() - start

    known = min(timed("小王") for _ in range(3))
    unknown = min(timed(f"nobody{n}") for n in range(3))
    assert unknown > known * 0.3, (known, unknown)  # without the dummy hash it was about 1/17


def _old_account(app: Flask, stored: str) -> None:
    """An account "老用户" whose password PASSWORD was hashed in an older format (``stored``)."""
    with app.app_context():
        db = get_session()
        create_user(db, "老用户", password_hash=stored, now=now())
        db.commit()


def _stored_hash(app: Flask, name: str) -> str:
    with app.app_context():
        return get_session().scalars(select(User.password_hash).where(User.username == name)).one() or ""


@pytest.mark.parametrize(
    "old_hash",
    [
        lambda pw: generate_password_hash(pw),  # werkzeug's scrypt, every account's hash before Argon2id
        lambda pw: generate_password_hash(pw, method="pbkdf2:sha256"),
        lambda pw: PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(pw),  # Argon2id, weaker
    ],
    ids=["scrypt", "pbkdf2", "argon2id-weaker"],
)
def test_an_older_hash_logs_in_and_is_replaced_at_that_login(app: Flask, old_hash: Callable[[str], str]) -> None:
    app = _shared(app)
    _old_account(app, old_hash(PASSWORD))
    before = _stored_hash(app, "老用户")
    assert not before.startswith(ARGON2_OWASP + "$")
    assert _login(app.test_client(), "老用户", "wrong password").status_code == 401  # type: ignore[attr-defined]
    assert _stored_hash(app, "老用户") == before  # a wrong password never rehashes
    client = app.test_client()
    assert _login(client, "老用户").status_code == 302  # type: ignore[attr-defined]
    after = _stored_hash(app, "老用户")
    assert after.startswith(ARGON2_OWASP + "$") and PasswordHasher().verify(after, PASSWORD)
    assert client.get("/practice").status_code == 200  # the session of the login that rehashed stays valid
    assert _login(app.test_client(), "老用户").status_code == 302  # type: ignore[attr-defined]
    assert _stored_hash(app, "老用户") == after  # a current hash is not written again
    assert client.get("/practice").status_code == 200
    assert _login(app.test_client(), "老用户", "wrong password").status_code == 401  # type: ignore[attr-defined]


def test_a_rehash_never_undoes_a_password_changed_meanwhile(app: Flask) -> None:
    app = _shared(app)
    _old_account(app, generate_password_hash(PASSWORD))
    with app.app_context():
        db = get_session()
        user = find_user(db, "老用户")
        assert user is not None and web.auth.verify_password(user, PASSWORD)  # this login read the old hash
        with app.extensions["policykb.sessionmaker"]() as other:  # another device sets a new password now
            set_password(other, "老用户", web.auth.hash_password("x9-new-secret"))
            other.commit()
        web.auth.upgrade_password(db, user, PASSWORD)
        db.commit()
    assert _login(app.test_client(), "老用户").status_code == 401  # type: ignore[attr-defined]
    assert _login(app.test_client(), "老用户", "x9-new-secret").status_code == 302  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("        ", "空格"),
        ("", "不能为空"),
        ("short", "至少 8 位"),
        ("password1", "太常见"),
        ("PassWord123", "太常见"),
        ("12345678", "太常见"),
        ("woaini1314", "太常见"),
        ("zzzzzzzzzz", "太常见"),
        ("s1alice-x", "用户名"),
    ],
)
def test_the_password_rule(app: Flask, password: str, says: str) -> None:
    client = _shared(app).test_client()
    resp = client.post("/register", data={"username": "s1alice-x", "password": password, "password2": password})
    assert resp.status_code == 400 and says in resp.get_data(as_text=True), resp.get_data(as_text=True)[-800:]


def test_user_names_are_case_folded(app: Flask) -> None:
    app = _shared(app)
    _register(app.test_client(), "s1alice")
    again = app.test_client().post("/register", data={"username": "s1ALICE", "password": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 400 and "已被使用" in again.get_data(as_text=True)
    wide = app.test_client().post("/register", data={"username": "ｓ１ａｌｉｃｅ", "password": PASSWORD, "password2": PASSWORD})
    assert "已被使用" in wide.get_data(as_text=True)
    assert _login(app.test_client(), "S1Alice").status_code == 302  # type: ignore[attr-defined]
    with app.app_context():
        db = get_session()
        db.add(
            User(
                username="S1ALICE",
                username_key="s1alice",
                display_name="x",
                password_hash="x",
                role="candidate",
                created_at=now(),
            )
        )
        with pytest.raises(IntegrityError):
            db.flush()


def test_request_size_limit(client: FlaskClient) -> None:
    big = client.post("/api/practice", data=b'{"mode": "' + b"x" * (2 * 1024 * 1024) + b'"}', content_type="application/json")
    assert big.status_code == 413 and "请求内容太大" in big.get_json()["error"]
    form = client.post("/practice/start", data={"mode": "random", "work": "x" * (2 * 1024 * 1024)})
    assert form.status_code == 413 and "请求内容太大" in form.get_data(as_text=True)
    assert client.get("/practice.json").get_json()["sessions"] == []


def test_cli_user_passwd(app: Flask) -> None:
    app = _shared(app)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["user", "add", "小李", "--password", PASSWORD]).exit_code == 0
    client = app.test_client()
    assert _login(client, "小李").status_code == 302  # type: ignore[attr-defined]
    weak = runner.invoke(args=["user", "passwd", "小李", "--password", "123456789"])
    assert weak.exit_code == 1 and "太常见" in weak.output
    unknown = runner.invoke(args=["user", "passwd", "nobody", "--password", "x9-new-secret"])
    assert unknown.exit_code == 1 and "没有这个账号" in unknown.output
    done = runner.invoke(args=["user", "passwd", "小李", "--password", "x9-new-secret"])
    assert done.exit_code == 0, done.output
    assert client.get("/practice").status_code == 302  # the old session ended
    assert _login(app.test_client(), "小李").status_code == 401  # type: ignore[attr-defined]
    assert _login(app.test_client(), "小李", "x9-new-secret").status_code == 302  # type: ignore[attr-defined]


def test_each_local_browser_has_its_own_profile(app: Flask) -> None:
    app.test_client_class = CsrfClient
    with app.app_context():  # data the local profile had before browsers got profiles of their own
        db = get_session()
        earlier = start_exam(db, local_user(db, now=now()).id, now=now(), rng=fresh_rng(), seed=5)
        db.commit()
        earlier_id = earlier.id
    first, second = app.test_client(), app.test_client()
    assert [s["id"] for s in first.get("/exams.json").get_json()["sittings"]] == [earlier_id]
    assert second.get("/exams.json").get_json()["sittings"] == []
    started = second.post("/api/exams", json={"seed": 9}).get_json()["id"]
    assert [s["id"] for s in second.get("/exams.json").get_json()["sittings"]] == [started]
    assert [s["id"] for s in first.get("/exams.json").get_json()["sittings"]] == [earlier_id]
    assert first.get(f"/api/exams/{started}").status_code == 404
    me, other = first.get("/practice.json").get_json()["user"], second.get("/practice.json").get_json()["user"]
    assert me["name"] == "本机用户" and other["name"].startswith("本机访客") and me["id"] != other["id"]
    assert other["role"] == "trainer"  # on one's own computer every profile opens the trainer pages
    cookie = second.get("/practice").headers.get("Set-Cookie", "")
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))  # type: ignore[union-attr]
    assert expires - dt.datetime.now(dt.UTC) > dt.timedelta(days=300)  # the profile outlives the browser session
    # the CLI's default user is still the local profile, i.e. the first browser's
    with app.app_context():
        assert local_user(get_session(), now=now()).id == me["id"]
    assert second.post("/logout").status_code == 302  # nothing to log out of locally: the profile stays
    assert second.get("/practice.json").get_json()["user"]["id"] == other["id"]
