"""The database: declarative base, engines for SQLite and PostgreSQL, sessions, row locks, insert-or-skip.

The embedded default is SQLite in WAL mode with foreign keys on; ``postgresql+psycopg://…`` runs
the same models on PostgreSQL. Services receive a session and never commit.

On PostgreSQL a session reads outside a transaction until it first writes or locks: a connection
taken from the pool is in autocommit, and the first statement that is not a plain ``SELECT`` (an
``INSERT``/``UPDATE``/``DELETE``, a ``SELECT … FOR UPDATE``, any text or DDL) switches it to a
transaction first, which the session's commit or rollback ends. Under PostgreSQL's READ COMMITTED
every statement of a transaction sees what was committed before it started, so reading before the
``BEGIN`` sees exactly what reading after it would; a request that only reads (the next question, a
search) is then spared the ``BEGIN`` and the ``COMMIT``/``ROLLBACK`` round trips. A ``SELECT`` whose
function has a transactional side effect (``pg_advisory_xact_lock``) must be written as ``text()``.
A connection idle in the pool for :data:`IDLE_PING_SECONDS` is pinged before use (a database restart
or a proxy's idle timeout may have closed it); one used a moment ago is not.

Requests run at once (several threads, several workers). Two tools keep what they write exact on
both databases: :func:`lock_row` makes the writers of one row take turns and read what the one
before committed, and :func:`insert_missing` inserts a row unless another transaction already holds
one with the same unique key — a collision waits for that transaction and is then no error.

On SQLite every writer queues in the kernel first: each connection holds a file of its own open on
``<database>.writers`` and takes an exclusive ``flock`` on it before its transaction's first write (which
then begins ``BEGIN IMMEDIATE``) or :func:`lock_row`'s ``BEGIN IMMEDIATE``, until the transaction ends.
SQLite's own busy handler waits by sleeping and polling (1, 2, 5 … 100 ms), so under a class's burst a
writer could lose the lock time after time — answers waited up to 11 s with four workers; a blocked
``flock`` is woken the moment the lock is free.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, Engine, MetaData, Select, create_engine, event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; JSON columns map to JSON (JSONB-compatible on PostgreSQL)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


_Row = TypeVar("_Row", bound=Base)

IDLE_PING_SECONDS = 10.0  # a pooled connection unused for longer is pinged before a request gets it


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")  # several server processes queue for the one writer
    cursor.close()


def _json_text(value: Any) -> str:
    # Chinese as UTF-8, not \uXXXX escapes: a third of the bytes to store, read and decode (an exam's paper is 80
    # question snapshots, read on every view of the sitting); what json.loads gives back is the same
    return json.dumps(value, ensure_ascii=False)


def _plain_read(context: Any) -> bool:
    """Whether a statement only reads and locks nothing: a compiled SELECT without FOR UPDATE / FOR SHARE."""
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    return isinstance(statement, Select) and statement._for_update_arg is None


def _postgres_events(engine: Engine) -> None:
    """Read outside a transaction until the first write or lock; ping a connection only when it sat idle."""
    dialect = engine.dialect

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since > IDLE_PING_SECONDS:
            try:
                dialect.do_ping(dbapi_connection)
            except dialect.loaded_dbapi.Error as error:  # closed while idle: the pool connects afresh
                raise exc.InvalidatePoolError() from error
        if dbapi_connection.info.transaction_status.name != "IDLE":  # broken: the pool connects afresh
            raise exc.InvalidatePoolError()
        dbapi_connection.autocommit = True

    def before_cursor_execute(connection: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        if dbapi_connection.autocommit and not _plain_read(context):
            dbapi_connection.autocommit = False  # psycopg sends BEGIN before this statement

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)
    event.listen(engine, "before_cursor_execute", before_cursor_execute)


try:
    import fcntl
except ImportError:  # Windows (waitress, one process): SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

WRITERS_SUFFIX = ".writers"  # beside the database file: the kernel's queue of writers (module docstring)


def _writer_queue(engine: Engine) -> None:
    """Give every connection of a file database its own handle on the writers' lock file, released with the
    transaction (commit, rollback, or the pool's reset of a connection handed back mid-transaction)."""
    database = engine.url.database or ""
    if fcntl is None or database in ("", ":memory:") or database.startswith("file:"):
        return
    path = str(Path(database).resolve()) + WRITERS_SUFFIX

    def connect(_dbapi_connection: Any, record: Any) -> None:
        with contextlib.suppress(OSError):  # a read-only folder: SQLite's busy handler alone
            record.info["writers_fd"] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def before_cursor_execute(connection: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        info = connection.connection.info
        if statement.lstrip()[:5].upper() == "BEGIN":
            _writer_turn(info)  # lock_row's BEGIN IMMEDIATE, a migration's
        elif not connection.connection.dbapi_connection.in_transaction and not _plain_read(context):
            if statement.lstrip()[:6].upper() in ("PRAGMA", "COMMIT", "ROLLBA", "SAVEPO", "RELEAS"):
                return
            # the first write of a transaction: its turn, then the write lock at once (BEGIN IMMEDIATE, not the
            # driver's deferred BEGIN, which would wait for the lock in SQLite's sleeping busy handler)
            _writer_turn(info)
            if info.get("writers_held"):
                connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE")

    def close(_dbapi_connection: Any, record: Any) -> None:
        fd = record.info.pop("writers_fd", None)
        if fd is not None:
            os.close(fd)  # closing the file gives up a lock still held

    def release_record(info: dict[str, Any]) -> None:
        if info.pop("writers_held", False):
            fcntl.flock(info["writers_fd"], fcntl.LOCK_UN)

    def release(connection: Any) -> None:
        release_record(connection.connection.info)

    def reset(_dbapi_connection: Any, record: Any, _state: Any) -> None:
        release_record(record.info)

    event.listen(engine, "connect", connect)
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    event.listen(engine, "close", close)
    event.listen(engine, "commit", release)
    event.listen(engine, "rollback", release)
    event.listen(engine, "reset", reset)


def _writer_turn(info: dict[str, Any]) -> None:
    """Wait for the writers' lock of a SQLite connection (a no-op without the queue, or when it is held)."""
    fd = info.get("writers_fd")
    if fd is not None and not info.get("writers_held"):
        fcntl.flock(fd, fcntl.LOCK_EX)  # blocks without the GIL until the writer before commits
        info["writers_held"] = True


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL and foreign keys on every connection; JSON columns are written as UTF-8.

    PostgreSQL reads outside a transaction until the first write and pings only idle connections (module docstring).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, json_serializer=_json_text)
        event.listen(engine, "connect", _sqlite_pragmas)
        _writer_queue(engine)
        return engine
    engine = create_engine(url, json_serializer=_json_text)
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        _postgres_events(engine)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Any]:
    """A session factory bound to the engine (objects stay usable after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def create_tables(engine: Engine) -> None:
    """Create every table registered on the metadata that does not exist yet."""
    Base.metadata.create_all(engine)


def lock_row(session: Session, model: type[_Row], ident: Any) -> _Row | None:
    """The row with this primary key, read afresh and locked against other writers until the transaction ends.

    PostgreSQL locks the row (``SELECT … FOR NO KEY UPDATE``: rows referring to it can still be
    added). SQLite has one writer at a time: the transaction takes the database's write lock now
    (``BEGIN IMMEDIATE``, waiting up to the busy timeout) unless it already holds it, so what it
    reads next is what the writer before it committed.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # after its turn in the writers' queue (``_writer_queue``)
    return session.get(model, ident, with_for_update={"key_share": True}, populate_existing=True)


def insert_missing(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """Insert a row unless one with the same unique key exists or is being inserted; True when this one was.

    ``INSERT … ON CONFLICT DO NOTHING`` on both databases: never an IntegrityError on a collision.
    """
    session.flush()
    table: Any = model.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    result: Any = session.execute(insert(table).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)
