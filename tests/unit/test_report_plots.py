"""The day-by-day charts drawn by matplotlib: SVG as wide as the page with no script, text
kept as text in the page's language (title, axis titles, legend, date ticks), a gap where a
figure is hidden, and today's unfinished day marked as not over yet."""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.presentation.i18n import Lang
from service.reporting.bars import stacked
from service.reporting.heatmaps import heatmap
from service.reporting.plots import daily, served

DAYS = [date(2026, 11, 2) + timedelta(days=n) for n in range(30)]
IN_USE: list[int | None] = [n % 7 for n in range(30)]


def drawing(today: date | None, lang: str = "sv") -> str:
    t = Lang(lang)
    return daily(
        t,
        DAYS,
        [(t("most in use at once"), IN_USE)],
        [6] * len(DAYS),
        t("%(pool)s: demanded and in use per day", pool="Skrivbord"),
        today,
    )


def test_a_chart_is_an_svg_as_wide_as_the_page_with_its_words_in_swedish() -> None:
    svg = drawing(today=None)

    assert svg.startswith("<svg") and "<script" not in svg
    assert re.match(r'<svg[^>]* width="100%"', svg) and "viewBox" in svg
    assert 'role="img" aria-label="Skrivbord: efterfrågade och i bruk per dag"' in svg
    for words in ("Dag", "Enheter", "flest använda samtidigt", "enheter öppna", "nov."):
        assert words in svg, words
    assert "i dag, inte slut än" not in svg


def test_today_unfinished_is_marked_as_not_over_yet() -> None:
    assert "i dag, inte slut än" in drawing(today=DAYS[-1])
    assert "today, not over yet" in drawing(today=DAYS[-1], lang="en")


def test_the_same_figures_give_the_same_drawing() -> None:
    assert drawing(today=None) == drawing(today=None)


def test_a_heatmap_names_its_axes_and_colour_scale_in_swedish_and_hatches_hidden_cells() -> None:
    t = Lang("sv")
    values: list[list[float | None]] = [[0.5, None], [1.0, 0.0]] + [[0.0, 0.0]] * 5
    open_cells = [[True, True], [True, True]] + [[False, False]] * 5

    svg = heatmap(t, values, open_cells, [8, 9], "Bokad <andel>", "Bokad andel", t.percent)

    assert re.match(r'<svg[^>]* width="100%"', svg) and "<script" not in svg
    for words in ("Timme på dygnet (från)", "Veckodag", "Bokad andel", "mån", "sön", "50\xa0%"):
        assert words in svg, words
    assert "dolt: färre än tre medlemmar" in svg and "stängt" in svg
    assert "<pattern" in svg  # the hidden cell's hatch
    assert "<andel>" not in svg and "&lt;andel&gt;" in svg


def test_the_served_share_curve_marks_the_units_now_the_advice_and_the_service_level() -> None:
    t = Lang("sv")
    svg = served(
        t,
        [0, 1, 2, 3],
        [(t("requests served"), [0.0, 0.5, None, 1.0])],
        "Skrivbord",
        t("Number of units (%(pool)s)", pool="skrivbord"),
        marks=[(t("now: %(n)s", n="3"), 3), (t("advice: %(n)s", n="2"), 2)],
        level=0.95,
    )

    for words in ("Andel tillgodosedd", "Antal enheter (skrivbord)", "nu: 3", "råd: 2"):
        assert words in svg, words
    assert "servicenivå 95\xa0%" in svg


def test_counts_per_month_are_stacked_with_a_hidden_month_marked_as_hidden() -> None:
    t = Lang("sv")
    parts = [(date(2026, 3, 1), {"code": 4, "host": 1}), (date(2026, 4, 1), None)]

    svg = stacked(t, "month", parts, [("code", "kod"), ("host", "värd")], "Incheckningar", "Antal")

    for words in ("Månad", "Antal", "kod", "värd", "mars 2026", "dolt: färre än tre medlemmar"):
        assert words in svg, words
    weekly = stacked(t, "week", parts[:1], [("code", "kod")], "Incheckningar", "Antal")
    assert "v. 9" in weekly and "Vecka" in weekly
