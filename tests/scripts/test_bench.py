"""scripts/bench.py runs the benchmarks it is given in their small modes and prints one table of their figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scripts.bench import rows_from_load

ROOT = Path(__file__).resolve().parents[2]


def test_bench_gathers_build_and_search_figures_into_one_table(tmp_path: Path) -> None:
    out = tmp_path / "all.md"
    cmd = [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--only", "build,search", "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Benchmarks — ") and "nproc" in lines[0]
    assert lines[2] == "| benchmark | measure | value | compared with | target |"
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[4:]]
    assert {r[0] for r in rows} == {"build", "search"}
    measures = {(r[0], r[1]): r for r in rows}
    build = [r for r in rows if r[0] == "build" and r[1].startswith("1× seeds (") and r[1].endswith("MB): build (s)")]
    assert len(build) == 1 and float(build[0][2]) > 0 and build[0][3].endswith("× jieba.lcut")
    assert float(measures[("build", "1× seeds: peak RSS (MB)")][2]) > 100
    assert float(measures[("search", "all queries p95 (ms)")][2]) > 0
    assert measures[("search", "index build (s)")][3].startswith("naive ")
    assert all(float(r[2]) > 0 for r in rows if r[1] == "benchmark wall time (s)")


def test_the_load_figures_are_read_per_database_endpoint_and_ratio() -> None:
    report = """Load benchmark — 2026-12-01, x86_64, nproc 2.

**sqlite** — 3 candidates at once; gunicorn 2 workers × 8 threads; whole class 4.0 s

| endpoint | requests | p50 (ms) | p95 (ms) | max (ms) | retries | errors | target p95 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
| `POST /register` | 3 | 400 | 500 | 510 | 0 | 0 | ≤ 2000 ms ✓ |
| `GET /search.json` | 6 | 10 | 20 | 30 | 2 | 1 |  |

| throughput (req/s, all clients at once) | req/s | ratio to static | errors | target |
| --- | ---: | ---: | ---: | --- |
| static file `/static/style.css` | 500 | 1.00 | 0 | |
| `GET /search.json` | 300 | 0.60 | 0 | ≥ 0.5× ✓ |
"""
    assert rows_from_load(report) == [
        ("load", "sqlite POST /register p95 (ms)", "500", "p50 400, max 510, 3 requests", "≤ 2000 ms ✓"),
        ("load", "sqlite GET /search.json p95 (ms)", "20", "p50 10, max 30, 6 requests, 1 errors, 2 retried", ""),
        ("load", "sqlite GET /search.json throughput (req/s)", "300", "0.60× a static file", "≥ 0.5× ✓"),
    ]
