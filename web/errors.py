"""Map the domain error tree to HTTP responses in one place."""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from corpus.errors import DomainError, InvalidInput, NotFound
from web.accounts import wants_json

STATUS = {NotFound: 404, InvalidInput: 400}


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> ResponseReturnValue:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        if wants_json():
            return {"error": str(exc), "status": status}, status
        return render_template("error.html", message=str(exc), status=status), status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        message = {404: "页面不存在", 405: "不支持这种请求方式", 400: "请求有误", 401: "请先登录", 403: "没有权限"}.get(
            status, exc.name
        )
        if wants_json():
            return {"error": message, "status": status}, status
        return render_template("error.html", message=message, status=status), status
