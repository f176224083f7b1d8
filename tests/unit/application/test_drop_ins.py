"""Drop-ins as use cases on the in-memory store: a host registers a walk-in visitor without
an account at a free resource, from the current quarter hour; it holds the resource, is
checked in as placed (never released as a no-show), keeps nothing about the visitor, and
counts in the reports as drop-in use."""

from __future__ import annotations

import pytest

from domain.errors import InThePast, OutsideBookingWindow, SlotTaken
from service.application import bookings, dropins, reports
from service.application.bookings import Book
from service.application.context import Context
from service.application.dropins import RegisterDropIn
from service.application.errors import NotAllowed
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, WEDNESDAY, Office, at
from tests.conftest import Clock


@pytest.fixture
def at_ten(clock: Clock) -> None:
    clock.now = at(TUESDAY, "10:07")


def test_a_drop_in_holds_a_free_desk_from_the_current_quarter_hour_checked_in(
    ctx: Context, at_ten: None, office: Office, host: Member, anna: Member
) -> None:
    placed = dropins.register(
        ctx, RegisterDropIn(host, office.site_id, at(TUESDAY, "12:00"), kind="desk")
    ).booking

    assert (placed.start, placed.end, placed.status) == (
        at(TUESDAY, "10:00"),
        at(TUESDAY, "12:00"),
        "confirmed",
    )
    assert placed.drop_in and placed.checked_in_at == at(TUESDAY, "10:07")
    assert placed.member_id not in (host.id, anna.id) and placed.placed_by == host.id
    with pytest.raises(SlotTaken):
        bookings.book(
            ctx,
            Book(anna, at(TUESDAY, "10:30"), at(TUESDAY, "11:00"), resource_id=placed.resource_id),
        )
    assert bookings.release_no_shows(ctx) == 0


def test_a_drop_in_is_for_today_from_now_and_only_hosts_register_one(
    ctx: Context, at_ten: None, office: Office, host: Member, anna: Member
) -> None:
    def register(who: Member, start: str, day: object = TUESDAY) -> None:
        command = RegisterDropIn(
            who,
            office.site_id,
            at(day, "15:00"),  # type: ignore[arg-type]
            start=at(day, start),  # type: ignore[arg-type]
            resource_id=office.desk_b,
        )
        dropins.register(ctx, command)

    with pytest.raises(InThePast):
        register(host, "09:45")
    with pytest.raises(OutsideBookingWindow):
        register(host, "10:00", WEDNESDAY)
    with pytest.raises(NotAllowed):
        register(anna, "10:00")
    register(host, "11:00")
    with pytest.raises(SlotTaken):
        register(host, "14:00")


def test_drop_ins_count_in_utilisation_and_demand_as_drop_in_use(
    ctx: Context, memory: Container, at_ten: None, office: Office, host: Member
) -> None:
    for resource in (office.desk_a, office.desk_b, office.room):
        dropins.register(
            ctx, RegisterDropIn(host, office.site_id, at(TUESDAY, "11:00"), resource_id=resource)
        )
    read = reports.reports_for(ctx, host)

    utilisation = read.utilisation(office.site_id, TUESDAY, TUESDAY)
    demand = read.demand(office.site_id, TUESDAY, TUESDAY)

    assert (utilisation.total.bookings, utilisation.total.drop_ins) == (3, 3)
    assert utilisation.total.checked_in == 3
    assert (demand.totals.drop_ins, demand.totals.drop_in_hours) == (3, 3.0)
