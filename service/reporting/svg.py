"""A small server-side SVG renderer for the report page: a heatmap, a line chart and bars
against a line. Plain SVG text, no scripts, no fonts or styles from elsewhere; readable in
black and white (values in titles, dashed lines, a legend)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

# A sequential palette from pale to dark blue (readable in grey when printed).
PALETTE = ("#f1f5fb", "#d3e1f2", "#a9c4e5", "#7aa3d4", "#4d80c0", "#2a5d9e", "#143d73")
NO_DATA = "#ffffff"
HIDDEN = "url(#hatch)"
SERIES = (("#143d73", ""), ("#c0562a", "6 3"), ("#3d8a4a", "2 3"))
FONT = 'font-family="system-ui, sans-serif" font-size="11"'

Value = float | None


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>"
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="4" stroke="#999" '
        'stroke-width="1"/></pattern></defs>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{escape(text)}</text>'


def shade(value: float, top: float) -> str:
    if top <= 0:
        return PALETTE[0]
    step = min(len(PALETTE) - 1, int(value / top * (len(PALETTE) - 1) + 0.5))
    return PALETTE[max(0, step)]


LEGEND = {
    "low": "low",
    "high": "high",
    "hidden": "hidden",
    "closed": "closed",
    "hidden (fewer than 3 members)": "hidden (fewer than 3 members)",
}


def heatmap(
    values: Sequence[Sequence[Value]],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    title: str,
    fmt: str = "{:.0%}",
    top: float | None = None,
    mask: Sequence[Sequence[bool]] | None = None,
    words: dict[str, str] | None = None,
) -> str:
    """Rows x columns of cells; ``None`` is hatched (hidden for privacy); cells where
    ``mask`` is False (for example never open) are left white. ``words`` gives the legend's
    and tooltips' words in the page's language (keys as the English defaults below)."""
    said = {**LEGEND, **(words or {})}
    cell_w, cell_h, left, head = 26, 20, 44, 34
    width = max(left + cell_w * len(column_labels) + 10, 560)
    height = head + cell_h * len(row_labels) + 40
    known = [v for row in values for v in row if v is not None]
    top = top if top is not None else max(known, default=0.0)
    body = [_text(0, 12, title, extra='font-weight="bold"')]
    for j, label in enumerate(column_labels):
        body.append(_text(left + j * cell_w + cell_w / 2, head - 6, label, "middle"))
    for i, label in enumerate(row_labels):
        y = head + i * cell_h
        body.append(_text(left - 6, y + cell_h * 0.7, label, "end"))
        for j, value in enumerate(values[i]):
            x = left + j * cell_w
            masked = mask is not None and not mask[i][j]
            if masked:
                fill, tip = NO_DATA, said["closed"]
            elif value is None:
                fill, tip = HIDDEN, said["hidden (fewer than 3 members)"]
            else:
                fill, tip = shade(value, top), fmt.format(value)
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 1}" height="{cell_h - 1}" '
                f'fill="{fill}" stroke="#ccc" stroke-width="0.5">'
                f"<title>{escape(row_labels[i])} {escape(column_labels[j])}: {tip}</title></rect>"
            )
    legend_y = head + cell_h * len(row_labels) + 14
    body.append(_text(left, legend_y + 10, said["low"]))
    for k, colour in enumerate(PALETTE):
        body.append(
            f'<rect x="{left + 30 + k * 18}" y="{legend_y}" width="18" height="12" '
            f'fill="{colour}" stroke="#ccc" stroke-width="0.5"/>'
        )
    body.append(
        _text(left + 36 + len(PALETTE) * 18, legend_y + 10, f"{said['high']} ({fmt.format(top)})")
    )
    body.append(
        f'<rect x="{left + 150 + len(PALETTE) * 18}" y="{legend_y}" width="18" height="12" '
        f'fill="{HIDDEN}" stroke="#ccc"/>'
    )
    body.append(_text(left + 174 + len(PALETTE) * 18, legend_y + 10, said["hidden"]))
    return _svg(width, height, title, body)


def _axes(
    left: int, top: int, plot_w: int, plot_h: int, y_max: float, fmt: str, labels: Sequence[str]
) -> list[str]:
    body = []
    for k in range(5):
        value = y_max * k / 4
        y = top + plot_h - plot_h * k / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            'stroke="#ddd" stroke-width="0.5"/>'
        )
        body.append(_text(left - 4, y + 4, fmt.format(value), "end"))
    n = len(labels)
    every = max(1, n // 12)
    for i, label in enumerate(labels):
        if i % every == 0:
            x = left + (i + 0.5) * plot_w / max(n, 1)
            body.append(_text(x, top + plot_h + 14, label, "middle"))
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#333" stroke-width="1"/>'
    )
    return body


def _legend(x: int, y: int, names: Sequence[str], kinds: Sequence[str]) -> list[str]:
    body = []
    line = 0
    for k, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        colour, dash = SERIES[line % len(SERIES)]
        line += kind != "bar"
        lx = x + k * 150
        if kind == "bar":
            body.append(f'<rect x="{lx}" y="{y - 9}" width="14" height="10" fill="{PALETTE[3]}"/>')
        else:
            body.append(
                f'<line x1="{lx}" y1="{y - 4}" x2="{lx + 14}" y2="{y - 4}" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="{dash}"/>'
            )
        body.append(_text(lx + 18, y, name))
    return body


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    title: str,
    fmt: str = "{:.0%}",
    y_max: float | None = None,
    bars: tuple[str, Sequence[Value]] | None = None,
    integer: bool = False,
) -> str:
    """Lines over ``labels`` (gaps where a value is hidden), optionally over bars."""
    left, top, plot_w, plot_h = 52, 24, max(360, min(900, 14 * len(labels))), 180
    width, height = left + plot_w + 20, top + plot_h + 48
    known = [v for _, vs in series for v in vs if v is not None]
    if bars:
        known += [v for v in bars[1] if v is not None]
    y_max = y_max if y_max is not None else max(known, default=1.0) or 1.0
    if integer:
        y_max = float(max(4, math.ceil(y_max / 4) * 4))
    n = max(len(labels), 1)
    step = plot_w / n

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * min(v, y_max) / y_max

    body = [_text(0, 12, title, extra='font-weight="bold"')]
    body += _axes(left, top, plot_w, plot_h, y_max, fmt, labels)
    if bars:
        name, values = bars
        for i, v in enumerate(values):
            if v is None:
                continue
            x = left + i * step + step * 0.15
            body.append(
                f'<rect x="{x:.1f}" y="{y_of(v):.1f}" width="{step * 0.7:.1f}" '
                f'height="{top + plot_h - y_of(v):.1f}" fill="{PALETTE[3]}">'
                f"<title>{escape(labels[i])} {escape(name)}: {fmt.format(v)}</title></rect>"
            )
    for k, (name, values) in enumerate(series):
        colour, dash = SERIES[k % len(SERIES)]
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
                continue
            runs[-1].append(f"{left + (i + 0.5) * step:.1f},{y_of(v):.1f}")
        for run in runs:
            if len(run) == 1:
                cx, cy = run[0].split(",")
                body.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>')
            elif run:
                body.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2" stroke-dasharray="{dash}"><title>{escape(name)}</title>'
                    "</polyline>"
                )
    names = ([bars[0]] if bars else []) + [name for name, _ in series]
    kinds = (["bar"] if bars else []) + ["line"] * len(series)
    body += _legend(left, height - 6, names, kinds)
    return _svg(width, height, title, body)
