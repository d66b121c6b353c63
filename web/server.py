"""How ``policykb serve`` listens: waitress (one process, any OS) or gunicorn (``--production``).

Both read the same settings (``SERVE_THREADS``, ``SERVE_CONNECTION_LIMIT``, ``SERVE_BACKLOG``,
``SERVE_TIMEOUT``; gunicorn also ``SERVE_WORKERS`` and ``SERVE_KEEPALIVE``).

A browser keeps its connection open between a candidate's answers. gunicorn closes a connection idle
for ``keepalive`` seconds; at the 5 s it had here, a candidate who thought for 5 s sent the next answer
on a connection the server was closing that instant ("Server disconnected without sending a response").
``SERVE_KEEPALIVE`` (75 s) outlasts a minute's thinking over one question and the 60 s after which a
reverse proxy (nginx's upstream ``keepalive_timeout``) drops an idle connection itself, so behind a
proxy the proxy, never the server, closes first; an idle connection costs gthread a socket in its
poller, not a thread.

With gunicorn the app is created once in the master process, after the corpus and the index are
built there, and the workers are forked from it (``preload_app``): the jieba dictionaries,
vocabulary and lexicons are loaded once and shared. What a process must not share is opened per
worker: :func:`before_fork` closes the master's database connections and its opened search index,
and :func:`after_fork` makes sure the worker starts with an empty connection pool and no inherited
index (it opens its own on the first search).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput
from kb.engine import IndexHolder

MAX_AUTO_WORKERS = 8


@dataclass(frozen=True)
class ServerOptions:
    """What the server is told, from the settings table (the CLI's options override some)."""

    workers: int
    threads: int
    connection_limit: int
    backlog: int
    timeout: int
    keepalive: int


def _positive(name: str, value: Any) -> int:
    number = int(value)
    if number < 1:
        raise InvalidInput(f"{name}={value!r}：应为正整数")
    return number


def auto_workers(cpus: int | None) -> int:
    """One worker per core, at least two (one restarting leaves the other serving): requests here are Python work.

    A class of 100 all at once on 2 cores, two runs side by side on the same machine: 2 workers × 8 threads handled
    it in 114–128 s where 3 × 4 took 151–168 s (SQLite and PostgreSQL), the drill's p50 half as long; a third
    process only contends for the cores, and on SQLite for its one write lock.
    """
    return min(max(cpus or 1, 2), MAX_AUTO_WORKERS)


def server_options(config: Mapping[str, Any], *, workers: int | None = None, threads: int | None = None) -> ServerOptions:
    """The server settings of this app (``workers``/``threads`` given on the command line win)."""
    wanted = workers if workers is not None else int(config["SERVE_WORKERS"])
    return ServerOptions(
        workers=_positive("SERVE_WORKERS", wanted) if wanted else auto_workers(os.cpu_count()),
        threads=_positive("SERVE_THREADS", threads if threads is not None else config["SERVE_THREADS"]),
        connection_limit=_positive("SERVE_CONNECTION_LIMIT", config["SERVE_CONNECTION_LIMIT"]),
        backlog=_positive("SERVE_BACKLOG", config["SERVE_BACKLOG"]),
        timeout=_positive("SERVE_TIMEOUT", config["SERVE_TIMEOUT"]),
        keepalive=_positive("SERVE_KEEPALIVE", config["SERVE_KEEPALIVE"]),
    )


def run_waitress(app: Flask, host: str, port: int, options: ServerOptions) -> None:
    """Serve from this one process with waitress (Windows, or one process is enough)."""
    from waitress import serve

    serve(
        app,
        host=host,
        port=port,
        threads=options.threads,
        connection_limit=options.connection_limit,
        backlog=options.backlog,
        channel_timeout=options.timeout,
        ident="policykb",
    )


def warm_up(app: Flask, session: Session) -> None:
    """Open the search index once before serving, so jieba's dictionaries load here, not on a candidate's first search.

    The segmenter is kept per process (``kb.segment.get_segmenter``); forked workers inherit it loaded.
    """
    holder: IndexHolder = app.extensions["policykb.search"]
    with contextlib.suppress(InvalidInput):  # nothing built yet (--no-build on an empty database): nothing to warm
        holder.get(session)


def before_fork(app: Flask) -> None:
    """Close what the master opened while building (connections, the index) so no worker inherits it."""
    holder: IndexHolder = app.extensions["policykb.search"]
    holder.close()
    app.extensions["policykb.engine"].dispose()
    gc.freeze()  # keep the loaded dictionaries out of the collector, so forked workers share their pages


def after_fork(app: Flask) -> None:
    """In a new worker: a fresh connection pool (never the master's sockets) and no inherited index."""
    app.extensions["policykb.engine"].dispose(close=False)
    holder: IndexHolder = app.extensions["policykb.search"]
    holder.forget()


def run_gunicorn(app: Flask, host: str, port: int, options: ServerOptions, *, ready: str) -> None:
    """Serve with gunicorn: ``options.workers`` processes forked from this one, ``options.threads`` threads each."""
    if sys.platform == "win32":
        raise InvalidInput("--production 需要 gunicorn，只能在 Linux 或 macOS 上运行；Windows 上请用 policykb serve（waitress）")
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": options.workers,
                "worker_class": "gthread",
                "threads": options.threads,
                "worker_connections": options.connection_limit,
                "backlog": options.backlog,
                "timeout": options.timeout,
                "graceful_timeout": min(options.timeout, 30),
                "keepalive": options.keepalive,
                "preload_app": True,
                "proc_name": "policykb",
                "errorlog": "-",
                "loglevel": "warning",
                "when_ready": lambda _server: print(ready, flush=True),
                "post_fork": lambda _server, _worker: after_fork(app),
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    before_fork(app)
    Server().run()
