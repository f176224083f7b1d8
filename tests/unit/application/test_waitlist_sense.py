"""The waitlist is for what a member does not have: an entry for a time that meets one of the
member's bookings of the same kind is refused (rule ``already-booked``), an entry is not
served to a member who got such a booking meanwhile, and every entry names its site."""

from __future__ import annotations

import pytest

from domain.errors import AlreadyBooked
from service.application import bookings, reads, waitlist
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, Operator, at
from tests.unit.application.conftest import member


def join(
    ctx: Context, who: Member, office: Office, kind: str, start: str, end: str
) -> waitlist.EntryResult:
    command = waitlist.JoinWaitlist(
        who, at(TUESDAY, start), at(TUESDAY, end), site_id=office.site_id, kind=kind
    )
    return waitlist.join(ctx, command)


def test_a_member_holding_a_desk_cannot_queue_for_a_desk_at_a_time_that_meets_it(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_b)
    )

    with pytest.raises(AlreadyBooked) as refused:
        join(ctx, anna, office, "desk", "11:00", "13:00")

    assert (refused.value.rule, refused.value.about) == ("already-booked", "start")
    assert waitlist.my_entries(ctx, anna, None) == []


def test_a_member_holding_a_desk_may_still_queue_for_a_room_or_another_time(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "09:00"), at(TUESDAY, "16:00"), resource_id=office.desk_b)
    )
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=office.room)
    )

    room = join(ctx, anna, office, "room", "10:00", "11:00")
    later = join(ctx, anna, office, "desk", "12:00", "14:00")

    assert (room.entry.status, later.entry.status) == ("waiting", "served")


def test_a_cancelled_desk_is_not_booked_straight_back_for_its_holder(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    held = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    with pytest.raises(AlreadyBooked):
        join(ctx, anna, office, "desk", "09:00", "12:00")

    bookings.cancel(ctx, ChangeBooking(anna, held.booking.id))

    assert [b.status for b in reads.my_bookings(ctx, anna, None)] == ["cancelled"]
    assert waitlist.my_entries(ctx, anna, None) == []


def test_an_entry_is_not_served_to_a_member_who_booked_the_same_kind_meanwhile(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    cai = member(memory, "Cai")
    room_b = Operator(memory).add_resource(office.site_id, kind="room", name="Room B", seats=4).id
    ljusnan = bookings.book(
        ctx, Book(bo, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=office.room)
    )
    other = bookings.book(
        ctx, Book(cai, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=room_b)
    )
    command = waitlist.JoinWaitlist(
        anna, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=office.room
    )
    waiting = waitlist.join(ctx, command)
    bookings.cancel(ctx, ChangeBooking(cai, other.booking.id))
    bookings.book(ctx, Book(anna, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=room_b))

    bookings.cancel(ctx, ChangeBooking(bo, ljusnan.booking.id))

    assert waitlist.entry(ctx, anna, waiting.entry.id).status == "waiting"
    assert [b.resource_id for b in reads.my_bookings(ctx, anna, None)] == [room_b]


def test_every_entry_names_its_site(ctx: Context, office: Office, anna: Member, bo: Member) -> None:
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), resource_id=office.room)
    )
    joined = join(ctx, anna, office, "room", "10:00", "11:00")
    site = reads.find_site(ctx, office.site_id)
    assert site is not None and site.name

    assert joined.entry.site_name == site.name
    assert [e.site_name for e in waitlist.my_entries(ctx, anna, None)] == [site.name]
    assert waitlist.entry(ctx, anna, joined.entry.id).site_name == site.name
