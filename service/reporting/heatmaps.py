"""Weekday x hour heatmaps drawn by matplotlib as inline SVG: one row per weekday, one column
per hour the site was open, each cell shaded on a colour scale whose legend is titled in
the page's language and, where the cells are wide enough, its value written in it. A cell
hidden for privacy is hatched, an hour never open left blank; the legend says both."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from service.presentation.i18n import Lang
from service.reporting.drawing import inline_svg

Cell = float | None
SCALE = "Blues"
HIDDEN_EDGE, CLOSED = "#8a8a8a", "#ffffff"
# Values are written in the cells up to this many columns (beyond, they would not fit).
WRITTEN_UP_TO = 16


def heatmap(
    t: Lang,
    values: Sequence[Sequence[Cell]],
    open_cells: Sequence[Sequence[bool]],
    hours: Sequence[int],
    title: str,
    scale_title: str,
    label: Callable[[float], str],
    top: float | None = None,
) -> str:
    """``values`` per weekday (Monday first) and per hour of ``hours``; ``None`` is hidden;
    a cell not in ``open_cells`` was never open. ``label`` writes a value (the scale's
    ticks and the cells), ``scale_title`` names what the colour means."""
    known = [v for row in values for v in row if v is not None]
    top = top if top is not None else max(known, default=0.0) or 1.0
    grid = np.ma.masked_invalid(
        np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    )
    shut = ~np.array(open_cells, dtype=bool)
    grid[shut] = np.ma.masked
    figure = Figure(figsize=(9.6, 4.3), layout="constrained")
    ax = figure.add_subplot()
    norm = Normalize(0.0, top)
    image = ax.imshow(grid, cmap=SCALE, norm=norm, aspect="auto", interpolation="nearest")
    ax.set_facecolor(CLOSED)
    cmap = image.get_cmap()
    for d, row in enumerate(values):
        for j, v in enumerate(row):
            if shut[d][j]:
                continue
            if v is None:
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, d - 0.5), 1, 1, fill=False, hatch="///", edgecolor=HIDDEN_EDGE
                    )
                )
            elif len(hours) <= WRITTEN_UP_TO:
                dark = sum(cmap(norm(v))[:3]) < 1.5
                ax.text(
                    j,
                    d,
                    label(v),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if dark else "#1a1a1a",
                    in_layout=False,  # inside the axes: the layout need not measure it
                )
    ax.set_xticks(range(len(hours)), [f"{h:02d}" for h in hours])
    ax.set_yticks(range(7), [t.weekday_name(d, "abbreviated").rstrip(".") for d in range(7)])
    # white lines between the cells (two collections, not a tick per line)
    ax.vlines(np.arange(0.5, len(hours) - 1), -0.5, 6.5, color="white", linewidth=1.5)
    ax.hlines(np.arange(0.5, 6), -0.5, len(hours) - 0.5, color="white", linewidth=1.5)
    ax.set_xlabel(t("Hour of the day (starting)"))
    ax.set_ylabel(t("Weekday"))
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    bar = figure.colorbar(
        image, ax=ax, location="right", fraction=0.04, pad=0.02, shrink=0.9, anchor=(0, 1)
    )
    bar.set_label(scale_title)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: label(v)))
    bar.outline.set_visible(False)
    keys = [
        Patch(
            facecolor="none",
            edgecolor=HIDDEN_EDGE,
            hatch="///",
            label=t("hidden: fewer than three members"),
        ),
        Patch(facecolor=CLOSED, edgecolor="#bbbbbb", label=t("closed")),
    ]
    figure.legend(handles=keys, loc="outside lower left", ncols=2, frameon=False)
    return inline_svg(figure, title)
