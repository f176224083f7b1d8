"""The demand report on hand-built refusals: de-duplication, met-later requests, categories
and unmet resource-hours."""

from __future__ import annotations

from datetime import timedelta

from projections.reports.demand import demand_report
from projections.reports.facts import refused_requests, rule_category
from tests.unit.report_rows import BEFORE, TUESDAY, Rows, members


def test_a_member_retrying_the_same_slot_counts_once() -> None:
    rows = Rows()
    m1, m2, m3 = members(3)
    rows.resource("desk")
    for n in range(3):
        rows.refuse(m1, "desk", TUESDAY, "09:00", "11:00", when=BEFORE + timedelta(minutes=n))
    rows.refuse(m2, "desk", TUESDAY, "09:00", "11:00")
    rows.refuse(m3, "desk", TUESDAY, "10:00", "11:00")

    report = demand_report(rows.input(TUESDAY, TUESDAY))

    assert report.totals.attempts == 5
    assert report.totals.requests == 3
    assert report.totals.unmet_hours == 2.0 + 2.0 + 1.0


def test_a_request_the_member_got_booked_later_is_not_unmet() -> None:
    rows = Rows()
    m1, m2, m3 = members(3)
    desk_a, desk_b = rows.resource("desk"), rows.resource("desk")
    rows.refuse(m1, "desk", TUESDAY, "09:00", "11:00", "slot-taken", resource=desk_a)
    rows.book(m1, desk_b, TUESDAY, "09:00", "11:00", placed_at=BEFORE + timedelta(minutes=1))
    rows.refuse(m2, "desk", TUESDAY, "09:00", "11:00")
    rows.refuse(m3, "desk", TUESDAY, "09:00", "10:00")

    report = demand_report(rows.input(TUESDAY, TUESDAY))

    assert report.totals.met_later == 1
    assert report.totals.unmet_requests == 2
    assert report.totals.unmet_hours == 3.0


def test_a_booking_made_before_the_refusal_does_not_meet_it() -> None:
    rows = Rows()
    m1 = members(1)[0]
    desk = rows.resource("desk")
    rows.book(m1, desk, TUESDAY, "09:00", "11:00", placed_at=BEFORE - timedelta(days=1))
    rows.refuse(m1, "desk", TUESDAY, "10:00", "11:00", "member-desk-limit", resource=desk)

    (request,) = refused_requests(rows.input(TUESDAY, TUESDAY))

    assert request.met_later is False
    assert request.outcome == "policy"


def test_only_capacity_and_closed_refusals_are_unmet_demand() -> None:
    rows = Rows()
    m = members(5)
    rows.resource("desk")
    rows.refuse(m[0], "desk", TUESDAY, "09:00", "10:00", "nothing-free")
    rows.refuse(m[1], "desk", TUESDAY, "07:00", "08:00", "outside-opening-hours")
    rows.refuse(m[2], "desk", TUESDAY, "09:00", "10:00", "member-desk-limit")
    rows.refuse(m[3], "desk", TUESDAY, "09:00", "19:00", "too-long")
    rows.refuse(m[4], "desk", TUESDAY, "09:00", "09:10", "not-aligned")

    totals = demand_report(rows.input(TUESDAY, TUESDAY)).totals

    assert (totals.requests, totals.unmet_requests) == (5, 2)
    assert (totals.unmet_capacity_hours, totals.unmet_closed_hours) == (1.0, 1.0)


def test_each_rule_has_a_category() -> None:
    assert [
        rule_category(r)
        for r in ("slot-taken", "nothing-free", "site-closed", "outside-opening-hours")
    ] == ["capacity", "capacity", "closed", "closed"]
    assert rule_category("member-booking-limit") == "policy"
    assert rule_category("in-the-past") == "input"


def test_a_request_counts_under_the_rule_of_its_last_attempt() -> None:
    rows = Rows()
    m = members(3)
    desk = rows.resource("desk")
    for member in m:
        rows.refuse(member, "desk", TUESDAY, "09:00", "10:00", "slot-taken", resource=desk)
        rows.refuse(
            member, "desk", TUESDAY, "09:00", "10:00", "nothing-free", when=BEFORE + timedelta(1)
        )

    report = demand_report(rows.input(TUESDAY, TUESDAY))
    by_rule = {r.rule: r for r in report.by_reason}

    assert (by_rule["slot-taken"].attempts, by_rule["slot-taken"].requests) == (3, 0)
    assert (by_rule["nothing-free"].attempts, by_rule["nothing-free"].requests) == (3, 3)
    assert by_rule["nothing-free"].unmet_hours == 3.0


def test_unmet_hours_go_to_their_local_weekday_and_hour() -> None:
    rows = Rows()
    m = members(3)
    rows.resource("desk")
    for member in m:
        rows.refuse(member, "desk", TUESDAY, "09:30", "11:00")

    report = demand_report(rows.input(TUESDAY, TUESDAY))

    assert report.matrix.values["unmet_hours"][1][9:12] == [1.5, 3.0, 0.0]
    assert {r.key: (r.requests, r.unmet_hours) for r in report.by_hour} == {
        "09": (3, 1.5),
        "10": (0, 3.0),
    }
    tuesday = next(r for r in report.by_weekday if r.key == "tue")
    assert (tuesday.requests, tuesday.unmet_hours) == (3, 4.5)


def test_reasons_from_fewer_than_three_members_are_hidden_with_enough_others() -> None:
    rows = Rows()
    m = members(4)
    rows.resource("desk")
    for member in m[:3]:
        rows.refuse(member, "desk", TUESDAY, "09:00", "10:00", "nothing-free")
    rows.refuse(m[3], "desk", TUESDAY, "09:00", "10:00", "too-long")
    rows.refuse(m[3], "desk", TUESDAY, "09:00", "11:00", "site-closed")

    by_rule = {r.rule: r for r in demand_report(rows.input(TUESDAY, TUESDAY)).by_reason}

    assert by_rule["too-long"].suppressed and by_rule["too-long"].attempts is None
    assert by_rule["site-closed"].suppressed
    # the total minus nothing-free would give m4's two reasons: it is hidden too
    assert by_rule["nothing-free"].suppressed


def test_hidden_reasons_that_together_come_from_three_members_leave_the_others_shown() -> None:
    rows = Rows()
    m = members(6)
    rows.resource("desk")
    for member in m[:3]:
        rows.refuse(member, "desk", TUESDAY, "09:00", "10:00", "nothing-free")
    rows.refuse(m[3], "desk", TUESDAY, "09:00", "10:00", "too-long")
    for member in m[4:]:
        rows.refuse(member, "desk", TUESDAY, "09:00", "11:00", "site-closed")

    by_rule = {r.rule: r for r in demand_report(rows.input(TUESDAY, TUESDAY)).by_reason}

    assert by_rule["too-long"].suppressed and by_rule["site-closed"].suppressed
    assert by_rule["nothing-free"].attempts == 3


def test_a_demand_report_of_one_or_two_members_shows_no_totals() -> None:
    rows = Rows()
    rows.resource("desk")
    rows.refuse(members(1)[0], "desk", TUESDAY, "09:00", "10:00")

    totals = demand_report(rows.input(TUESDAY, TUESDAY)).totals

    assert totals.suppressed and totals.attempts is None and totals.unmet_hours is None
