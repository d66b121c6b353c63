"""Schema migrations: the revisions make the models' schema, and an upgrade keeps every user's row.

Each test runs on SQLite and on PostgreSQL. Databases "from before" are made by the revisions
themselves (``0001`` is the schema ``create_all`` made before migrations existed) and filled with
raw rows through the tables as they were then, not through today's models.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import Engine, MetaData, inspect, select, text

from kb.db import make_engine
from tests.conftest import BACKENDS, PG_URL, drop_everything
from web import create_app
from web.migrate import SchemaMismatch, current_revision, head_revision, schema_differences, upgrade_database

T0 = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)
ADDED = {"request_id", "username_key", "session_version", "claimed_at"}  # columns the later revisions added


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database (no tables at all)."""
    url = PG_URL if request.param == "postgresql" else f"sqlite:///{tmp_path / 'old.sqlite3'}"
    assert url
    eng = make_engine(url)
    drop_everything(eng)
    yield eng
    eng.dispose()


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current_revision(conn)


def _rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: sorted((dict(r) for r in conn.execute(select(table)).mappings()), key=repr)
            for name, table in meta.tables.items()
            if name != "alembic_version"
        }


ITEM = {"type": "single", "work": "w", "stem": "题干", "options": ["一", "二", "三", "四"], "explanation": "因为", "refs": []}


def _fill(engine: Engine) -> None:
    """Users' answers of every kind, as the tables held them at the baseline: two users, one with three running sittings."""
    meta = MetaData()
    meta.reflect(engine)
    t = meta.tables
    items = [ITEM | {"id": "q1", "answer": ["A"]}, ITEM | {"id": "q2", "answer": ["B"]}]
    with engine.begin() as conn:
        conn.execute(
            t["app_user"].insert(),
            [
                {
                    "id": 1,
                    "username": "local",
                    "display_name": "本机用户",
                    "password_hash": None,
                    "role": "trainer",
                    "created_at": T0,
                },
                {
                    "id": 2,
                    "username": "s1alice",
                    "display_name": "爱丽丝",
                    "password_hash": "scrypt:x",
                    "role": "candidate",
                    "created_at": T0,
                },
            ],
        )
        conn.execute(
            t["practice_session"].insert(),
            [
                {
                    "id": 1,
                    "user_id": 1,
                    "mode": "random",
                    "params": {"count": 2},
                    "queue": ["q1", "q2"],
                    "position": 1,
                    "answered": 1,
                    "correct": 1,
                    "memorise": False,
                    "created_at": T0,
                    "updated_at": T0,
                }
            ],
        )
        base = {"qtype": "single", "work": "w", "refs": [], "elapsed_ms": 9000, "answered_at": T0, "correct": True}
        practice = base | {"user_id": 1, "question_id": "q1", "given": ["A"], "source": "practice", "session_id": 1}
        exam = base | {"user_id": 2, "question_id": "q2", "given": ["C"], "correct": False, "source": "exam", "session_id": 4}
        conn.execute(t["attempt"].insert(), [practice | {"id": 1}, practice | {"id": 2}, exam | {"id": 3}])
        card = {"card": {"card_id": 1, "state": 2}, "due": T0 + dt.timedelta(days=3), "reps": 2, "lapses": 0, "updated_at": T0}
        conn.execute(
            t["review_card"].insert(), [card | {"user_id": 1, "question_id": "q1"}, card | {"user_id": 2, "question_id": "q2"}]
        )
        conn.execute(
            t["review_log"].insert(),
            [{"id": 1, "user_id": 1, "question_id": "q1", "rating": 3, "reviewed_at": T0, "due_after": T0, "duration_ms": 9000}],
        )
        conn.execute(
            t["wrong_item"].insert(),
            [{"user_id": 2, "question_id": "q2", "wrong_count": 1, "right_streak": 0, "added_at": T0, "last_wrong_at": T0}],
        )
        conn.execute(t["favourite"].insert(), [{"user_id": 1, "question_id": "q2", "created_at": T0}])
        conn.execute(t["exam_paper"].insert(), [{"id": 1, "title": "第一套", "question_ids": ["q1", "q2"], "created_at": T0}])
        sitting = {"paper_id": None, "seed": 5, "items": items, "deadline": T0 + dt.timedelta(hours=2), "result": {}}
        sitting |= {"submitted_at": None, "submitted_by": None, "score": None, "passed": None}  # one set of keys for every row
        conn.execute(
            t["exam_sitting"].insert(),
            [  # six quick taps on 开始考试 under the old code: three running sittings for user 1
                sitting | {"id": 1, "user_id": 1, "started_at": T0},
                sitting | {"id": 2, "user_id": 1, "started_at": T0},
                sitting | {"id": 3, "user_id": 1, "started_at": T0},
                sitting
                | {
                    "id": 4,
                    "user_id": 2,
                    "started_at": T0,
                    "submitted_at": T0 + dt.timedelta(minutes=30),
                    "submitted_by": "candidate",
                    "score": 0.0,
                    "passed": False,
                    "result": {"total": 0.0},
                },
                sitting | {"id": 5, "user_id": 2, "started_at": T0},
            ],
        )
        saved = T0 + dt.timedelta(minutes=7)
        conn.execute(
            t["exam_answer"].insert(),
            [  # answers in the oldest of the three (reached by its address) and in the one the pages showed
                {"sitting_id": 1, "position": 0, "given": ["A"], "flagged": False, "saved_at": saved},
                {"sitting_id": 1, "position": 1, "given": ["C"], "flagged": True, "saved_at": saved - dt.timedelta(minutes=1)},
                {"sitting_id": 3, "position": 0, "given": ["B"], "flagged": False, "saved_at": saved},
            ],
        )
        conn.execute(
            t["question_edit"].insert(), [{"question_id": "q1", "data": {"stem": "改过"}, "retired": False, "updated_at": T0}]
        )
        conn.execute(
            t["question_report"].insert(),
            [{"id": 1, "question_id": "q2", "reason": "key", "note": "答案不对", "status": "open", "created_at": T0}],
        )
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for name in (
                "app_user",
                "practice_session",
                "attempt",
                "review_log",
                "exam_paper",
                "exam_sitting",
                "question_report",
            ):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))"))


