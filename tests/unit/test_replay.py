"""Every aggregate is rebuilt from its events to the same state, in memory and after the
events went through their stored (JSON) form, as the application's event store keeps them."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    UUIDAsHex,
)

from domain.booking import Booking, BookingRefused
from domain.errors import MemberDeskLimit
from domain.holidays import swedish_public_holidays
from domain.member import MemberSchedule
from domain.placement import check_out, release_no_show
from domain.resource import Resource
from tests.builders import NOW, TUESDAY, a_site, span
from tests.unit.office import ANNA, BO, Office

MORNING = span(TUESDAY, "09:00", "12:00")


def a_mapper() -> Mapper[Any]:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return Mapper(transcoder=transcoder)


MAPPER = a_mapper()


def in_memory(events: Sequence[Any]) -> Sequence[Any]:
    return events


def through_storage(events: Sequence[Any]) -> Sequence[Any]:
    return [MAPPER.to_domain_event(MAPPER.to_stored_event(e)) for e in events]


def replay(events: Sequence[Any]) -> Any:
    aggregate = None
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def a_busy_site() -> Aggregate:
    site = a_site()
    site.set_opening_hours({"mon": [["08:00", "12:00"], ["13:00", "16:00"]]})
    site.change_policy({"days_ahead": 14, "max_minutes": {"room": 120}, "grace_minutes": 15})
    site.add_closure(date(2026, 7, 1), date(2026, 8, 9), "Sommarstängt")
    site.add_public_holidays(swedish_public_holidays(2026))
    return site


def a_retired_projector() -> Aggregate:
    projector = Resource.add(
        site_id=uuid4(), kind="equipment", name="Projektor", features=["HDMI"], quantity=2
    )
    projector.retire()
    return projector


def a_used_ledger() -> Aggregate:
    office = Office(history=True)
    office.book(ANNA, office.headsets, MORNING, quantity=1)
    later = office.book(BO, office.headsets, span(TUESDAY, "10:00", "13:00"), quantity=1)
    office.cancel(later)
    return office.ledger(office.headsets, MORNING)


def a_long_schedule() -> Aggregate:
    office = Office(history=True, policy={"days_ahead": 60})
    first = office.book(ANNA, office.desk, MORNING)
    office.book(ANNA, office.room, span("2026-12-03", "13:00", "14:00"))
    office.cancel(first)
    # Placed a week later: the ended booking of the 3rd is forgotten by this hold.
    office.book(ANNA, office.desk, span("2026-12-15", "09:00", "10:00"), now=NOW + timedelta(7))
    return office.schedule(ANNA)


def a_completed_booking() -> Aggregate:
    office = Office(history=True)
    booking = office.book(ANNA, office.desk, MORNING)
    booking.check_in(MORNING.start, timedelta(minutes=30))
    ledger, schedule = office.ledger_of(booking), office.schedule(ANNA)
    check_out(
        booking=booking,
        ledger=ledger,
        member_schedule=schedule,
        now=MORNING.end - timedelta(hours=1),
    )
    return booking


def a_no_show() -> Aggregate:
    office = Office(history=True)
    booking = office.book(ANNA, office.room, span(TUESDAY, "09:00", "10:00"))
    release_no_show(
        booking=booking,
        ledger=office.ledger_of(booking),
        member_schedule=office.schedule(ANNA),
        grace=timedelta(minutes=30),
        now=MORNING.start + timedelta(minutes=30),
    )
    return booking


def a_cancelled_booking() -> Aggregate:
    office = Office(history=True)
    booking = office.book(ANNA, office.desk, MORNING)
    office.cancel(booking)
    return booking


def a_refusal() -> Aggregate:
    return BookingRefused(
        member_id=ANNA,
        site_id=uuid4(),
        resource_id=None,
        kind="room",
        start=MORNING.start,
        end=MORNING.end,
        rule="nothing-free",
        reason="no room is free at that time",
        at=NOW,
    )


AGGREGATES: dict[str, Callable[[], Aggregate]] = {
    "site": a_busy_site,
    "resource": a_retired_projector,
    "ledger": a_used_ledger,
    "member schedule": a_long_schedule,
    "completed booking": a_completed_booking,
    "no-show": a_no_show,
    "cancelled booking": a_cancelled_booking,
    "refused attempt": a_refusal,
}


@pytest.mark.parametrize("carry", [in_memory, through_storage], ids=["in memory", "stored"])
@pytest.mark.parametrize("name", AGGREGATES)
def test_an_aggregate_rebuilt_from_its_events_has_the_same_state(
    name: str, carry: Callable[[Sequence[Any]], Sequence[Any]]
) -> None:
    aggregate = AGGREGATES[name]()
    events = aggregate.collect_events()
    assert len(events) >= 1
    rebuilt = replay(carry(events))
    assert rebuilt == aggregate
    assert rebuilt.version == aggregate.version == len(events)


def test_a_rebuilt_schedule_still_enforces_one_desk_at_a_time() -> None:
    schedule = replay(through_storage(a_long_schedule().collect_events()))
    assert isinstance(schedule, MemberSchedule)
    assert len(schedule.holds) == 1
    with pytest.raises(MemberDeskLimit):
        schedule.check_desk_limit("desk", span("2026-12-15", "09:30", "10:30"))


def test_a_hold_recorded_without_its_placing_time_forgets_nothing_on_replay() -> None:
    # Holds recorded before they carried the time of placing: replay keeps every booking.
    office = Office(history=True, policy={"days_ahead": 60})
    office.book(ANNA, office.desk, MORNING)
    office.book(ANNA, office.desk, span("2026-12-28", "09:00", "10:00"), now=NOW + timedelta(20))
    stored = [MAPPER.to_stored_event(e) for e in office.schedule(ANNA).collect_events()]
    assert len(replay([MAPPER.to_domain_event(s) for s in stored]).holds) == 1
    without_at = [without_key(s, "at") for s in stored]
    schedule = replay([MAPPER.to_domain_event(s) for s in without_at])
    assert len(schedule.holds) == 2


def without_key(stored: StoredEvent, key: str) -> StoredEvent:
    state = json.loads(stored.state)
    state.pop(key, None)
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )


def test_a_booking_rebuilt_from_storage_is_found_equal_field_by_field() -> None:
    booking = a_completed_booking()
    rebuilt = replay(through_storage(booking.collect_events()))
    assert isinstance(rebuilt, Booking)
    assert (rebuilt.start, rebuilt.end, rebuilt.status) == (MORNING.start, MORNING.end, "completed")
    assert rebuilt.checked_out_at == MORNING.end - timedelta(hours=1)
