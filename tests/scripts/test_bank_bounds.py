"""The bounds script measures the bank it is given: its kept counts are the stored bank's, its ceilings above them."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bank_bounds_counts_the_stored_bank_and_a_ceiling_above_it(built_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bank_bounds.py"), "--db", f"sqlite:///{built_db}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(built_db) as con:
        stored = dict(con.execute("select type, count(*) from question where status = 'active' group by type").fetchall())
    for t, name in (("single", "单选"), ("multi", "多选")):
        row = re.search(rf"^\| {name} \| (\d+) \| (\d+) \| (\d+) \|$", done.stdout, re.M)
        assert row, done.stdout
        kept, passing = int(row.group(1)), int(row.group(2))
        assert kept == stored.get(t, 0) and passing >= kept, done.stdout


def test_bank_bounds_names_the_database_it_cannot_read(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path}/nowhere/x.sqlite3"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bank_bounds.py"), "--db", missing], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0 and "无法读取题库" in done.stderr and missing in done.stderr and "Traceback" not in done.stderr