def _utc(value: Any) -> Any:
    return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) and value.tzinfo is None else value


def _same(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _utc(v) for k, v in row.items()}


def test_the_revisions_make_exactly_the_models_schema(engine: Engine) -> None:
    assert upgrade_database(engine) is True
    assert _revision(engine) == head_revision()
    with engine.connect() as conn:
        assert schema_differences(conn) == []  # alembic's autogenerate compare finds nothing to change
    assert upgrade_database(engine) is False  # at the newest revision: nothing to do


def test_an_upgrade_keeps_every_users_row_and_merges_running_sittings(engine: Engine, tmp_path: Path) -> None:
    upgrade_database(engine, "0001")
    _fill(engine)
    before = _rows(engine)
    assert upgrade_database(engine) is True
    after = _rows(engine)
    assert set(after) == set(before)
    for table, rows in before.items():
        kept = [_same({k: v for k, v in r.items() if k not in ADDED}) for r in after[table]]
        changed = [_same(r) for r in rows]
        if table == "exam_sitting":
            changed = [r | ({"submitted_by": "merged"} if r["id"] in (1, 2) else {}) for r in changed]
            merged = {r["id"]: r for r in kept}
            # closed at their last save, or at their start when nothing was saved
            assert merged[1]["submitted_at"] == T0 + dt.timedelta(minutes=7) and merged[2]["submitted_at"] == T0
            changed = [r | ({"submitted_at": merged[r["id"]]["submitted_at"]} if r["id"] in (1, 2) else {}) for r in changed]
        assert sorted(kept, key=repr) == sorted(changed, key=repr), table
    running = {r["id"] for r in after["exam_sitting"] if r["submitted_at"] is None}
    assert running == {3, 5}  # one per user: the newest, the one the pages showed

    # the app opens the upgraded database: the merged sittings are scored, nothing else moved
    url = engine.url.render_as_string(hide_password=False)
    later = T0 + dt.timedelta(minutes=20)  # sitting 3 still has time left
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": str(tmp_path), "CLOCK": lambda: later})
    try:
        client = app.test_client()
        exams = client.get("/exams.json").get_json()["sittings"]
        assert [(s["id"], s["submitted"], s["score"]) for s in exams] == [(3, False, None), (2, True, 0.0), (1, True, 1.0)]
        result = client.get("/exams/1/result.json").get_json()
        assert result["submitted_by"] == "merged" and [i["given"] for i in result["items"]] == [["A"], ["C"]]
        assert client.get("/practice/favourites.json").status_code == 200
        with engine.connect() as conn:  # the scores are stored, not made again on every read
            stored = conn.execute(text("SELECT id, score, submitted_by FROM exam_sitting WHERE id IN (1, 2) ORDER BY id")).all()
        assert [tuple(r) for r in stored] == [(1, 1.0, "merged"), (2, 0.0, "merged")]
    finally:
        app.extensions["policykb.search"].close()
        app.extensions["policykb.engine"].dispose()


