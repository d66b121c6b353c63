"""Sign-in pages of a shared deployment: log in, register, log out (the guards are in ``web.auth``)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.security import check_password_hash

from corpus.errors import InvalidInput, NotAllowed
from quiz.accounts import create_user, find_user
from web.auth import hash_password, login_required_mode, start_session
from web.clock import now
from web.db import get_session

bp = Blueprint("accounts", __name__)


def _safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


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
            start_session(user)
            return redirect(_safe_next(url_for("practice.home")))
        error = "用户名或密码不对"
    return render_template("accounts/login.html", error=error, allow_registration=current_app.config["ALLOW_REGISTRATION"]), (
        401 if error else 200
    )


@bp.route("/register", methods=["GET", "POST"])
def register() -> ResponseReturnValue:
    """Create an account (shared deployments that allow registration)."""
    if not login_required_mode():
        return redirect(url_for("practice.home"))
    if not current_app.config["ALLOW_REGISTRATION"]:
        raise NotAllowed("这里不开放自行注册，请向培训师要账号")
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
                now=now(),
            )
            db.commit()
            start_session(user)
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
    return redirect(url_for("accounts.login") if login_required_mode() else url_for("home.dashboard"))
