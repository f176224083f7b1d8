"""The view tables (SQLAlchemy 2.0 typed ORM). All of them can be dropped and rebuilt."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from projections.db import UTCDateTime, ViewBase


class SiteRow(ViewBase):
    __tablename__ = "view_site"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    locality: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    opening_hours: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON)


class ClosureRow(ViewBase):
    __tablename__ = "view_closure"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)


class ResourceRow(ViewBase):
    __tablename__ = "view_resource"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    features: Mapped[list[str]] = mapped_column(JSON)
    seats: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quantity: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)


class HoldRow(ViewBase):
    """An active booking holding a resource: what availability subtracts."""

    __tablename__ = "view_hold"
    booking_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID] = mapped_column(Uuid)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    quantity: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_view_hold_site_start", "site_id", "start"),)


class MemberBookingRow(ViewBase):
    """A member's booking, active or not: what "my bookings" lists."""

    __tablename__ = "view_member_booking"
    booking_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Why it was cancelled (domain.booking's reasons) and a host's words, if it was.
    cancel_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    cancel_note: Mapped[str] = mapped_column(Text, default="")
    placed_by: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    # A walk-in visitor registered by a host (its member id is the visitor's own).
    drop_in: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_view_member_booking_member_start", "member_id", "start"),
        Index("ix_view_member_booking_status_start", "status", "start"),
    )
