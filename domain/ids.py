"""Deterministic ids, so that concurrent commands meet on the same aggregate."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

NAMESPACE = UUID("6f1d3c52-8a55-4a8e-9f0f-6b7d1c2a9e10")


def resource_day_id(resource_id: UUID, day: date) -> UUID:
    return uuid5(NAMESPACE, f"resource-day/{resource_id}/{day.isoformat()}")


def member_schedule_id(member_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"member-schedule/{member_id}")


def waitlist_id(site_id: UUID, day: date) -> UUID:
    return uuid5(NAMESPACE, f"waitlist/{site_id}/{day.isoformat()}")


def floor_plan_id(site_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"floor-plan/{site_id}")


def usual_id(member_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"usual/{member_id}")


def member_waits_id(member_id: UUID) -> UUID:
    return uuid5(NAMESPACE, f"member-waits/{member_id}")
