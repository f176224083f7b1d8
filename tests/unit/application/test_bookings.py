"""Booking, cancelling and checking in, as use cases on the in-memory store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID, uuid4

import pytest

from domain.errors import MemberDeskLimit, NoMatch, SlotTaken
from projections.queries import BookingView
from service.application import bookings, reads
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.errors import InvalidRequest, NotAllowed, NotFound
from service.application.metrics import BOOKINGS_REFUSED
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at, local
from tests.conftest import Clock


def refusals(memory: Container) -> list[str]:
    """The rules of the refusals recorded in the store, oldest first."""
    store = memory.store
    return [
        event.rule
        for n in store.recorder.select_notifications(start=1, limit=10_000)
        if type(event := store.mapper.to_domain_event(n)).__name__ == "Recorded"
    ]


def desk(ctx: Context, who: Member, resource: UUID, start: str, end: str) -> BookingView:
    command = Book(who, at(TUESDAY, start), at(TUESDAY, end), resource_id=resource)
    return bookings.book(ctx, command).booking


def test_a_booked_desk_is_the_members_and_is_no_longer_free_that_time(
    ctx: Context, office: Office, anna: Member
) -> None:
    booked = desk(ctx, anna, office.desk_a, "09:00", "12:00")

    assert booked.status == "confirmed" and booked.member_id == anna.id
    assert [b.id for b in reads.my_bookings(ctx, anna, None)] == [booked.id]
    site = reads.site(ctx, office.site_id)
    free = {r.name: r.free for r in ctx.queries.availability(site, TUESDAY).resources}
    assert [(s.start.hour, s.end.hour) for s in free["Desk A"]] == [(8, 9), (12, 17)]


def test_a_time_without_an_offset_is_read_at_the_site(
    ctx: Context, office: Office, anna: Member
) -> None:
    wall_clock = datetime(2026, 12, 1, 9, 0)
    command = Book(anna, wall_clock, datetime(2026, 12, 1, 10, 0), resource_id=office.desk_a)

    assert bookings.book(ctx, command).booking.start == local(TUESDAY, "09:00")


def test_a_taken_desk_is_refused_and_the_refusal_is_recorded_and_counted(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    desk(ctx, anna, office.desk_a, "09:00", "12:00")
    counted = BOOKINGS_REFUSED.labels("slot-taken")._value.get()

    with pytest.raises(SlotTaken):
        desk(ctx, bo, office.desk_a, "11:00", "13:00")

    assert refusals(memory) == ["slot-taken"]
    assert BOOKINGS_REFUSED.labels("slot-taken")._value.get() == counted + 1


def test_any_desk_gets_a_free_one_with_the_wanted_features(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    wanted = Book(
        anna, at(TUESDAY, "09:00"), at(TUESDAY, "10:00"), site_id=office.site_id, kind="desk"
    )
    monitor = bookings.book(ctx, replace(wanted, features=("monitor",)))
    other = bookings.book(ctx, replace(wanted, actor=bo))

    assert monitor.booking.resource_id == office.desk_a
    assert other.booking.resource_id == office.desk_b


def test_any_desk_when_none_has_the_features_is_refused_as_no_match(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    command = Book(
        anna,
        at(TUESDAY, "09:00"),
        at(TUESDAY, "10:00"),
        site_id=office.site_id,
        kind="desk",
        features=("window",),
    )
    with pytest.raises(NoMatch):
        bookings.book(ctx, command)
    assert refusals(memory) == ["no-match"]


def test_a_feature_outside_the_vocabulary_is_bad_input_and_no_refusal(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    command = Book(
        anna,
        at(TUESDAY, "09:00"),
        at(TUESDAY, "10:00"),
        site_id=office.site_id,
        kind="desk",
        features=("jacuzzi",),
    )
    with pytest.raises(InvalidRequest) as refused:
        bookings.book(ctx, command)
    assert refused.value.about == "features" and "jacuzzi" in refused.value.message
    assert refusals(memory) == []


def test_features_are_one_vocabulary_in_english_and_swedish(
    ctx: Context, office: Office, anna: Member
) -> None:
    """Desk A was added with "Monitor": it is the desk with a screen ("skärm")."""
    command = Book(
        anna,
        at(TUESDAY, "09:00"),
        at(TUESDAY, "10:00"),
        site_id=office.site_id,
        kind="desk",
        features=("Skärm",),
    )
    assert ctx.queries.resource_names(office.site_id)[office.desk_a] == "Desk A"
    assert ctx.queries.resources(office.site_id, "desk")[0].features == ["screen"]
    assert bookings.book(ctx, command).booking.resource_id == office.desk_a


def test_any_desk_stops_at_a_rule_about_the_member_and_records_it_once(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    desk(ctx, anna, office.desk_a, "09:00", "12:00")
    command = Book(
        anna, at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), site_id=office.site_id, kind="desk"
    )
    with pytest.raises(MemberDeskLimit):
        bookings.book(ctx, command)
    assert refusals(memory) == ["member-desk-limit"]


@pytest.mark.parametrize(
    ("command", "about"),
    [
        (dict(end="08:00"), "end"),
        (dict(end="09:00"), "end"),
        (dict(kind="desk"), "resource"),
    ],
    ids=["end before start", "end at the start", "a resource and a kind"],
)
def test_a_request_that_asks_for_nothing_is_invalid_and_no_demand(
    ctx: Context,
    memory: Container,
    office: Office,
    anna: Member,
    command: dict[str, str],
    about: str,
) -> None:
    end = at(TUESDAY, command.get("end", "10:00"))
    book = Book(
        anna, at(TUESDAY, "09:00"), end, resource_id=office.desk_a, kind=command.get("kind")
    )
    with pytest.raises(InvalidRequest) as refused:
        bookings.book(ctx, book)
    assert refused.value.about == about
    assert refusals(memory) == []


def test_only_the_member_or_a_host_may_change_a_booking(
    ctx: Context, office: Office, anna: Member, bo: Member, host: Member
) -> None:
    booked = desk(ctx, anna, office.desk_a, "09:00", "12:00")

    with pytest.raises(NotFound):
        bookings.cancel(ctx, ChangeBooking(bo, booked.id))
    with pytest.raises(NotFound):
        reads.booking(ctx, bo, booked.id)
    assert reads.booking(ctx, host, booked.id).id == booked.id
    cancelled = bookings.cancel(ctx, ChangeBooking(host, booked.id)).booking
    assert cancelled.status == "cancelled"


def test_a_booking_at_another_site_than_the_asker_says_is_not_found(
    ctx: Context, office: Office, anna: Member, host: Member
) -> None:
    booked = desk(ctx, anna, office.desk_a, "09:00", "12:00")
    with pytest.raises(NotFound):
        bookings.check_in(ctx, ChangeBooking(host, booked.id, site_id=uuid4()))


def test_check_in_opens_fifteen_minutes_before_and_the_list_says_so(
    ctx: Context, clock: Clock, office: Office, anna: Member
) -> None:
    booked = desk(ctx, anna, office.desk_a, "09:00", "12:00")
    clock.now = at(TUESDAY, "08:44")
    [line] = reads.my_booking_lines(ctx, anna, None)
    assert not line.can_check_in and line.check_in_until == at(TUESDAY, "09:30")

    clock.now = at(TUESDAY, "08:45")
    [line] = reads.my_booking_lines(ctx, anna, None)
    assert line.can_check_in
    checked = bookings.check_in(ctx, ChangeBooking(anna, booked.id)).booking
    assert checked.checked_in_at == at(TUESDAY, "08:45")


def test_the_no_show_job_releases_only_bookings_past_their_grace_period(
    ctx: Context, clock: Clock, office: Office, anna: Member, bo: Member
) -> None:
    late = desk(ctx, anna, office.desk_a, "09:00", "12:00")
    later = desk(ctx, bo, office.desk_b, "09:30", "12:00")
    clock.now = at(TUESDAY, "09:31")

    assert bookings.release_no_shows(ctx) == 1
    assert reads.booking(ctx, anna, late.id).status == "no-show"
    assert reads.booking(ctx, bo, later.id).status == "confirmed"
    assert bookings.release_no_shows(ctx) == 0


def test_a_hosts_day_names_the_members_and_a_member_may_not_see_it(
    ctx: Context, office: Office, anna: Member, host: Member
) -> None:
    desk(ctx, anna, office.desk_a, "09:00", "12:00")

    [line] = reads.site_day(ctx, host, office.site_id, TUESDAY)
    assert (line.member_name, line.resource_name) == ("Anna", "Desk A")
    with pytest.raises(NotAllowed):
        reads.site_day(ctx, anna, office.site_id, TUESDAY)
