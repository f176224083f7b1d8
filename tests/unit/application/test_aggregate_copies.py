"""A command changes a copy of the cached aggregate: the copy holds the same state as a
deep copy, and nothing done to it reaches the cached one."""

from __future__ import annotations

import copy
from uuid import uuid4

from domain.ledger import ResourceDay
from service.application.store import copy_aggregate
from tests.builders import NOW, TUESDAY, a_ledger, a_resource, a_schedule, a_site, slot


def _state(aggregate: object) -> dict[str, object]:
    return dict(vars(aggregate))


def test_a_copy_holds_what_a_deep_copy_holds() -> None:
    site = a_site(policy={"days_ahead": 14})
    resource = a_resource(site.id, kind="room", features=["screen"])
    ledger = a_ledger()
    ledger.hold(uuid4(), slot(TUESDAY, "08:00", "10:00"), 1, 1)
    for aggregate in (site, resource, ledger, a_schedule()):
        assert _state(copy_aggregate(aggregate)) == _state(copy.deepcopy(aggregate))
        assert type(copy_aggregate(aggregate)) is type(aggregate)


def test_holds_taken_on_a_copy_stay_out_of_the_cached_ledger() -> None:
    cached = a_ledger()
    first = uuid4()
    cached.hold(first, slot(TUESDAY, "08:00", "10:00"), 1, 1)
    cached.collect_events()
    twin: ResourceDay = copy_aggregate(cached)
    twin.hold(uuid4(), slot(TUESDAY, "10:00", "12:00"), 1, 1)
    assert list(cached.holds) == [first]
    assert cached.version == twin.version - 1
    assert cached.collect_events() == []


def test_a_schedule_copy_is_changed_apart_from_its_original() -> None:
    cached = a_schedule()
    twin = copy_aggregate(cached)
    twin.hold(uuid4(), "desk", slot(TUESDAY, "08:00", "10:00"), NOW)
    assert cached.holds == {}
    assert len(twin.holds) == 1
