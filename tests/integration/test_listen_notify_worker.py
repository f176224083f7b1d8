"""On PostgreSQL the views can be kept by a separate worker that follows the store by
LISTEN/NOTIFY; servers started with projections="external" then wait for it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import uuid4

import pytest

from projections.follower import follow_with_listen_notify
from service.container import Container
from service.settings import Settings
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.conftest import TUESDAY, WEDNESDAY, open_office, slot, store_position
from tests.settings import fast_settings

pytestmark = pytest.mark.postgres
# The PostgreSQL server is shared: keep this test's own connections few.
SMALL_POOL = {"POSTGRES_POOL_SIZE": "2", "POSTGRES_MAX_OVERFLOW": "8"}


@dataclass
class Worker:
    """``grannskap projections run`` in a thread: start, stop, and any error it raised."""

    settings: Settings
    stop: threading.Event = field(default_factory=threading.Event)
    errors: list[BaseException] = field(default_factory=list)
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="projections-worker", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        """The worker: the batched follower woken by LISTEN/NOTIFY."""
        container = Container.build(self.settings)
        try:
            follow_with_listen_notify(
                container.store, container.views, self.settings.database_url, self.stop
            )
        except BaseException as error:
            self.errors.append(error)
        finally:
            container.close()

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=15)
            assert not self.thread.is_alive(), "the worker did not stop"
        assert self.errors == []


@pytest.fixture
def external(pg_url: str, clock: Clock) -> Iterator[Container]:
    """A server's container that leaves the views to a worker."""
    settings = fast_settings(
        database_url=pg_url, projections="external", read_wait=0.2, extra_env=SMALL_POOL
    )
    container = Container.build(settings, clock)
    container.start_following()
    assert container.follower is None
    try:
        yield container
    finally:
        container.close()


@pytest.fixture
def worker(external: Container) -> Iterator[Worker]:
    w = Worker(external.settings)
    yield w
    w.close()


def test_the_worker_applies_what_was_written_before_it_started_and_after(
    external: Container, worker: Worker
) -> None:
    office = open_office_unsettled(external)
    early = Driver(external).book(uuid4(), office.desk_a, slot(TUESDAY, "09:00", "10:00"))

    worker.start()
    external.wait_for_all(early.position, timeout=10)
    assert external.queries.booking(early.id) is not None
    assert [r.name for r in external.queries.resources(office.site_id, kind="desk")] == [
        "Desk A",
        "Desk B",
    ]

    late = Driver(external).book(uuid4(), office.desk_b, slot(TUESDAY, "09:00", "10:00"))
    external.wait_for_all(late.position, timeout=10)
    assert external.queries.booking(late.id) is not None
    assert set(external.views.reload_positions().values()) == {store_position(external)}
    assert worker.errors == []


def test_a_server_with_external_projections_waits_for_the_worker_to_read_its_writes(
    external: Container, worker: Worker
) -> None:
    office = open_office_unsettled(external)
    member = uuid4()
    first = Driver(external).book(member, office.room, slot(TUESDAY, "09:00", "10:00"))
    with pytest.raises(TimeoutError):
        external.wait_for_all(first.position, timeout=0.3)  # nobody applies it yet
    assert external.queries.booking(first.id) is None

    worker.start()
    external.wait_for_all(first.position, timeout=10)
    assert external.queries.booking(first.id) is not None

    # Read-your-writes: right after each wait, the write is in every view.
    for start, end in (("10:00", "11:00"), ("11:00", "12:00"), ("13:00", "14:00")):
        written = Driver(external).book(member, office.room, slot(WEDNESDAY, start, end))
        external.wait_for_all(written.position, timeout=10)
        booking = external.queries.booking(written.id)
        assert booking is not None and booking.status == "confirmed"
        free = _room_free(external, office.site_id)
        assert all(not (s.start < booking.end and booking.start < s.end) for s in free)
    cancelled = Driver(external).cancel(first.id, by=member)
    external.wait_for_all(cancelled.position, timeout=10)
    booking = external.queries.booking(first.id)
    assert booking is not None and booking.status == "cancelled"


def test_a_restarted_worker_resumes_without_gaps_or_repeats(
    external: Container, worker: Worker
) -> None:
    office = open_office_unsettled(external)
    worker.start()
    ids = []
    for start, end in (("08:00", "09:00"), ("09:00", "10:00")):
        ids.append(Driver(external).book(uuid4(), office.desk_a, slot(TUESDAY, start, end)).id)
    external.wait_for_all(store_position(external), timeout=10)
    worker.close()

    for start, end in (("10:00", "11:00"), ("11:00", "12:00")):
        ids.append(Driver(external).book(uuid4(), office.desk_a, slot(TUESDAY, start, end)).id)
    again = Worker(external.settings)
    again.start()
    try:
        external.wait_for_all(store_position(external), timeout=10)
    finally:
        again.close()

    site = external.queries.site(office.site_id)
    assert site is not None
    desk = next(
        r
        for r in external.queries.availability(site, TUESDAY).resources
        if r.resource_id == office.desk_a
    )
    assert [(s.start.hour, s.end.hour) for s in desk.free] == [(12, 17)]  # local hours
    assert all(external.queries.booking(i) is not None for i in ids)
    assert set(external.views.reload_positions().values()) == {store_position(external)}


def open_office_unsettled(container: Container):  # type: ignore[no-untyped-def]
    """``open_office`` waits for the views; with no worker yet, nothing would."""
    original = container.wait_for_all
    container.wait_for_all = lambda position, timeout=5.0: None  # type: ignore[method-assign]
    try:
        return open_office(container)
    finally:
        container.wait_for_all = original  # type: ignore[method-assign]


def _room_free(container: Container, site_id):  # type: ignore[no-untyped-def]
    site = container.queries.site(site_id)
    assert site is not None
    [room] = container.queries.availability(site, WEDNESDAY, kind="room").resources
    return room.free
