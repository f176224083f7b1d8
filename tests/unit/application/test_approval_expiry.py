"""A booking awaiting approval that no host answers is declined by the minute's job: after
the configured wait (48 hours by default) or at its start, whichever comes first; the
resource is free again, and erasing a member leaves nothing pending for the hosts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.application import approvals, bookings, erasure, jobs, reads
from service.application.approvals import Decide, SetApproval
from service.application.bookings import Book
from service.application.context import Context
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.conftest import Clock


def room(who: Member, office: Office, day: object = TUESDAY) -> Book:
    return Book(who, at(day, "10:00"), at(day, "11:00"), resource_id=office.room)  # type: ignore[arg-type]


@pytest.fixture
def approving(ctx: Context, office: Office, host: Member) -> Office:
    approvals.set_approval(ctx, SetApproval(host, office.room, True))
    return office


def test_an_unanswered_booking_is_declined_at_its_start_when_that_comes_first(
    ctx: Context, clock: Clock, approving: Office, host: Member, anna: Member, bo: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking  # Monday 07:00, Tuesday 10:00
    clock.now = at(TUESDAY, "09:59")
    assert jobs.run_once(ctx).unanswered == 0

    clock.now = at(TUESDAY, "10:00")
    assert jobs.run_once(ctx).unanswered == 1

    (mine,) = reads.my_bookings(ctx, anna, None)
    assert (mine.id, mine.status, mine.cancel_reason) == (placed.id, "declined", "approval-expired")
    ctx.wait_for_view("calendar")
    found = ctx.queries.feed_booking(placed.id)
    assert found is not None and found[1].status == "cancelled"  # the member's feed
    assert approvals.pending_at(ctx, host, approving.site_id) == []
    taken = bookings.book(
        ctx, Book(bo, at(TUESDAY, "10:15"), at(TUESDAY, "11:00"), resource_id=approving.room)
    ).booking
    assert taken.status == "pending"


def test_an_unanswered_booking_far_ahead_is_declined_after_the_wait(
    ctx: Context, clock: Clock, approving: Office, host: Member, anna: Member
) -> None:
    ctx.approval_wait = timedelta(hours=24)
    friday = TUESDAY + timedelta(days=3)
    bookings.book(ctx, room(anna, approving, friday))
    clock.advance(hours=23, minutes=59)
    assert jobs.run_once(ctx).unanswered == 0

    clock.advance(minutes=1)
    assert jobs.run_once(ctx).unanswered == 1
    assert jobs.run_once(ctx).unanswered == 0  # nothing twice
    assert [b.status for b in reads.my_bookings(ctx, anna, None)] == ["declined"]


def test_an_answered_booking_is_left_alone(
    ctx: Context, clock: Clock, approving: Office, host: Member, anna: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking
    approvals.approve(ctx, Decide(host, placed.id))
    clock.now = at(TUESDAY, "10:00")

    assert jobs.run_once(ctx).unanswered == 0
    assert [b.status for b in reads.my_bookings(ctx, anna, None)] == ["confirmed"]


def test_erasing_a_member_with_a_pending_booking_frees_it_and_leaves_nothing_pending(
    ctx: Context, approving: Office, host: Member, anna: Member, bo: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking

    erasure.erase_member(ctx, anna, anna.id)

    assert approvals.pending_at(ctx, host, approving.site_id) == []
    assert ctx.store.booking(placed.id).status == "cancelled"
    assert bookings.book(ctx, room(bo, approving)).booking.status == "pending"
