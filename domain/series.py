"""A recurring booking: "every Tuesday and Thursday 08-16 until 31 March".

The series itself holds nothing on any ledger. Each occurrence is its own ``Booking``,
placed by the same rules as any booking (and so cancelled, checked in and released as a
no-show one by one); the series records for each of its days whether that occurrence was
placed (and as which booking) or refused (and why), and leaves the days beyond the booking
window pending until the window opens. Cancelling from a day on ends the days still to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidSetting, NotActive
from domain.time import Interval, local_instant
from domain.vocabulary import WEEKDAYS

MAX_SPAN = timedelta(days=366)
MAX_OCCURRENCES = 260


@dataclass(frozen=True)
class Recurrence:
    """The weekdays, the local clock times and the first and last day of a series."""

    weekdays: tuple[str, ...]
    first_day: date
    until: date
    start: time
    end: time

    @classmethod
    def of(
        cls,
        weekdays: list[str] | tuple[str, ...],
        first_day: date,
        until: date,
        start: time,
        end: time,
    ) -> Recurrence:
        days = tuple(d for d in WEEKDAYS if d in set(weekdays))
        unknown = set(weekdays) - set(WEEKDAYS)
        if unknown:
            raise InvalidSetting(f"weekdays are {', '.join(WEEKDAYS)}", about="weekdays")
        if not days:
            raise InvalidSetting("a series needs at least one weekday", about="weekdays")
        if until < first_day:
            raise InvalidSetting("until must not be before the first day", about="until")
        if until - first_day > MAX_SPAN:
            raise InvalidSetting("a series lasts at most a year", about="until")
        if end <= start:
            raise InvalidSetting("the end must be after the start", about="end")
        recurrence = cls(days, first_day, until, start, end)
        if not recurrence.days():
            raise InvalidSetting("none of those weekdays falls in that period", about="weekdays")
        if len(recurrence.days()) > MAX_OCCURRENCES:
            raise InvalidSetting(f"at most {MAX_OCCURRENCES} occurrences", about="until")
        return recurrence

    def days(self) -> list[date]:
        wanted = {WEEKDAYS.index(d) for d in self.weekdays}
        span = (self.until - self.first_day).days
        every = (self.first_day + timedelta(days=n) for n in range(span + 1))
        return [day for day in every if day.weekday() in wanted]

    def interval_on(self, day: date, tz: ZoneInfo) -> Interval:
        """The occurrence on a local day, in UTC (daylight saving handled by zoneinfo)."""
        return Interval(local_instant(day, self.start, tz), local_instant(day, self.end, tz))


@dataclass(frozen=True)
class Occurrence:
    day: date
    status: str  # "pending", "placed", "refused" or "cancelled" (ended by cancel-from)
    booking_id: UUID | None = None
    rule: str | None = None
    reason: str | None = None


class Series(Aggregate):
    """One member's recurring booking of a resource, or of any of a kind with features."""

    class Started(Aggregate.Created):
        member_id: UUID
        site_id: UUID
        resource_id: UUID | None
        kind: str
        features: list[str]
        quantity: int
        weekdays: list[str]
        first_day: str
        until: str
        start: str
        end: str
        at: datetime

    @classmethod
    def start_for(
        cls,
        *,
        member_id: UUID,
        site_id: UUID,
        resource_id: UUID | None,
        kind: str,
        features: list[str],
        quantity: int,
        recurrence: Recurrence,
        now: datetime,
    ) -> Series:
        return cls(
            member_id=member_id,
            site_id=site_id,
            resource_id=resource_id,
            kind=kind,
            features=list(features),
            quantity=quantity,
            weekdays=list(recurrence.weekdays),
            first_day=recurrence.first_day.isoformat(),
            until=recurrence.until.isoformat(),
            start=recurrence.start.strftime("%H:%M"),
            end=recurrence.end.strftime("%H:%M"),
            at=now,
        )

    @event(Started)
    def __init__(
        self,
        member_id: UUID,
        site_id: UUID,
        resource_id: UUID | None,
        kind: str,
        features: list[str],
        quantity: int,
        weekdays: list[str],
        first_day: str,
        until: str,
        start: str,
        end: str,
        at: datetime,
    ) -> None:
        self.member_id = member_id
        self.site_id = site_id
        self.resource_id = resource_id
        self.kind = kind
        self.features = list(features)
        self.quantity = quantity
        self.recurrence = Recurrence(
            tuple(weekdays),
            date.fromisoformat(first_day),
            date.fromisoformat(until),
            time.fromisoformat(start),
            time.fromisoformat(end),
        )
        self.started_at = at
        self.decided: dict[date, Occurrence] = {}
        self.cancelled_from: date | None = None

    # -- what is decided and what is not -------------------------------------------------

    def occurrences(self) -> list[Occurrence]:
        """Every day of the series, in order, as decided so far."""
        return [
            self.decided.get(day)
            or Occurrence(
                day,
                "cancelled"
                if self.cancelled_from is not None and day >= self.cancelled_from
                else "pending",
            )
            for day in self.recurrence.days()
        ]

    def pending(self) -> list[date]:
        return [o.day for o in self.occurrences() if o.status == "pending"]

    def due(self, last_open_day: date) -> list[date]:
        """The pending days the booking window has reached (the last day it opens)."""
        return [day for day in self.pending() if day <= last_open_day]

    def is_pending(self, day: date) -> bool:
        return day in self.pending()

    def booking_ids_from(self, day: date) -> list[UUID]:
        """The bookings placed for the days from ``day`` on."""
        return [
            o.booking_id
            for o in self.decided.values()
            if o.day >= day and o.booking_id is not None and o.status == "placed"
        ]

    @property
    def is_open(self) -> bool:
        """Whether any day is still to be decided."""
        return bool(self.pending())

    # -- decisions ---------------------------------------------------------------------------

    def _check_pending(self, day: date) -> None:
        if not self.is_pending(day):
            raise NotActive(f"{day.isoformat()} is decided already", about="series")

    def placed(self, day: date, booking_id: UUID) -> None:
        self._check_pending(day)
        self._placed(day.isoformat(), booking_id)

    class OccurrencePlaced(Aggregate.Event):
        day: str
        booking_id: UUID

    @event(OccurrencePlaced)
    def _placed(self, day: str, booking_id: UUID) -> None:
        on = date.fromisoformat(day)
        self.decided[on] = Occurrence(on, "placed", booking_id=booking_id)

    def refused(self, day: date, rule: str, reason: str, now: datetime) -> None:
        """The occurrence of ``day`` could not be had: the member is to be told (the event
        that a notice follows)."""
        self._check_pending(day)
        self._refused(day.isoformat(), rule, reason, now)

    class OccurrenceRefused(Aggregate.Event):
        day: str
        rule: str
        reason: str
        at: datetime

    @event(OccurrenceRefused)
    def _refused(self, day: str, rule: str, reason: str, at: datetime) -> None:
        on = date.fromisoformat(day)
        self.decided[on] = Occurrence(on, "refused", rule=rule, reason=reason)

    def cancel_from(self, day: date, by: UUID, now: datetime) -> None:
        """Ends the series from ``day`` on: days not yet decided will not be booked. (The
        caller cancels the bookings already placed for those days, in the same save.)"""
        if self.cancelled_from is not None and self.cancelled_from <= day:
            return
        if day > self.recurrence.until:
            raise InvalidSetting("the series has ended before that day", about="from")
        self._cancel_from(day.isoformat(), by, now)

    class CancelledFrom(Aggregate.Event):
        day: str
        by: UUID
        at: datetime

    @event(CancelledFrom)
    def _cancel_from(self, day: str, by: UUID, at: datetime) -> None:
        self.cancelled_from = date.fromisoformat(day)
