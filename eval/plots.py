"""Small inline SVG charts for the HTML report: no plotting library, no external files."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

COLORS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#854d0e")
WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 58, 18, 58, 48


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering ``[lo, hi]``."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [round(math.floor(lo / step) * step, 10)]
    while ticks[-1] < hi - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e5 else f"{value:.3g}"


class _Frame:
    """Maps data coordinates to the plot area and draws axes, grid, title and legend."""

    def __init__(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        self.parts: list[str] = []

    def x(self, value: float) -> float:
        span = (self.x1 - self.x0) or 1
        return LEFT + (value - self.x0) / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1
        return HEIGHT - BOTTOM - (value - self.y0) / span * (HEIGHT - TOP - BOTTOM)

    def axes(self, title: str, x_label: str, y_label: str, x_ticks: Sequence[float],
             y_ticks: Sequence[float], x_tick_labels: Sequence[str] | None = None) -> None:
        p = self.parts
        p.append(f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="15" '
                 f'font-weight="600">{escape(title)}</text>')
        for tick in y_ticks:
            y = self.y(tick)
            p.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#e5e7eb"/>')
            p.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f'{_fmt(tick)}</text>')
        labels = x_tick_labels or [_fmt(t) for t in x_ticks]
        for tick, label in zip(x_ticks, labels, strict=True):
            x = self.x(tick)
            p.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{HEIGHT - BOTTOM}" '
                     f'y2="{HEIGHT - BOTTOM + 4}" stroke="#6b7280"/>')
            p.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 17}" text-anchor="middle">'
                     f'{escape(label)}</text>')
        p.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
                 f'y2="{HEIGHT - BOTTOM}" stroke="#6b7280"/>')
        p.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
                 'stroke="#6b7280"/>')
        p.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" '
                 f'text-anchor="middle">{escape(x_label)}</text>')
        middle = (TOP + HEIGHT - BOTTOM) / 2
        p.append(f'<text x="14" y="{middle}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {middle})">{escape(y_label)}</text>')

    def legend(self, names: Sequence[str]) -> None:
        x, y = LEFT, 28
        for i, name in enumerate(names):
            width = 28 + 7 * len(name)
            if x > LEFT and x + width > WIDTH - RIGHT:
                x, y = LEFT, y + 15  # wrap; two rows fit above the plot
            color = COLORS[i % len(COLORS)]
            self.parts.append(f'<rect x="{x}" y="{y}" width="11" height="11" fill="{color}"/>')
            self.parts.append(f'<text x="{x + 15}" y="{y + 10}">{escape(name)}</text>')
            x += width

    def svg(self, title: str) -> str:
        body = "\n".join(self.parts)
        # No xmlns: inline SVG in HTML needs none, and the page names no URL at all.
        return (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" '
                f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="sans-serif" '
                f'font-size="12" fill="#111827"><title>{escape(title)}</title>\n{body}\n</svg>')


def line_chart(xs: Sequence[float], series: Mapping[str, Sequence[float]], *, title: str,
               x_label: str, y_label: str, y_range: tuple[float, float] = (0.0, 1.0),
               mark_x: float | None = None) -> str:
    """Lines with dots, one per series, over shared x values; ``mark_x`` draws a guide."""
    frame = _Frame((min(xs), max(xs)) if xs else (0, 1), y_range)
    frame.axes(title, x_label, y_label, list(xs), nice_ticks(*y_range))
    if mark_x is not None:
        x = frame.x(mark_x)
        frame.parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" '
                           f'y2="{HEIGHT - BOTTOM}" stroke="#9ca3af" stroke-dasharray="4 3"/>')
    for i, (name, ys) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        points = " ".join(f"{frame.x(x):.1f},{frame.y(y):.1f}"
                          for x, y in zip(xs, ys, strict=True))
        frame.parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                           'stroke-width="2"/>')
        for x, y in zip(xs, ys, strict=True):
            frame.parts.append(
                f'<circle cx="{frame.x(x):.1f}" cy="{frame.y(y):.1f}" r="2.5" fill="{color}">'
                f'<title>{escape(name)} at {_fmt(x)}: {y:.3f}</title></circle>')
    frame.legend(list(series))
    return frame.svg(title)


def histogram(values: Sequence[float], *, title: str, x_label: str, bins: int = 20,
              marks: Mapping[str, float] | None = None) -> str:
    """Counts of ``values`` in equal bins from 0; ``marks`` (e.g. p50, p95) draw guides."""
    hi = max(values) if values else 1.0
    x_ticks = nice_ticks(0.0, hi)
    width = x_ticks[-1] / bins
    counts = [0] * bins
    for value in values:
        counts[min(int(value / width), bins - 1)] += 1
    y_ticks = nice_ticks(0, max(counts, default=1) or 1, 4)
    frame = _Frame((0.0, x_ticks[-1]), (0.0, y_ticks[-1]))
    frame.axes(title, x_label, "questions", x_ticks, y_ticks)
    for i, count in enumerate(counts):
        if count:
            x, top = frame.x(i * width), frame.y(count)
            frame.parts.append(
                f'<rect x="{x + 1:.1f}" y="{top:.1f}" width="{frame.x(width) - LEFT - 2:.1f}" '
                f'height="{frame.y(0) - top:.1f}" fill="{COLORS[0]}">'
                f'<title>{_fmt(i * width)}-{_fmt((i + 1) * width)}: {count}</title></rect>')
    for i, (name, value) in enumerate((marks or {}).items(), start=1):
        x = frame.x(value)
        color = COLORS[i % len(COLORS)]
        frame.parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
                           f'stroke="{color}" stroke-width="2" stroke-dasharray="5 3"/>')
        frame.parts.append(f'<text x="{x + 4:.1f}" y="{TOP + 12 * i}" fill="{color}">'
                           f'{escape(name)} {_fmt(round(value, 1))}</text>')
    return frame.svg(title)


def bar_chart(categories: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
              title: str, y_label: str,
              y_range: tuple[float, float] = (0.0, 1.0)) -> str:
    """Grouped bars: one group per category, one bar per series; None leaves a gap."""
    n = max(len(categories), 1)
    frame = _Frame((0.0, float(n)), y_range)
    centres = [i + 0.5 for i in range(len(categories))]
    frame.axes(title, "", y_label, centres, nice_ticks(*y_range), list(categories))
    group = (WIDTH - LEFT - RIGHT) / n * 0.8
    bar = group / max(len(series), 1)
    for s, (name, values) in enumerate(series.items()):
        color = COLORS[s % len(COLORS)]
        for centre, category, value in zip(centres, categories, values, strict=True):
            if value is None:
                continue
            x = frame.x(centre) - group / 2 + s * bar
            # A zero still gets a sliver, so it is told apart from "not measured".
            top = min(frame.y(value), frame.y(y_range[0]) - 1.5)
            frame.parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{max(bar - 1, 1):.1f}" '
                f'height="{frame.y(y_range[0]) - top:.1f}" fill="{color}">'
                f'<title>{escape(category)}, {escape(name)}: {value:.3f}</title></rect>')
    frame.legend(list(series))
    return frame.svg(title)
