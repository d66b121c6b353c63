"""One engine per app, its schema upgraded before use, one session per request or CLI command, closed on teardown."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

import kb.models  # noqa: F401  (registers the clause-store tables)
import quiz.models  # noqa: F401  (registers the question-bank tables)
from kb.db import make_engine, make_sessionmaker
from kb.store import stored_hash_column
from quiz.bank import READ_VERSION, BankCache, ProcessCache, bank_version_column, bank_version_of
from quiz.models import User
from web.migrate import upgrade_database

PAPERS_KEPT = 256  # sittings' papers a process keeps decoded: a class at once with room to spare (~0.4 MB each at most)


def init_app(app: Flask) -> None:
    """Create the engine, bring the schema to the newest revision, and close sessions at teardown.

    Each app (each worker process) also gets what it keeps between requests: the bank read once per bank version
    (``quiz.bank.BankCache``) and the papers of the sittings it served (``quiz.exam.paper_of``).
    """
    engine = make_engine(app.config["DATABASE_URL"])
    upgrade_database(engine)
    app.extensions["policykb.engine"] = engine
    app.extensions["policykb.sessionmaker"] = make_sessionmaker(engine)
    app.extensions["policykb.bank"] = BankCache()
    app.extensions["policykb.papers"] = ProcessCache(size=PAPERS_KEPT)
    app.teardown_appcontext(close_session)


def bank_cache() -> BankCache:
    """What this process keeps of the question bank, by bank version."""
    cache: BankCache = current_app.extensions["policykb.bank"]
    return cache


def paper_cache() -> ProcessCache:
    """The sittings' papers this process keeps decoded."""
    cache: ProcessCache = current_app.extensions["policykb.papers"]
    return cache


def get_session() -> Session:
    """The session of the current request or command."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["policykb.sessionmaker"]()
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the session at the end of the request or command (rolling back anything uncommitted)."""
    session: Any = g.pop("db_session", None)
    if session is not None:
        session.close()


# built once, not per request: composing the statement cost more than running it
USER_WITH_VERSIONS = select(User, stored_hash_column(), bank_version_column()).where(User.id == bindparam("user_id"))


def get_user(user_id: int) -> User | None:
    """The user with this id, and in the same statement the stored corpus hash and the bank's version, kept for the request.

    Every request but a static file reads its user; a search also needs the corpus hash (to tell a stale
    index, ``kb.engine.IndexHolder``), and whatever reads the bank through the process's ``BankCache`` its
    version (``quiz.bank.bank_version``), so they come with the user rather than in statements of their own.
    """
    session = get_session()
    found = session.execute(USER_WITH_VERSIONS, {"user_id": user_id}).one_or_none()
    if found is None:
        return None
    g.corpus_hash = found[1]
    session.info[READ_VERSION] = bank_version_of(found[2])
    user: User = found[0]
    return user


def known_corpus_hash() -> str | None:
    """The stored corpus hash if this request read it with its user (None: not read, or nothing built)."""
    value = g.get("corpus_hash")
    return str(value) if value is not None else None
