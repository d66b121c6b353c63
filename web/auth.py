"""Who is using the app, and the guards every request passes: login, trainer role, CSRF.

The login pages themselves are the ``web.accounts`` blueprint; this module holds what every
blueprint may use (``current_user``, ``trainer_required``, ``json_body``), so blueprints need not
import each other.

On the embedded default nobody logs in: every request belongs to the local profile, which is also
the trainer. With ``REQUIRE_LOGIN`` (``POLICYKB_REQUIRE_LOGIN=1``) every page asks for an account;
people register themselves (unless ``ALLOW_REGISTRATION`` is off) and an administrator names the
trainers (``policykb user add NAME --trainer``). Passwords are stored as werkzeug's salted scrypt
hashes. Every POST (form or JSON API) must carry the session's CSRF token: forms in a hidden
``csrf_token`` field, scripts in an ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, current_app, g, request, session
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from corpus.errors import InvalidInput, LoginRequired, NotAllowed
from quiz.accounts import ROLES, local_user
from quiz.models import User
from web.clock import now
from web.db import get_session

F = TypeVar("F", bound=Callable[..., Any])
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_ENDPOINTS = {"accounts.login", "accounts.register", "static"}
MIN_PASSWORD = 8


def wants_json() -> bool:
    """Whether the request is from a script (JSON API or a .json twin) rather than a browser page."""
    return (
        request.path.startswith("/api/") or request.path.endswith(".json") or request.accept_mimetypes.best == "application/json"
    )


def json_body() -> dict[str, Any]:
    """The request's JSON object (empty when there is no body), or InvalidInput saying what is wrong."""
    data = request.get_json(silent=True)
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


def hash_password(password: str) -> str:
    """A salted hash of a new password, or InvalidInput when it is too short."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 位")
    return generate_password_hash(password)


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


def _load_user() -> None:
    if request.endpoint == "static":
        return
    db = get_session()
    if not login_required_mode():
        stamp = now()
        try:
            g.user = local_user(db, now=stamp)
            if g.user.created_at == stamp:  # made just now (and flushed): keep it, even if the view only reads
                db.commit()
        except IntegrityError:  # another worker made it at the same moment: use theirs
            db.rollback()
            g.user = local_user(db, now=stamp)
        return
    user_id = session.get("user_id")
    g.user = db.get(User, user_id) if user_id else None
    if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        raise LoginRequired("请先登录", next=request.full_path.rstrip("?"))


def start_session(user: User) -> None:
    """Sign a user in: a fresh session (no fixation of an old token) with a new CSRF token."""
    session.clear()
    session["user_id"] = user.id
    csrf_token()


def init_app(app: Flask) -> None:
    """Install the guards and give templates the user and the CSRF token."""
    app.before_request(_check_csrf)
    app.before_request(_load_user)
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.context_processor
    def _user() -> dict[str, Any]:
        return {"current_user": g.get("user"), "accounts_on": login_required_mode(), "roles": ROLES}


def trainer_required(view: F) -> F:
    """Let only trainers in (the local profile is one)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = g.get("user")
        if user is None or user.role != "trainer":
            raise NotAllowed("这一页只对培训师开放")
        return view(*args, **kwargs)

    return cast(F, wrapped)
