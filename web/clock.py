"""The time of a request: the real UTC clock, or the test config's ``CLOCK`` callable; and time as people read it.

Everything is stored and sent as JSON in UTC; pages and the CLI show it in the ``TIMEZONE`` setting
(China time by default).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from flask import current_app

from web.settings import timezone


def now() -> dt.datetime:
    """The current UTC time (the app's ``CLOCK`` when a test sets one)."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else dt.datetime.now(dt.UTC)


def fresh_rng() -> random.Random:
    """A random generator for one request, seeded from the operating system."""
    return random.Random(secrets.randbits(64))


def local_time(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored moment (a datetime, naive meaning UTC, or ISO text) as the ``TIMEZONE`` clock shows it; empty for none."""
    if value in (None, ""):
        return ""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(timezone(current_app.config.get("TIMEZONE", "Asia/Shanghai")))
    return local.strftime(fmt.replace("%-m", str(local.month)).replace("%-d", str(local.day)))
