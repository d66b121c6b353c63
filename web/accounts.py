"""Who is using the app, and the guards every request passes: login, trainer role, CSRF.

On the embedded default nobody logs in: every request belongs to the local profile, which is also
the trainer. With ``REQUIRE_LOGIN`` (``POLICYKB_REQUIRE_LOGIN=1``) every page asks for an account;
people register themselves (unless ``ALLOW_REGISTRATION`` is off) and an administrator names the
trainers (``policykb user add NAME --trainer``). Passwords are stored as werkzeug's salted scrypt
hashes. Every POST (form or JSON API) must carry the session's CSRF token: forms in a hidden
``csrf_token`` field, scripts in an ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.security import check_password_hash, generate_password_hash

from corpus.errors import InvalidInput
from quiz.accounts import ROLES, create_user, find_user, local_user
from quiz.models import User
from web.db import get_session

bp = Blueprint("accounts", __name__)
F = TypeVar("F", bound=Callable[..., Any])
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_ENDPOINTS = {"accounts.login", "accounts.register", "static"}
MIN_PASSWORD = 8


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    return bool(current_app.config.get("REQUIRE_LOGIN"))


def _check_csrf() -> ResponseReturnValue | None:
    if request.method not in UNSAFE_METHODS or not current_app.config.get("CSRF_ENABLED", True):
        return None
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if expected and sent and hmac.compare_digest(str(sent), str(expected)):
        return None
    message = "表单已过期或来源不明（CSRF 校验未通过）：请刷新页面后再提交"
    if wants_json():
        return {"error": message, "status": 400}, 400
    return render_template("error.html", message=message, status=400), 400


def _load_user() -> ResponseReturnValue | None:
    if request.endpoint == "static":
        return None
    db = get_session()
    if not login_required_mode():
        g.user = local_user(db, now=_now())
        if db.new:
            db.commit()
        return None
    user_id = session.get("user_id")
    g.user = db.get(User, user_id) if user_id else None
    if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        if wants_json():
            return {"error": "请先登录", "status": 401}, 401
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    return None


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
            message = "这一页只对培训师开放"
            if wants_json():
                return {"error": message, "status": 403}, 403
            return render_template("error.html", message=message, status=403), 403
        return view(*args, **kwargs)

    return cast(F, wrapped)


def _safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


def _start_session(user: User) -> None:
    session.clear()  # a new session id's worth of state: no fixation of an old token
    session["user_id"] = user.id
    csrf_token()


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log in with a user name and password (shared deployments)."""
    if not login_required_mode():
        flash("本机使用无需登录：练习记录保存在本机档案里。")
        return redirect(url_for("practice.home"))
    error = None
    if request.method == "POST":
        user = find_user(get_session(), request.form.get("username", ""))
        if user is not None and user.password_hash and check_password_hash(user.password_hash, request.form.get("password", "")):
            _start_session(user)
            return redirect(_safe_next(url_for("practice.home")))
        error = "用户名或密码不对"
    return render_template(
        "accounts/login.html", error=error, allow_registration=current_app.config.get("ALLOW_REGISTRATION", True)
    ), (401 if error else 200)


@bp.route("/register", methods=["GET", "POST"])
def register() -> ResponseReturnValue:
    """Create an account (shared deployments that allow registration)."""
    if not login_required_mode():
        return redirect(url_for("practice.home"))
    if not current_app.config.get("ALLOW_REGISTRATION", True):
        return render_template("error.html", message="这里不开放自行注册，请向培训师要账号", status=403), 403
    error = None
    if request.method == "POST":
        db = get_session()
        try:
            if request.form.get("password", "") != request.form.get("password2", ""):
                raise InvalidInput("两次输入的密码不一样")
            user = create_user(
                db,
                request.form.get("username", ""),
                password_hash=hash_password(request.form.get("password", "")),
                display_name=request.form.get("display_name") or None,
                now=_now(),
            )
            db.commit()
            _start_session(user)
            flash(f"欢迎，{user.display_name}！")
            return redirect(url_for("practice.home"))
        except InvalidInput as exc:
            db.rollback()
            error = str(exc)
    return render_template("accounts/register.html", error=error, form=request.form), (400 if error else 200)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Log out."""
    session.clear()
    return redirect(url_for("accounts.login") if login_required_mode() else url_for("texts.index"))
