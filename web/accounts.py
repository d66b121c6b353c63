"""Sign-in pages of a shared deployment: log in, register, change the password, log out (the guards are in ``web.auth``)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from corpus.errors import InvalidInput, NotAllowed
from quiz.accounts import create_user, end_sessions, find_user
from web.auth import current_user, hash_password, login_required_mode, safe_next, start_session, upgrade_password, verify_password
from web.clock import now
from web.db import get_session
from web.security import throttle_login

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@throttle_login
def login() -> ResponseReturnValue:
    """Log in with a user name and password (shared deployments)."""
    if not login_required_mode():
        flash("本机使用无需登录：练习记录保存在本机档案里。")
        return redirect(url_for("practice.home"))
    error = None
    if request.method == "POST":
        db = get_session()
        user = find_user(db, request.form.get("username", ""))
        if verify_password(user, request.form.get("password", "")) and user is not None:
            upgrade_password(db, user, request.form.get("password", ""))
            db.commit()
            start_session(user)
            return redirect(safe_next(request.args.get("next"), url_for("practice.home")))
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
                password_hash=hash_password(request.form.get("password", ""), request.form.get("username", "")),
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


@bp.route("/password", methods=["GET", "POST"])
def password() -> ResponseReturnValue:
    """Change one's password: every other session of the account ends."""
    if not login_required_mode():
        return redirect(url_for("practice.home"))
    user, db, error = current_user(), get_session(), None
    if request.method == "POST":
        try:
            if not verify_password(user, request.form.get("password", "")):
                raise InvalidInput("现在的密码不对")
            new = request.form.get("new_password", "")
            if new != request.form.get("new_password2", ""):
                raise InvalidInput("两次输入的新密码不一样")
            user.password_hash = hash_password(new, user.username)
            end_sessions(user)
            db.commit()
            start_session(user)
            flash("密码已修改；其他设备上的登录已失效。")
            return redirect(url_for("practice.home"))
        except InvalidInput as exc:
            db.rollback()
            error = str(exc)
    return render_template("accounts/password.html", error=error), (400 if error else 200)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Log out: this session and every copy of its cookie end (a local profile stays with its browser)."""
    if not login_required_mode():
        return redirect(url_for("home.dashboard"))
    end_sessions(current_user())
    get_session().commit()
    session.clear()
    return redirect(url_for("accounts.login"))
