"""The one read API over the views: catalogue, availability, bookings and calendar feeds.
Every page, endpoint and command reads through it (the reports read through
``projections.reports``). Results are plain structs; the adapters map them to their own
output."""

from __future__ import annotations

from projections.queries.bookings import (
    Availability,
    BookingView,
    DayCounts,
    FreeSpan,
    KindCount,
    ResourceAvailability,
)
from projections.queries.calendar import CalendarQueries, FeedEntry, FeedVersion
from projections.queries.catalogue import Catalogue, Closure, ResourceView, SiteView, natural


class Queries(CalendarQueries):
    """Every query of the views (catalogue, bookings and calendar)."""


__all__ = [
    "Availability",
    "BookingView",
    "Catalogue",
    "Closure",
    "DayCounts",
    "FeedEntry",
    "FeedVersion",
    "FreeSpan",
    "KindCount",
    "Queries",
    "ResourceAvailability",
    "ResourceView",
    "SiteView",
    "natural",
]
