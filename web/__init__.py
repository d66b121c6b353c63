"""The web app and the CLI: the composition root that wires corpus, kb and quiz together."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

import corpus
from kb.vocab import ALIASES_PATH, QUESTION_WORDS_PATH, USERDICT_PATH

DEFAULT_RAW = Path(corpus.__file__).resolve().parent / "raw"
DEFAULT_CATALOG = Path(corpus.__file__).resolve().parent / "catalog.toml"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: defaults, then instance/config.py, then POLICYKB_* variables, or a test config."""
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    app.config.from_mapping(
        SECRET_KEY="dev-only-change-me",
        DATABASE_URL=f"sqlite:///{instance / 'policykb.sqlite3'}",
        INDEX_DIR=str(instance / "index"),
        SEARCH_USERDICT=str(USERDICT_PATH),
        SEARCH_ALIASES=str(ALIASES_PATH),
        SEARCH_QUESTION_WORDS=str(QUESTION_WORDS_PATH),
        CORPUS_DIR=str(DEFAULT_RAW),
        CATALOG_PATH=str(DEFAULT_CATALOG),
        JSON_AS_ASCII=False,
        TRAINER_PASSWORD=None,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        if os.environ.get("DATABASE_URL"):
            app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
        app.config.from_prefixed_env("POLICYKB")
    else:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    from web import db, errors, questions, relations, search, texts
    from web.cli import register_commands

    db.init_app(app)
    errors.init_app(app)
    search.init_app(app)
    app.register_blueprint(texts.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(relations.bp)
    app.register_blueprint(questions.bp)
    register_commands(app)
    return app
