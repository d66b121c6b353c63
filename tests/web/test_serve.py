"""Serving: `policykb serve` (waitress) and `policykb serve --production` (gunicorn workers) as real processes."""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from corpus.errors import InvalidInput
from scripts.bench_load import policykb_serve
from web.server import MAX_AUTO_WORKERS, auto_workers, server_options
from web.settings import defaults

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKB_")}
    return env | {
        "POLICYKB_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "POLICYKB_INDEX_DIR": str(tmp_path / "index"),
        "POLICYKB_SECRET_KEY": uuid.uuid4().hex * 2,
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def test_production_builds_once_before_forking_and_every_worker_answers(tmp_path: Path) -> None:
    with policykb_serve(_env(tmp_path), ["--production", "--workers", "2", "--threads", "2"], timeout=240) as server:
        assert sum("正在导入" in line for line in server.output) == 1  # the master built; no worker did
        assert any("gunicorn 2 个工作进程 × 2 线程" in line for line in server.output)
        deadline = time.monotonic() + 60
        while len(_children(server.proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)  # gunicorn reports ready, then forks
        assert len(_children(server.proc.pid)) == 2

        def get(path: str, params: dict[str, str] | None = None) -> httpx.Response:
            return httpx.get(server.url + path, params=params, timeout=60)

        searches: list[Callable[[], httpx.Response]] = [lambda: get("/search.json", {"q": "培训"})] * 24
        pages: list[Callable[[], httpx.Response]] = [lambda: get("/practice.json")] * 24
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda f: f(), searches + pages))
        assert {r.status_code for r in answers} == {200}, [line for line in server.output if "Error" in line][-5:]
        assert all(r.json()["total"] > 0 for r in answers[:24])
        assert all(r.json()["index_state"] == "fresh" for r in answers[:24])
        assert all(r.json()["outline"] for r in answers[24:])
        assert not any("Traceback" in line for line in server.output)
    assert server.proc.returncode is not None  # stopped with its workers


@pytest.mark.parametrize("mode", [[], ["--production", "--workers", "2"]], ids=["waitress", "gunicorn"])
def test_more_clients_than_waitress_used_to_admit_are_all_answered(tmp_path: Path, mode: list[str]) -> None:
    """120 candidates keep a connection open at once; waitress used to admit 98 and leave the rest hanging."""
    with policykb_serve(_env(tmp_path), ["--no-build", *mode], timeout=120) as server:
        port = int(server.url.rsplit(":", 1)[1])
        sockets = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(120)]
        try:
            for s in sockets:
                s.sendall(b"GET /static/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answered = []
            lock = threading.Lock()

            def read(s: socket.socket) -> None:
                try:
                    head = s.recv(64)
                except OSError:
                    return
                if head.startswith(b"HTTP/1.1 200"):
                    with lock:
                        answered.append(s)

            threads = [threading.Thread(target=read, args=(s,)) for s in sockets]
            for t in threads:
                t.start()
            for t in threads:
                t.join(40)
            assert len(answered) == 120
        finally:
            for s in sockets:
                s.close()


def test_server_options_come_from_the_settings_table_and_the_command_line_wins(tmp_path: Path) -> None:
    config = defaults(tmp_path)
    options = server_options(config)
    assert options.workers == auto_workers(os.cpu_count()) <= MAX_AUTO_WORKERS
    assert (options.threads, options.connection_limit, options.backlog, options.timeout) == (8, 1000, 2048, 60)
    config |= {"SERVE_WORKERS": 3, "SERVE_THREADS": 4, "SERVE_CONNECTION_LIMIT": 150}
    assert server_options(config).workers == 3
    assert server_options(config, workers=5, threads=2).threads == 2
    assert server_options(config).connection_limit == 150
    assert auto_workers(1) == 2 and auto_workers(64) == MAX_AUTO_WORKERS
    assert auto_workers(2) == 2 and auto_workers(4) == 4  # one per core: on 2 cores a third process only contended
    with pytest.raises(InvalidInput, match="SERVE_THREADS"):
        server_options(config | {"SERVE_THREADS": 0})


def test_a_keep_alive_connection_outlasts_a_candidates_pause_between_answers(tmp_path: Path) -> None:
    """gunicorn closed a connection idle for 5 s: a save sent after 5 s of thinking met "Server disconnected"."""
    with policykb_serve(_env(tmp_path), ["--no-build", "--production", "--workers", "1"], timeout=120) as server:
        port = int(server.url.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/static/style.css")
            first = conn.getresponse()
            first.read()
            sock = conn.sock
            time.sleep(7)  # a candidate thinks longer than the old keep-alive before the next answer
            conn.request("GET", "/static/style.css")
            second = conn.getresponse()
            second.read()
            assert conn.sock is sock is not None  # the same connection, still open
        finally:
            conn.close()
        assert first.status == second.status == 200
