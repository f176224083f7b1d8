"""What-if replays on a known history (Tuesday 3 November 2026, open 08:00-12:00, two desks).

Requests in the order they were made:
  1 m1 books Desk 1 08-12     2 m2 books Desk 2 08-10     3 m3 is refused 09-11 (nothing free)
  4 m4 books Desk 2 10-12     5 m5 is refused 10-12 (nothing free)
"""

from __future__ import annotations

import random
from datetime import timedelta

import msgspec
import pytest

from projections.reports.facts import ReportInput
from projections.reports.whatif import what_if
from tests.unit.report_rows import BEFORE, TUESDAY, Rows, members


def minute(n: int):  # type: ignore[no-untyped-def]
    return BEFORE + timedelta(minutes=n)


@pytest.fixture
def rows() -> Rows:
    r = Rows()
    m = members(5)
    desk1, desk2 = r.resource("desk", "Desk 1"), r.resource("desk", "Desk 2")
    r.book(m[0], desk1, TUESDAY, "08:00", "12:00", placed_at=minute(1))
    r.book(m[1], desk2, TUESDAY, "08:00", "10:00", placed_at=minute(2))
    r.refuse(m[2], "desk", TUESDAY, "09:00", "11:00", when=minute(3))
    r.book(m[3], desk2, TUESDAY, "10:00", "12:00", placed_at=minute(4))
    r.refuse(m[4], "desk", TUESDAY, "10:00", "12:00", when=minute(5))
    return r


def desks(data: ReportInput, capacity: dict[str, int], **kw):  # type: ignore[no-untyped-def]
    return next(p for p in what_if(data, capacity, **kw).pools if p.pool == "desk")


def test_the_recorded_capacity_reproduces_what_happened(rows: Rows) -> None:
    desk = desks(rows.input(TUESDAY, TUESDAY), {})

    assert (desk.capacity, desk.requests, desk.served, desk.refused_capacity) == (2, 5, 3, 2)
    assert desk.served == desk.recorded_served
    assert (desk.demand_hours, desk.served_hours, desk.unmet_hours) == (12.0, 8.0, 4.0)
    assert desk.utilisation == 1.0  # 8 served hours of 2 desks x 4 open hours


def test_a_capacity_large_enough_serves_everything(rows: Rows) -> None:
    desk = desks(rows.input(TUESDAY, TUESDAY), {"desk": 100})

    assert (desk.served, desk.refused_capacity, desk.unmet_hours) == (5, 0, 0.0)


def test_a_capacity_of_zero_serves_nothing(rows: Rows) -> None:
    desk = desks(rows.input(TUESDAY, TUESDAY), {"desk": 0})

    assert (desk.served, desk.refused_capacity, desk.served_hours) == (0, 5, 0.0)
    assert desk.utilisation is None


def test_one_more_desk_serves_the_first_refused_request_only(rows: Rows) -> None:
    desk = desks(rows.input(TUESDAY, TUESDAY), {"desk": 3})

    assert (desk.served, desk.refused_capacity) == (4, 1)


def test_a_desk_is_given_back_when_its_booking_was_cancelled() -> None:
    rows = Rows()
    m = members(3)
    desk = rows.resource("desk")
    rows.book(m[0], desk, TUESDAY, "08:00", "12:00", placed_at=minute(1), cancelled_at="before")
    after_the_cancellation = BEFORE + timedelta(days=4)  # Monday 10:00, cancelled at 12:00
    rows.book(m[1], desk, TUESDAY, "09:00", "10:00", placed_at=after_the_cancellation)
    rows.refuse(m[2], "desk", TUESDAY, "10:00", "11:00", when=minute(3))

    result = desks(rows.input(TUESDAY, TUESDAY), {})

    assert (result.served, result.refused_capacity) == (2, 1)  # m3 asked while m1 held it


