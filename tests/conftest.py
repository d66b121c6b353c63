"""Fixtures: the real corpus built once per session, and an app per test (flaskr's chain)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, Integer, text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

import kb.models  # noqa: F401  (composition root: register every table)
import quiz.models  # noqa: F401
from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from corpus.assemble import assemble_corpus, read_corpus_dir
from corpus.catalog import load_catalog
from corpus.model import CorpusBuild
from kb.build import build_corpus
from kb.db import Base, make_engine, make_sessionmaker
from kb.index import build_index
from kb.search import SearchIndex
from kb.vocab import load_vocabulary
from quiz.bank import build_bank
from web import create_app
from web.migrate import upgrade_database

NOW = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return DEFAULT_RAW


@pytest.fixture(scope="session")
def corpus_build() -> CorpusBuild:
    """The real seeds assembled in memory (pure pipeline, no database)."""
    return assemble_corpus(read_corpus_dir(DEFAULT_RAW), load_catalog(DEFAULT_CATALOG), DEFAULT_CATALOG.read_bytes())


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the real corpus, built once for read-only tests."""
    path = tmp_path_factory.mktemp("db") / "policykb.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    with make_sessionmaker(engine)() as session:
        build_corpus(session, DEFAULT_RAW, DEFAULT_CATALOG, now=NOW)
        build_bank(session, now=NOW)
        session.commit()
    engine.dispose()
    return path


@contextmanager
def open_session(db: Path) -> Iterator[Session]:
    """A session on a built SQLite file, for read-only tests; the engine is disposed of afterwards."""
    engine = make_engine(f"sqlite:///{db}")
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


LAWS = Path(__file__).resolve().parents[1] / ".." / "shared" / "laws"


@pytest.fixture(scope="session")
def laws_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and all of shared/laws built into one database with the question bank, once per session."""
    if not LAWS.is_dir():
        pytest.skip(f"the laws test corpus is not there ({LAWS.resolve()}): it lives outside the repository")
    tmp_path = tmp_path_factory.mktemp("laws")
    raw = tmp_path / "raw"
    shutil.copytree(DEFAULT_RAW, raw)
    for p in LAWS.glob("*(*).md"):
        shutil.copy(p, raw / p.name)
    db = tmp_path / "all.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    upgrade_database(engine)
    with make_sessionmaker(engine)() as session:
        build = build_corpus(session, raw, DEFAULT_CATALOG, now=NOW)
        build_bank(session, now=NOW)
        session.commit()
    engine.dispose()
    assert len(build.works) == 47
    return db


@pytest.fixture(scope="session")
def index_root(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search index of the real corpus, built once; tests only read it."""
    root = tmp_path_factory.mktemp("index")
    engine = make_engine(f"sqlite:///{built_db}")
    with make_sessionmaker(engine)() as session:
        build_index(session, root, vocab=load_vocabulary(), now=NOW)
    engine.dispose()
    return root


@pytest.fixture(scope="session")
def search_index(index_root: Path) -> Iterator[SearchIndex]:
    """The opened real-corpus index, shared by read-only search tests."""
    version = (index_root / "CURRENT").read_text().strip()
    index = SearchIndex(index_root / version, load_vocabulary())
    yield index
    index.close()


PG_URL = os.environ.get("POLICYKB_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


_BUILT_ROWS: dict[str, list[dict[str, Any]]] = {}


def drop_everything(engine: Engine) -> None:
    """An empty database again: every table of the models and Alembic's version table."""
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _fresh_postgres(url: str, built_db: Path) -> None:
    """PostgreSQL holding exactly what the built SQLite file holds (copied, not rebuilt: faster)."""
    if not _BUILT_ROWS:
        source = make_engine(f"sqlite:///{built_db}")
        with source.connect() as conn:
            for table in Base.metadata.sorted_tables:
                _BUILT_ROWS[table.name] = [dict(r) for r in conn.execute(table.select()).mappings()]
        source.dispose()
    engine = make_engine(url)
    drop_everything(engine)
    upgrade_database(engine)
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if _BUILT_ROWS[table.name]:
                conn.execute(table.insert(), _BUILT_ROWS[table.name])
            if "id" in table.c and isinstance(table.c.id.type, Integer):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"
                    )
                )
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def app(request: pytest.FixtureRequest, built_db: Path, index_root: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app on a private copy of the built corpus, on each database the suite runs against."""
    if request.param == "postgresql":
        assert PG_URL
        _fresh_postgres(PG_URL, built_db)
        url = PG_URL
    else:
        db = tmp_path / "policykb.sqlite3"
        shutil.copy(built_db, db)
        url = f"sqlite:///{db}"
    index_dir = tmp_path / "index"
    shutil.copytree(index_root, index_dir)  # a private copy: build commands under test swap it
    application = create_app({"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": str(index_dir)})
    yield application
    application.extensions["policykb.search"].close()
    application.extensions["policykb.engine"].dispose()


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    """The app served by a real threaded server on a free loopback port (browser and concurrency tests)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a fresh, empty database."""
    application = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "INDEX_DIR": str(tmp_path / "index")}
    )
    yield application
    application.extensions["policykb.engine"].dispose()


class CsrfClient(FlaskClient):
    """A test client that sends the session's CSRF token on every unsafe request, as the pages do.

    Pass ``csrf=False`` to send none (to test that such a request is refused).
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        method = str(kwargs.get("method", "GET")).upper()
        send = kwargs.pop("csrf", True)
        if send and method in {"POST", "PUT", "PATCH", "DELETE"}:
            with self.session_transaction() as sess:
                token = sess.setdefault("csrf", "test-csrf-token")
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRF-Token", token)
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = CsrfClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
