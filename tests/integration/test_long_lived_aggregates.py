"""Aggregates that live long (a member's schedule, a busy day's ledger, a site) keep working
past any number of changes, including the fiftieth, and load the same from a cold start."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import MemberDeskLimit, SlotTaken
from service.container import Container
from tests.conftest import Clock
from tests.driver import Driver, Written
from tests.integration.conftest import OPENING_HOURS, TUESDAY, open_office, slot, store_position
from tests.settings import fast_settings

CHANGES = 25  # book + cancel each time: past the 50th event of the schedule and the ledger


def test_a_member_who_books_and_cancels_the_same_desk_many_times_is_answered_every_time(
    container: Container, database_url: str, clock: Clock
) -> None:
    office = open_office(container)
    member = uuid4()
    wanted = slot(TUESDAY, "09:00", "10:00")
    for _ in range(CHANGES):
        booked = Driver(container).book(member, office.desk_a, wanted)
        assert isinstance(booked, Written)
        assert isinstance(Driver(container).cancel(booked.id, by=member), Written)
    kept = Driver(container).book(member, office.desk_a, wanted)

    container.wait_for_all(store_position(container))
    statuses = [b.status for b in container.queries.member_bookings(member)]
    assert statuses.count("cancelled") == CHANGES and statuses.count("confirmed") == 1

    cold = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:  # no cache: everything is read back from the store
        with pytest.raises(SlotTaken):
            Driver(cold).book(uuid4(), office.desk_a, wanted)
        with pytest.raises(MemberDeskLimit):
            Driver(cold).book(member, office.desk_b, wanted)
        Driver(cold).cancel(kept.id, by=member)
        Driver(cold).book(uuid4(), office.desk_a, wanted)
    finally:
        cold.close()


def test_a_site_changed_many_times_is_answered_every_time(
    container: Container, database_url: str, clock: Clock
) -> None:
    office = open_office(container)
    for n in range(50):
        closes = f"{15 + n % 3}:00"
        hours = {**OPENING_HOURS, "tue": [["08:00", closes]]}
        assert isinstance(Driver(container).set_opening_hours(office.site_id, hours), Written)

    cold = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        assert cold.store.site(office.site_id).opening_hours.to_raw()["tue"] == [["08:00", "16:00"]]
    finally:
        cold.close()
