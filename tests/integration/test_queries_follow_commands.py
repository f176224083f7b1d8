"""The views, followed from the real store, answer the queries members and hosts ask."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from projections.queries import FreeSpan
from service.container import Container
from tests.driver import Driver
from tests.integration.conftest import (
    OPENING_HOURS,
    SATURDAY,
    STOCKHOLM,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    Office,
    at,
    settle,
    slot,
)


def _free(container: Container, office: Office, day: date) -> dict[str, list[tuple[str, str, int]]]:
    """Free spans per resource name, as local wall-clock times."""
    site = container.queries.site(office.site_id)
    assert site is not None
    availability = container.queries.availability(site, day)
    return {
        r.name: [
            (s.start.astimezone(STOCKHOLM).strftime("%H:%M"), s.end.strftime("%H:%M"), s.available)
            for s in r.free
        ]
        for r in availability.resources
    }


def test_the_catalogue_lists_the_site_its_opening_hours_closures_and_active_resources(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    settle(container, app.add_closure(office.site_id, THURSDAY, THURSDAY, "Staff training"))
    settle(container, app.retire_resource(office.desk_b))

    [site] = container.queries.sites()
    assert site.id == office.site_id
    assert (site.name, site.locality, site.timezone) == (
        "Grannskapskontoret Frövi",
        "Frövi",
        "Europe/Stockholm",
    )
    assert site.opening_hours == OPENING_HOURS
    assert site.policy["days_ahead"] == 28
    assert [(c.first_day, c.last_day, c.reason) for c in site.closures] == [
        (THURSDAY, THURSDAY, "Staff training")
    ]
    assert [(r.kind, r.name) for r in container.queries.resources(office.site_id)] == [
        ("desk", "Desk A"),
        ("equipment", "Headset"),
        ("room", "Room Ljusnan"),
    ]
    everything = container.queries.resources(office.site_id, include_retired=True)
    assert [(r.name, r.retired) for r in everything if r.kind == "desk"] == [
        ("Desk A", False),
        ("Desk B", True),
    ]
    [desk_a] = container.queries.resources(office.site_id, kind="desk")
    assert desk_a.features == ["screen"]  # added as "Monitor": the vocabulary's "screen"
    [room] = container.queries.resources(office.site_id, kind="room")
    assert room.seats == 6


def test_changed_opening_hours_show_in_the_catalogue_and_in_availability(
    container: Container, office: Office
) -> None:
    hours = {**OPENING_HOURS, "wed": [["10:00", "12:00"], ["13:00", "15:00"]]}
    settle(container, Driver(container).set_opening_hours(office.site_id, hours))

    site = container.queries.site(office.site_id)
    assert site is not None and site.opening_hours["wed"] == [
        ["10:00", "12:00"],
        ["13:00", "15:00"],
    ]
    assert _free(container, office, WEDNESDAY)["Desk A"] == [
        ("10:00", "12:00", 1),
        ("13:00", "15:00", 1),
    ]


def test_availability_subtracts_bookings_from_the_opening_hours_of_each_resource(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    alice, bob = uuid4(), uuid4()
    settle(container, app.book(alice, office.desk_a, slot(TUESDAY, "09:00", "11:00")))
    settle(container, app.book(bob, office.room, slot(TUESDAY, "13:00", "14:30")))

    free = _free(container, office, TUESDAY)
    assert free["Desk A"] == [("08:00", "09:00", 1), ("11:00", "17:00", 1)]
    assert free["Desk B"] == [("08:00", "17:00", 1)]
    assert free["Room Ljusnan"] == [("08:00", "13:00", 1), ("14:30", "17:00", 1)]
    # Another day is untouched.
    assert _free(container, office, WEDNESDAY)["Desk A"] == [("08:00", "17:00", 1)]


def test_availability_is_given_in_the_sites_local_time(
    container: Container, office: Office
) -> None:
    site = container.queries.site(office.site_id)
    assert site is not None
    availability = container.queries.availability(site, TUESDAY)
    assert availability.open == [FreeSpan(at(TUESDAY, "08:00"), at(TUESDAY, "17:00"), 1)]
    opens = availability.open[0].start
    assert (opens.hour, opens.utcoffset()) == (8, timedelta(hours=1))  # CET in December


def test_availability_counts_the_free_items_of_an_equipment_pool(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    settle(container, app.book(uuid4(), office.headsets, slot(TUESDAY, "09:00", "12:00"), 2))
    settle(container, app.book(uuid4(), office.headsets, slot(TUESDAY, "10:00", "11:00"), 1))

    assert _free(container, office, TUESDAY)["Headset"] == [
        ("08:00", "09:00", 3),
        ("09:00", "10:00", 1),
        ("11:00", "12:00", 1),
        ("12:00", "17:00", 3),
    ]


def test_a_cancelled_booking_frees_its_slot_and_shows_as_cancelled_to_its_member(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    alice = uuid4()
    booking = settle(container, app.book(alice, office.desk_a, slot(TUESDAY, "09:00", "11:00")))
    kept = settle(container, app.book(alice, office.desk_a, slot(WEDNESDAY, "09:00", "11:00")))
    settle(container, app.cancel(booking.id, by=alice))

    assert _free(container, office, TUESDAY)["Desk A"] == [("08:00", "17:00", 1)]
    bookings = container.queries.member_bookings(alice)
    assert [(b.id, b.status, b.version) for b in bookings] == [
        (booking.id, "cancelled", 2),
        (kept.id, "confirmed", 1),
    ]
    cancelled = container.queries.booking(booking.id)
    stored = container.store.booking(booking.id)
    assert cancelled is not None and cancelled.changed_at == stored.modified_on


def test_member_bookings_list_only_that_members_bookings_in_order_of_start(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    alice, bob = uuid4(), uuid4()
    later = settle(container, app.book(alice, office.room, slot(WEDNESDAY, "13:00", "14:00")))
    earlier = settle(container, app.book(alice, office.desk_a, slot(TUESDAY, "09:00", "10:00")))
    settle(container, app.book(bob, office.desk_b, slot(TUESDAY, "09:00", "10:00")))

    bookings = container.queries.member_bookings(alice)
    assert [b.id for b in bookings] == [earlier.id, later.id]
    first = bookings[0]
    assert (first.member_id, first.site_id, first.resource_id, first.kind, first.quantity) == (
        alice,
        office.site_id,
        office.desk_a,
        "desk",
        1,
    )
    assert (first.start, first.end) == (at(TUESDAY, "09:00"), at(TUESDAY, "10:00"))
    assert first.placed_at == container.now()
    assert [
        b.id for b in container.queries.member_bookings(alice, since=at(WEDNESDAY, "00:00"))
    ] == [later.id]


def test_a_closed_day_and_a_day_without_opening_hours_have_nothing_free(
    container: Container, office: Office
) -> None:
    settle(container, Driver(container).add_closure(office.site_id, THURSDAY, THURSDAY, "Closed"))
    site = container.queries.site(office.site_id)
    assert site is not None
    for day in (THURSDAY, SATURDAY):
        availability = container.queries.availability(site, day)
        assert availability.open == []
        assert all(r.free == [] for r in availability.resources)
    assert container.queries.availability(site, WEDNESDAY).open != []


def test_candidates_put_the_free_desks_first_and_filter_by_feature(
    container: Container, office: Office
) -> None:
    wanted = slot(TUESDAY, "09:00", "10:00")
    settle(container, Driver(container).book(uuid4(), office.desk_a, wanted))

    assert container.queries.candidates(office.site_id, "desk", wanted, []) == [
        office.desk_b,
        office.desk_a,
    ]
    assert container.queries.candidates(office.site_id, "desk", wanted, ["monitor"]) == [
        office.desk_a
    ]
    other_time = slot(TUESDAY, "10:00", "11:00")
    assert container.queries.candidates(office.site_id, "desk", other_time, []) == [
        office.desk_a,
        office.desk_b,
    ]
