"""Request and response bodies of the API (msgspec structs; they also make the OpenAPI
document). A response of the same shape as a view (a booking, a site, a resource) is the
view's struct under the API's own name, converted from the use case's result by :func:`out`;
one of its own shape (a series, with its days) is written here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

import msgspec
from msgspec import Meta

from domain import limits
from domain.vocabulary import Kind
from service.application.reads import BookingView, ResourceView, SiteView

Eve = Literal["julafton", "nyarsafton", "midsommarafton"]

# The domain's limits (``domain/limits.py``), told at the edge and in the OpenAPI document.
Name = Annotated[str, Meta(min_length=1, max_length=limits.NAME, pattern=limits.LINE_PATTERN)]
Locality = Annotated[str, Meta(max_length=limits.LOCALITY, pattern=limits.LINE_PATTERN)]
Address = Annotated[str, Meta(max_length=limits.ADDRESS, pattern=limits.TEXT_PATTERN)]
TimeZone = Annotated[str, Meta(max_length=limits.TIMEZONE, pattern=limits.LINE_PATTERN)]
Reason = Annotated[str, Meta(max_length=limits.REASON, pattern=limits.TEXT_PATTERN)]
Note = Annotated[str, Meta(max_length=limits.NOTE, pattern=limits.TEXT_PATTERN)]
Feature = Annotated[str, Meta(min_length=1, max_length=60)]
WeeklyHours = dict[
    str, Annotated[list[Annotated[list[str], Meta(min_length=2, max_length=2)]], Meta(max_length=8)]
]
T = TypeVar("T")


def out(kind: type[T], value: Any) -> T:
    """A result of a use case or query as the API's struct of the same shape."""
    return msgspec.convert(value, kind, from_attributes=True)


class Strict(msgspec.Struct, forbid_unknown_fields=True):
    pass


# -- requests ---------------------------------------------------------------------------------


class WantedFields(Strict, kw_only=True):
    """What a booking, a recurring booking and a waitlist entry want, one field block for
    the three: ``resource_id``, or ``site_id`` with ``kind`` (any free one with all the
    ``features``), and the ``quantity``."""

    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: Kind | None = None
    features: Annotated[list[Feature], Meta(max_length=20)] = []
    quantity: Annotated[int, Meta(ge=1, le=1000)] = 1


class BookingRequest(WantedFields, kw_only=True):
    """Either ``resource_id``, or ``site_id`` with ``kind`` (any free one). A time without
    an offset is read in the site's time zone."""

    start: Annotated[
        str, Meta(max_length=40, examples=["2026-12-01T09:00", "2026-12-01T08:00:00Z"])
    ]
    end: Annotated[str, Meta(max_length=40, examples=["2026-12-01T12:00"])]
    member_id: UUID | None = None
    """Hosts: book on this member's behalf."""


class SiteRequest(Strict):
    name: Name
    address: Address
    locality: Locality = ""
    timezone: TimeZone | None = None
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
    reason: Reason = ""
    public_holidays: Annotated[
        list[Annotated[int, Meta(ge=2000, le=2100)]], Meta(max_length=5)
    ] = []
    eves: Annotated[list[Eve], Meta(max_length=3)] = []
    """With ``public_holidays``: also the de facto closed days chosen here."""


class CancelRequest(Strict):
    """A host's words to the member whose booking they cancel (optional)."""

    note: Note = ""


class PolicyRequest(Strict, omit_defaults=True):
    """The settings to change; those left out keep their values. ``max_minutes`` changes
    only the kinds it names."""

    days_ahead: Annotated[int, Meta(ge=1, le=366)] | None = None
    max_minutes: dict[Kind, Annotated[int, Meta(ge=15, le=1440)]] | None = None
    max_future_bookings: Annotated[int, Meta(ge=1, le=1000)] | None = None
    grace_minutes: Annotated[int, Meta(ge=5, le=240)] | None = None

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in msgspec.structs.asdict(self).items() if v is not None}


# -- responses --------------------------------------------------------------------------------


# A view's shape is written once, in the read model; the API's response of the same shape
# is named for the wire and converted at the edge by :func:`out` (a site's closures keep
# the view's own name, ``Closure``).


class SiteOut(SiteView):
    pass


class ResourceOut(ResourceView):
    pass


class FreeSpanOut(msgspec.Struct):
    start: datetime
    end: datetime
    available: int


class ResourceAvailabilityOut(msgspec.Struct):
    resource_id: UUID
    name: str
    kind: str
    features: list[str]
    seats: int | None
    quantity: int
    free: list[FreeSpanOut]


class AvailabilityOut(msgspec.Struct):
    site_id: UUID
    date: date
    timezone: str
    open: list[FreeSpanOut]
    resources: list[ResourceAvailabilityOut]


class BookingOut(BookingView):
    pass


class SiteChangeOut(SiteOut):
    """The site after a change, and the bookings the change cancelled."""

    cancelled: list[BookingOut] = []
    closure_id: UUID | None = None


class ImpactOut(msgspec.Struct):
    """The bookings a change would cancel (nothing is changed)."""

    bookings: list[BookingOut]


class RetiredOut(msgspec.Struct):
    id: UUID
    cancelled: list[BookingOut]


class MemberOut(msgspec.Struct):
    id: UUID
    email: str
    name: str
    role: str


class Created(msgspec.Struct):
    id: UUID


class StalledView(msgspec.Struct):
    view: str
    position: int
    """The notification the view cannot apply: it follows no further until it can."""
    error: str


class Health(msgspec.Struct):
    status: str
    """``ok``, or ``stalled`` (503) while a view cannot apply an event."""
    store_position: int
    views_position: int
    """How far the views that responses wait for (catalogue, availability, my bookings) are."""
    all_views_position: int
    """How far every view is, including the calendar feeds and the reports' usage view."""
    stalled: list[StalledView] = []


class Live(msgspec.Struct):
    status: str
    """Always ``live``: the process answers (nothing else is asked)."""


class NotReadyBecause(msgspec.Struct):
    what: str
    """``database``, ``follower`` (no process holds the views' lock), ``lag`` (beyond
    ``GRANNSKAP_READY_MAX_LAG`` seconds) or ``stalled``."""
    detail: str


class Ready(msgspec.Struct):
    status: str
    """``ready``, or ``not ready`` (503) with the reasons in ``problems``."""
    store_position: int | None
    views_position: int | None
    """How far every view that has not stopped is (the slowest of them)."""
    lag_seconds: float
    """Age of the oldest event a view has not applied yet."""
    problems: list[NotReadyBecause] = []
