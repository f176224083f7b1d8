"""The host's move picker, as a use case on the in-memory store: it offers only resources of
the booking's kind, with what the member asked for, free for the booking's whole time; and
the floor plan's preview checks the places as saving would and stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from domain.errors import InvalidSetting
from domain.floorplan import Place
from projections.queries import FreeSpan
from service.application import bookings, floorplan, moves
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.errors import NotAllowed
from service.cli.operator import Operator
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.conftest import Clock


def _desk(memory: Container, office: Office, name: str, *features: str) -> UUID:
    desk = Operator(memory).add_resource(
        office.site_id, kind="desk", name=name, features=list(features)
    )
    memory.wait_for_all(memory.store.position)
    return desk.id


def _names(ctx: Context, host: Member, office: Office, booking_id: UUID) -> list[str]:
    choices = moves.move_choices(ctx, host, office.site_id, [booking_id])
    return sorted(r.name for r in choices[booking_id])


def test_the_picker_offers_only_desks_free_for_the_whole_booking(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member, host: Member
) -> None:
    desk_c = _desk(memory, office, "Desk C")
    held = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    # Desk B is taken for the last hour of Anna's booking only: still not a place to go.
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "11:00"), at(TUESDAY, "13:00"), resource_id=office.desk_b)
    )

    assert _names(ctx, host, office, held.booking.id) == ["Desk C"]

    moves.move(ctx, moves.MoveBooking(host, held.booking.id, desk_c))
    assert _names(ctx, host, office, held.booking.id) == ["Desk A"]


def test_the_picker_offers_only_desks_with_the_features_the_member_asked_for(
    ctx: Context, memory: Container, office: Office, anna: Member, host: Member
) -> None:
    _desk(memory, office, "Desk C", "screen", "window")
    _desk(memory, office, "Desk D", "window")
    held = bookings.book(
        ctx,
        Book(
            anna,
            at(TUESDAY, "09:00"),
            at(TUESDAY, "12:00"),
            site_id=office.site_id,
            kind="desk",
            features=("screen",),
        ),
    )
    assert held.booking.resource_id == office.desk_a  # the first desk with a screen

    assert _names(ctx, host, office, held.booking.id) == ["Desk C"]


def test_a_room_is_offered_rooms_and_nothing_is_offered_for_an_ended_or_cancelled_booking(
    ctx: Context, memory: Container, clock: Clock, office: Office, anna: Member, host: Member
) -> None:
    Operator(memory).add_resource(office.site_id, kind="room", name="Room Ån", seats=4)
    memory.wait_for_all(memory.store.position)
    room = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "10:00"), resource_id=office.room)
    )
    desk = bookings.book(
        ctx, Book(anna, at(TUESDAY, "13:00"), at(TUESDAY, "14:00"), resource_id=office.desk_a)
    )
    assert _names(ctx, host, office, room.booking.id) == ["Room Ån"]

    bookings.cancel(ctx, ChangeBooking(anna, desk.booking.id))
    clock.now = at(TUESDAY, "10:30")
    choices = moves.move_choices(ctx, host, office.site_id, [room.booking.id, desk.booking.id])
    assert choices == {}


def test_only_a_host_of_the_site_sees_the_picker(
    ctx: Context, office: Office, anna: Member
) -> None:
    held = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    with pytest.raises(NotAllowed):
        moves.move_choices(ctx, anna, office.site_id, [held.booking.id])


def _span(start: int, end: int, available: int) -> FreeSpan:
    return FreeSpan(
        datetime(2026, 12, 1, start, tzinfo=UTC), datetime(2026, 12, 1, end, tzinfo=UTC), available
    )


def test_a_pool_is_free_for_a_booking_when_spans_with_room_for_its_quantity_cover_it() -> None:
    spans = [_span(12, 14, 1), _span(8, 10, 3), _span(10, 12, 2)]
    start, end = datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 13, tzinfo=UTC)

    assert moves.covers(spans, start, end, 1)
    assert not moves.covers(spans, start, end, 2)
    assert moves.covers(spans, start, end.replace(hour=12), 2)
    assert not moves.covers([_span(8, 10, 1), _span(11, 14, 1)], start, end, 1)


def test_a_preview_of_the_plan_is_checked_as_saving_is_and_stores_nothing(
    ctx: Context, memory: Container, office: Office, host: Member, anna: Member
) -> None:
    before = memory.store.position
    command = floorplan.SetPlaces(
        host, office.site_id, 6, 4, {office.desk_a: Place(1, 1, 2, 2), office.room: Place(3, 1)}
    )

    shown = floorplan.preview_places(ctx, command)

    assert shown.places == {office.desk_a: [1, 1, 2, 2], office.room: [3, 1, 1, 1]}
    assert (shown.columns, shown.rows) == (6, 4)
    assert memory.store.position == before
    assert floorplan.plan_of(ctx, office.site_id).places == {}
    overlapping = floorplan.SetPlaces(
        host, office.site_id, 6, 4, {office.desk_a: Place(1, 1, 2, 2), office.room: Place(2, 2)}
    )
    with pytest.raises(InvalidSetting, match=r"share a cell \(column 2, row 2\)"):
        floorplan.preview_places(ctx, overlapping)
    with pytest.raises(NotAllowed):
        floorplan.preview_places(ctx, floorplan.SetPlaces(anna, office.site_id, 6, 4, {}))
