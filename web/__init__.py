"""The composition root: the Flask app factory wiring corpus, kb and quiz, its blueprints and the CLI."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask


def _instance_secret(instance: Path) -> str:
    """A random session key kept in the instance folder (set POLICYKB_SECRET_KEY when several machines serve)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: the settings table's defaults, then instance/config.py, then POLICYKB_* variables, or a test config."""
    # imported here, not at the top, so that `policykb --help` does not load the whole app (web.cli)
    from corpus.model import level_label
    from kb.vocab import load_lexicons
    from web.settings import defaults, environment_values, normalise, setting_date, timezone

    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    app.config.from_mapping(JSON_AS_ASCII=False, SESSION_COOKIE_SAMESITE="Lax")
    app.config.from_mapping(defaults(instance))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_mapping(environment_values(os.environ))
        if not app.config["SECRET_KEY"]:
            app.config["SECRET_KEY"] = _instance_secret(instance)
    else:
        app.config.from_mapping({"SECRET_KEY": "test-only"} | test_config)
    app.config.update(normalise(app.config))
    app.config["EXAM_DATE"] = setting_date("EXAM_DATE", app.config.get("EXAM_DATE"))
    timezone(app.config["TIMEZONE"])  # a zone that cannot be read stops start-up here, not on the first page
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.mimetype = "application/json; charset=utf-8"  # type: ignore[attr-defined]  # read as UTF-8 in any browser
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    from web import (
        accounts,
        auth,
        db,
        errors,
        exam,
        home,
        labels,
        openapi,
        practice,
        progress,
        questions,
        relations,
        schemas,
        search,
        security,
        texts,
    )
    from web.cli import register_commands

    db.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    app.before_request(schemas.check_request)
    labels.init_app(app)
    search.init_app(app)
    openapi.init_app(app)
    app.extensions["policykb.lexicons"] = lexicons = load_lexicons(Path(app.config["LEXICON_DIR"]))
    for warning in lexicons.warnings:
        app.logger.warning("条款分析词表：%s", warning)
    app.add_template_filter(level_label, "level_label")
    app.register_blueprint(home.bp)
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
