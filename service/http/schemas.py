"""Request and response bodies (msgspec structs; they also make the OpenAPI document)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

Kind = Literal["desk", "room", "equipment"]
Name = Annotated[str, Meta(min_length=1, max_length=200)]
Text = Annotated[str, Meta(max_length=2000)]
Feature = Annotated[str, Meta(min_length=1, max_length=60)]
WeeklyHours = dict[
    str, Annotated[list[Annotated[list[str], Meta(min_length=2, max_length=2)]], Meta(max_length=8)]
]


class Strict(msgspec.Struct, forbid_unknown_fields=True):
    pass


class BookingRequest(Strict):
    """Either ``resource_id``, or ``site_id`` with ``kind`` (any free one). A time without
    an offset is read in the site's time zone."""

    start: Annotated[
        str, Meta(max_length=40, examples=["2026-12-01T09:00", "2026-12-01T08:00:00Z"])
    ]
    end: Annotated[str, Meta(max_length=40, examples=["2026-12-01T12:00"])]
    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: Kind | None = None
    features: Annotated[list[Feature], Meta(max_length=20)] = []
    quantity: Annotated[int, Meta(ge=1, le=1000)] = 1


class SiteRequest(Strict):
    name: Name
    address: Text
    locality: Annotated[str, Meta(max_length=200)] = ""
    timezone: Annotated[str, Meta(max_length=64)] = "Europe/Stockholm"
    opening_hours: WeeklyHours = {}
    policy: dict[str, Any] = {}


class ResourceRequest(Strict):
    kind: Kind
    name: Name
    features: Annotated[list[Feature], Meta(max_length=20)] = []
    seats: Annotated[int, Meta(ge=1, le=500)] | None = None
    quantity: Annotated[int, Meta(ge=1, le=1000)] = 1


class ClosureRequest(Strict):
    """A closure from ``first_day`` to ``last_day`` (inclusive, local dates), or the
    Swedish public holidays of the years in ``public_holidays``."""

    first_day: date | None = None
    last_day: date | None = None
    reason: Text = ""
    public_holidays: Annotated[
        list[Annotated[int, Meta(ge=2000, le=2100)]], Meta(max_length=5)
    ] = []


class PolicyRequest(Strict):
    days_ahead: Annotated[int, Meta(ge=1, le=366)] = 28
    max_minutes: dict[Kind, Annotated[int, Meta(ge=15, le=1440)]] = {}
    max_future_bookings: Annotated[int, Meta(ge=1, le=1000)] = 10


class MemberOut(msgspec.Struct):
    id: UUID
    email: str
    name: str
    role: str


class Created(msgspec.Struct):
    id: UUID


class Health(msgspec.Struct):
    status: str
    store_position: int
    views_position: int
    """How far the views that responses wait for (catalogue, availability, my bookings) are."""
    all_views_position: int
    """How far every view is, including the calendar feeds and the reports' usage view."""
