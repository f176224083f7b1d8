"""Counts per week or month, stacked by category (how members checked in, what became of
waitlist entries, which kind an empty search looked for), drawn by matplotlib as inline
SVG. Categories differ in colour and hatch, so they are told apart in print; a week or
month hidden for privacy is marked as hidden instead of drawn as nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.dates import format_date
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from service.presentation.i18n import Lang
from service.reporting.drawing import COLOURS, HATCHES, inline_svg

Part = tuple[date, dict[str, int] | None]  # first day of the week or month, counts or hidden
HIDDEN = "#8a8a8a"


def part_label(t: Lang, grain: str, first_day: date) -> str:
    """ "v. 10" / "wk 10" for a week, "mars 2026" / "Mar 2026" for a month."""
    if grain == "week":
        return t("wk %(week)s", week=first_day.isocalendar()[1])
    return format_date(first_day, "LLL yyyy", locale=t.locale)


def stacked(
    t: Lang,
    grain: str,
    parts: Sequence[Part],
    categories: Sequence[tuple[str, str]],
    title: str,
    unit: str,
) -> str:
    """``categories`` as (key, label in the page's language), stacked bottom up."""
    figure = Figure(figsize=(9.6, 3.6), layout="constrained")
    ax = figure.add_subplot()
    x = list(range(len(parts)))
    bottom = [0] * len(parts)
    for (key, label), colour, hatch in zip(categories, COLOURS, HATCHES, strict=False):
        heights = [(counts or {}).get(key, 0) for _, counts in parts]
        ax.bar(
            x,
            heights,
            bottom=bottom,
            width=0.7,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            label=label,
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    hidden = [n for n, (_, counts) in enumerate(parts) if counts is None]
    if hidden:
        top = max(bottom, default=0) or 1
        ax.bar(
            hidden,
            [top * 0.04] * len(hidden),
            width=0.7,
            color="none",
            edgecolor=HIDDEN,
            hatch="///",
            label=t("hidden: fewer than three members"),
        )
    ax.set_xticks(x, [part_label(t, grain, first) for first, _ in parts])
    if len(parts) > 8:
        ax.tick_params(axis="x", labelrotation=45)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(t("Week") if grain == "week" else t("Month"))
    ax.set_ylabel(unit)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e6e6e6")
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return inline_svg(figure, title)
