"""The day-by-day charts drawn by matplotlib: SVG as wide as the page with no script, text
kept as text in the page's language (title, axis titles, legend, date ticks), a gap where a
figure is hidden, and today's unfinished day marked as not over yet."""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.presentation.i18n import Lang
from service.reporting.plots import daily

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
