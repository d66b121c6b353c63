"""The web app and the CLI: the composition root that wires corpus, kb and quiz together."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

import corpus
from kb.vocab import ALIASES_PATH, QUESTION_WORDS_PATH, USERDICT_PATH

DEFAULT_RAW = Path(corpus.__file__).resolve().parent / "raw"
DEFAULT_CATALOG = Path(corpus.__file__).resolve().parent / "catalog.toml"


DEV_SECRET = "dev-only-change-me"


def _instance_secret(instance: Path) -> str:
    """A random session key kept in the instance folder (set POLICYKB_SECRET_KEY when several machines serve)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: defaults, then instance/config.py, then POLICYKB_* variables, or a test config."""
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    app.config.from_mapping(
        SECRET_KEY=DEV_SECRET,
        DATABASE_URL=f"sqlite:///{instance / 'policykb.sqlite3'}",
        INDEX_DIR=str(instance / "index"),
        SEARCH_USERDICT=str(USERDICT_PATH),
        SEARCH_ALIASES=str(ALIASES_PATH),
        SEARCH_QUESTION_WORDS=str(QUESTION_WORDS_PATH),
        CORPUS_DIR=str(DEFAULT_RAW),
        CATALOG_PATH=str(DEFAULT_CATALOG),
        JSON_AS_ASCII=False,
        REQUIRE_LOGIN=False,
        SESSION_COOKIE_SAMESITE="Lax",
        ALLOW_REGISTRATION=True,
        CSRF_ENABLED=True,
        EXAM_MINUTES=120,
        WRONG_BOOK_CLEAR_AFTER=2,
        ITEM_MIN_RESPONSES=5,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        if os.environ.get("DATABASE_URL"):
            app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
        app.config.from_prefixed_env("POLICYKB")
    else:
        app.config.from_mapping(test_config)
    if test_config is None and app.config["SECRET_KEY"] == DEV_SECRET:
        app.config["SECRET_KEY"] = _instance_secret(instance)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    from web import accounts, db, errors, exam, practice, progress, questions, relations, search, texts
    from web.cli import register_commands

    db.init_app(app)
    errors.init_app(app)
    accounts.init_app(app)
    search.init_app(app)
    app.register_blueprint(texts.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(relations.bp)
    app.register_blueprint(questions.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(practice.bp)
    app.register_blueprint(exam.bp)
    app.register_blueprint(progress.bp)
    register_commands(app)
    return app
