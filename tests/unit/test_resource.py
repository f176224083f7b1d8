"""Resources: desks, rooms with seats and pools of equipment."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from domain.errors import InvalidSetting, ResourceRetired
from domain.resource import Resource


def add(kind: str, **options: Any) -> Resource:
    return Resource.add(
        site_id=uuid4(), kind=kind, name=options.pop("name", "Skrivbord 1"), **options
    )


@pytest.mark.parametrize(
    ("kind", "options", "field"),
    [
        ("sofa", {}, "kind"),
        ("desk", {"name": " "}, "name"),
        ("room", {}, "seats"),
        ("room", {"seats": 0}, "seats"),
        ("room", {"seats": 501}, "seats"),
        ("desk", {"seats": 1}, "seats"),
        ("equipment", {"seats": 4}, "seats"),
        ("desk", {"quantity": 2}, "quantity"),
        ("room", {"seats": 6, "quantity": 2}, "quantity"),
        ("equipment", {"quantity": 0}, "quantity"),
        ("equipment", {"quantity": 1001}, "quantity"),
    ],
    ids=[
        "unknown kind",
        "no name",
        "room without seats",
        "room with no seats",
        "room with too many seats",
        "desk with seats",
        "equipment with seats",
        "desk in a quantity",
        "room in a quantity",
        "equipment in no quantity",
        "equipment in too large a quantity",
    ],
)
def test_an_impossible_resource_is_refused_naming_the_field(
    kind: str, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidSetting) as refused:
        add(kind, **options)
    assert refused.value.about == field


def test_a_room_has_seats_and_holds_one_booking_at_a_time() -> None:
    room = add("room", name="Mötesrum Hjälmaren", seats=8)
    assert (room.kind, room.seats, room.quantity, room.capacity) == ("room", 8, 1, 1)


def test_a_desk_holds_one_booking_at_a_time() -> None:
    desk = add("desk")
    assert (desk.seats, desk.capacity) == (None, 1)


def test_equipment_holds_as_many_bookings_as_its_quantity() -> None:
    headsets = add("equipment", name="Headset", quantity=3)
    assert headsets.capacity == 3
    headsets.check_bookable(3)
    with pytest.raises(InvalidSetting) as refused:
        headsets.check_bookable(4)
    assert refused.value.about == "quantity"


def test_a_desk_is_booked_one_at_a_time() -> None:
    with pytest.raises(InvalidSetting):
        add("desk").check_bookable(2)
    with pytest.raises(InvalidSetting):
        add("desk").check_bookable(0)


def test_features_are_trimmed_lowercased_deduplicated_and_sorted() -> None:
    desk = add("desk", features=["Screen ", "dock", "screen", "  "])
    assert desk.features == ["dock", "screen"]


def test_a_retired_resource_refuses_bookings() -> None:
    desk = add("desk")
    desk.check_bookable(1)
    desk.retire()
    with pytest.raises(ResourceRetired) as refused:
        desk.check_bookable(1)
    assert refused.value.about == "resource"


def test_retiring_twice_records_one_retirement() -> None:
    desk = add("desk")
    desk.collect_events()
    desk.retire()
    desk.retire()
    assert [type(e).__name__ for e in desk.collect_events()] == ["Retired"]
