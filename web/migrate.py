"""Schema migrations (Alembic): every database is brought to the newest revision before it is used.

The revisions live in ``web/migrations/versions`` and are installed with the package.
:func:`upgrade_database` runs when the app starts (``policykb serve``, every worker of a production
server, every ``policykb`` command, ``--db URL`` too) and does nothing when the database is at the
newest revision. Otherwise it takes a lock — PostgreSQL: a transaction-level advisory lock; SQLite:
the write lock (``BEGIN IMMEDIATE``) — so that several workers starting at once upgrade it once,
and runs every revision in that one transaction: an upgrade that fails leaves the database as it was.

A database made by ``create_all`` before migrations existed has tables but no ``alembic_version``.
The baseline revision (the schema of commit b8bf8fb) creates only the tables such a database lacks
(tables were only ever added, never altered, before migrations), the later revisions run as usual,
and before committing the upgrade compares the result with the models: any difference stops it
with a message and nothing is changed.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

import kb.models  # noqa: F401  (registers the clause-store tables)
import quiz.models  # noqa: F401  (registers the question-bank and candidates' tables)
from corpus.errors import DomainError
from kb.db import Base, make_engine

ADVISORY_LOCK = 0x706F6C6963796B62  # "policykb": one upgrade at a time on a PostgreSQL server


class SchemaMismatch(DomainError):
    """The database holds tables that differ from what the revisions make: it is left untouched."""


@functools.cache
def alembic_config() -> Config:
    """Alembic's configuration, without an ini file: the installed script directory and file names."""
    config = Config()
    config.set_main_option("script_location", "web:migrations")
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    return config


def head_revision() -> str:
    """The newest revision of the schema."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: empty, or made by create_all before migrations)."""
    return MigrationContext.configure(connection).get_current_revision()


def schema_differences(connection: Connection) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty when they agree)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
    return list(compare_metadata(context, Base.metadata))


DIFFERENCE_LABELS = {
    "add_table": "缺少表",
    "remove_table": "多出表",
    "add_column": "缺少列",
    "remove_column": "多出列",
    "add_index": "缺少索引",
    "remove_index": "多出索引",
    "add_constraint": "缺少约束",
    "remove_constraint": "多出约束",
    "add_fk": "缺少外键",
    "remove_fk": "多出外键",
}


def describe_difference(difference: Any) -> str:
    """One difference autogenerate found, said in a line: "favourite 缺少列 created_at"."""
    if isinstance(difference, list):  # changes to one column: type, nullable, default
        _, _, table, column, *_ = difference[0]
        return f"{table}.{column} 的定义不同（{'、'.join(d[0].removeprefix('modify_') for d in difference)}）"
    kind, *rest = difference
    obj = rest[-1] if kind in ("add_column", "remove_column") else rest[0]
    table = rest[1] if kind in ("add_column", "remove_column") else getattr(getattr(obj, "table", None), "name", "")
    name = getattr(obj, "name", None) or "、".join(c.name for c in getattr(obj, "columns", []))
    return f"{table + ' ' if table else ''}{DIFFERENCE_LABELS.get(kind, kind)} {name}"


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK - 2**63})


def upgrade_database(engine: Engine, revision: str = "head") -> bool:
    """Bring the database to ``revision`` (the newest by default); True when something was run."""
    target = head_revision() if revision == "head" else revision
    with engine.connect() as connection:
        if current_revision(connection) == target:
            return False
        connection.rollback()
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # batch mode copies a table to change it: its rows' references must not be checked halfway
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            return _upgrade(connection, target)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _upgrade(connection: Connection, target: str) -> bool:
    """Run the revisions up to ``target`` on a connection (under the upgrade lock, in one transaction)."""
    _lock(connection)
    current = current_revision(connection)  # another worker may have upgraded while we waited
    if current == target:
        connection.commit()
        return False
    legacy = current is None and bool(set(inspect(connection).get_table_names()) & set(Base.metadata.tables))
    config = alembic_config()
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, target)
    finally:
        config.attributes.pop("connection", None)
    if legacy and target == head_revision():
        # tables of its own an installation added are its business; ours must be exactly the models'
        differences = [d for d in schema_differences(connection) if not (isinstance(d, tuple) and d[0] == "remove_table")]
        if differences:
            connection.rollback()
            shown = "；".join(describe_difference(d) for d in differences[:5])
            raise SchemaMismatch(f"数据库的表结构与本程序不一致，未做任何改动：{shown}")
    if connection.dialect.name == "sqlite" and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
        connection.rollback()
        raise SchemaMismatch("升级后有记录指向不存在的行，未做任何改动")
    connection.commit()
    return True


def new_revision(message: str) -> Path:
    """Write a new revision autogenerated from the models' difference to the newest one; its path."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'head.sqlite3'}")
        try:
            upgrade_database(engine)
            with engine.connect() as connection:
                config = alembic_config()
                config.attributes["connection"] = connection
                try:
                    rev_id = f"{int(head_revision()) + 1:04d}"
                    script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
                finally:
                    config.attributes.pop("connection", None)
        finally:
            engine.dispose()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
