"""Features come from one vocabulary; resources added with free text before it, and
check-ins recorded before their method was kept, still replay."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.booking import Booking, BookingRefused
from domain.errors import InvalidSetting
from domain.resource import Resource
from domain.vocabulary import FEATURES, feature_code, stored_features
from service.application.store import Grannskap


def test_words_in_english_and_swedish_name_one_feature() -> None:
    for word in ("screen", "Monitor", "skärm", " Bildskärm ", "EXTRA SKÄRM"):
        assert feature_code(word) == "screen"
    assert feature_code("höj- och sänkbart") == "height-adjustable"
    assert feature_code("videomöte") == "video meeting"
    assert feature_code("jacuzzi") is None
    assert all(feature_code(code) == code for code in FEATURES)


def test_a_host_can_only_add_features_of_the_vocabulary() -> None:
    desk = Resource.add(
        site_id=uuid4(), kind="desk", name="Skrivbord 1", features=["Skärm", "screen"]
    )
    assert desk.features == ["screen"]
    with pytest.raises(InvalidSetting) as refused:
        Resource.add(site_id=uuid4(), kind="desk", name="Skrivbord 2", features=["bastu"])
    assert refused.value.about == "features"


def test_free_text_of_old_resources_becomes_codes_and_the_rest_is_kept() -> None:
    assert stored_features(["Skärm", "Monitor", "Bastu ", "fönster", ""]) == [
        "bastu",
        "screen",
        "window",
    ]


def test_an_old_resource_event_with_free_text_replays_with_codes() -> None:
    app = Grannskap({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    desk = Resource.add(site_id=uuid4(), kind="desk", name="Skrivbord 1", features=["screen"])
    stored = app.mapper.to_stored_event(desk.collect_events()[0])
    state = json.loads(stored.state)
    state["features"] = ["skärm", "höj och sänkbar", "bastu"]
    old = replace(stored, state=json.dumps(state).encode())
    replayed = app.mapper.to_domain_event(old).mutate(None)
    assert isinstance(replayed, Resource)
    assert replayed.features == ["bastu", "height-adjustable", "screen"]


def test_a_check_in_recorded_before_its_method_was_kept_still_replays() -> None:
    app = Grannskap({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    booking = Booking(
        member_id=uuid4(),
        site_id=uuid4(),
        resource_id=uuid4(),
        kind="desk",
        start=now,
        end=now + timedelta(hours=3),
        quantity=1,
        placed_at=now - timedelta(days=1),
    )
    booking.check_in(now, timedelta(minutes=30), "code")
    placed, checked_in = (app.mapper.to_stored_event(e) for e in booking.collect_events())
    state = json.loads(checked_in.state)
    assert state.pop("method") == "code"
    old = replace(checked_in, state=json.dumps(state).encode())

    event = app.mapper.to_domain_event(old)
    assert isinstance(event, Booking.CheckedIn) and event.method is None
    replayed = event.mutate(app.mapper.to_domain_event(placed).mutate(None))
    assert replayed is not None and replayed.checked_in_at == now
    assert replayed.check_in_method is None


def test_a_refusal_recorded_before_pools_features_and_quantity_were_kept_still_replays() -> None:
    app = Grannskap({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    refusal = BookingRefused(
        member_id=uuid4(),
        site_id=uuid4(),
        resource_id=None,
        kind="equipment",
        start=now,
        end=now + timedelta(hours=1),
        rule="nothing-free",
        reason="no equipment is free at that time",
        at=now,
        pool="equipment:Projector",
        features=["projector"],
        quantity=2,
    )
    stored = app.mapper.to_stored_event(refusal.collect_events()[0])
    state = json.loads(stored.state)
    for name in ("pool", "features", "quantity"):
        del state[name]
    old = replace(stored, state=json.dumps(state).encode())

    event = app.mapper.to_domain_event(old)
    assert isinstance(event, BookingRefused.Recorded)
    assert (event.pool, event.features, event.quantity) == (None, None, 1)
    replayed = event.mutate(None)
    assert isinstance(replayed, BookingRefused) and replayed.features == []


def test_a_booking_placed_before_the_features_asked_for_were_kept_still_replays() -> None:
    app = Grannskap({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    booking = Booking(
        member_id=uuid4(),
        site_id=uuid4(),
        resource_id=uuid4(),
        kind="desk",
        start=now,
        end=now + timedelta(hours=3),
        quantity=1,
        placed_at=now - timedelta(days=1),
        features=["screen"],
    )
    stored = app.mapper.to_stored_event(booking.collect_events()[0])
    state = json.loads(stored.state)
    assert state.pop("features") == ["screen"]
    old = replace(stored, state=json.dumps(state).encode())

    replayed = app.mapper.to_domain_event(old).mutate(None)
    assert isinstance(replayed, Booking) and replayed.features_asked == []
