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
    "个月": (1, 2, 3, 6, 9, 12, 18, 24, 36, 48, 60),
    "天": (3, 5, 7, 10, 15, 20, 30),
    "日": (3, 5, 7, 10, 15, 30),
    "个工作日": (5, 10, 15, 20, 30),
    "工作日": (5, 10, 15, 20, 30),
    "年": (1, 2, 3, 4, 5, 6, 8, 10, 15, 20),
    "次": (1, 2, 3, 4, 6),
    "%": (10, 20, 30, 40, 50, 60, 70, 80, 90, 100),
    "级": tuple(range(1, 19)),
    "户": (10, 20, 30, 50, 100, 150, 200, 300, 400, 500),
    # amounts and multiples run in the law's 1–2–3–5 steps (五百元 among 三百 / 一千 / 二百, never 四百 / 六百 / 八百;
    # 三倍 among 二倍 / 五倍, never its own multiples 六 / 九 / 十五)
    "元": tuple(k * 10**e for e in range(1, 7) for k in (1, 2, 3, 5)),
    "倍": (1, 2, 3, 5, 10),
    "小时": (1, 2, 4, 6, 8, 12, 24, 36, 48, 72, 96),
    "个": (2, 3, 4, 5, 6),
    "周岁": (6, 8, 12, 14, 16, 18, 22, 35, 45, 50, 55, 60, 65, 70, 80),
}


DIGITS = "〇一二三四五六七八九"
DIGIT_BY_DIGIT = re.compile(r"^[〇零一二三四五六七八九]{2,}$")  # 一九四九（年）: a year is read out digit by digit


def printed(x: float, like: str) -> str:
    """Print a number the way ``like`` is printed (Arabic, Chinese numerals, or a year's digits one by one:
    一九四九 among 一九四八 / 一九四七, never among 一千九百四十八)."""
    if DIGIT_BY_DIGIT.match(like) and x == int(x) > 0:
        return "".join(DIGITS[int(d)] for d in str(int(x)))
    if like and not like[0].isdigit() and x == int(x) and x > 0:  # 五百 among 四百 / 六百, never among 400 / 600
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


# How far a wrong value must sit from the right one: a count ±1/±2 away (99 / 100) gives the key
# away; a grade or a calendar year is wrong already one step off, and so is a count of one to three
# (1 / 2 / 3 名), where ±2 is all the room there is; so is an age, each step of the ladder a threshold of its
# own law (未满十四 / 十六 / 十八周岁).
STEP_UNITS = ("级", "周岁")
SMALL = 3
# A value stated elsewhere is a good distractor only near the right one: 50 名 against 1 名 is absurd.
STATED_RATIO = 4.0
YOUTH = 25  # the ages of childhood and youth a rule sets (6–22) against those of working and old age (45–80)
STEPPED = ("元", "倍")  # units whose every value is one of the ladder's steps
FAR = 5.0  # no wrong value further than this factor from the right one (one of the ladder or a round figure)
# … and for a span of years, three: 三年内不再聘用 → 八年 / 十五年, 连续三年 → 十年 are no terms a rule sets (review 32)
FAR_BY_UNIT = {"年": 3.0, "倍": 3.0}  # 支付两倍的工资 → 十倍 is no rule a law sets (review 130)


def min_gap(value: float, unit: str) -> float:
    """The largest distance from the right value at which a wrong value still gives it away."""
    if unit in STEP_UNITS or (unit == "年" and 1900 <= value <= 2100):
        return 0.5
    return 0 if value <= SMALL else 2


def too_close(a: float, b: float, unit: str) -> bool:
    """Tell whether two values of a provision differ so little that the pair gives the key away."""
    return a != b and abs(a - b) <= min_gap(b, unit)