def test_a_database_made_by_create_all_is_recognised_and_upgraded(engine: Engine, tmp_path: Path) -> None:
    upgrade_database(engine, "0001")
    _fill(engine)
    with engine.begin() as conn:  # as create_all left it: no version table; an older install also lacked these tables
        conn.execute(text("DROP TABLE alembic_version"))
        for table in ("variant", "link", "fact"):
            conn.execute(text(f"DROP TABLE {table}"))
    before = _rows(engine)
    assert _revision(engine) is None
    url = engine.url.render_as_string(hide_password=False)
    runner = FlaskCliRunner(create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "INDEX_DIR": str(tmp_path)}))
    result = runner.invoke(args=["db", "upgrade", "--db", url])
    assert result.exit_code == 0 and "已升级到 0003" in result.output, result.output
    assert _revision(engine) == head_revision()
    again = runner.invoke(args=["db", "upgrade", "--db", url])
    assert again.exit_code == 0 and "数据库已是最新版本：0003" in again.output
    assert {"variant", "link", "fact"} <= set(inspect(engine).get_table_names())
    after = _rows(engine)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
    with engine.connect() as conn:
        assert schema_differences(conn) == []


def test_starting_the_app_upgrades_an_installation_made_by_create_all(engine: Engine, tmp_path: Path) -> None:
    upgrade_database(engine, "0001")
    _fill(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    url = engine.url.render_as_string(hide_password=False)
    later = T0 + dt.timedelta(minutes=20)
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": str(tmp_path), "CLOCK": lambda: later}
    )  # as serve and build do
    try:
        assert _revision(engine) == head_revision()
        assert [f["question"]["id"] for f in app.test_client().get("/practice/favourites.json").get_json()["items"]] == ["q2"]
    finally:
        app.extensions["policykb.search"].close()
        app.extensions["policykb.engine"].dispose()


def test_a_create_all_database_that_differs_is_refused_and_left_as_it_was(engine: Engine) -> None:
    upgrade_database(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("DROP TABLE link"))
        conn.execute(text("DROP TABLE favourite"))
        conn.execute(text("CREATE TABLE favourite (user_id INTEGER NOT NULL, question_id VARCHAR(16) NOT NULL)"))
    tables = set(inspect(engine).get_table_names())
    with pytest.raises(SchemaMismatch, match=r"表结构与本程序不一致.*favourite 缺少列 created_at"):
        upgrade_database(engine)
    engine.dispose()
    assert set(inspect(engine).get_table_names()) == tables  # nothing created, nothing stamped
    assert _revision(engine) is None


def test_workers_starting_at_once_upgrade_the_database_once(engine: Engine) -> None:
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def start() -> None:
        barrier.wait()
        try:
            outcomes.append(upgrade_database(engine))
        except Exception as exc:  # a worker that fails to start is what this test is about
            outcomes.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes, key=repr) == [False, False, False, True], outcomes
    assert _revision(engine) == head_revision()


def test_two_names_that_fold_alike_from_before_both_keep_their_account_and_answers(engine: Engine, tmp_path: Path) -> None:
    upgrade_database(engine, "0002")
    with engine.begin() as conn:
        for uid, name in ((1, "s1alice"), (2, "s1ALICE"), (3, "Bob")):
            conn.execute(
                text(
                    "INSERT INTO app_user (id, username, display_name, password_hash, role, created_at) VALUES (:i, :n, :n, 'x', 'candidate', :t)"
                ),
                {"i": uid, "n": name, "t": T0},
            )
    assert upgrade_database(engine) is True
    with engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, username_key FROM app_user ORDER BY id")).all())
        versions = {r[0] for r in conn.execute(text("SELECT session_version FROM app_user")).all()}
    assert keys == {1: "s1alice", 2: "s1alice#2", 3: "bob"} and versions == {0}
    url = engine.url.render_as_string(hide_password=False)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": str(tmp_path)})
    try:
        from quiz.accounts import find_user
        from web.db import get_session

        with app.app_context():
            db = get_session()
            assert find_user(db, "s1ALICE").id == 2 and find_user(db, "s1alice").id == 1  # type: ignore[union-attr]
            assert find_user(db, "S1Alice").id == 1 and find_user(db, "BOB").id == 3  # type: ignore[union-attr]
    finally:
        app.extensions["policykb.search"].close()
        app.extensions["policykb.engine"].dispose()