def test_one_desk_must_be_free_for_the_whole_request() -> None:
    rows = Rows()
    m = members(3)
    desk1, desk2 = rows.resource("desk", "Desk 1"), rows.resource("desk", "Desk 2")
    rows.book(m[0], desk1, TUESDAY, "09:00", "10:00", placed_at=minute(1))
    rows.book(m[1], desk2, TUESDAY, "10:00", "11:00", placed_at=minute(2))
    rows.refuse(m[2], "desk", TUESDAY, "09:00", "11:00", when=minute(3))

    recorded = desks(rows.input(TUESDAY, TUESDAY), {})
    three = desks(rows.input(TUESDAY, TUESDAY), {"desk": 3})

    assert (recorded.served, recorded.refused_capacity) == (2, 1)  # as it happened
    assert (three.served, three.refused_capacity) == (3, 0)


def test_equipment_is_a_count_of_items() -> None:
    rows = Rows()
    m = members(3)
    headsets = rows.resource("equipment", "Headset", quantity=3)
    rows.book(m[0], headsets, TUESDAY, "08:00", "10:00", quantity=2, placed_at=minute(1))
    rows.book(m[1], headsets, TUESDAY, "09:00", "11:00", quantity=1, placed_at=minute(2))
    rows.refuse(m[2], "equipment", TUESDAY, "09:00", "10:00", resource=headsets, when=minute(3))

    pools = {p.pool: p for p in what_if(rows.input(TUESDAY, TUESDAY), {}).pools}
    more = {p.pool: p for p in what_if(rows.input(TUESDAY, TUESDAY), {"equipment": 4}).pools}

    assert pools["equipment:Headset"].served == 2
    assert more["equipment:Headset"].served == 3


def test_other_opening_hours_serve_requests_refused_as_closed_and_refuse_others() -> None:
    rows = Rows()
    m = members(5)
    desk = rows.resource("desk")
    rows.refuse(m[0], "desk", TUESDAY, "07:00", "08:00", "outside-opening-hours", when=minute(1))
    rows.book(m[1], desk, TUESDAY, "11:00", "12:00", placed_at=minute(2))
    rows.refuse(m[2], "desk", TUESDAY, "09:00", "10:00", "member-desk-limit", when=minute(3))
    rows.refuse(m[3], "desk", TUESDAY, "07:30", "08:00", "outside-opening-hours", when=minute(4))
    rows.book(m[4], desk, TUESDAY, "10:00", "11:00", placed_at=minute(5))
    data = rows.input(TUESDAY, TUESDAY)

    recorded = what_if(data, {}).total
    earlier = what_if(data, {}, {"tue": [["07:00", "11:00"]]})

    assert (recorded.served, recorded.refused_closed, recorded.refused_capacity) == (2, 2, 0)
    total = earlier.total
    assert (total.served, total.refused_closed, total.refused_capacity) == (2, 1, 1)
    assert earlier.pools[0].open_hours == 4.0
    assert earlier.not_replayed == 1  # the member limit would refuse it again


def test_a_closure_day_stays_closed_whatever_the_hours() -> None:
    rows = Rows(closures=[(TUESDAY, TUESDAY)])
    m = members(3)
    rows.resource("desk")
    for member in m:
        rows.refuse(member, "desk", TUESDAY, "09:00", "10:00", "site-closed")

    result = what_if(rows.input(TUESDAY, TUESDAY), {"desk": 10}, {"tue": [["00:00", "23:45"]]})

    assert (result.total.served, result.total.refused_closed) == (0, 3)


def test_the_replay_is_deterministic_whatever_the_order_of_the_rows(rows: Rows) -> None:
    first = msgspec.json.encode(what_if(rows.input(TUESDAY, TUESDAY), {"desk": 1}))
    random.Random(7).shuffle(rows.bookings)
    random.Random(8).shuffle(rows.refusals)
    again = msgspec.json.encode(what_if(rows.input(TUESDAY, TUESDAY), {"desk": 1}))

    assert first == again
