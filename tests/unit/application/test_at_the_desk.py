"""At the desk and around it, as use cases on the in-memory store: check-in by the
resource's code (and how each check-in was made), booking a free desk on the spot, the
member's usual, a host moving a booking, the features of a resource and the floor plan."""

from __future__ import annotations

from datetime import time

import pytest

from domain.booking import Booking
from domain.errors import InvalidSetting, SlotTaken
from domain.floorplan import Place
from service.application import bookings, checkin, floorplan, moves, sites, usuals
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.errors import InvalidRequest, NotAllowed, NotFound
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.conftest import Clock


def check_in_methods(memory: Container) -> list[str | None]:
    store = memory.store
    events = (store.mapper.to_domain_event(n) for n in store.recorder.select_notifications(1, 9999))
    return [e.method for e in events if isinstance(e, Booking.CheckedIn)]


def test_the_code_checks_in_the_members_booking_there_and_says_how(
    ctx: Context, memory: Container, clock: Clock, office: Office, anna: Member, host: Member
) -> None:
    booked = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    clock.now = at(TUESDAY, "08:50")
    found = checkin.here(ctx, anna, office.desk_a)
    assert found.booking is not None and found.booking.id == booked.booking.id
    assert found.can_check_in

    checked = checkin.check_in_here(ctx, anna, office.desk_a)

    assert checked.booking.checked_in_at == clock.now
    assert check_in_methods(memory) == ["code"]
    assert not checkin.here(ctx, anna, office.desk_a).can_check_in


def test_a_check_in_by_button_and_by_a_host_are_told_apart(
    ctx: Context,
    memory: Container,
    clock: Clock,
    office: Office,
    anna: Member,
    bo: Member,
    host: Member,
) -> None:
    a = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    b = bookings.book(
        ctx, Book(bo, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_b)
    )
    clock.now = at(TUESDAY, "09:05")

    bookings.check_in(ctx, ChangeBooking(anna, a.booking.id))
    bookings.check_in(ctx, ChangeBooking(host, b.booking.id))

    assert check_in_methods(memory) == ["button", "host"]


def test_a_free_desk_is_booked_on_the_spot_and_checked_in(
    ctx: Context, memory: Container, clock: Clock, office: Office, anna: Member
) -> None:
    clock.now = at(TUESDAY, "09:05")
    found = checkin.here(ctx, anna, office.desk_b)
    assert found.booking is None and found.start == at(TUESDAY, "09:15")
    assert found.proposed_end == at(TUESDAY, "17:00") and found.ends[-1] == at(TUESDAY, "17:00")

    placed = checkin.book_here_now(ctx, anna, office.desk_b, at(TUESDAY, "11:00"))

    assert (placed.booking.start, placed.booking.end) == (
        at(TUESDAY, "09:15"),
        at(TUESDAY, "11:00"),
    )
    assert placed.booking.checked_in_at == clock.now
    assert check_in_methods(memory) == ["code"]


@pytest.mark.parametrize(
    ("clock_time", "start"),
    [("09:30:05", "09:45"), ("09:30:00", "09:30"), ("09:44:59", "09:45"), ("09:59:30", "10:00")],
)
def test_on_the_spot_a_desk_is_booked_from_the_coming_quarter_hour_never_a_passed_one(
    ctx: Context, clock: Clock, office: Office, anna: Member, clock_time: str, start: str
) -> None:
    clock.now = at(TUESDAY, clock_time)

    placed = checkin.book_here_now(ctx, anna, office.desk_b)

    assert placed.booking.start == at(TUESDAY, start)
    assert placed.booking.checked_in_at == clock.now


