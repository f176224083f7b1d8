"""What follows an event, in one table: the message bus of "Architecture Patterns with
Python" (its ``EVENT_HANDLERS``), kept as data that the rest reads.

Each reaction says what follows and where it runs:

- ``AFTER_COMMAND``: in the process that wrote the event, right after its command succeeded
  (``Context.react``, with the handlers the composition root binds in ``service.container``).
  A handler that fails is logged, not raised; the minute's sweep catches up on it.
- ``OUTBOX``: from the notification log, by the mail outbox (``service.mail.follower``), which
  records the messages of each event once, with its position, and is nudged after every write.
- ``EVERY_MINUTE``: what follows time passing rather than an event; the jobs every server runs
  each minute, in this order (``service.application.jobs``).
"""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.domain import DomainEvent

from domain.booking import Booking

AFTER_COMMAND = "after the command"
OUTBOX = "from the notification log, by the mail outbox"
EVERY_MINUTE = "every minute"


@dataclass(frozen=True)
class Reaction:
    name: str
    what: str
    runs: str


OFFER_FREED = Reaction(
    "waitlist-offer",
    "what the booking held is offered to the first in line of its day's waitlist",
    AFTER_COMMAND,
)
MAIL_CONFIRMED = Reaction(
    "booking-confirmed", "the member gets a confirmation with a calendar invitation", OUTBOX
)
MAIL_REMINDER = Reaction(
    "booking-reminder", "the member gets a reminder at 16:00 the day before, if still due", OUTBOX
)
MAIL_REMINDER_TODAY = Reaction(
    "booking-reminder-today",
    "the member gets a reminder two hours before the start, if still due and chosen",
    OUTBOX,
)
MAIL_CHECK_IN_NUDGE = Reaction(
    "booking-check-in-nudge",
    "the member is nudged to check in at the start, unless checked in or turned off",
    OUTBOX,
)
MAIL_CANCELLED = Reaction(
    "booking-cancelled",
    "the member is told, with the calendar's cancellation (not when their account was erased)",
    OUTBOX,
)
MAIL_RELEASED = Reaction(
    "booking-released", "the member is told the booking was released as a no-show", OUTBOX
)
MAIL_APPROVED = Reaction(
    "booking-approved",
    "the member is told a host approved the booking, with the invitation",
    OUTBOX,
)
MAIL_DECLINED = Reaction(
    "booking-declined",
    "the member is told a host declined the booking (with the host's words)",
    OUTBOX,
)
RELEASE_NO_SHOWS = Reaction(
    "no-show-release",
    "bookings nobody checked in to within the site's grace period are released",
    EVERY_MINUTE,
)
PLACE_SERIES_DAYS = Reaction(
    "series-days",
    "the days of recurring bookings the booking window reached are placed",
    EVERY_MINUTE,
)
EXPIRE_UNANSWERED = Reaction(
    "approval-expiry",
    "bookings awaiting approval that no host answered in time are declined "
    "(GRANNSKAP_APPROVAL_HOURS after asking, at the start at the latest)",
    EVERY_MINUTE,
)
FORGET_VISITOR_NAMES = Reaction(
    "visitor-names",
    "the names hosts gave walk-in visitors are deleted once their day is over",
    EVERY_MINUTE,
)
SWEEP_WAITLISTS = Reaction(
    "waitlist-sweep",
    "what is free is offered to every waiting entry; entries whose time started expire",
    EVERY_MINUTE,
)

# Event -> what follows it.
REACTIONS: dict[type[DomainEvent], tuple[Reaction, ...]] = {
    Booking.Placed: (MAIL_CONFIRMED, MAIL_REMINDER, MAIL_REMINDER_TODAY, MAIL_CHECK_IN_NUDGE),
    Booking.Cancelled: (OFFER_FREED, MAIL_CANCELLED),
    Booking.CheckedOut: (OFFER_FREED,),
    Booking.Moved: (OFFER_FREED,),
    Booking.ReleasedAsNoShow: (OFFER_FREED, MAIL_RELEASED),
    Booking.Approved: (MAIL_APPROVED,),
    Booking.Declined: (OFFER_FREED, MAIL_DECLINED),
}
# What follows time passing, in the order the minute's jobs run.
EACH_MINUTE: tuple[Reaction, ...] = (
    RELEASE_NO_SHOWS,
    EXPIRE_UNANSWERED,
    PLACE_SERIES_DAYS,
    SWEEP_WAITLISTS,
    FORGET_VISITOR_NAMES,
)


def reactions_to(event: type[DomainEvent], runs: str | None = None) -> tuple[Reaction, ...]:
    """What follows an event of this class (only those that run ``runs``, when given)."""
    return tuple(r for r in REACTIONS.get(event, ()) if runs is None or r.runs == runs)


def events_followed(runs: str) -> tuple[type[DomainEvent], ...]:
    """The event classes that something running ``runs`` follows."""
    return tuple(event for event in REACTIONS if reactions_to(event, runs))
