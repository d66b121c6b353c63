"""Run the project's benchmarks and print one table: build, search and load.

Each benchmark runs as its own child process in a bounded mode (its report written to a temporary
file), one after another so they do not measure each other; the figures are then gathered into one
Markdown table: benchmark, measure, value, what it is compared with, and the target where there is one.

    .venv/bin/python scripts/bench.py [--only build,search,load] [--quick] [--out FILE]
        [--build-args "..."] [--search-args "..."] [--load-args "..."]

Default (about 15 minutes on the 2-core VM): the seeds + laws build once (scripts/bench_build.py
--scales 1 --single-mb 0.05), search on 10,000 clauses × 3 runs (scripts/bench_search.py), and a
class of 100 on SQLite and PostgreSQL (scripts/bench_load.py). ``--quick`` makes each small (a
minute or two in all); ``--X-args`` replaces a benchmark's arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ("build", "search", "load")
DEFAULT_ARGS = {
    "build": "--scales 1 --single-mb 0.05",
    "search": "--clauses 10000 --repeat 3",
    "load": "--candidates 100 --questions 20",
}
QUICK_ARGS = {
    "build": "--no-laws --scales 1 --single-mb 0.01",
    "search": "--clauses 400 --repeat 1",
    "load": "--candidates 5 --questions 3 --exam-items 5 --seconds 1 --db sqlite",
}
TIMEOUT = {"build": 1800, "search": 1800, "load": 3600}

Row = tuple[str, str, str, str, str]  # benchmark, measure, value, compared with, target


def _cells(report: str) -> list[list[str]]:
    """The body rows of the Markdown tables in a report (header and rule lines left out)."""
    rows = []
    lines = report.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        if i + 1 < len(lines) and set(lines[i + 1]) <= set("|-: ") and lines[i + 1].startswith("|"):
            continue  # a header
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def rows_from_build(report: str) -> list[Row]:
    """Build time, peak memory and the ratio to jieba per corpus."""
    out: list[Row] = []
    for corpus, size, seconds, _per_mb, rss, _rss_mb, ratio in _cells(report):
        out.append(("build", f"{corpus} ({size} MB): build (s)", seconds, f"{ratio}× jieba.lcut", ""))
        out.append(("build", f"{corpus}: peak RSS (MB)", rss, "", ""))
    return out


def rows_from_search(report: str) -> list[Row]:
    """Each measure of ours against the naive baseline."""
    return [
        ("search", measure, ours, f"naive {naive}" + (f" (×{ratio})" if ratio else ""), "")
        for measure, ours, naive, ratio in _cells(report)
    ]


def rows_from_load(report: str) -> list[Row]:
    """p95 per endpoint with its target, and the throughput ratios, per database."""
    out: list[Row] = []
    for block in report.split("\n**")[1:]:
        db = block.split("**", 1)[0]
        for cells in _cells(block):
            if len(cells) == 8:
                endpoint, count, p50, p95, top, retries, errors, target = cells
                compared = f"p50 {p50}, max {top}, {count} requests" + (f", {errors} errors" if errors != "0" else "")
                compared += f", {retries} retried" if retries != "0" else ""
                out.append(("load", f"{db} {endpoint.strip('`')} p95 (ms)", p95, compared, target))
            elif len(cells) == 5 and "static" not in cells[0]:
                endpoint, rate, ratio, errors, target = cells
                out.append(("load", f"{db} {endpoint.strip('`')} throughput (req/s)", rate, f"{ratio}× a static file", target))
    return out


PARSERS = {"build": rows_from_build, "search": rows_from_search, "load": rows_from_load}


def run(bench: str, args: str, tmp: Path) -> tuple[list[Row], float]:
    """Run one benchmark in a child process; return its rows and its wall time."""
    out = tmp / f"{bench}.md"
    cmd = [sys.executable, str(ROOT / "scripts" / f"bench_{bench}.py"), *shlex.split(args), "--out", str(out)]
    print(f"运行 {' '.join(cmd[1:])} ……", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, timeout=TIMEOUT[bench], check=False, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - t0
    if not out.exists():
        raise SystemExit(f"{bench} 基准没有写出报告（退出码 {proc.returncode}）")
    rows = PARSERS[bench](out.read_text(encoding="utf-8"))
    if proc.returncode != 0:
        rows.append((bench, "exit status", str(proc.returncode), "a request failed or the run did not finish", "0 ✗"))
    return rows, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(BENCHES), help="benchmarks to run, comma-separated: build, search, load")
    ap.add_argument("--quick", action="store_true", help="each benchmark in its small mode")
    for bench in BENCHES:
        ap.add_argument(f"--{bench}-args", help=f"arguments for scripts/bench_{bench}.py (default: {DEFAULT_ARGS[bench]!r})")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    chosen = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = sorted(set(chosen) - set(BENCHES))
    if unknown:
        raise SystemExit(f"--only 只能是 {', '.join(BENCHES)}：{', '.join(unknown)}")

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="policykb-bench-") as tmp:
        for bench in chosen:
            given = getattr(args, f"{bench}_args")
            bench_rows, seconds = run(
                bench, given if given is not None else (QUICK_ARGS if args.quick else DEFAULT_ARGS)[bench], Path(tmp)
            )
            rows += bench_rows
            rows.append((bench, "benchmark wall time (s)", f"{seconds:.0f}", "", ""))
    machine = f"{platform.machine()}, nproc {os.cpu_count()}, Python {platform.python_version()}"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Benchmarks — {dt.date.today().isoformat()}, {machine}, load average {load} at the end"
        + (" (quick)." if args.quick else "."),
        "",
        "| benchmark | measure | value | compared with | target |",
        "| --- | --- | ---: | --- | --- |",
        *(f"| {' | '.join(r)} |" for r in rows),
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    if any(r[1] == "exit status" for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
