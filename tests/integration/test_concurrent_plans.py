"""Races on the real stores (SQLite and PostgreSQL), with real threads released together:
the jobs that place a series' days and serve the waitlists run in every server process at
once, and members join one waitlist at the same instant. Optimistic concurrency must let
each day be placed once, each freed desk go to one member, and no join be lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time
from typing import Any
from uuid import uuid4

from domain.ids import waitlist_id
from domain.series import Series
from domain.waitlist import Waitlist
from service.application import series, waitlist
from service.container import Container
from tests.builders import TUESDAY, Office
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.conftest import slot, store_position

THREADS = 8


def all_at_once(work: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(work))

    def run(job: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return job()
        except BaseException as error:
            return error

    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        return list(pool.map(run, work))


def test_every_process_placing_a_series_days_at_once_places_each_day_once(
    container: Container, office: Office, clock: Clock
) -> None:
    app = Driver(container)
    member = uuid4()
    started = app.start_series(
        member,
        ["tue", "thu"],
        date(2026, 11, 30),
        date(2027, 2, 26),
        time(8),
        time(12),
        resource_id=office.desk_a,
    )
    pending_before = [d.day for d in started.days if d.status == "pending"]
    clock.advance(days=21)  # three more weeks open: six more days are due

    results = all_at_once([lambda: series.place_due_series(container.ctx)] * THREADS)

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sum(results) == 6
    fresh = container.store.repository.get(started.series.id)
    assert isinstance(fresh, Series)
    placed = [o for o in fresh.occurrences() if o.status == "placed"]
    assert len({o.booking_id for o in placed}) == len(placed) == 8 + 6
    assert len(fresh.pending()) == len(pending_before) - 6
    container.wait_for_all(store_position(container))
    bookings = container.queries.member_bookings(member, since=None, limit=1000)
    assert len(bookings) == len(placed)
    assert len({b.start for b in bookings}) == len(bookings)  # no day twice


def test_a_freed_desk_goes_to_one_member_when_every_process_offers_it_at_once(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    holder = uuid4()
    held = app.book(holder, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    waiting = [uuid4() for _ in range(5)]
    for member in waiting:
        app.join_waitlist(member, slot(TUESDAY, "09:00", "12:00"), resource_id=office.desk_a)
    container.ctx.handlers.clear()  # only the racing sweeps offer
    app.cancel(held.id, by=holder)

    results = all_at_once([lambda: waitlist.sweep(container.ctx)] * THREADS)

    assert not [r for r in results if isinstance(r, BaseException)], results
    line = container.store.repository.get(waitlist_id(office.site_id, TUESDAY))
    assert isinstance(line, Waitlist)
    served = [e for e in line.entries.values() if e.status == "served"]
    assert [e.member_id for e in served] == [waiting[0]]  # the first in line, once
    container.wait_for_all(store_position(container))
    site = container.queries.site(office.site_id)
    assert site is not None
    holds = [
        r
        for r in container.queries.availability(site, TUESDAY).resources
        if r.resource_id == office.desk_a
    ]
    assert [(s.start, s.end) for s in holds[0].free] == [
        (slot(TUESDAY, "08:00", "09:00").start, slot(TUESDAY, "08:00", "09:00").end),
        (slot(TUESDAY, "12:00", "17:00").start, slot(TUESDAY, "12:00", "17:00").end),
    ]


def test_members_joining_one_waitlist_at_once_are_all_in_line(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    app.book(uuid4(), office.room, slot(TUESDAY, "10:00", "11:00"))
    members = [uuid4() for _ in range(THREADS * 2)]

    def join(member: Any) -> Callable[[], Any]:
        return lambda: app.join_waitlist(
            member, slot(TUESDAY, "10:00", "11:00"), resource_id=office.room
        )

    results = all_at_once([join(m) for m in members])

    assert not [r for r in results if isinstance(r, BaseException)], results
    line = container.store.repository.get(waitlist_id(office.site_id, TUESDAY))
    assert isinstance(line, Waitlist)
    assert sorted(e.member_id for e in line.waiting()) == sorted(members)
