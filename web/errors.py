"""Map the domain error tree to HTTP responses in one place.

A view, a guard or a service raises; nothing else builds an error page. A script (``/api/…``, a
``.json`` twin, ``Accept: application/json``) gets ``{"error", "status", …details}``; a browser gets
``error.html`` in Chinese, or for ``LoginRequired`` the login page with the way back; an error that
carries a ``location`` (a page that exists only in another state, such as the result of an exam not
yet handed in) sends a browser there instead.
"""

from __future__ import annotations

from flask import Flask, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from corpus.errors import Conflict, DomainError, InvalidInput, LoginRequired, NotAllowed, NotFound
from web.auth import wants_json

STATUS: dict[type[DomainError], int] = {NotFound: 404, InvalidInput: 400, Conflict: 409, LoginRequired: 401, NotAllowed: 403}
HTTP_MESSAGES = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    405: "不支持这种请求方式",
    413: "请求内容太大",
    429: "请求太频繁，请稍后再试",
}


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error (400 for anything not listed)."""
    return next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)


def _respond(message: str, status: int, details: dict[str, object] | None = None) -> ResponseReturnValue:
    if wants_json():
        return {"error": message, "status": status, **(details or {})}, status
    return render_template("error.html", message=message, status=status), status


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> ResponseReturnValue:
        if isinstance(exc, LoginRequired) and not wants_json():
            return redirect(url_for("accounts.login", next=exc.details.get("next") or None))
        if exc.details.get("location") and not wants_json():
            return redirect(str(exc.details["location"]))
        details = {k: v for k, v in exc.details.items() if k not in ("next", "location")}
        return _respond(str(exc), status_of(exc), details)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        message = HTTP_MESSAGES.get(status, exc.name)
        if status == 413:
            message += f"（最多 {int(current_app.config['MAX_CONTENT_LENGTH']) // 1024} KB）"
        if status == 429 and exc.description and not exc.description.isascii():  # the throttle's own Chinese message
            message = exc.description
        return _respond(message, status)
