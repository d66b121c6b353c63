"""Benchmark: the whole build (corpus, bank, search index) at growing sizes, time and peak memory per MB.

Corpora: the seeds (corpus/raw) plus the laws of ../shared/laws (skipped with a note when absent),
repeated 1×, 2×, 4×, 8× with a changed title line in every copy (so each copy is a work of its own),
and single-line files (the seeds' text with its line breaks removed, repeated to the size asked).
Each build runs in a child process under an address-space limit and a timeout, so its peak RSS is
its own (``os.wait4``); nothing is networked. Another child, in the same run, times ``jieba.lcut`` over
the same text (jieba loaded first; in a child of its own, so that jieba's default dictionary, which the
build never loads, is not counted in the build's RSS), and the table gives the build's time as a ratio to it.

    .venv/bin/python scripts/bench_build.py [--scales 1,2] [--single-mb 0.05] [--out bench.md]

The default is a quick run; the README's table came from ``--scales 1,2,4,8 --single-mb 0.05,0.1,0.2``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "raw"
LAWS = ROOT / ".." / "shared" / "laws"


def _texts(folder: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_bytes().decode("utf-8-sig", errors="replace")) for p in sorted(folder.iterdir()) if p.is_file()]


def write_scaled(dest: Path, k: int, *, laws: bool) -> int:
    """Write k copies of the seeds (and laws), every copy's first line of text changed; return the bytes written."""
    dest.mkdir(parents=True)
    sources = _texts(SEEDS) + ([(n, t) for n, t in _texts(LAWS) if n.endswith(".md") and n != "SOURCES.md"] if laws else [])
    size = 0
    for copy in range(k):
        for name, text in sources:
            lines = text.split("\n")
            at = next((i for i, line in enumerate(lines) if line.strip()), 0)  # the first line with text (a title, an issuer)
            lines[at] = f"{lines[at].rstrip()}（第{copy + 1}批）"
            body = "\n".join(lines) if copy else text
            data = body.encode("utf-8")
            (dest / f"{copy:02d}_{name}").write_bytes(data)
            size += len(data)
    return size


def write_single_line(dest: Path, megabytes: float) -> int:
    """Write one file of one line: the seeds' text without its line breaks, repeated to the size asked."""
    dest.mkdir(parents=True)
    line = "".join(t.replace("\r", "").replace("\n", "") for _, t in _texts(SEEDS)).encode("utf-8")
    want = int(megabytes * 1e6)
    data = (line * (want // len(line) + 1))[:want].decode("utf-8", errors="ignore").encode("utf-8")
    (dest / "one_line.txt").write_bytes(data)
    return len(data)


def lcut_child(raw: Path) -> None:
    """Time jieba.lcut over the text of raw (its dictionary loaded first); print the seconds as JSON."""
    import jieba

    text = "\n".join(t for _, t in _texts(raw))
    jieba.initialize()
    t0 = time.perf_counter()
    jieba.lcut(text)
    print(json.dumps({"lcut": time.perf_counter() - t0}))


def child(raw: Path, work: Path) -> None:
    """Build raw into a fresh database and index under work; print the timings as JSON."""
    sys.path.insert(0, str(ROOT))
    import kb.models  # noqa: F401  (register tables)
    import quiz.models  # noqa: F401
    from kb.db import create_tables, make_engine, make_sessionmaker
    from kb.index import build_index
    from kb.vocab import TOPICS_PATH, load_vocabulary
    from quiz.rebuild import BuildSources, rebuild

    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    engine = make_engine(f"sqlite:///{work / 'bench.sqlite3'}")
    create_tables(engine)
    vocab = load_vocabulary()
    with make_sessionmaker(engine)() as session:
        now = dt.datetime.now(dt.UTC)
        rebuild(
            session,
            BuildSources(raw, work / "catalog.toml", vocab, TOPICS_PATH),
            now=now,
            stage=lambda s: stages.setdefault(s, time.perf_counter() - t0),
        )
        session.commit()
        stages["index"] = time.perf_counter() - t0
        build_index(session, work / "index", vocab=vocab, now=now)
    engine.dispose()
    print(json.dumps({"seconds": time.perf_counter() - t0, "stages": stages}))


def run_child(args: list[str], *, limit_mb: int, timeout: float) -> tuple[dict[str, object], float]:
    """Run this script with args in a child process; return what it printed and its own peak RSS in MB."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 2**20, limit_mb * 2**20))

    raw = args[1]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, __file__, *args], stdout=out, stderr=err, preexec_fn=limit)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise SystemExit(f"构建超时（{timeout:.0f} 秒）：{raw}")
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"构建失败（{raw}）：{err.read().decode(errors='replace')[-2000:]}")
        result: dict[str, object] = json.loads(out.read().decode().strip().splitlines()[-1])
    return result, usage.ru_maxrss / 1024  # Linux reports kilobytes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--lcut-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--scales", default="1,2", help="repetitions of seeds + laws, comma-separated (default 1,2)")
    ap.add_argument("--single-mb", default="0.05", help="sizes of single-line files in MB, comma-separated ('' for none)")
    ap.add_argument("--no-laws", action="store_true", help="seeds only")
    ap.add_argument("--limit-mb", type=int, default=4096, help="address-space limit of each build (MB)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed to each build")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.lcut_child:
        lcut_child(args.lcut_child)
        return

    laws = not args.no_laws and LAWS.is_dir()
    if not args.no_laws and not laws:
        print(f"没有 {LAWS}，只用种子语料", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="policykb-bench-build-"))
    rows: list[str] = []
    try:
        cases = [
            (f"{k}× seeds{' + laws' if laws else ''}", "scaled", float(k)) for k in map(int, filter(None, args.scales.split(",")))
        ]
        cases += [(f"single line {mb} MB", "single", float(mb)) for mb in filter(None, args.single_mb.split(","))]
        for n, (label, kind, amount) in enumerate(cases):
            raw = tmp / f"raw{n}"
            size = write_scaled(raw, int(amount), laws=laws) if kind == "scaled" else write_single_line(raw, amount)
            print(f"构建 {label}（{size / 1e6:.2f} MB）……", file=sys.stderr)
            timed, _ = run_child(["--lcut-child", str(raw)], limit_mb=args.limit_mb, timeout=args.timeout)
            (tmp / f"work{n}").mkdir()
            result, rss = run_child(["--child", str(raw), str(tmp / f"work{n}")], limit_mb=args.limit_mb, timeout=args.timeout)
            seconds, lcut = float(result["seconds"]), float(timed["lcut"])  # type: ignore[arg-type]
            mb = size / 1e6
            rows.append(
                f"| {label} | {mb:.2f} | {seconds:.1f} | {seconds / mb:.1f} | {rss:.0f} | {rss / mb:.0f} | {seconds / lcut:.0f} |"
            )
            shutil.rmtree(raw)
            shutil.rmtree(tmp / f"work{n}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    lines = [
        f"Build benchmark — {dt.date.today().isoformat()}, {machine}; corpus, bank and index, one child process per build.",
        "",
        "| corpus | size (MB) | build (s) | s / MB | peak RSS (MB) | RSS / MB | build / jieba.lcut |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
