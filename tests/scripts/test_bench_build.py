"""The build benchmark runs a tiny seeds build and a single-line file in child processes and reports each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_build_reports_time_rss_and_lcut_ratio_per_corpus(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    cmd = [sys.executable, str(ROOT / "scripts" / "bench_build.py"), "--no-laws", "--scales", "1", "--single-mb", "0.01"]
    proc = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line.split("|")[1:-1] for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    assert [r[0].strip() for r in rows[2:]] == ["1× seeds", "single line 0.01 MB"]
    for row in rows[2:]:
        size, seconds, per_mb, rss, _, ratio = (float(x) for x in row[1:])
        assert size > 0 and seconds > 0 and 100 < rss < 4096 and ratio > 1  # a child's own RSS, jieba loaded
        assert abs(per_mb - seconds / size) <= 0.1 * per_mb + 0.1


def test_every_copy_of_a_scaled_corpus_marks_its_first_line_of_text(tmp_path: Path) -> None:
    # A seed that opens with a blank line got its mark on a line of its own, which the title then swallowed.
    from scripts.bench_build import SEEDS, write_scaled

    write_scaled(tmp_path / "raw", 3, laws=False)
    for seed in sorted(SEEDS.iterdir()):
        first = next(line for line in seed.read_text(encoding="utf-8-sig").splitlines() if line.strip())
        for copy in (1, 2):
            text = (tmp_path / "raw" / f"{copy:02d}_{seed.name}").read_text(encoding="utf-8")
            assert next(line for line in text.splitlines() if line.strip()) == f"{first.rstrip()}（第{copy + 1}批）"
