"""The search benchmark runs end to end on a small scaled corpus, and our phrase hits are exact."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_search_runs_and_reports_exact_phrase_hits(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_search.py"), "--clauses", "400", "--repeat", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    assert "| index build (s) |" in report and "| all queries p95 (ms) |" in report
    phrase_row = next(line for line in report.splitlines() if line.startswith("| phrase hits"))
    ours = phrase_row.split("|")[2]
    pairs = re.findall(r"(\d+)/(\d+)", ours)
    assert pairs and all(a == b for a, b in pairs), phrase_row
