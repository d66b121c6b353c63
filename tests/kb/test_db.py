"""PostgreSQL sessions: reads outside a transaction until the first write or lock, pings only idle connections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import errors
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

import kb.db
from kb.db import lock_row, make_engine, make_sessionmaker
from kb.models import BuildInfo
from tests.conftest import NOW, PG_URL, drop_everything
from web.migrate import upgrade_database

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (POLICYKB_TEST_PG_URL, as scripts/test.sh sets)")


@pytest.fixture
def engine() -> Iterator[Engine]:
    assert PG_URL
    engine = make_engine(PG_URL)
    drop_everything(engine)
    upgrade_database(engine)
    with make_sessionmaker(engine)() as session:
        session.add(BuildInfo(key="probe", value={"n": 1}, updated_at=NOW))
        session.commit()
    yield engine
    engine.dispose()


def _status(session: Session) -> TransactionStatus:
    return TransactionStatus(session.connection().connection.dbapi_connection.info.transaction_status)  # type: ignore[union-attr]


def test_a_session_that_only_reads_opens_no_transaction(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        assert session.get(BuildInfo, "probe") is not None
        assert session.scalar(select(func.count()).select_from(BuildInfo)) >= 1
        assert _status(session) is TransactionStatus.IDLE  # no BEGIN was sent, so no COMMIT or ROLLBACK is owed
        session.commit()


def test_the_first_write_begins_the_transaction_and_a_rollback_undoes_it(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        row = session.get(BuildInfo, "probe")
        assert row is not None and _status(session) is TransactionStatus.IDLE
        row.value = {"n": 2}
        session.flush()
        assert _status(session) is TransactionStatus.INTRANS
        session.rollback()
        assert session.get(BuildInfo, "probe", populate_existing=True).value == {"n": 1}  # type: ignore[union-attr]


def test_a_locking_read_holds_its_lock_until_the_transaction_ends(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session, engine.connect() as other:
        assert lock_row(session, BuildInfo, "probe") is not None
        assert _status(session) is TransactionStatus.INTRANS
        with pytest.raises(Exception) as refused:
            other.execute(text("SELECT key FROM build_info WHERE key = 'probe' FOR UPDATE NOWAIT"))
        assert isinstance(refused.value.orig, errors.LockNotAvailable)  # type: ignore[attr-defined]
        other.rollback()
        session.rollback()
        assert other.execute(text("SELECT key FROM build_info WHERE key = 'probe' FOR UPDATE NOWAIT")).scalar() == "probe"


def test_a_connection_is_pinged_only_after_sitting_idle_and_one_closed_meanwhile_is_replaced(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[Any] = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(conn) or ping(conn))
    sessions = make_sessionmaker(engine)
    for _ in range(3):  # one request after another: the connection was used a moment ago
        with sessions() as session:
            backend = session.scalar(select(func.pg_backend_pid()))
    assert pings == []
    assert PG_URL
    admin = make_engine(PG_URL)  # another pool: this one's only connection is the one to close
    with admin.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    admin.dispose()
    monkeypatch.setattr(kb.db, "IDLE_PING_SECONDS", 0.0)
    with sessions() as session:  # the pooled connection was closed while idle: the ping finds out, the pool reconnects
        assert session.scalar(select(func.pg_backend_pid())) != backend
    assert len(pings) == 1
