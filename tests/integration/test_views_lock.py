"""One process writes a store's views at a time: a second follower waits for the views'
lock (and still reads its own writes), a rebuild is refused while another process follows,
and a rebuild that cannot finish leaves the live views as they were, never empty."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.site import Site
from projections.locks import ViewsBusy
from projections.rebuild import RebuildFailed
from service.container import Container
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.conftest import TUESDAY, dump_views, open_office, slot
from tests.settings import fast_settings


def test_a_second_follower_waits_for_the_lock_and_still_reads_its_own_writes(
    container: Container, database_url: str, clock: Clock
) -> None:
    office = open_office(container)
    second = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        second.start_following()
        assert container.views.following_here
        assert not second.views.following_here

        booked = Driver(second).book(uuid4(), office.desk_b, slot(TUESDAY, "09:00", "10:00"))

        assert second.queries.booking(booked.id) is not None
    finally:
        second.close()


def test_a_rebuild_is_refused_while_another_process_follows_the_views(
    container: Container, database_url: str, clock: Clock
) -> None:
    open_office(container)
    before = dump_views(container.engine)
    other = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        with pytest.raises(ViewsBusy):
            other.views.rebuild(other.store)
    finally:
        other.close()

    assert dump_views(container.engine) == before


def test_a_rebuild_that_stops_at_an_event_leaves_the_live_views_as_they_were(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_office(container)
    container.wait_for_all(container.store.position)
    before = dump_views(container.engine)
    assert before["view_site"], "the office is in the views"
    catalogue_type = type(next(p for p in container.views.projections if p.name == "catalogue"))

    def refuse(self: object, domain_event: object, tracking: object) -> None:
        if isinstance(domain_event, Site.Registered):
            raise ValueError("cannot apply this")

    monkeypatch.setattr(catalogue_type, "process_event", refuse)
    with pytest.raises(RebuildFailed, match="catalogue"):
        container.views.rebuild(container.store)
    monkeypatch.undo()

    assert dump_views(container.engine) == before


def test_a_follower_outlives_a_failure_to_take_the_lock_and_follows_again(
    container: Container, database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from projections import follower as following

    office = open_office(container)
    follower = container.follower
    assert follower is not None
    monkeypatch.setattr(following, "LOCK_RETRY", 0.05)
    real_acquire = container.views.lock.acquire
    failures = iter([ConnectionError("the database cut the connection")])

    def acquire_after_a_cut() -> bool:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return real_acquire()

    # The lock is lost (as when PostgreSQL cuts its connection), and taking it again fails
    # once: the follower must not die of it.
    container.views.lock.release()
    monkeypatch.setattr(container.views.lock, "acquire", acquire_after_a_cut)
    follower._checked = 0.0
    booked = Driver(container).book(uuid4(), office.desk_a, slot(TUESDAY, "11:00", "12:00"))
    container.wait_for_all(container.store.position, timeout=10)
    assert container.queries.booking(booked.id) is not None
    assert next(failures, None) is None  # the failure did happen
