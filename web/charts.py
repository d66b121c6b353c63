"""Small charts drawn on the server as inline SVG: no script, no CDN, readable on a phone.

Each function takes plain numbers and returns SVG markup that scales to its container's width
(``viewBox`` + ``width: 100%`` in the stylesheet). The drawings are as wide as a phone's column
(``WIDTH`` user units ≈ CSS pixels at 390 px), so their 12-unit text is never drawn smaller than
12 px; a desktop shows them larger. Every chart carries a ``<title>`` and text labels
so a screen reader and a printout still say what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 340, 200
PAD_L, PAD_R, PAD_T, PAD_B = 40, 10, 14, 28


def _svg(title: str, body: str, height: int = HEIGHT, cls: str = "chart") -> Markup:
    return Markup(
        f'<svg class="{cls}" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>'
    )


def _text(x: float, y: float, content: str, cls: str, anchor: str = "start", tip: str | None = None) -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(content)}{title}</text>'


def line_chart(
    title: str,
    points: Sequence[tuple[str, float | None]],
    *,
    y_max: float = 100.0,
    unit: str = "%",
    threshold: float | None = None,
    threshold_label: str = "",
) -> Markup:
    """A line over labelled x positions (gaps where the value is None), with an optional threshold line."""
    if not points:
        return _svg(title, _text(WIDTH / 2, HEIGHT / 2, "暂无数据", "empty", "middle"))
    inner_w, inner_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = inner_w / max(1, len(points) - 1)

    def x(i: int) -> float:
        return PAD_L + (i * step if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return PAD_T + inner_h * (1 - min(max(v, 0.0), y_max) / y_max)

    parts = []
    for tick in (0, y_max / 2, y_max):
        parts.append(f'<line class="grid" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(_text(PAD_L - 6, y(tick) + 4, f"{tick:g}{unit}", "axis", "end"))
    if threshold is not None:
        parts.append(
            f'<line class="threshold" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(threshold):.1f}" y2="{y(threshold):.1f}"/>'
        )
        parts.append(_text(WIDTH - PAD_R, y(threshold) - 4, threshold_label, "axis threshold-label", "end"))
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (_, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(f'<polyline class="line" points="{" ".join(seg)}"/>')
    for i, (label, value) in enumerate(points):
        if value is not None:
            tip = escape(f"{label}：{value:.0f}{unit}")
            parts.append(f'<circle class="dot" cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5"><title>{tip}</title></circle>')
    last = len(points) - 1
    for i in sorted({0, len(points) // 2, last}):  # the ends aligned inwards, so no label is cut at the edge
        anchor = "middle" if len(points) == 1 or 0 < i < last else ("start" if i == 0 else "end")
        parts.append(
            _text(x(i) if anchor == "middle" else (PAD_L if i == 0 else WIDTH - PAD_R), HEIGHT - 8, points[i][0], "axis", anchor)
        )
    return _svg(title, "".join(parts))


def bar_chart(title: str, bars: Sequence[tuple[str, float, str]], *, unit: str = "%") -> Markup:
    """Horizontal bars (label, share 0–1, note) — mastery per work or chapter; each label on its own line above its bar."""
    row_h, value_w = 42, 44
    height = max(40, PAD_T + row_h * len(bars))
    inner = WIDTH - value_w - 4
    parts = []
    for i, (label, share, note) in enumerate(bars):
        top = PAD_T + i * row_h
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(_text(0, top + 10, short, "label", tip=label))
        parts.append(f'<rect class="track" x="0" y="{top + 17}" width="{inner}" height="14" rx="3"/>')
        parts.append(f'<rect class="bar" x="0" y="{top + 17}" width="{inner * min(max(share, 0), 1):.1f}" height="14" rx="3"/>')
        parts.append(_text(WIDTH, top + 29, f"{share * 100:.0f}{unit}", "value", "end", tip=note))
    return _svg(title, "".join(parts), height=height, cls="chart bars")


WEEKDAYS = "一二三四五六日"


def calendar(title: str, days: Sequence[tuple[str, int]]) -> Markup:
    """A streak calendar: a row per weekday (一 … 日), a column per week, month names on top, darker for more answers."""
    cell, gap, left, top_pad = 16, 3, 22, 20
    if not days:
        return _svg(title, _text(WIDTH / 2, 40, "暂无数据", "empty", "middle"), height=80, cls="chart calendar")
    first = dt.date.fromisoformat(days[0][0])
    lead = first.weekday()  # empty cells before the first day, so each row is one weekday
    weeks = (lead + len(days) + 6) // 7
    top = max((n for _, n in days), default=0)
    parts = [_text(0, top_pad + r * (cell + gap) + 12, WEEKDAYS[r], "axis") for r in (0, 2, 4, 6)]
    month_shown = None
    for i, (day, n) in enumerate(days):
        date = dt.date.fromisoformat(day)
        column, row = (lead + i) // 7, (lead + i) % 7
        cx, cy = left + column * (cell + gap), top_pad + row * (cell + gap)
        if date.month != month_shown and (row == 0 or i == 0):
            month_shown = date.month
            parts.append(_text(cx, 13, f"{date.month}月", "axis"))
        level = 0 if n == 0 else 1 + min(3, int(3 * n / max(top, 1)))
        parts.append(
            f'<rect class="day l{level}" x="{cx}" y="{cy}" width="{cell}" height="{cell}" rx="2">'
            f"<title>{escape(day)}：{n} 题</title></rect>"
        )
    height = top_pad + 7 * (cell + gap) + 4
    width = left + weeks * (cell + gap)
    return Markup(
        f'<svg class="chart calendar" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
