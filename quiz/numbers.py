"""Numbers in questions: where a provision's numeral is printed, and plausible wrong values.

Pure functions. A wrong value has the provision's unit and sits near the right one on a log scale,
drawn from the values such rules usually take (3, 6, 12 个月; 3, 5, 7 天; 10, 18, 20 人 …).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Collection

from corpus.numbering import CN_NUMERAL, int_to_cn
from kb.facts import format_number, parse_number

NUMERAL = re.compile(rf"\d+(?:\.\d+)?|{CN_NUMERAL}")
RANGE = re.compile(r"(\d+)\s*(—|–|-|～|~|至|到)\s*(\d+)")
TYPICAL: dict[str, tuple[float, ...]] = {
    "人": (2, 3, 5, 6, 8, 10, 12, 15, 18, 20, 25, 30),
    "名": (1, 2, 3, 5, 10, 50, 100, 200, 300, 500),
    "个月": (1, 2, 3, 6, 9, 12, 18, 24),
    "天": (3, 5, 7, 10, 15, 20, 30),
    "日": (3, 5, 7, 10, 15, 30),
    "个工作日": (5, 10, 15, 20, 30),
    "工作日": (5, 10, 15, 20, 30),
    "年": (1, 2, 3, 4, 5, 6, 8, 10, 15, 20),
    "次": (1, 2, 3, 4, 6),
    "%": (10, 20, 30, 40, 50, 60, 70, 80, 90, 100),
    "级": tuple(range(1, 19)),
    "户": (10, 20, 30, 50, 100, 150, 200, 300, 400, 500),
    "元": (100, 150, 200, 300, 400, 500, 600, 800, 1000),
    "个": (2, 3, 4, 5, 6),
}


def printed(x: float, like: str) -> str:
    """Print a number the way ``like`` is printed (Arabic, or Chinese numerals)."""
    if like and not like[0].isdigit() and x == int(x) and 0 < x < 100:
        return "两" if like == "两" and x == 2 else int_to_cn(int(x))
    return format_number(x)


def numeral_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The numeral (or range of numerals) inside a printed provision text[start:end]."""
    chunk = text[start:end]
    r = RANGE.search(chunk)
    if r:
        return start + r.start(), start + r.end()
    m = NUMERAL.search(chunk)
    if not m or parse_number(m.group()) is None:
        return None
    return start + m.start(), start + m.end()


def plausible_values(value: float, unit: str, exclude: Collection[float], n: int, rng: random.Random) -> list[float]:
    """``n`` wrong values for a provision: the unit's usual values nearest the right one."""
    typical = TYPICAL.get(unit, ())
    pool = set(typical) | {value * 2, value / 2}
    if len([t for t in typical if t != value and t not in exclude]) < n + 1:
        pool |= {value + 1, value + 2, value - 1, value * 3, value + 5}
    if value >= 10 and value % 5 == 0:
        pool = {c for c in pool if c % 5 == 0}  # round figures stay round: 60% → 50%, 70%, not 59%
    integral = value == int(value)
    cands = [c for c in pool if c > 0 and c != value and c not in exclude and (not integral or c == int(c))]
    if unit == "%":
        cands = [c for c in cands if c <= 100]
    cands.sort(key=lambda c: abs(math.log(c / value)) + rng.random() * 0.25)
    return cands[:n]


def plausible_ranges(low: float, high: float, exclude: Collection[tuple[float, float]], n: int) -> list[tuple[float, float]]:
    """``n`` wrong ranges near a printed range (7—18 → 6—18, 7—16, 8—18 …)."""
    shifts = ((-1, 0), (1, 0), (0, -2), (0, 2), (-3, -3), (3, 3), (-2, 0), (0, -3), (2, 2), (-1, -1))
    out = []
    for a, b in shifts:
        r = (low + a, high + b)
        if r[0] >= 1 and r[1] > r[0] and r != (low, high) and r not in exclude and r not in out:
            out.append(r)
        if len(out) == n:
            break
    return out
