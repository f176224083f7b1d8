"""Booking several days of one week in one go, as a use case on the in-memory store: each
chosen day its own booking at the same local time; a day that cannot be had is listed with
its rule and recorded as demand; the days must be of one week."""

from __future__ import annotations

from datetime import date, time

import pytest

from domain.errors import InvalidSetting
from service.application import bookings, reads, week
from service.application.bookings import Book
from service.application.context import Context
from service.container import Container
from service.registry.members import Member
from tests.builders import THURSDAY, TUESDAY, WEDNESDAY, Office, at
from tests.unit.application.test_bookings import refusals


def days_of(who: Member, office: Office, *days: date) -> week.BookDays:
    return week.BookDays(who, days, time(9), time(12), resource_id=office.desk_a)


def test_the_chosen_days_are_each_booked_and_a_taken_one_is_listed_with_its_rule(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, Book(bo, at(WEDNESDAY, "11:00"), at(WEDNESDAY, "13:00"), office.desk_a))

    booked = week.book_days(ctx, days_of(anna, office, THURSDAY, TUESDAY, WEDNESDAY))

    assert [(d.day, d.rule) for d in booked] == [
        (TUESDAY, None),
        (WEDNESDAY, "slot-taken"),
        (THURSDAY, None),
    ]
    mine = reads.my_bookings(ctx, anna, None)
    assert sorted(b.start for b in mine) == [at(TUESDAY, "09:00"), at(THURSDAY, "09:00")]
    assert refusals(memory) == ["slot-taken"]


def test_the_days_must_be_of_one_week(ctx: Context, office: Office, anna: Member) -> None:
    with pytest.raises(InvalidSetting) as refused:
        week.book_days(ctx, days_of(anna, office, TUESDAY, date(2026, 12, 8)))

    assert refused.value.about == "days"
    with pytest.raises(InvalidSetting):
        week.book_days(ctx, days_of(anna, office))
    assert reads.my_bookings(ctx, anna, None) == []
