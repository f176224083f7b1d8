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
from projections.queries.plans import (
    FloorPlanView,
    PlanQueries,
    SeriesDayView,
    SeriesView,
    UsualView,
    WaitlistEntryView,
)


class Queries(CalendarQueries, PlanQueries):
    """Every query of the views (catalogue, bookings, calendar, members' plans, floor plans)."""


__all__ = [
    "Availability",
    "BookingView",
    "Catalogue",
    "Closure",
    "DayCounts",
    "FeedEntry",
    "FeedVersion",
    "FloorPlanView",
    "FreeSpan",
    "KindCount",
    "Queries",
    "ResourceAvailability",
    "ResourceView",
    "SeriesDayView",
    "SeriesView",
    "SiteView",
    "UsualView",
    "WaitlistEntryView",
    "natural",
]