def plausible_values(
    value: float,
    unit: str,
    exclude: Collection[float],
    n: int,
    rng: random.Random,
    stated: Collection[float] = (),
    within: tuple[float, float] = (0.0, math.inf),
) -> list[float]:
    """``n`` wrong values for a provision: values stated elsewhere with the unit, then the unit's ladder, round figures.

    Never a value within ``min_gap`` of the right one (5—15 among 4—15 tests nothing), nor two wrong values
    that close to each other (8, 9, 10 against 3 leave the key on its own); a stated value only within
    ``STATED_RATIO`` of the right one, nor one outside ``within`` (the bracket the number bounds); and, where the
    ladder has room, wrong values on both sides of it.
    """
    integral = value == int(value)
    year = unit == "年" and 1900 <= value <= 2100
    ladder = () if year else TYPICAL.get(unit, ())
    # a calendar year goes to the years next to it, never past the latest year the document speaks of
    # (2029年 for a meeting held in 2019 is false at sight); other values to round figures around them
    if year:
        round_figures = {value + d for d in (-3, -2, -1, 1, 2, 3)}
    elif ladder:  # the unit's own ladder first: 九/三十六/五十四 周岁 around 十八 are no ages a rule sets
        round_figures = {value * 2, value / 2}
    else:
        round_figures = {value * 2, value / 2, value * 3, value * 5}
    near = {c for c in stated if c > 0 and (year or max(c / value, value / c) <= STATED_RATIO)}
    if value in ladder:  # 延长不得超过12个月: 6 or 24, not the 16 and 21 of a table of benefits elsewhere in the law
        near &= set(ladder)
    if year:
        latest = max([value, *stated])
        near = {c for c in near if c <= latest}
        round_figures = {c for c in round_figures if c <= latest}
    if unit in STEPPED and value in ladder:
        round_figures &= set(ladder)  # 五百元 → never 二百五十: the law's amounts run in its steps
    pool = near | set(ladder) | round_figures
    if value >= 10 and value % 5 == 0 and not year:
        pool = {c for c in pool if c % 5 == 0}  # round figures stay round: 60% → 50%, 70%, not 59%

    def fits(c: float) -> bool:
        ok = within[0] < c < within[1] and c not in exclude and not too_close(c, value, unit) and c != value
        ok = ok and (year or max(c / value, value / c) <= FAR_BY_UNIT.get(unit, FAR))  # 一年内累计 → 八年内累计 is absurd
        # a fractional key among whole numbers (0.5 among 3, 4, 5) stands out, and so do whole ones among fractions
        ok = ok and (unit != "周岁" or (c <= YOUTH) == (value <= YOUTH))  # 不满十八周岁 → never 七十: another stage of life
        return ok and (c == int(c)) == integral and (unit != "%" or c < 100)  # 100%以上 is no share

    cands = [c for c in pool if fits(c)]
    cands.sort(key=lambda c: (c not in near, abs(math.log(c / value)) + rng.random() * 0.25))
    out: list[float] = []
    for c in cands:
        if len(out) < n and not any(too_close(c, x, unit) or too_close(x, c, unit) for x in out):
            out.append(c)
    below = [c for c in cands if c < value and c not in out and not any(too_close(c, x, unit) for x in out[:-1])]
    if len(out) == n and n > 1 and below and all(x > value for x in out):
        out[-1] = below[0]  # the key is not the smallest option only because nothing below it was tried
    return out


def bracket(text: str, unit: str, span: tuple[int, int]) -> tuple[float, float]:
    """The open interval a number that bounds a bracket must stay in (十日以上十五日以下: the lower bound below 十五,
    the upper above 十): a value past its partner runs the bracket backwards or shuts it (处十五日以上十五日以下拘留)."""
    end = span[1] + len(unit) if text.startswith(unit, span[1]) else span[1]
    if text.startswith("以上", end):
        m = re.match(rf"[^，。；]{{0,4}}?({NUMERAL.pattern}){re.escape(unit)}以下", text[end + 2 : end + 16])
        upper = parse_number(m.group(1)) if m else None
        if upper is not None:
            return 0.0, upper
    if text.startswith("以下", end):
        m = re.search(rf"({NUMERAL.pattern}){re.escape(unit)}以上$", text[max(0, span[0] - 14) : span[0]])
        lower = parse_number(m.group(1)) if m else None
        if lower is not None:
            return lower, math.inf
    return 0.0, math.inf


def plausible_ranges(
    low: float,
    high: float,
    unit: str,
    exclude: Collection[tuple[float, float]],
    n: int,
    rng: random.Random,
    stated: Collection[float] = (),
) -> list[tuple[float, float]]:
    """``n`` wrong ranges for a printed range: each end moved to a plausible value (4—15 → 3—12, 6—15 …).

    An end moved by ±1/±2 is no move at all (99—300 / 100—298 give the key away): every wrong range
    has at least one end ``plausible_values`` would offer, the other end unchanged or moved so too.
    """
    lows = plausible_values(low, unit, (), 4, rng, stated)
    highs = plausible_values(high, unit, (), 4, rng, stated)
    # a 2 × 2 grid where it can be had (low changed, high changed, both): each printed end is in two options of
    # four, so the key is not the one range that shares an end with every other (100—300 among 100—500,
    # 200—300, 100—400)
    for a in lows:
        for b in highs:
            grid = [(a, high), (low, b), (a, b)]
            if all(y > x >= 1 and r not in exclude for r in grid for x, y in [r]) and n == 3:
                return grid
    out: list[tuple[float, float]] = []
    pairs = sorted(
        ((a, b) for a in [low, *lows] for b in [high, *highs]),
        key=lambda r: abs(math.log(r[0] / low)) + abs(math.log(r[1] / high)),
    )
    for a, b in pairs:
        r = (a, b)
        close = all(x == y or too_close(x, y, unit) for x, y in ((a, low), (b, high)))
        if b > a >= 1 and not close and r not in exclude and r not in out:
            out.append(r)
        if len(out) == n:
            break
    return out
