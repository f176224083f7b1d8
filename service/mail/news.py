"""What a booking event is as news to its member: which message, about what, and when it
is due (for the mail outbox, ``service.mail.follower``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from eventsourcing.utils import get_topic

from domain.booking import ACCOUNT_ERASED, APPROVAL_EXPIRED, Booking
from domain.resource import Resource
from domain.site import Site
from projections.queries import FeedEntry
from service.application.reactions import (
    MAIL_APPROVED,
    MAIL_CANCELLED,
    MAIL_CHECK_IN_NUDGE,
    MAIL_CONFIRMED,
    MAIL_DECLINED,
    MAIL_RELEASED,
    MAIL_REMINDER,
    MAIL_REMINDER_TODAY,
    Reaction,
)
from service.mail.compose import BookingNews

REMINDER_AT = time(16, 0)  # local time, the day before the booking's day
REMINDER_TODAY_BEFORE = timedelta(hours=2)  # the day-of reminder, before the start
# Composed when due, and sent only if still wanted then (the booking active, the member's
# preference on, not checked in for a nudge).
LATER = frozenset({"booking-reminder", "booking-reminder-today", "booking-check-in-nudge"})
PLACED, CANCELLED, RELEASED, APPROVED, DECLINED = (
    get_topic(Booking.Placed),
    get_topic(Booking.Cancelled),
    get_topic(Booking.ReleasedAsNoShow),
    get_topic(Booking.Approved),
    get_topic(Booking.Declined),
)
# The messages that carry the booking as a calendar invitation (or its cancellation).
WITH_CALENDAR = frozenset(
    {
        "booking-confirmed",
        "booking-pending",
        "booking-approved",
        "booking-cancelled",
        "booking-declined",
        "booking-released",
    }
)


def news_of(
    reaction: Reaction,
    event: Any,
    booking: Booking,
    site: Site,
    entry: FeedEntry,
    name: str,
    until: datetime,
) -> tuple[BookingNews, datetime] | None:
    """The message a reaction to an event is, and when it is due (None: none is)."""
    if reaction in (MAIL_CONFIRMED, MAIL_REMINDER):
        pending = reaction == MAIL_CONFIRMED and event.pending
        news = BookingNews(
            "booking-pending" if pending else reaction.name,
            entry,
            name,
            until,
            placed_by_host=event.placed_by is not None,
        )
        if reaction == MAIL_CONFIRMED:
            return news, event.placed_at
        remind_at = _reminder_time(booking.start, site)
        return (news, remind_at) if remind_at > event.placed_at else None
    if reaction in (MAIL_REMINDER_TODAY, MAIL_CHECK_IN_NUDGE):
        if event.drop_in:
            return None  # a walk-in is there, checked in
        nudge = reaction == MAIL_CHECK_IN_NUDGE
        due = booking.start if nudge else booking.start - REMINDER_TODAY_BEFORE
        if not nudge and due.astimezone(site.tz).date() != booking.start.astimezone(site.tz).date():
            due = datetime.combine(booking.start.astimezone(site.tz).date(), time(0), site.tz)
        return (
            (BookingNews(reaction.name, entry, name, until), due) if due > event.placed_at else None
        )
    if reaction == MAIL_CANCELLED:
        if event.reason == ACCOUNT_ERASED:
            return None
        reason = event.reason or ("member" if event.by == booking.member_id else "host")
        return BookingNews(reaction.name, entry, name, reason=reason, note=event.note), event.at
    if reaction == MAIL_RELEASED:
        return BookingNews(reaction.name, entry, name), event.at
    if reaction == MAIL_APPROVED:
        return BookingNews(reaction.name, entry, name, until), event.at
    if reaction == MAIL_DECLINED:
        reason = APPROVAL_EXPIRED if event.expired else ""
        return BookingNews(reaction.name, entry, name, reason=reason, note=event.note), event.at
    return None


def _reminder_time(start: datetime, site: Site) -> datetime:
    local_day = start.astimezone(site.tz).date() - timedelta(days=1)
    return datetime.combine(local_day, REMINDER_AT, tzinfo=site.tz)


def entry_of(booking: Booking, site: Site, resource: Resource, event: Any) -> FeedEntry:
    status = {
        PLACED: "pending" if getattr(event, "pending", False) else "confirmed",
        CANCELLED: "cancelled",
        RELEASED: "no-show",
        APPROVED: "confirmed",
        DECLINED: "cancelled",
    }[get_topic(type(event))]
    return FeedEntry(
        booking_id=booking.id,
        kind=booking.kind,
        quantity=booking.quantity,
        resource_name=resource.name,
        site_name=site.name,
        address=site.address,
        locality=site.locality,
        timezone=site.timezone,
        start=booking.start,
        end=booking.end,
        status=status,
        sequence=event.originator_version - 1,
        created=booking.placed_at,
        last_modified=getattr(event, "at", None) or booking.placed_at,
        note=getattr(event, "note", "") if status == "cancelled" else "",
    )
