"""Approvals as use cases on the in-memory store: a resource that requires a host's approval
takes bookings as pending, which hold it (no double booking) until a host of its site
approves or declines; only hosts of that site decide; the reports count pending ones."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import NotActive, SlotTaken
from service.application import approvals, bookings, reads, reports
from service.application.approvals import Decide, SetApproval
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.errors import NotAllowed
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.unit.application.conftest import member


def room(who: Member, office: Office, start: str = "10:00", end: str = "11:00") -> Book:
    return Book(who, at(TUESDAY, start), at(TUESDAY, end), resource_id=office.room)


@pytest.fixture
def approving(ctx: Context, office: Office, host: Member) -> Office:
    approvals.set_approval(ctx, SetApproval(host, office.room, True))
    return office


def test_a_booking_of_a_resource_that_requires_approval_is_pending_and_holds_it(
    ctx: Context, approving: Office, host: Member, anna: Member, bo: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking

    assert placed.status == "pending"
    with pytest.raises(SlotTaken):
        bookings.book(ctx, room(bo, approving, "10:30", "11:30"))
    assert [b.id for b in approvals.pending_at(ctx, host, approving.site_id)] == [placed.id]
    (resource,) = [r for r in reads.resources(ctx, approving.site_id, "room")]
    assert resource.requires_approval


def test_a_host_approves_a_pending_booking_and_it_is_confirmed(
    ctx: Context, approving: Office, host: Member, anna: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking

    approved = approvals.approve(ctx, Decide(host, placed.id)).booking

    assert approved.status == "confirmed"
    assert [b.status for b in reads.my_bookings(ctx, anna, None)] == ["confirmed"]
    assert approvals.pending_at(ctx, host, approving.site_id) == []
    with pytest.raises(NotActive):
        approvals.approve(ctx, Decide(host, placed.id))


def test_a_declined_booking_frees_the_resource_and_keeps_the_hosts_words(
    ctx: Context, approving: Office, host: Member, anna: Member, bo: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking

    declined = approvals.decline(ctx, Decide(host, placed.id, note="Rummet städas då.")).booking

    assert declined.status == "declined"
    (mine,) = reads.my_bookings(ctx, anna, None)
    assert (mine.status, mine.cancel_note) == ("declined", "Rummet städas då.")
    assert bookings.book(ctx, room(bo, approving)).booking.status == "pending"


def test_only_a_host_of_the_site_decides(
    ctx: Context, memory: Container, approving: Office, anna: Member, bo: Member
) -> None:
    elsewhere = member(memory, "Värd", "host")
    ctx.sites.assign(elsewhere.id, uuid4())  # a host of another site only
    placed = bookings.book(ctx, room(anna, approving)).booking

    for who in (anna, bo, elsewhere):
        with pytest.raises(NotAllowed):
            approvals.approve(ctx, Decide(who, placed.id))
        with pytest.raises(NotAllowed):
            approvals.decline(ctx, Decide(who, placed.id))
        with pytest.raises(NotAllowed):
            approvals.set_approval(ctx, SetApproval(who, approving.room, False))
        with pytest.raises(NotAllowed):
            approvals.pending_at(ctx, who, approving.site_id)
    assert [b.status for b in reads.my_bookings(ctx, anna, None)] == ["pending"]


def test_a_host_booking_for_a_member_needs_no_approval_and_others_resources_none(
    ctx: Context, approving: Office, host: Member, anna: Member
) -> None:
    for_anna = Book(
        host,
        at(TUESDAY, "13:00"),
        at(TUESDAY, "14:00"),
        resource_id=approving.room,
        member_id=anna.id,
    )
    assert bookings.book(ctx, for_anna).booking.status == "confirmed"
    desk = Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=approving.desk_a)
    assert bookings.book(ctx, desk).booking.status == "confirmed"


def test_the_member_may_withdraw_a_pending_booking(
    ctx: Context, approving: Office, host: Member, anna: Member
) -> None:
    placed = bookings.book(ctx, room(anna, approving)).booking

    cancelled = bookings.cancel(ctx, ChangeBooking(anna, placed.id)).booking

    assert cancelled.status == "cancelled"
    assert approvals.pending_at(ctx, host, approving.site_id) == []


def test_the_utilisation_report_counts_pending_bookings_as_pending(
    ctx: Context, memory: Container, approving: Office, host: Member
) -> None:
    people = [member(memory, f"M{i}") for i in range(5)]
    for i, who in enumerate(people):
        bookings.book(ctx, room(who, approving, f"{9 + i:02d}:00", f"{9 + i:02d}:30"))
    first = reads.my_bookings(ctx, people[0], None)[0]
    approvals.approve(ctx, Decide(host, first.id))

    report = reports.reports_for(ctx, host).utilisation(approving.site_id, TUESDAY, TUESDAY)

    assert (report.total.bookings, report.total.pending) == (5, 4)
