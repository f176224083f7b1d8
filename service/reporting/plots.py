"""The day-by-day charts of the evaluators' pages drawn by matplotlib on the server as SVG
(no script needed): the full width of the page, axis titles, readable date ticks, words in
the page's language, and today's unfinished day marked as partial instead of drawn as a drop.
Each chart has a table of the same figures beside it on the page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from babel.dates import format_date
from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from service.presentation.i18n import Lang
from service.reporting.drawing import COLOURS, STYLES, inline_svg

BARS, PARTIAL = "#d9dee4", "#a4161a"
# Days drawn as bars with a marker on each value up to this many; beyond, lines and an area.
MARKED_UP_TO = 62


Series = tuple[str, Sequence[int | None]]


def daily(
    t: Lang,
    days: Sequence[date],
    lines: Sequence[Series],
    units_open: Sequence[int],
    title: str,
    today: date | None,
) -> str:
    """Lines of values per day over the units open (a bar per day; for a long period one
    area, since the bars would be thinner than a pixel); ``None`` (hidden for privacy)
    leaves a gap; ``today``, when it is among the days, is marked as not over yet."""
    figure = Figure(figsize=(9.6, 3.6), layout="constrained")
    ax = figure.add_subplot()
    x = [float(n) for n in date2num(list(days))]
    few = len(x) <= MARKED_UP_TO
    if few:
        ax.bar(x, units_open, width=0.8, color=BARS, label=t("units open"))
    elif x:
        edges = [x[0] - 0.5, *(v + 0.5 for v in x)]
        ax.stairs(units_open, edges, fill=True, color=BARS, label=t("units open"))
    for (label, values), colour, style in zip(lines, COLOURS, STYLES, strict=False):
        ax.plot(
            x,
            [math.nan if v is None else float(v) for v in values],
            color=colour,
            linestyle=style,
            marker="o" if few else "",
            markersize=3,
            linewidth=1.5,
            label=label,
        )
    if today is not None and today in days:
        n = list(days).index(today)
        shown = [float(v) for _, values in lines if (v := values[n]) is not None]
        if shown:
            ax.plot(
                [x[n]] * len(shown),
                shown,
                marker="o",
                markersize=9,
                markerfacecolor="none",
                markeredgecolor=PARTIAL,
                linestyle="none",
                label=t("today, not over yet"),
            )
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_xlabel(t("Day"))
    ax.set_ylabel(t("Units"))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(
        FuncFormatter(
            lambda value, _: format_date(num2date(value).date(), "d MMM", locale=t.locale)
        )
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e6e6e6")
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.22), ncols=3, frameon=False)
    return inline_svg(figure, title)


def served(
    t: Lang,
    capacities: Sequence[int],
    lines: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    unit: str,
    marks: Sequence[tuple[str, int]] = (),
    level: float | None = None,
) -> str:
    """Shares (0 to 1) against a number of units: one line per share, the service level
    as a dotted line, and ``marks`` (for example the units now and the advice) as
    labelled vertical lines."""
    figure = Figure(figsize=(9.6, 3.8), layout="constrained")
    ax = figure.add_subplot()
    x = list(capacities)
    for (label, values), colour, style in zip(lines, COLOURS, STYLES, strict=False):
        ax.plot(
            x,
            [math.nan if v is None else v for v in values],
            color=colour,
            linestyle=style,
            marker="o",
            markersize=4,
            linewidth=1.8,
            label=label,
        )
    if level is not None:
        ax.axhline(
            level,
            color="#555555",
            linestyle=":",
            linewidth=1.2,
            label=t("service level %(level)s", level=t.percent(level)),
        )
    for (label, units), colour in zip(marks, ("#555555", PARTIAL), strict=False):
        ax.axvline(units, color=colour, linestyle="--", linewidth=1.2, label=label)
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(unit)
    ax.set_ylabel(t("Share served"))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.percent(v)))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(color="#e6e6e6")
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), ncols=3, frameon=False)
    return inline_svg(figure, title)
