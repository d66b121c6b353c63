"""SQLite writers that take turns through ``lock_row`` queue in the kernel (a ``flock``), not in SQLite's busy handler."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kb.db import WRITERS_SUFFIX, lock_row, make_engine, make_sessionmaker
from kb.models import BuildInfo
from tests.conftest import NOW
from web.migrate import upgrade_database


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade_database(engine)
    with make_sessionmaker(engine)() as session:
        session.add(BuildInfo(key="probe", value={"n": 0}, updated_at=NOW))
        session.commit()
    yield engine
    engine.dispose()


def _free(path: Path) -> bool:
    """Whether another process (here: another open file) could take the writers' lock now."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # gives up the lock if it was taken
    return True


def test_a_writer_holds_the_queue_until_its_transaction_ends(engine: Engine, tmp_path: Path) -> None:
    queue = tmp_path / ("db.sqlite3" + WRITERS_SUFFIX)
    maker = make_sessionmaker(engine)
    for end in ("commit", "rollback", "close"):
        session = maker()
        row = lock_row(session, BuildInfo, "probe")
        assert row is not None and queue.exists()
        assert not _free(queue)  # held from before BEGIN IMMEDIATE …
        getattr(session, end)()
        assert _free(queue), end  # … to the end of the transaction, however it ends
        session.close()


def test_writers_wait_in_the_queue_and_each_reads_what_the_one_before_committed(engine: Engine) -> None:
    maker = make_sessionmaker(engine)
    errors: list[BaseException] = []

    def add_one() -> None:
        try:
            with maker() as session:
                row = lock_row(session, BuildInfo, "probe")
                assert row is not None
                n = row.value["n"]
                time.sleep(0.002)  # a lost update would show if two read the same n
                row.value = {"n": n + 1}
                session.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add_one) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    with maker() as session:
        row = session.get(BuildInfo, "probe")
        assert row is not None and row.value == {"n": 24}


def test_an_in_memory_database_has_no_queue() -> None:
    engine = make_engine("sqlite://")
    upgrade_database(engine)
    with make_sessionmaker(engine)() as session:
        session.add(BuildInfo(key="probe", value={}, updated_at=NOW))
        session.flush()
        assert lock_row(session, BuildInfo, "probe") is not None
        assert "writers_fd" not in session.connection().connection.info
    engine.dispose()
