"""Request and response bodies of recurring bookings, the waitlist, usuals, floor plans and
the feature vocabulary (msgspec structs; they make the OpenAPI document too)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from domain.vocabulary import Weekday
from service.application.reads import SeriesDayView, UsualView, WaitlistEntryView
from service.http.schemas import BookingOut, Feature, Strict, WantedFields

Clock = Annotated[str, Meta(pattern=r"^\d{2}:\d{2}$", examples=["08:00"])]
Instant = Annotated[str, Meta(max_length=40, examples=["2026-12-01T09:00"])]


class SeriesRequest(WantedFields, kw_only=True):
    """As ``POST /api/bookings`` (``resource_id``, or ``site_id`` with ``kind`` and
    ``features``), with ``start`` and ``end`` as local clock times, the ``weekdays`` and the
    last day (``until``, included). ``first_day`` defaults to today."""

    weekdays: Annotated[list[Weekday], Meta(min_length=1, max_length=7)]
    until: date
    start: Clock
    end: Clock
    first_day: date | None = None


class SeriesCancelRequest(Strict):
    """Cancel the days from ``from`` on (today when left out)."""

    from_: date | None = msgspec.field(default=None, name="from")


class SeriesDayOut(SeriesDayView):
    pass


class SeriesOut(msgspec.Struct):
    id: UUID
    member_id: UUID
    site_id: UUID
    resource_id: UUID | None
    kind: str
    features: list[str]
    quantity: int
    weekdays: list[str]
    first_day: date
    until: date
    start: str
    end: str
    cancelled_from: date | None
    days: list[SeriesDayOut]


class SeriesSummaryOut(msgspec.Struct):
    id: UUID
    site_id: UUID
    resource_id: UUID | None
    kind: str
    weekdays: list[str]
    first_day: date
    until: date
    start: str
    end: str
    cancelled_from: date | None
    next_pending: date | None


class DaysRequest(WantedFields, kw_only=True):
    """As ``POST /api/bookings``, on several ``days`` of one week (Monday to Sunday), from
    ``start`` to ``end`` (local clock times at the site) each day."""

    days: Annotated[list[date], Meta(min_length=1, max_length=7)]
    start: Clock
    end: Clock


class DayBookedOut(msgspec.Struct):
    day: date
    status: str
    """placed (``booking``) or refused (``rule``, ``reason``)"""
    booking: BookingOut | None = None
    rule: str | None = None
    reason: str | None = None


class WaitlistRequest(WantedFields, kw_only=True):
    """Wait for ``resource_id``, or for any of ``kind`` at ``site_id`` with ``features``."""

    start: Instant
    end: Instant


class WaitlistEntryOut(WaitlistEntryView):
    pass


class UsualRequest(Strict):
    """The favourite resource (its site follows) and the usual local hours."""

    resource_id: UUID
    start: Clock
    end: Clock


class UsualOut(UsualView):
    pass


class BookUsualRequest(Strict):
    """The day; ``start`` and ``end`` (local clock times) are used only while the member has
    no usual hours at the site (without them: the site's first opening hours that day)."""

    date: date
    start: Clock | None = None
    end: Clock | None = None


class MoveRequest(Strict):
    resource_id: UUID


class FeaturesRequest(Strict):
    features: Annotated[list[Feature], Meta(max_length=20)]


class FeatureOut(msgspec.Struct):
    code: str
    en: str
    sv: str


class PlaceIn(Strict):
    column: Annotated[int, Meta(ge=1, le=60)]
    row: Annotated[int, Meta(ge=1, le=60)]
    width: Annotated[int, Meta(ge=1, le=10)] = 1
    height: Annotated[int, Meta(ge=1, le=10)] = 1


class FloorPlanRequest(Strict):
    """The grid's size and where each resource is (by id); those left out are not shown."""

    columns: Annotated[int, Meta(ge=1, le=60)]
    rows: Annotated[int, Meta(ge=1, le=60)]
    places: Annotated[dict[UUID, PlaceIn], Meta(max_length=500)] = {}


class PlaceOut(msgspec.Struct):
    column: int
    row: int
    width: int
    height: int


class FloorPlanOut(msgspec.Struct):
    site_id: UUID
    columns: int
    rows: int
    places: dict[UUID, PlaceOut]
    background_url: str | None
