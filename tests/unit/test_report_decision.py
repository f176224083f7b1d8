"""The decision at the top of a site's reports: per pool what is there now, what the evidence
supports, how sure and why, in the page's language, from the reports' own figures; and the
requests the advice leaves out (closed times) named with the what-if's count of them."""

from __future__ import annotations

from datetime import timedelta

from projections.reports import specification_report, what_if
from projections.reports.facts import ReportInput
from service.presentation.i18n import Lang
from service.reporting.decision import Decision, decide
from tests.unit.report_rows import BEFORE, MONDAY, Rows, members

SV, EN = Lang("sv"), Lang("en")


def two_busy_weeks(desks: int = 3) -> Rows:
    """Ten weekdays on which five members each want a desk 08-12, one after the other."""
    rows = Rows()
    people = members(5)
    units = [rows.resource("desk", f"Desk {n}") for n in range(1, desks + 1)]
    minute = 0
    for week in range(2):
        for weekday in range(5):
            day = MONDAY + timedelta(days=7 * week + weekday)
            for n, member in enumerate(people):
                minute += 1
                placed = BEFORE + timedelta(minutes=minute)
                if n < desks:
                    rows.book(member, units[n], day, "08:00", "12:00", placed_at=placed)
                else:
                    rows.refuse(member, "desk", day, "08:00", "12:00", when=placed)
    return rows


def summary(data: ReportInput, t: Lang) -> Decision:
    spec = specification_report(data, 0.95)
    closed = {p.pool: p.refused_closed for p in what_if(data, {}).pools}
    return decide(t, spec, {}, closed)


def test_a_pool_that_turned_people_away_is_advised_to_grow_with_the_shares_served() -> None:
    data = two_busy_weeks().input(MONDAY, MONDAY + timedelta(days=13))

    desk = summary(data, EN).pools[0]

    assert (desk.now, desk.advice) == (3, 5)
    assert desk.headline == "Desks: add 2, to 5 in all."
    assert "With the 3 there now, 60% of 50 requests were served." in desk.reasons
    assert "5 would serve 100% in the replay." in desk.reasons
    assert any("5 were wanted at the same time" in r for r in desk.reasons)


def test_the_decision_reads_in_swedish_on_swedish_pages() -> None:
    data = two_busy_weeks(desks=5).input(MONDAY, MONDAY + timedelta(days=13))

    desk = summary(data, SV).pools[0]

    assert desk.headline == "Skrivbord: behåll 5."
    assert (
        "Med nuvarande 5 tillgodosågs 100\N{NO-BREAK SPACE}% av 50 förfrågningar." in desk.reasons
    )
    assert any(r.startswith("Hur säkert:") for r in desk.reasons)


def test_requests_at_closed_times_are_named_as_the_difference_from_the_what_if() -> None:
    rows = two_busy_weeks()
    late = members(3)
    for member in late:
        rows.refuse(member, "desk", MONDAY, "13:00", "15:00", "outside-opening-hours")
    data = rows.input(MONDAY, MONDAY + timedelta(days=13))
    advice = next(p for p in specification_report(data, 0.95).pools if p.pool == "desk")
    replayed = next(p for p in what_if(data, {}).pools if p.pool == "desk")

    desk = summary(data, EN).pools[0]

    assert advice.capacity is not None
    assert (advice.capacity.requests, replayed.requests, replayed.refused_closed) == (50, 53, 3)
    assert any(r.startswith("3 more requests fell outside the opening hours") for r in desk.reasons)


def test_a_pool_without_requests_is_no_evidence_either_way() -> None:
    rows = Rows()
    rows.resource("desk", "Desk 1")
    data = rows.input(MONDAY, MONDAY + timedelta(days=13))

    desk = summary(data, EN).pools[0]

    assert desk.advice is None
    assert desk.headline.startswith("Desks: no requests in the period, so no evidence")
