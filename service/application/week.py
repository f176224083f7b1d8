"""Booking several days of one week in one go: the same time (local clock times at the site)
and the same resource or kind on each chosen day, each day its own booking; a day that cannot
be had is listed with its refusal (recorded as demand, as any refused booking is), and the
others are booked all the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from domain.errors import Conflict, RuleViolation
from domain.time import one_week
from projections.queries import BookingView
from service.application import bookings
from service.application.context import Context
from service.registry.members import Member


@dataclass(frozen=True)
class BookDays:
    actor: Member
    days: tuple[date, ...]
    start: time
    end: time
    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: str | None = None
    features: tuple[str, ...] = ()
    quantity: int = 1


@dataclass(frozen=True)
class DayBooked:
    """One chosen day: its booking, or why it could not be had."""

    day: date
    booking: BookingView | None = None
    rule: str | None = None
    reason: str | None = None


def book_days(ctx: Context, command: BookDays) -> list[DayBooked]:
    """Each chosen day in order; refusals of the member's limits or the site's rules end no
    other day's booking."""
    out = []
    for day in one_week(command.days):
        try:
            placed = bookings.book(
                ctx,
                bookings.Book(
                    command.actor,
                    datetime.combine(day, command.start),
                    datetime.combine(day, command.end),
                    resource_id=command.resource_id,
                    site_id=command.site_id,
                    kind=command.kind,
                    features=command.features,
                    quantity=command.quantity,
                ),
            )
        except (Conflict, RuleViolation) as refusal:
            out.append(DayBooked(day, rule=refusal.rule, reason=refusal.message))
        else:
            out.append(DayBooked(day, booking=placed.booking))
    return out
