"""The advice for the busiest four weeks is given beside the period's: a pilot whose second
month was busier than its first needs more desks then than over the whole period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from projections.reports.advice import BUSIEST_DAYS, advise
from projections.reports.facts import (
    BookingFacts,
    HoursSetting,
    ReportInput,
    ResourceFacts,
    SiteFacts,
)

FIRST = date(2026, 2, 2)
ALL_DAY = {d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def pilot(per_day: list[int]) -> ReportInput:
    """Each day, the given number of members book a desk each from 09:00 to 17:00."""
    desks = [
        ResourceFacts(id=uuid4(), kind="desk", name=f"D{n}", features=[], seats=None, quantity=1)
        for n in range(max(per_day))
    ]
    bookings = []
    for offset, count in enumerate(per_day):
        day = datetime.combine(FIRST + timedelta(days=offset), datetime.min.time(), UTC)
        for n in range(count):
            bookings.append(
                BookingFacts(
                    id=str(uuid4()),
                    resource_id=desks[n].id,
                    kind="desk",
                    quantity=1,
                    start=day + timedelta(hours=9),
                    end=day + timedelta(hours=17),
                    placed_at=day,
                    status="completed",
                    member=n,
                )
            )
    last = FIRST + timedelta(days=len(per_day) - 1)
    return ReportInput(
        site=SiteFacts(
            id=uuid4(),
            name="Busy",
            timezone="UTC",
            hours=[HoursSetting(None, ALL_DAY)],
            closures=[],
        ),
        resources=desks,
        bookings=bookings,
        refusals=[],
        first_day=FIRST,
        last_day=last,
        as_of=datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC),
    )


def test_the_busiest_four_weeks_are_advised_apart_from_the_period() -> None:
    desk = advise(pilot([4] * 28 + [6] * 28), 0.8)["desk"]

    assert desk.capacity == 4  # 4 desks serve 224 of the period's 280 requests: 80 %
    assert desk.busiest is not None
    assert (desk.busiest.first_day, desk.busiest.last_day) == (
        FIRST + timedelta(days=28),
        FIRST + timedelta(days=28 + BUSIEST_DAYS - 1),
    )
    assert desk.busiest.requests == 168
    assert desk.busiest.capacity == 5  # 5 of 6 each day: 83 % of those weeks' requests
    assert desk.busiest.served_share == round(140 / 168, 4)


def test_a_period_of_four_weeks_or_less_has_no_busiest_weeks_of_its_own() -> None:
    assert advise(pilot([3] * BUSIEST_DAYS), 0.8)["desk"].busiest is None
