"""The report's charts as inline SVG strings: bars, lines and a heat map (labels escaped)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from ecoaccount.report.numbers import Column

COLOURS = ("#2E75B6", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2F5597", "#843C0C", "#A5A5A5")
FONT = 11


def text_width(text: str) -> int:
    """Approximate width in pixels at the chart's font size (a CJK character counts double)."""
    return int(6.2 * sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))


def _svg(width: int, height: int, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    )
    return head + "".join(body) + "</svg>"


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{a} font-size="{FONT}"{extra}>{html.escape(text)}</text>'


def bar_chart(
    items: list[tuple[str, float]],
    fmt: Callable[[float], str] | None = None,
    width: int = 520,
    scale: tuple[float, float] | None = None,
) -> str:
    """Horizontal bars, one per (label, value); ``scale`` (lowest, highest) shares one scale across charts.

    The label column is as wide as the longest label needs; a negative bar's value sits right of the axis.
    """
    fmt = fmt or Column([v for _, v in items])
    left = min(240, 16 + max((text_width(label) for label, _ in items), default=0))
    bar_h, gap, right = 16, 4, 90
    low, top = scale or (min((v for _, v in items), default=0.0), max((v for _, v in items), default=0.0))
    span = max(top, 0.0) - min(low, 0.0) or 1.0
    zero = left + (width - left - right) * (-min(low, 0.0) / span)
    body = []
    for i, (label, v) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        w = (width - left - right) * abs(v) / span
        x = zero if v >= 0 else zero - w
        body.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" font-size="{FONT}">{html.escape(label)}</text>'
        )
        body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[0]}"/>')
        body.append(_text(x + w + 4 if v >= 0 else zero + 4, y + 12, fmt(v)))
    return _svg(width, len(items) * (bar_h + gap) + 10, body)


def line_chart(
    xs: Sequence[str],
    series: list[tuple[str, list[float | None]]],
    fmt: Callable[[float], str],
    scale: tuple[float, float],
    width: int = 520,
    height: int = 240,
) -> str:
    """Lines over the categories ``xs`` (years), one per series, with a legend when there are several."""
    left, bottom, top_pad = 70, 22, 10
    legend = 16 * len(series) if len(series) > 1 else 0
    plot_h = height - bottom - top_pad
    low, high = min(scale[0], 0.0), max(scale[1], 0.0)
    span = (high - low) or 1.0
    step = (width - left - 20) / max(len(xs) - 1, 1)

    def y_of(v: float) -> float:
        return top_pad + plot_h * (high - v) / span

    body = [f'<line x1="{left}" y1="{y_of(0):.1f}" x2="{width - 10}" y2="{y_of(0):.1f}" stroke="#999"/>']
    for v in (low, high):
        if v != 0 and abs(y_of(v) - y_of(0)) > 14:  # a label too close to the zero line is left out
            body.append(_text(left - 6, y_of(v) + 4, fmt(v), "end"))
    body.append(_text(left - 6, y_of(0) + 4, fmt(0.0), "end"))
    every = max(1, len(xs) // 10)
    for i, x in enumerate(xs):
        if i % every == 0:
            body.append(_text(left + i * step, height - 6, x, "middle"))
    for k, (name, values) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        pts = [(left + i * step, y_of(v)) for i, v in enumerate(values) if v is not None]
        if len(pts) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in pts]
        if legend:
            ly = height + 14 + 16 * k
            body.append(f'<rect x="{left}" y="{ly - 9}" width="12" height="10" fill="{colour}"/>')
            body.append(_text(left + 18, ly, name))
    return _svg(width, height + legend + (8 if legend else 0), body)


def heatmap(
    rows: Sequence[str], cols: Sequence[str], values: dict[tuple[str, str], float], fmt: Callable[[float], str]
) -> str:
    """A grid of ``values[(row, col)]``, shaded by size (negative values in orange), values written in."""
    cell_w = max(48, max((text_width(fmt(v)) for v in values.values()), default=0) + 8)
    cell_h = 20
    left = min(200, 12 + max((text_width(r) for r in rows), default=0))
    head = min(120, 12 + max((text_width(c) for c in cols), default=0))
    top = max((abs(v) for v in values.values()), default=0.0) or 1.0
    body = []
    for j, c in enumerate(cols):
        x = left + j * cell_w + cell_w / 2
        body.append(_text(x, head - 6, c, "start", f' transform="rotate(-40 {x:.1f} {head - 6})"'))
    for i, r in enumerate(rows):
        y = head + i * cell_h
        body.append(_text(left - 6, y + 14, r, "end"))
        for j, c in enumerate(cols):
            v = values.get((r, c))
            x = left + j * cell_w
            share = 0.0 if v is None else abs(v) / top
            base = (46, 117, 182) if v is None or v >= 0 else (197, 90, 17)
            rgb = tuple(round(255 - (255 - b) * share) for b in base)
            fill = f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"
            body.append(f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" stroke="#fff"/>')
            if v is not None:
                colour = ' fill="#fff"' if share > 0.55 else ""
                body.append(_text(x + cell_w - 4, y + 14, fmt(v), "end", colour))
    return _svg(left + len(cols) * cell_w + 10, head + len(rows) * cell_h + 6, body)
