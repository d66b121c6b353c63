"""What every response carries for safety, and the login throttle.

Headers: a Content-Security-Policy that runs only the site's own script files (no inline script or
handler: ``web/static/page.js`` wires the few page behaviours), refuses framing and plugins, and
sends forms only to this site; ``X-Content-Type-Options: nosniff``; ``X-Frame-Options: DENY``;
``Referrer-Policy: same-origin``; and ``Cache-Control: no-store`` on personal pages (a user's
drills, exams, progress, account pages and the JSON API), so a shared computer's back button or a
proxy shows no one else's answers.

Throttle: Flask-Limiter counts failed logins (401) per account (the case-folded name) and per
address; past ``LOGIN_LIMIT_ACCOUNT`` or ``LOGIN_LIMIT_ADDRESS`` a login is refused with 429 and a
Chinese message, even with the right password, until the window passes. The counts live in
``RATELIMIT_STORAGE_URI``: ``memory://`` (one process) by default, ``redis://…`` or ``memcached://…``
so that several worker processes or machines share them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many

from corpus.errors import InvalidInput
from quiz.accounts import fold_name

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
F = TypeVar("F", bound=Callable[..., Any])
PERSONAL_BLUEPRINTS = {"practice", "exam", "progress", "accounts"}
THROTTLE_MESSAGE = "登录失败次数太多，请过几分钟再试"

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _failed_login(response: Response) -> bool:
    return response.status_code == 401


def _account_key() -> str:
    return "login-account:" + fold_name(request.form.get("username", ""))


def _address_key() -> str:
    return "login-address:" + get_remote_address()


def _limit(setting: str) -> Callable[[], str]:
    return lambda: str(current_app.config[setting])


def throttle_login(view: F) -> F:
    """Count this view's failed logins per account and per address (the limits are settings)."""
    for setting, key in (("LOGIN_LIMIT_ACCOUNT", _account_key), ("LOGIN_LIMIT_ADDRESS", _address_key)):
        limit = limiter.limit(
            _limit(setting), key_func=key, methods=["POST"], deduct_when=_failed_login, error_message=THROTTLE_MESSAGE
        )
        view = cast(F, limit(view))
    return view


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.blueprint in PERSONAL_BLUEPRINTS or request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Check the throttle's settings, start the limiter and add the headers to every response."""
    for name in ("LOGIN_LIMIT_ACCOUNT", "LOGIN_LIMIT_ADDRESS"):
        try:
            parse_many(str(app.config[name]))
        except ValueError:
            raise InvalidInput(f"{name}={app.config[name]!r}：应为次数限制，如“5 per minute;20 per hour”") from None
    limiter.init_app(app)
    app.after_request(_headers)
