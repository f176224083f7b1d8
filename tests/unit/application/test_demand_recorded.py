"""What the store keeps of demand: every refusal names its pool and what was asked for, a
booking keeps the features asked for, and a search that found nothing is a signal of its own."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from domain.booking import Booking, BookingRefused
from domain.errors import DomainError, NoMatch, NothingFree
from domain.search import EmptySearch
from service.application import bookings, searches
from service.application.bookings import Book
from service.application.context import Context
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at
from tests.unit.application.conftest import member


def recorded(memory: Container, cls: type) -> list[Any]:
    store = memory.store
    events = (
        store.mapper.to_domain_event(n)
        for n in store.recorder.select_notifications(start=1, limit=10_000)
    )
    return [e for e in events if isinstance(e, cls)]


def any_of(who: Member, office: Office, kind: str, start: str, end: str, **more: Any) -> Book:
    return Book(
        who, at(TUESDAY, start), at(TUESDAY, end), site_id=office.site_id, kind=kind, **more
    )


def test_a_refused_request_for_any_equipment_names_the_item_as_its_pool(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    bookings.book(ctx, any_of(anna, office, "equipment", "09:00", "10:00", quantity=3))
    with pytest.raises(NothingFree):
        bookings.book(ctx, any_of(member(memory, "Bo"), office, "equipment", "09:00", "10:00"))

    (refusal,) = recorded(memory, BookingRefused.Recorded)
    assert (refusal.pool, refusal.quantity, refusal.rule) == (
        "equipment:Headset",
        1,
        "nothing-free",
    )


def test_a_refusal_of_a_named_resource_names_its_pool_and_the_quantity(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    headsets = Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "10:00"), resource_id=office.headsets)
    bookings.book(ctx, headsets)
    with pytest.raises(DomainError):
        bookings.book(
            ctx, Book(bo, headsets.start, headsets.end, resource_id=office.headsets, quantity=3)
        )

    (refusal,) = recorded(memory, BookingRefused.Recorded)
    assert (refusal.pool, refusal.quantity, refusal.features) == ("equipment:Headset", 3, None)


def test_a_wish_no_resource_meets_is_refused_as_no_match_with_what_was_asked(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    with pytest.raises(NoMatch):
        bookings.book(ctx, any_of(anna, office, "desk", "09:00", "10:00", features=("fönster",)))

    (refusal,) = recorded(memory, BookingRefused.Recorded)
    assert (refusal.rule, refusal.pool, refusal.features) == ("no-match", "desk", ["window"])


def test_a_booking_of_any_desk_keeps_the_features_asked_for(
    ctx: Context, memory: Container, office: Office, anna: Member
) -> None:
    bookings.book(ctx, any_of(anna, office, "desk", "09:00", "10:00", features=("skärm",)))

    (placed,) = recorded(memory, Booking.Placed)
    assert placed.features == ["screen"] and placed.resource_id == office.desk_a


def search(
    who: Member | None, office: Office, start: str | None, end: str | None
) -> searches.Search:
    return searches.Search(
        actor=who,
        site_id=office.site_id,
        day=TUESDAY,
        kind="room",
        start=time.fromisoformat(start) if start else None,
        end=time.fromisoformat(end) if end else None,
    )


def test_a_search_for_a_time_that_finds_nothing_free_is_recorded_as_a_signal(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, any_of(anna, office, "room", "09:00", "11:00"))

    searches.search_free(ctx, search(bo, office, "09:30", "10:30"))

    (signal,) = recorded(memory, EmptySearch.Recorded)
    assert (signal.kind, signal.start, signal.end) == (
        "room",
        at(TUESDAY, "09:30"),
        at(TUESDAY, "10:30"),
    )
    assert signal.member_id == bo.id and signal.channel == searches.API


def test_a_search_that_finds_something_or_names_no_time_is_not_recorded(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    bookings.book(ctx, any_of(anna, office, "room", "09:00", "11:00"))

    searches.search_free(ctx, search(bo, office, "11:00", "12:00"))  # free then
    searches.search_free(ctx, search(bo, office, None, None))  # no time chosen
    searches.search_free(ctx, search(None, office, "09:30", "10:30"))  # nobody signed in

    assert recorded(memory, EmptySearch.Recorded) == []
