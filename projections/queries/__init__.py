"""The queries of the views: catalogue, availability, bookings and calendar feeds. The use
cases read through them, and the pages, endpoints and commands reach them only through the
application layer (``service/application/reads.py``); the reports read through
``projections.reports``. Results are plain structs, each shape written once here; the
adapters convert them to their own output."""

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
