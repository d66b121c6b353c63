"""Who is using the app, and the guards every request passes: login, trainer role, CSRF.

The login pages themselves are the ``web.accounts`` blueprint; this module holds what every
blueprint may use (``current_user``, ``trainer_required``, ``json_body``), so blueprints need not
import each other.

On the embedded default nobody logs in: the first browser gets the local profile (the one the CLI
uses), every further browser a profile of its own, named by the signed session cookie (kept a year);
each is also the trainer. With ``REQUIRE_LOGIN`` (``POLICYKB_REQUIRE_LOGIN=1``) every page asks for
an account; people register themselves (unless ``ALLOW_REGISTRATION`` is off) and an administrator
names the trainers (``policykb user add NAME --trainer``). Passwords are stored as salted Argon2id
hashes (``PASSWORD_HASHER``); hashes in werkzeug's older formats (scrypt, pbkdf2) still log in and are
replaced by an Argon2id one at that login (``upgrade_password``). A new password must not be blank,
short, the user name or on the list of the commonest (``web/data/common_passwords.txt``); an unknown
name costs a login the same hashing as a known one.
A session carries its user's ``session_version``: logging out or a new password raises it and voids
every older cookie. Every POST (form or JSON API) must carry the session's CSRF token: forms in a
hidden ``csrf_token`` field, scripts in an ``X-CSRF-Token`` header. ``safe_next`` keeps every
redirect taken from a request on this site.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, g, request, session
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from corpus.errors import InvalidInput, LoginRequired, NotAllowed
from quiz.accounts import ROLES, browser_profile, claim_local_user, fold_name, replace_password_hash
from quiz.models import User
from web.clock import now
from web.db import get_session, get_user

F = TypeVar("F", bound=Callable[..., Any])
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_ENDPOINTS = {"accounts.login", "accounts.register", "static", "openapi"}
MIN_PASSWORD = 8
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"
PROFILE_LIFETIME = dt.timedelta(days=400)  # the longest a browser keeps a cookie
# Argon2id at OWASP's minimum (Password Storage Cheat Sheet, its first choice: m = 19 MiB, t = 2, p = 1).
# Measured on 2 shared cores: 30 ms of CPU a hash, against 105–115 ms for werkzeug's scrypt (N = 2**15,
# r = 8, p = 1, itself below OWASP's N >= 2**17), so a class logging in at once waits about a quarter as
# long. Changing these parameters rehashes each account at its next login (``upgrade_password``).
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
ARGON2_PREFIX = "$argon2"


def wants_json() -> bool:
    """Whether the request is from a script (JSON API or a .json twin) rather than a browser page."""
    return (
        request.path.startswith("/api/") or request.path.endswith(".json") or request.accept_mimetypes.best == "application/json"
    )


def json_body() -> dict[str, Any]:
    """The request's JSON object (empty when there is no body), or InvalidInput saying what is wrong.

    An endpoint with a body schema (``web.schemas.CONTRACTS``) gets the body as that schema validated it.
    """
    if "body" in g:
        return dict(g.body)
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise InvalidInput("请求体不是合法的 JSON（嵌套太深）") from None
    if data is None and request.data:
        raise InvalidInput("请求体不是合法的 JSON")
    if data is not None and not isinstance(data, dict):
        raise InvalidInput("请求体应是一个 JSON 对象")
    return data or {}


def csrf_token() -> str:
    """The CSRF token of this browser session (made on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The commonest passwords, case-folded (read once)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(fold_name(line) for line in lines if line.strip() and not line.startswith("#"))


def hash_password(password: str, username: str = "") -> str:
    """A salted hash of a new password, or InvalidInput saying why the password is refused."""
    if not password.strip():
        raise InvalidInput("密码不能为空，也不能只有空格")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 位")
    folded = fold_name(password)
    if folded in common_passwords() or len(set(folded)) == 1:
        raise InvalidInput("这个密码太常见，很容易被猜到，请换一个")
    if username and folded == fold_name(username):
        raise InvalidInput("密码不能和用户名相同")
    return PASSWORD_HASHER.hash(password)


@functools.cache
def _dummy_hash() -> str:
    return PASSWORD_HASHER.hash(secrets.token_urlsafe(16))


def check_password(stored: str, password: str) -> bool:
    """Whether a password matches a stored hash: Argon2 (ours), else werkzeug's formats (scrypt, pbkdf2) from before."""
    if not stored.startswith(ARGON2_PREFIX):
        return check_password_hash(stored, password)
    try:
        return PASSWORD_HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(user: User | None, password: str) -> bool:
    """Whether this is the user's password; an unknown user costs the same hashing (no timing tells who exists)."""
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    ok = check_password(stored, password)
    return ok and user is not None and user.password_hash is not None


def upgrade_password(db: Session, user: User, password: str) -> None:
    """After a successful login: store the password hashed as ``PASSWORD_HASHER`` does now, if it was hashed otherwise.

    Only the password just verified is hashed, and only over the hash it was verified against: a new password
    set meanwhile (another device, ``policykb user passwd``) is kept. The caller commits.
    """
    stored = user.password_hash
    if stored is None or (stored.startswith(ARGON2_PREFIX) and not PASSWORD_HASHER.check_needs_rehash(stored)):
        return
    replace_password_hash(db, user, old=stored, new=PASSWORD_HASHER.hash(password))


def _unsafe_char(ch: str) -> bool:
    return ch.isspace() or ord(ch) < 32 or ch in "\\\x7f"


def safe_next(target: str | None, default: str) -> str:
    """A redirect target from a request if it is a path on this site, else ``default``.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so ``/%09/evil``
    or ``/%5Cevil`` would leave the site: any control character, white space or backslash refuses it.
    """
    text = target or ""
    if not text.startswith("/") or text.startswith("//") or any(_unsafe_char(ch) for ch in text):
        return default
    parts = urlsplit(text)
    return text if not parts.scheme and not parts.netloc else default


def current_user() -> User:
    """The user of this request (the local profile on the embedded default)."""
    user: User = g.user
    return user


def login_required_mode() -> bool:
    """Whether this deployment has accounts (a shared server) rather than the local profile."""
    return bool(current_app.config["REQUIRE_LOGIN"])


def _check_csrf() -> None:
    if request.method not in UNSAFE_METHODS or not current_app.config["CSRF_ENABLED"]:
        return
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if expected and sent and hmac.compare_digest(str(sent), str(expected)):
        return
    raise InvalidInput("表单已过期或来源不明（CSRF 校验未通过）：请刷新页面后再提交")


def _local_profile() -> User:
    """This browser's local profile: the one its cookie names, else the local profile if no browser has it, else a new one."""
    db = get_session()
    profile_id = session.get("profile")
    user = get_user(profile_id) if isinstance(profile_id, int) else None
    if user is not None and user.password_hash is None:
        return user
    user = claim_local_user(db, now=now()) or browser_profile(db, secrets.token_hex(6), now=now())
    db.commit()
    session["profile"] = user.id
    session.permanent = True  # kept across browser restarts (PERMANENT_SESSION_LIFETIME)
    return user


def _load_user() -> None:
    if request.endpoint in ("static", "openapi"):
        return
    if not login_required_mode():
        g.user = _local_profile()
        return
    user_id = session.get("user_id")
    user = get_user(user_id) if isinstance(user_id, int) else None
    if user is not None and session.get("v") != user.session_version:
        session.pop("user_id", None)  # logged out elsewhere, or the password changed: this cookie is void
        user = None
    g.user = user
    if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        raise LoginRequired("请先登录", next=request.full_path.rstrip("?"))


def start_session(user: User) -> None:
    """Sign a user in: a fresh session (no fixation of an old token) with a new CSRF token."""
    session.clear()
    session["user_id"] = user.id
    session["v"] = user.session_version
    csrf_token()


def init_app(app: Flask) -> None:
    """Install the guards and give templates the user and the CSRF token."""
    app.config["PERMANENT_SESSION_LIFETIME"] = PROFILE_LIFETIME  # only local profiles are permanent sessions
    app.before_request(_check_csrf)
    app.before_request(_load_user)
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.context_processor
    def _user() -> dict[str, Any]:
        user = g.get("user")
        return {
            "current_user": user,
            "accounts_on": login_required_mode(),
            "roles": ROLES,
            "is_trainer": user is not None and user.role == "trainer",
        }


def trainer_required(view: F) -> F:
    """Let only trainers in (the local profile is one)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = g.get("user")
        if user is None or user.role != "trainer":
            raise NotAllowed("这一页只对培训师开放")
        return view(*args, **kwargs)

    return cast(F, wrapped)