def test_a_taken_desk_is_not_offered_on_the_spot(
    ctx: Context, clock: Clock, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    clock.now = at(TUESDAY, "09:40")
    found = checkin.here(ctx, anna, office.desk_a)
    assert found.booking is None and found.start is None and found.ends == []
    with pytest.raises(SlotTaken):
        checkin.book_here_now(ctx, anna, office.desk_a)
    with pytest.raises(NotFound):
        checkin.check_in_here(ctx, anna, office.desk_a)


def test_book_my_usual_books_the_favourite_at_the_usual_hours(
    ctx: Context, office: Office, anna: Member
) -> None:
    usuals.set_usual(ctx, usuals.SetUsual(anna, office.desk_b, time(8, 30), time(15, 0)))

    placed = usuals.book_usual(ctx, anna, office.site_id, TUESDAY)

    assert placed.booking.resource_id == office.desk_b
    assert (placed.booking.start, placed.booking.end) == (
        at(TUESDAY, "08:30"),
        at(TUESDAY, "15:00"),
    )
    usuals.clear_usual(ctx, anna, office.site_id)
    with pytest.raises(NotFound):
        usuals.book_usual(ctx, anna, office.site_id, TUESDAY)


def test_a_host_moves_a_booking_and_the_first_desk_is_free_again(
    ctx: Context, office: Office, anna: Member, bo: Member, host: Member
) -> None:
    held = bookings.book(
        ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    with pytest.raises(NotAllowed):
        moves.move(ctx, moves.MoveBooking(anna, held.booking.id, office.desk_b))

    moved = moves.move(ctx, moves.MoveBooking(host, held.booking.id, office.desk_b))

    assert moved.booking.resource_id == office.desk_b
    assert ctx.queries.booking(held.booking.id).resource_id == office.desk_b  # type: ignore[union-attr]
    again = bookings.book(
        ctx, Book(bo, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), resource_id=office.desk_a)
    )
    assert again.booking.resource_id == office.desk_a
    with pytest.raises(SlotTaken):
        moves.move(ctx, moves.MoveBooking(host, held.booking.id, office.desk_a))
    with pytest.raises(InvalidSetting):
        moves.move(ctx, moves.MoveBooking(host, held.booking.id, office.room))


def test_features_come_from_the_vocabulary(ctx: Context, office: Office, host: Member) -> None:
    sites.set_features(ctx, sites.SetFeatures(host, office.desk_b, ("Fönster", "dock")))
    (_, desk_b) = ctx.queries.resources(office.site_id, "desk")
    assert desk_b.features == ["dock", "window"]
    with pytest.raises(InvalidSetting) as refused:
        sites.set_features(ctx, sites.SetFeatures(host, office.desk_b, ("jacuzzi",)))
    assert refused.value.about == "features"


def test_a_floor_plan_places_resources_on_a_grid_without_overlap(
    ctx: Context, office: Office, host: Member, anna: Member
) -> None:
    empty = floorplan.plan_of(ctx, office.site_id)
    assert (empty.columns, empty.rows, empty.places) == (12, 8, {})
    places = {
        office.desk_a: Place(1, 1),
        office.desk_b: Place(2, 1),
        office.room: Place(1, 3, 3, 2),
    }

    plan = floorplan.set_places(ctx, floorplan.SetPlaces(host, office.site_id, 6, 4, places))

    assert plan.places == {k: [p.column, p.row, p.width, p.height] for k, p in places.items()}
    with pytest.raises(InvalidSetting):
        floorplan.set_places(
            ctx,
            floorplan.SetPlaces(
                host, office.site_id, 6, 4, {**places, office.headsets: Place(2, 1)}
            ),
        )
    with pytest.raises(InvalidSetting):
        floorplan.set_places(ctx, floorplan.SetPlaces(host, office.site_id, 2, 2, places))
    with pytest.raises(NotAllowed):
        floorplan.set_places(ctx, floorplan.SetPlaces(anna, office.site_id, 6, 4, places))
    with pytest.raises(InvalidRequest):
        floorplan.set_places(
            ctx, floorplan.SetPlaces(host, office.site_id, 6, 4, {office.site_id: Place(5, 4)})
        )


def test_a_background_drawing_is_kept_only_cleaned(
    ctx: Context, office: Office, host: Member
) -> None:
    drawing = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 40" onload="alert(1)">'
        '<script>alert(1)</script><rect width="60" height="40" fill="#eee"/>'
        '<image href="https://example.com/x.png"/></svg>'
    )
    plan = floorplan.set_background(ctx, host, office.site_id, drawing)
    kept, version = floorplan.background(ctx, office.site_id)

    assert plan.background_version == version
    assert "<rect" in kept and "script" not in kept and "onload" not in kept and "image" not in kept
    with pytest.raises(InvalidSetting):
        floorplan.set_background(ctx, host, office.site_id, "<html><script/></html>")
    floorplan.set_background(ctx, host, office.site_id, None)
    with pytest.raises(NotFound):
        floorplan.background(ctx, office.site_id)
