"""The waitlist, as use cases on the in-memory store: the first in line who still fits the
rules gets what frees (right after the freeing command, or by the sweep if that offer was
lost), entries expire at their start, and everything is recorded as events."""

from __future__ import annotations

import pytest

from domain.waitlist import AlreadyWaiting
from service.application import bookings, reads, waitlist
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.errors import NotFound
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.conftest import Clock
from tests.unit.application.conftest import member


def desk_a(who: Member, office: Office, start: str = "09:00", end: str = "12:00") -> Book:
    return Book(who, at(TUESDAY, start), at(TUESDAY, end), resource_id=office.desk_a)


def wait_for_desk_a(
    ctx: Context, who: Member, office: Office, start: str = "09:00", end: str = "12:00"
) -> waitlist.EntryResult:
    command = waitlist.JoinWaitlist(
        who, at(TUESDAY, start), at(TUESDAY, end), resource_id=office.desk_a
    )
    return waitlist.join(ctx, command)


def topics(memory: Container) -> list[str]:
    store = memory.store
    return [n.topic.split(":")[-1] for n in store.recorder.select_notifications(1, 10_000)]


def test_the_first_in_line_gets_a_cancelled_desk_at_once(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    held = bookings.book(ctx, desk_a(anna, office))
    waiting = wait_for_desk_a(ctx, bo, office)
    assert (waiting.entry.status, waiting.entry.place) == ("waiting", 1)

    bookings.cancel(ctx, ChangeBooking(anna, held.booking.id))

    served = waitlist.entry(ctx, bo, waiting.entry.id)
    assert served.status == "served" and served.booking_id is not None
    (mine,) = reads.my_bookings(ctx, bo, None)
    assert (mine.id, mine.resource_id, mine.start) == (
        served.booking_id,
        office.desk_a,
        at(TUESDAY, "09:00"),
    )
    assert "Waitlist.Served" in topics(memory)


def test_one_who_no_longer_fits_the_rules_is_passed_over_for_the_next(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    cai = member(memory, "Cai")
    held = bookings.book(ctx, desk_a(anna, office))
    first = wait_for_desk_a(ctx, bo, office)
    second = wait_for_desk_a(ctx, cai, office)
    assert second.entry.place == 2
    # Bo found another desk meanwhile: a member holds one desk at a time.
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_b)
    )

    bookings.cancel(ctx, ChangeBooking(anna, held.booking.id))

    assert waitlist.entry(ctx, bo, first.entry.id).status == "waiting"
    assert waitlist.entry(ctx, cai, second.entry.id).status == "served"


def test_any_desk_waits_for_one_that_frees_with_the_features(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    dag = member(memory, "Dag")
    desk_b = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_b)
    )
    desk_a = bookings.book(
        ctx, Book(dag, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=office.desk_a)
    )
    command = waitlist.JoinWaitlist(
        bo,
        at(TUESDAY, "10:00"),
        at(TUESDAY, "11:00"),
        site_id=office.site_id,
        kind="desk",
        features=("skärm",),
    )
    waiting = waitlist.join(ctx, command)
    assert waiting.entry.status == "waiting" and waiting.entry.features == ["screen"]

    bookings.cancel(ctx, ChangeBooking(anna, desk_b.booking.id))  # desk B has no screen
    assert waitlist.entry(ctx, bo, waiting.entry.id).status == "waiting"
    bookings.cancel(ctx, ChangeBooking(dag, desk_a.booking.id))

    served = waitlist.entry(ctx, bo, waiting.entry.id)
    assert served.status == "served"
    placed = ctx.queries.booking(served.booking_id) if served.booking_id else None
    assert placed is not None and placed.resource_id == office.desk_a


def test_joining_when_it_is_free_books_it_now(ctx: Context, office: Office, bo: Member) -> None:
    joined = wait_for_desk_a(ctx, bo, office)
    assert joined.entry.status == "served"
    assert [b.id for b in reads.my_bookings(ctx, bo, None)] == [joined.entry.booking_id]


def test_waiting_twice_for_the_same_is_refused(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, desk_a(anna, office))
    wait_for_desk_a(ctx, bo, office)
    with pytest.raises(AlreadyWaiting):
        wait_for_desk_a(ctx, bo, office, "10:00", "11:00")


def test_a_no_show_frees_the_desk_for_the_waitlist(
    ctx: Context, clock: Clock, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, desk_a(anna, office, "09:00", "12:00"))
    waiting = wait_for_desk_a(ctx, bo, office, "10:00", "12:00")

    clock.now = at(TUESDAY, "09:31")
    assert bookings.release_no_shows(ctx) == 1

    assert waitlist.entry(ctx, bo, waiting.entry.id).status == "served"


def test_a_check_out_frees_the_rest_of_the_time_for_the_waitlist(
    ctx: Context, clock: Clock, office: Office, anna: Member, bo: Member
) -> None:
    held = bookings.book(ctx, desk_a(anna, office, "09:00", "12:00"))
    waiting = wait_for_desk_a(ctx, bo, office, "11:00", "12:00")
    clock.now = at(TUESDAY, "09:00")
    bookings.check_in(ctx, ChangeBooking(anna, held.booking.id))
    clock.now = at(TUESDAY, "10:40")

    bookings.check_out(ctx, ChangeBooking(anna, held.booking.id))

    assert waitlist.entry(ctx, bo, waiting.entry.id).status == "served"


def test_the_sweep_serves_what_an_offer_lost_in_a_crash_would_have(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    held = bookings.book(ctx, desk_a(anna, office))
    waiting = wait_for_desk_a(ctx, bo, office)
    handlers = dict(ctx.handlers)
    ctx.handlers.clear()  # the process stops between the cancellation and its offer
    bookings.cancel(ctx, ChangeBooking(anna, held.booking.id))
    ctx.handlers.update(handlers)
    assert waitlist.entry(ctx, bo, waiting.entry.id).status == "waiting"

    waitlist.sweep(ctx)

    assert waitlist.entry(ctx, bo, waiting.entry.id).status == "served"
    assert waitlist.sweep(ctx) == 0  # nothing left to do


def test_entries_expire_when_their_time_starts(
    ctx: Context, clock: Clock, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, desk_a(anna, office))
    waiting = wait_for_desk_a(ctx, bo, office)

    clock.now = at(TUESDAY, "09:00")
    waitlist.sweep(ctx)

    assert waitlist.entry(ctx, bo, waiting.entry.id).status == "expired"
    assert ctx.queries.waiting_days() == []


def test_a_member_leaves_the_waitlist_and_nobody_else_sees_the_entry(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, desk_a(anna, office))
    waiting = wait_for_desk_a(ctx, bo, office)
    with pytest.raises(NotFound):
        waitlist.leave(ctx, anna, waiting.entry.id)

    left = waitlist.leave(ctx, bo, waiting.entry.id)

    assert left.entry.status == "left"
    assert [e.status for e in waitlist.my_entries(ctx, bo, None)] == ["left"]


def test_one_cannot_wait_for_what_the_rules_would_refuse(
    ctx: Context, office: Office, bo: Member
) -> None:
    from domain.errors import OutsideOpeningHours

    with pytest.raises(OutsideOpeningHours):
        wait_for_desk_a(ctx, bo, office, "18:00", "19:00")
