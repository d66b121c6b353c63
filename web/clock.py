"""The time of a request: the real UTC clock, or the test config's ``CLOCK`` callable."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from flask import current_app


def now() -> dt.datetime:
    """The current UTC time (the app's ``CLOCK`` when a test sets one)."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else dt.datetime.now(dt.UTC)


def fresh_rng() -> random.Random:
    """A random generator for one request, seeded from the operating system."""
    return random.Random(secrets.randbits(64))
