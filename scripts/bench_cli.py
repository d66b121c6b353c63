"""Benchmark: how long ``policykb --help`` takes to start, and what it imports (target: under 0.5 s).

Runs the console script N times in child processes (wall clock, median and worst), then once under
``python -X importtime`` and lists the slowest imports, so a regression names its module.

    .venv/bin/python scripts/bench_cli.py [--runs 20] [--top 8]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5


def time_help(runs: int) -> list[float]:
    """Wall-clock seconds of ``policykb --help`` in a fresh interpreter, once per run."""
    cmd = [sys.executable, "-c", "from web.cli import main; main()", "--help"]
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, timeout=60)
        out.append(time.perf_counter() - start)
    return out


def slowest_imports(top: int) -> list[tuple[int, str]]:
    """The modules with the largest cumulative import time (microseconds) when ``web.cli`` is imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import web.cli"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    times = time_help(args.runs)
    median, worst = statistics.median(times), max(times)
    print(f"policykb --help：{args.runs} 次，中位数 {median:.3f} s，最慢 {worst:.3f} s（目标 < {TARGET_SECONDS} s）")
    print("导入最慢的模块（累计，毫秒）：")
    for micro, name in slowest_imports(args.top):
        print(f"  {micro / 1000:8.1f}  {name}")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
