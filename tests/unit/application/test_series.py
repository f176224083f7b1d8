"""Recurring bookings, as use cases on the in-memory store: each day its own booking, the
days beyond the booking window placed as it opens, refused days reported one by one and
recorded as demand, and cancelling from a day on."""

from __future__ import annotations

from datetime import date, time

import pytest

from domain.errors import InvalidSetting
from service.application import bookings, reads, series, sites
from service.application.access import SYSTEM
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.errors import NotFound
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.conftest import Clock
from tests.unit.application.test_bookings import refusals

TUE_THU = ("tue", "thu")
# The clock stands on Monday 30 November; the window reaches 28 days: until 28 December.
IN_WINDOW = [date(2026, 12, d) for d in (1, 3, 8, 10, 15, 17, 22, 24)]


def every_tue_thu(
    who: Member, office: Office, until: date = date(2027, 3, 31), **more
) -> series.StartSeries:
    return series.StartSeries(
        actor=who,
        weekdays=TUE_THU,
        first_day=date(2026, 11, 30),
        until=until,
        start=time(8, 0),
        end=time(16, 0),
        **({"resource_id": office.desk_a} | more),
    )


def by_status(result: series.SeriesResult, status: str) -> list[date]:
    return [d.day for d in result.days if d.status == status]


def test_each_day_in_the_window_is_its_own_booking_and_later_days_wait_for_it(
    ctx: Context, office: Office, anna: Member
) -> None:
    result = series.start_series(ctx, every_tue_thu(anna, office))

    assert by_status(result, "placed") == IN_WINDOW
    assert by_status(result, "pending")[0] == date(2026, 12, 29)
    assert by_status(result, "pending")[-1] == date(2027, 3, 30)
    mine = reads.my_bookings(ctx, anna, None)
    assert [b.start for b in mine] == [at(day, "08:00") for day in IN_WINDOW]
    assert {b.resource_id for b in mine} == {office.desk_a}
    assert result.series.next_pending == date(2026, 12, 29)


def test_a_taken_day_is_refused_alone_and_recorded_as_demand(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "12:00"), at(TUESDAY, "13:00"), resource_id=office.desk_a)
    )

    result = series.start_series(ctx, every_tue_thu(anna, office))

    (refused,) = [d for d in result.days if d.status == "refused"]
    assert refused.day == TUESDAY and refused.rule == "slot-taken"
    assert by_status(result, "placed") == IN_WINDOW[1:]
    assert refusals(memory) == ["slot-taken"]


def test_per_member_limits_apply_to_each_day(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    sites.change_policy(ctx, sites.ChangePolicy(SYSTEM, office.site_id, {"max_future_bookings": 3}))

    result = series.start_series(ctx, every_tue_thu(anna, office))

    assert by_status(result, "placed") == IN_WINDOW[:3]
    assert {d.rule for d in result.days if d.status == "refused"} == {"member-booking-limit"}
    assert refusals(memory) == ["member-booking-limit"] * 5


def test_days_are_placed_as_the_window_opens_and_only_once(
    ctx: Context, clock: Clock, office: Office, anna: Member
) -> None:
    started = series.start_series(ctx, every_tue_thu(anna, office))
    clock.advance(days=7)

    assert series.place_due_series(ctx) == 2  # 29 and 31 December
    assert series.place_due_series(ctx) == 0
    days = series.read_series(ctx, anna, started.series.id).days
    assert by_status_days(days, "placed")[-2:] == [date(2026, 12, 29), date(2026, 12, 31)]
    assert len(reads.my_bookings(ctx, anna, clock.now)) == len(IN_WINDOW) - 2 + 2


def by_status_days(days: list[series.Outcome], status: str) -> list[date]:
    return [d.day for d in days if d.status == status]


def test_a_day_that_fails_as_the_window_opens_is_told_on_the_series(
    ctx: Context, clock: Clock, office: Office, anna: Member, bo: Member
) -> None:
    started = series.start_series(ctx, every_tue_thu(anna, office))
    clock.advance(days=1)  # the window now reaches Tuesday 29 December: Bo is quicker
    bookings.book(
        ctx,
        Book(bo, at("2026-12-29", "15:00"), at("2026-12-29", "16:00"), resource_id=office.desk_a),
    )

    series.place_due_series(ctx)

    day = next(
        d
        for d in series.read_series(ctx, anna, started.series.id).days
        if d.day == date(2026, 12, 29)
    )
    assert (day.status, day.rule) == ("refused", "slot-taken")


def test_any_desk_takes_whichever_is_free_each_day(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "08:00"), at(TUESDAY, "09:00"), resource_id=office.desk_a)
    )
    command = every_tue_thu(
        anna, office, until=date(2026, 12, 3), resource_id=None, site_id=office.site_id, kind="desk"
    )

    result = series.start_series(ctx, command)

    placed = {b.start.date(): b.resource_id for b in reads.my_bookings(ctx, anna, None)}
    assert by_status(result, "placed") == [date(2026, 12, 1), date(2026, 12, 3)]
    assert placed[TUESDAY] == office.desk_b and placed[date(2026, 12, 3)] == office.desk_a


def test_cancelling_from_a_day_cancels_those_bookings_and_places_no_more(
    ctx: Context, clock: Clock, office: Office, anna: Member
) -> None:
    started = series.start_series(ctx, every_tue_thu(anna, office))

    cancelled = series.cancel_series(
        ctx, series.CancelSeries(anna, started.series.id, date(2026, 12, 15))
    )

    active = [b.start for b in reads.my_bookings(ctx, anna, None) if b.status == "confirmed"]
    assert active == [at(day, "08:00") for day in IN_WINDOW[:4]]
    assert by_status(cancelled, "pending") == []
    clock.advance(days=30)
    assert series.place_due_series(ctx) == 0


def test_one_occurrence_is_cancelled_and_checked_in_like_any_booking(
    ctx: Context, clock: Clock, office: Office, anna: Member
) -> None:
    started = series.start_series(ctx, every_tue_thu(anna, office, until=date(2026, 12, 3)))
    first, second = (d.booking_id for d in started.days)
    assert first is not None and second is not None

    bookings.cancel(ctx, ChangeBooking(anna, second))
    clock.now = at(TUESDAY, "08:00")
    checked = bookings.check_in(ctx, ChangeBooking(anna, first))

    assert checked.booking.checked_in_at == clock.now
    assert [d.status for d in series.read_series(ctx, anna, started.series.id).days] == [
        "placed",
        "placed",
    ]


def test_another_member_cannot_see_or_cancel_a_series(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    started = series.start_series(ctx, every_tue_thu(anna, office, until=date(2026, 12, 3)))
    with pytest.raises(NotFound):
        series.read_series(ctx, bo, started.series.id)
    with pytest.raises(NotFound):
        series.cancel_series(ctx, series.CancelSeries(bo, started.series.id))


@pytest.mark.parametrize(
    ("change", "about"),
    [
        (dict(weekdays=()), "weekdays"),
        (dict(weekdays=("tue", "funday")), "weekdays"),
        (dict(until=date(2026, 11, 1)), "until"),
        (dict(until=date(2028, 1, 1)), "until"),
        (dict(end=time(7, 0)), "end"),
    ],
)
def test_an_impossible_series_is_refused_naming_what(
    ctx: Context, office: Office, anna: Member, change: dict, about: str
) -> None:
    from dataclasses import replace

    with pytest.raises(InvalidSetting) as refused:
        series.start_series(ctx, replace(every_tue_thu(anna, office), **change))
    assert refused.value.about == about
