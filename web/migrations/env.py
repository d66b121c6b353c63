"""Alembic's environment: run the revisions on the connection ``web.migrate`` hands over.

``web.migrate.upgrade_database`` opens the connection, takes the lock and the transaction, and
passes the connection in ``config.attributes["connection"]``; the revisions run inside that one
transaction (SQLite and PostgreSQL both have transactional DDL), so an upgrade that fails changes
nothing. SQLite alters tables in batch mode (copy and move), which autogenerate renders too.
"""

from __future__ import annotations

from alembic import context

import kb.models  # noqa: F401  (registers the clause-store tables)
import quiz.models  # noqa: F401  (registers the question-bank and candidates' tables)
from kb.db import Base


def run_migrations() -> None:
    """Configure the context on the handed-over connection and run the revisions."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("请用 policykb db upgrade 升级数据库（它会传入连接并加锁）")
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
