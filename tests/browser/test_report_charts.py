"""The charts of a site's reports in Chromium at a phone's 390 px and a desktop's 1280 px:
each drawn as wide as the page's column on the desktop, and on the phone at a readable
width in a box of its own that scrolls sideways (the page does not), named in Swedish for
screen readers and followed by its table; the heatmaps, the served-share curve of every pool
and the activity charts are there. Each chart is kept as a screenshot of its own in
test-artifacts/browser/charts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import ARTIFACTS, Server, sign_in
from tests.settings import fast_settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")

WIDTHS = {"phone": 390, "desktop": 1280}

CHARTS = """() => [...document.querySelectorAll("main figure.chart")].map((f) => {
  const svg = f.querySelector("svg");
  const box = svg.getBoundingClientRect();
  const next = f.nextElementSibling;
  const cue = f.querySelector(".swipe-cue");
  return {
    cue: !!cue && cue.getClientRects().length > 0,
    label: svg.getAttribute("aria-label"),
    width: box.width,
    height: box.height,
    room: f.getBoundingClientRect().width,
    table: !!(next && next.querySelector("table")),
  };
})"""


class PastClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=STOCKHOLM).astimezone(UTC)


@pytest.fixture(scope="module")
def checked_in(server: Server) -> Iterator[date]:
    """Four members booked desks at the office on a recent Tuesday and checked in: three with
    the button on their page, one by a host (written with a clock set back to that day).
    Gives that day: the charts are read for its week, which no other browser test books in
    (a week of one or two members hides a pool for every period holding it)."""
    from service.cli.operator import Operator
    from service.container import Container

    today = datetime.now(STOCKHOLM).date()
    day = today - timedelta(days=(today.weekday() - 1) % 7 or 7)  # the last Tuesday before
    clock = PastClock()
    container = Container.build(fast_settings(database_url=server.database_url), clock=clock)
    try:
        app = Operator(container)
        office = UUID(server.office_id)
        desks = [r.id for r in container.queries.resources(office) if r.kind == "desk"][:4]
        members = [uuid4() for _ in desks]
        clock.now = _at(day, "07:00")
        placed = [app.book(m, d, _interval(day)).id for m, d in zip(members, desks, strict=True)]
        clock.now = _at(day, "08:05")
        for n, (member, booking) in enumerate(zip(members, placed, strict=True)):
            app.check_in(booking, by=member if n else None)
    finally:
        container.close()
    yield day


def _interval(day: date) -> Any:
    from domain.time import Interval

    return Interval(_at(day, "08:00"), _at(day, "12:00"))


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_chart_fills_its_column_is_named_in_swedish_and_has_its_table(
    browser: Any, server: Server, checked_in: date, width: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=server.url, locale="sv-SE"
    )
    context.set_default_timeout(60_000)  # the first visit draws every chart of the period
    page = context.new_page()
    try:
        sign_in(page, "evaluator@example.se")
        page.goto(f"/evaluate/sites/{server.office_id}?from={checked_in}&to={checked_in}")
        charts = page.evaluate(CHARTS)
        page_width = page.evaluate("document.documentElement.scrollWidth")

        folder = ARTIFACTS / "charts"
        folder.mkdir(parents=True, exist_ok=True)
        for n, figure in enumerate(page.locator("main figure.chart").all()):
            figure.scroll_into_view_if_needed()
            figure.screenshot(path=str(folder / f"{n:02d}-{width}.png"))
    finally:
        context.close()

    labels = [c["label"] for c in charts]
    assert "Bokad andel av öppettiden per veckodag och timme" in labels
    assert "Ej tillgodosedda timmar per veckodag och timme" in labels
    assert any(label.startswith("Skrivbord: andel tillgodosedd") for label in labels), labels
    assert "Incheckningar per sätt" in labels, labels
    assert page_width <= width
    for chart in charts:
        assert chart["table"], f"{chart['label']} has no table after it"
        assert chart["height"] > 100, chart
        if width < 600:
            assert chart["width"] >= 576 and chart["room"] <= width and chart["cue"], chart
        else:
            assert abs(chart["width"] - chart["room"]) <= 2 and not chart["cue"], chart
