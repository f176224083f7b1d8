"""A member waits for at most ``MAX_OPEN_ENTRIES`` things at once, across days and sites:
one more is refused with the rule ``waitlist-limit``; leaving an entry, or being served one,
makes room again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.waiting import MAX_OPEN_ENTRIES, WaitlistLimit
from service.application import bookings, waitlist
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.presentation.i18n import Lang
from service.presentation.messages import refusal
from service.presentation.outcomes import outcome
from service.registry.members import Member
from tests.builders import Office, at

DAYS = [date(2026, 12, d) for d in (1, 2, 3, 4, 7, 8, 9, 10)]  # weekdays, none a holiday
HOURS = [("09:00", "10:00"), ("10:00", "11:00"), ("11:00", "12:00")]


def _join(ctx: Context, who: Member, office: Office, day: date, hours: tuple[str, str]) -> Any:
    start, end = hours
    command = waitlist.JoinWaitlist(who, at(day, start), at(day, end), resource_id=office.desk_a)
    return waitlist.join(ctx, command)


def _desk_a_taken_every_morning(ctx: Context, anna: Member, office: Office) -> list[Any]:
    return [
        bookings.book(ctx, Book(anna, at(d, "09:00"), at(d, "12:00"), resource_id=office.desk_a))
        for d in DAYS
    ]


def test_one_waitlist_entry_beyond_the_cap_is_refused_across_days(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    _desk_a_taken_every_morning(ctx, anna, office)
    slots = [(d, h) for d in DAYS for h in HOURS][: MAX_OPEN_ENTRIES + 1]
    for day, hours in slots[:MAX_OPEN_ENTRIES]:
        assert _join(ctx, bo, office, day, hours).entry.status == "waiting"

    with pytest.raises(WaitlistLimit) as refused:
        _join(ctx, bo, office, *slots[MAX_OPEN_ENTRIES])

    assert refused.value.rule == "waitlist-limit"
    assert len(waitlist.my_entries(ctx, bo, None)) == MAX_OPEN_ENTRIES


def test_leaving_or_being_served_makes_room_under_the_cap(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    held = _desk_a_taken_every_morning(ctx, anna, office)
    slots = [(d, h) for d in DAYS for h in HOURS]
    entries = [_join(ctx, bo, office, day, hours).entry for day, hours in slots[:MAX_OPEN_ENTRIES]]

    waitlist.leave(ctx, bo, entries[-1].id)
    assert _join(ctx, bo, office, *slots[MAX_OPEN_ENTRIES]).entry.status == "waiting"
    bookings.cancel(ctx, ChangeBooking(anna, held[0].booking.id))  # Bo is served 09-10

    assert waitlist.entry(ctx, bo, entries[0].id).status == "served"
    assert _join(ctx, bo, office, *slots[MAX_OPEN_ENTRIES + 1]).entry.status == "waiting"


def test_the_cap_is_told_as_a_rule_refusal_in_swedish() -> None:
    error = WaitlistLimit("you may wait for at most 20 things at once", about="member")

    assert outcome(error).status == 422
    assert "lämna en väntelista först" in refusal(Lang("sv"), error)
