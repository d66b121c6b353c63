"""The load benchmark runs a tiny class end to end against the production command, on each database."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from scripts.bench_load import Recorder

ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS = [
    "POST /register",
    "POST /login",
    "GET /practice",
    "POST /api/practice",
    "GET /api/practice/<id>/next",
    "POST /api/practice/<id>/answer",
    "GET /search.json",
    "POST /api/exams",
    "PUT /api/exams/<id>/answers/<n>",
    "GET /api/exams/<id>",
    "POST /api/exams/<id>/submit",
]


def test_bench_load_runs_a_small_class_and_tabulates_every_endpoint(tmp_path: Path) -> None:
    out = tmp_path / "load.md"
    pg = os.environ.get("POLICYKB_TEST_PG_URL")
    databases = ["--db", "sqlite,postgresql", "--pg-url", pg] if pg else ["--db", "sqlite"]
    cmd = [sys.executable, str(ROOT / "scripts" / "bench_load.py"), "--candidates", "3", "--questions", "3", "--exam-items", "4"]
    cmd += ["--workers", "2", "--seconds", "1", "--timeout", "300", *databases, "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert "nproc" in report and "gunicorn 2 workers" in report
    sections = report.split("**")[1::2]
    assert sections == (["sqlite", "postgresql"] if pg else ["sqlite"])
    for block in report.split("\n**")[1:]:
        cells = [line.split("|")[1:-1] for line in block.splitlines() if line.startswith("| `")]
        rows = {c[0].strip().strip("`"): c[1:] for c in cells if len(c) == 8}  # the latency table
        for endpoint in ENDPOINTS:
            count, p50, p95, top, retries, errors = (float(x) for x in rows[endpoint][:6])
            assert count > 0 and 0 <= p50 <= p95 <= top and retries >= 0 and errors == 0, (endpoint, rows[endpoint])
        assert rows["POST /api/exams/<id>/submit"][0].strip() == "3"
        assert rows["PUT /api/exams/<id>/answers/<n>"][0].strip() == "12"
        ratios = [c for c in cells if len(c) == 5]  # the throughput table: next-question and search against a static file
        assert [c[0].strip() for c in ratios] == ["`GET /api/practice/<id>/next`", "`GET /search.json`"]
        assert all(float(c[2]) > 0 and float(c[3]) == 0 for c in ratios)


@pytest.mark.parametrize("reset", [False, True], ids=["end of stream", "reset"])
def test_a_request_whose_connection_closed_unanswered_is_sent_once_more_and_counted(reset: bool) -> None:
    """The keep-alive race: the server closes an idle connection as the client sends on it; a browser sends again.
    The close reaches the client as an end of stream or, with the request unread (forced here), as a reset."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        for answer in (False, True):  # the first connection is closed without a response, the second answered
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                if reset and not answer:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # its close is a RST
                if answer:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    rec = Recorder()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        response = rec.call(client, "PUT /api/exams/<id>/answers/<n>", "PUT", "/x", (200,), json={"request_id": "k"})
    thread.join(10)
    listener.close()
    assert response.text == "ok"
    assert rec.retries == {"PUT /api/exams/<id>/answers/<n>": 1} and rec.errors == {}
    assert len(rec.times["PUT /api/exams/<id>/answers/<n>"]) == 1  # one request as the candidate waited for it
