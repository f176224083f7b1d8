"""The day-by-day charts of the evaluators' pages drawn by matplotlib on the server as SVG
(no script needed): the full width of the page, axis titles, readable date ticks, words in
the page's language, and today's unfinished day marked as partial instead of drawn as a drop.
Each chart has a table of the same figures beside it on the page."""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Sequence
from datetime import date

import matplotlib
from babel.dates import format_date
from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from service.presentation.i18n import Lang

# Text stays text (searchable, scalable, read by screen readers); ids are the same each time.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "grannskap"
matplotlib.rcParams["font.family"] = ["DejaVu Sans", "sans-serif"]

BARS, PARTIAL = "#d9dee4", "#a4161a"
COLOURS = ("#0a4f8f", "#b35900", "#2e7d32")
STYLES = ("-", "--", ":")
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_STYLE = re.compile(r'style="([^"]*)"')
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


Series = tuple[str, Sequence[int | None]]


def daily(
    t: Lang,
    days: Sequence[date],
    lines: Sequence[Series],
    units_open: Sequence[int],
    title: str,
    today: date | None,
) -> str:
    """Lines of values per day over bars of the units open; ``None`` (hidden for privacy)
    leaves a gap; ``today``, when it is among the days, is marked as not over yet."""
    figure = Figure(figsize=(9.6, 3.6), layout="constrained")
    ax = figure.add_subplot()
    x = [float(n) for n in date2num(list(days))]
    ax.bar(x, units_open, width=0.8, color=BARS, label=t("units open"))
    for (label, values), colour, style in zip(lines, COLOURS, STYLES, strict=False):
        ax.plot(
            x,
            [math.nan if v is None else float(v) for v in values],
            color=colour,
            linestyle=style,
            marker="o",
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
    return _svg(figure, title)


def _attributes(match: re.Match[str]) -> str:
    """``style="fill: #fff; stroke: none"`` as ``fill="#fff" stroke="none"``: the pages'
    Content-Security-Policy (style-src 'self') drops inline styles, and every property
    matplotlib writes is an SVG presentation attribute too."""
    pairs = (p.split(":", 1) for p in match.group(1).split(";") if ":" in p)
    return " ".join(f'{k.strip()}="{v.strip()}"' for k, v in pairs)


def _svg(figure: Figure, title: str) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg") :]
    # inline in HTML: no namespaces, no metadata (the page names no outside address)
    text = _METADATA.sub("", text)
    text = re.sub(r' xmlns(:xlink)?="[^"]*"', "", text).replace("xlink:href=", "href=")
    text = _STYLE_ELEMENT.sub("", text)
    text = _STYLE.sub(_attributes, text)
    # ids unique to this drawing: several charts share a page
    salt = hashlib.sha1(text.encode()).hexdigest()[:8]
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="g{salt}-{m.group(1)}"', text)
    text = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}g{salt}-{m.group(2)}", text)
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return _SIZE.sub(
        lambda m: f'<svg{m.group(1)} width="100%" role="img" aria-label="{label}"', text, count=1
    )
