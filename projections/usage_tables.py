"""The usage view's tables: everything a report needs, copied from the events (sites,
their opening hours and closures, resources, bookings with what became of them, refused
attempts, searches that found nothing, waitlist entries). ``projections/usage.py`` fills
them; ``projections/reports`` reads them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from projections.db import UTCDateTime, ViewBase


class UsageSiteRow(ViewBase):
    __tablename__ = "view_usage_site"
    site_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))


class UsageHoursRow(ViewBase):
    """One setting of a site's weekly opening hours (the registration's included)."""

    __tablename__ = "view_usage_hours"
    site_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    opening_hours: Mapped[dict[str, Any]] = mapped_column(JSON)


class UsageClosureRow(ViewBase):
    __tablename__ = "view_usage_closure"
    site_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


class UsageResourceRow(ViewBase):
    __tablename__ = "view_usage_resource"
    resource_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    features: Mapped[list[str]] = mapped_column(JSON)
    seats: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quantity: Mapped[int] = mapped_column(Integer)
    added_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    retired_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class UsageBookingRow(ViewBase):
    """A booking and what became of it. ``member_id`` is for distinct-member counts only."""

    __tablename__ = "view_usage_booking"
    booking_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # How the check-in was made: "code", "button" or "host" (None: not recorded then).
    check_in_method: Mapped[str | None] = mapped_column(String(16), nullable=True)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    member_id: Mapped[UUID] = mapped_column(Uuid)
    # The feature codes asked for (any resource with them); None: a resource chosen by name,
    # or a booking placed before they were recorded.
    features: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    # A walk-in visitor registered by a host: drop-in use.
    drop_in: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_view_usage_booking_site_start", "site_id", "start"),)


class UsageRefusalRow(ViewBase):
    """A refused booking attempt. ``member_id`` is for de-duplication and counts only."""

    __tablename__ = "view_usage_refusal"
    refusal_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    rule: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    member_id: Mapped[UUID] = mapped_column(Uuid)
    # What was asked for: the pool (None in refusals recorded before: it follows from the
    # resource), the feature codes and the quantity.
    pool: Mapped[str | None] = mapped_column(String(220), nullable=True)
    features: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (Index("ix_view_usage_refusal_site_start", "site_id", "start"),)


class UsageSearchRow(ViewBase):
    """A search that found nothing free: a demand signal, counted apart from requests.
    ``member_id`` is for distinct-member counts only."""

    __tablename__ = "view_usage_search"
    search_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    features: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    member_id: Mapped[UUID] = mapped_column(Uuid)

    __table_args__ = (Index("ix_view_usage_search_site_start", "site_id", "start"),)


class UsageWaitlistRow(ViewBase):
    """A waitlist entry and what became of it: served (booked from the list), expired
    (never served) or left. ``member_id`` is for distinct-member counts only."""

    __tablename__ = "view_usage_waitlist"
    entry_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    quantity: Mapped[int] = mapped_column(Integer)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    booking_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    member_id: Mapped[UUID] = mapped_column(Uuid)

    __table_args__ = (Index("ix_view_usage_waitlist_site_start", "site_id", "start"),)


USAGE_TABLES = (
    UsageSiteRow,
    UsageHoursRow,
    UsageClosureRow,
    UsageResourceRow,
    UsageBookingRow,
    UsageRefusalRow,
    UsageSearchRow,
    UsageWaitlistRow,
)
