"""Small charts drawn on the server as inline SVG: no script, no CDN, readable on a phone.

Each function takes plain numbers and returns SVG markup that scales to its container's width
(``viewBox`` + ``width: 100%`` in the stylesheet). Every chart carries a ``<title>`` and text labels
so a screen reader and a printout still say what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
PAD_L, PAD_R, PAD_T, PAD_B = 40, 12, 14, 30


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
    for i in sorted({0, len(points) // 2, len(points) - 1}):
        parts.append(_text(x(i), HEIGHT - 8, points[i][0], "axis", "middle"))
    return _svg(title, "".join(parts))


def bar_chart(title: str, bars: Sequence[tuple[str, float, str]], *, unit: str = "%") -> Markup:
    """Horizontal bars (label, share 0–1, note) — mastery per work or chapter."""
    row_h, label_w = 26, 230
    height = max(40, PAD_T + row_h * len(bars) + 8)
    inner = WIDTH - label_w - 60
    parts = []
    for i, (label, share, note) in enumerate(bars):
        top = PAD_T + i * row_h
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(_text(label_w - 8, top + 16, short, "label", "end", tip=label))
        parts.append(f'<rect class="track" x="{label_w}" y="{top + 4}" width="{inner}" height="16" rx="3"/>')
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{top + 4}" width="{inner * min(max(share, 0), 1):.1f}" height="16" rx="3"/>'
        )
        parts.append(_text(label_w + inner + 6, top + 16, f"{share * 100:.0f}{unit}", "value", tip=note))
    return _svg(title, "".join(parts), height=height, cls="chart bars")


def calendar(title: str, days: Sequence[tuple[str, int]]) -> Markup:
    """A streak calendar: one square per day, a column per week, darker for more answers."""
    cell, gap = 14, 3
    weeks = (len(days) + 6) // 7
    top = max((n for _, n in days), default=0)
    parts = []
    for i, (day, n) in enumerate(days):
        level = 0 if n == 0 else 1 + min(3, int(3 * n / max(top, 1)))
        cx, cy = PAD_L + (i // 7) * (cell + gap), PAD_T + (i % 7) * (cell + gap)
        parts.append(
            f'<rect class="day l{level}" x="{cx}" y="{cy}" width="{cell}" height="{cell}" rx="2">'
            f"<title>{escape(day)}：{n} 题</title></rect>"
        )
    height = PAD_T + 7 * (cell + gap) + 6
    width = PAD_L + weeks * (cell + gap) + PAD_R
    return Markup(
        f'<svg class="chart calendar" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
