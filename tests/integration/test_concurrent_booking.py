"""Many members booking the same thing at once on the real store: optimistic concurrency
lets exactly as many through as there is room for, and refuses the rest as taken."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select

from domain.errors import SlotTaken
from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from domain.time import Interval
from projections.tables import HoldRow
from service.container import Container
from tests.driver import Driver, Written
from tests.integration.conftest import TUESDAY, Office, slot, store_position

THREADS = 50


def _all_at_once(attempts: list[Callable[[], Written]]) -> list[Written | BaseException]:
    """Runs every attempt in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt: Callable[[], Written]) -> Written | BaseException:
        barrier.wait()
        try:
            return attempt()
        except BaseException as error:
            return error

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


def _outcomes(results: list[Written | BaseException]) -> Counter[str]:
    return Counter(type(r).__name__ for r in results)


def _ledger_holds(container: Container, resource_id: UUID, interval: Interval) -> dict[Any, Any]:
    ledger = container.store.repository.get(resource_day_id(resource_id, TUESDAY))
    assert isinstance(ledger, ResourceDay)
    return ledger.holds


def _view_holds(container: Container, resource_id: UUID) -> list[tuple[UUID, int]]:
    container.wait_for_all(store_position(container))
    with container.engine.connect() as c:
        return [
            (row.booking_id, row.quantity)
            for row in c.execute(
                select(HoldRow.booking_id, HoldRow.quantity).where(
                    HoldRow.resource_id == resource_id
                )
            )
        ]


def test_fifty_members_booking_one_desk_at_once_give_one_booking_and_the_rest_are_taken(
    container: Container, office: Office
) -> None:
    wanted = slot(TUESDAY, "09:00", "12:00")
    results = _all_at_once(
        [lambda: Driver(container).book(uuid4(), office.desk_a, wanted) for _ in range(THREADS)]
    )

    assert _outcomes(results) == {"Written": 1, "SlotTaken": THREADS - 1}, [
        r for r in results if not isinstance(r, Written | SlotTaken)
    ]
    [won] = [r for r in results if isinstance(r, Written)]
    holds = _ledger_holds(container, office.desk_a, wanted)
    assert list(holds) == [won.id]
    assert _view_holds(container, office.desk_a) == [(won.id, 1)]


def test_members_booking_two_of_a_pool_of_two_at_once_get_exactly_two_items(
    container: Container, office: Office
) -> None:
    pool = Driver(container).add_resource(
        office.site_id, kind="equipment", name="Camera", quantity=2
    )
    container.wait_for_all(pool.position)
    wanted = slot(TUESDAY, "13:00", "15:00")
    results = _all_at_once(
        [lambda: Driver(container).book(uuid4(), pool.id, wanted) for _ in range(THREADS)]
    )

    assert _outcomes(results) == {"Written": 2, "SlotTaken": THREADS - 2}, [
        r for r in results if not isinstance(r, Written | SlotTaken)
    ]
    won = sorted(r.id for r in results if isinstance(r, Written))
    holds = _ledger_holds(container, pool.id, wanted)
    assert sorted(holds) == won
    assert sum(quantity for _, _, quantity in holds.values()) == 2
    assert sorted(_view_holds(container, pool.id)) == [(booking, 1) for booking in won]


def test_a_pool_larger_than_the_retry_budget_lends_every_item_before_anyone_is_refused(
    container: Container, office: Office
) -> None:
    """Every lost race means someone else got an item, so a member may lose as many races
    as the pool has items: bounded retries must still not turn free items into Busy."""
    pool = Driver(container).add_resource(
        office.site_id, kind="equipment", name="Laptop", quantity=THREADS - 10
    )
    container.wait_for_all(pool.position)
    wanted = slot(TUESDAY, "08:00", "10:00")
    results = _all_at_once(
        [lambda: Driver(container).book(uuid4(), pool.id, wanted) for _ in range(THREADS)]
    )

    assert _outcomes(results) == {"Written": THREADS - 10, "SlotTaken": 10}
    assert len(_ledger_holds(container, pool.id, wanted)) == THREADS - 10
    assert len(_view_holds(container, pool.id)) == THREADS - 10


def test_three_members_per_desk_asking_for_any_desk_fill_every_desk_once(
    container: Container, office: Office
) -> None:
    desks = [office.desk_a, office.desk_b] + [
        Driver(container).add_resource(office.site_id, kind="desk", name=f"Desk {n}").id
        for n in "CDEFGHIJKLMNOP"
    ]
    container.wait_for_all(store_position(container))
    wanted = slot(TUESDAY, "08:00", "17:00")
    candidates = container.queries.candidates(office.site_id, "desk", wanted, [])
    assert sorted(candidates) == sorted(desks)
    members = 3 * len(desks)

    results = _all_at_once(
        [
            lambda: Driver(container).book_any(uuid4(), office.site_id, "desk", wanted)
            for _ in range(members)
        ]
    )

    outcomes = _outcomes(results)
    assert outcomes == {"Written": len(desks), "NothingFree": members - len(desks)}, [
        r for r in results if not isinstance(r, Written | SlotTaken)
    ]
    won = {r.id for r in results if isinstance(r, Written)}
    held = Counter[UUID]()
    for desk in desks:
        holds = _ledger_holds(container, desk, wanted)
        assert len(holds) == 1, f"desk {desk} holds {len(holds)} bookings"
        held.update(holds.keys())
    assert set(held) == won
    view = [booking for desk in desks for booking, _ in _view_holds(container, desk)]
    assert sorted(view) == sorted(won)


def test_loads_of_one_aggregate_never_overlap_so_no_thread_copies_it_while_another_advances_it(
    container: Container, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eventsourcing fast-forwards a cached aggregate under its lock but deep-copies it
    after releasing that lock; the application must not let two loads of one aggregate
    run at once (else: "dictionary changed size during iteration", or a torn copy)."""
    repository = container.store.repository
    real_get = repository.get
    inside: Counter[UUID] = Counter()
    most: Counter[UUID] = Counter()
    guard = threading.Lock()

    def watched_get(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        with guard:
            inside[aggregate_id] += 1
            most[aggregate_id] = max(most[aggregate_id], inside[aggregate_id])
        try:
            time.sleep(0.005)  # widen the window in which a second load could enter
            return real_get(aggregate_id, *args, **kwargs)
        finally:
            with guard:
                inside[aggregate_id] -= 1

    monkeypatch.setattr(repository, "get", watched_get)
    _all_at_once(
        [lambda: Driver(container).book(uuid4(), office.headsets, slot(TUESDAY, "09:00", "10:00"))]
        * 3
        + [lambda: container.store.site(office.site_id) for _ in range(10)]
    )

    assert most[office.site_id] == 1
    assert most[resource_day_id(office.headsets, TUESDAY)] == 1
    assert most and max(most.values()) == 1
