"""The CLI benchmark starts `policykb --help` in child processes and names the slowest imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_bench_reports_the_help_start_up_time() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_cli.py"), "--runs", "2", "--top", "3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "policykb --help：2 次，中位数" in done.stdout and "web.cli" in done.stdout, done.stdout + done.stderr
