"""Demand recorded right, as the reports read it: a refusal's own pool, a wish no resource
meets counted apart from capacity, features ranked by what was asked for, and searches that
found nothing counted apart from requests (Tuesday 3 November 2026, open 08:00-12:00)."""

from __future__ import annotations

import msgspec

from projections.reports.demand import demand_report
from projections.reports.specification import specification_report
from projections.reports.whatif import what_if
from tests.unit.report_rows import TUESDAY, Rows, members


def test_a_refused_equipment_request_is_replayed_in_its_own_items_pool() -> None:
    rows = Rows()
    m = members(4)
    projector = rows.resource("equipment", "Projektor", quantity=1)
    rows.resource("equipment", "Headset", quantity=5)
    rows.book(m[0], projector, TUESDAY, "09:00", "10:00")
    for who in m[1:]:
        rows.refuse(who, "equipment", TUESDAY, "09:00", "10:00", pool="equipment:Projektor")

    report = what_if(rows.input(TUESDAY, TUESDAY), {})
    pools = {p.pool: p for p in report.pools}

    assert set(pools) == {"equipment:Headset", "equipment:Projektor"}  # no made-up pool
    assert (pools["equipment:Projektor"].requests, pools["equipment:Projektor"].served) == (4, 1)


def test_a_wish_no_resource_meets_is_no_match_not_unmet_capacity() -> None:
    rows = Rows()
    m = members(3)
    rows.resource("desk", "Desk 1")
    for who in m:
        rows.refuse(who, "desk", TUESDAY, "09:00", "10:00", "no-match", features=("window",))

    data = rows.input(TUESDAY, TUESDAY)
    demand = demand_report(data)
    spec = specification_report(data)

    assert (demand.totals.no_match_requests, demand.totals.unmet_requests) == (3, 0)
    assert [r.category for r in demand.by_reason] == ["no-match"]
    (wish,) = spec.wished
    assert (wish.kind, wish.feature, wish.no_match, wish.refused) == ("desk", "window", 3, 0)
    desk = spec.pools[0].capacity
    assert desk is not None and desk.capacity == 0  # not "more desks"


def test_features_asked_for_are_ranked_from_bookings_and_refusals() -> None:
    rows = Rows()
    m = members(4)
    desk = rows.resource("desk", "Desk 1", features=["screen"])
    rows.book(m[0], desk, TUESDAY, "08:00", "12:00")
    rows.bookings[-1] = msgspec.structs.replace(rows.bookings[-1], features=("screen",))
    for who in m[1:]:
        rows.refuse(who, "desk", TUESDAY, "09:00", "10:00", features=("screen",))

    (wish,) = specification_report(rows.input(TUESDAY, TUESDAY)).wished

    assert (wish.feature, wish.requests, wish.booked, wish.refused) == ("screen", 4, 1, 3)


def test_searches_that_found_nothing_are_counted_apart_from_requests_once_each() -> None:
    rows = Rows()
    m = members(3)
    rows.resource("room", "Room 1")
    for who in m:
        rows.search(who, "room", TUESDAY, "09:00", "10:00")
    rows.search(m[0], "room", TUESDAY, "09:00", "10:00")  # the same search again: once

    report = demand_report(rows.input(TUESDAY, TUESDAY))

    (room,) = report.empty_searches
    assert (room.kind, room.searches, room.hours) == ("room", 3, 3.0)
    assert report.totals.requests == 0


def test_searches_of_fewer_than_three_members_are_hidden() -> None:
    rows = Rows()
    (who,) = members(1)
    rows.resource("room", "Room 1")
    rows.search(who, "room", TUESDAY, "09:00", "10:00")

    (room,) = demand_report(rows.input(TUESDAY, TUESDAY)).empty_searches

    assert room.suppressed and room.searches is None and room.hours is None
