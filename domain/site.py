"""A site: where it is, when it is open, when it is closed and its booking policy."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from uuid import UUID, uuid4, uuid5
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventsourcing.domain import Aggregate, event

from domain import limits
from domain.errors import (
    InThePast,
    InvalidSetting,
    OutsideBookingWindow,
    OutsideOpeningHours,
    SiteClosed,
    TooLong,
)
from domain.ids import NAMESPACE
from domain.time import Interval, local_date, local_instant
from domain.vocabulary import KINDS, WEEKDAYS

REASON_LENGTH = limits.REASON


class Closure(NamedTuple):
    """Days (local, both included) on which the site is closed, with a stable id."""

    first_day: date
    last_day: date
    reason: str
    id: UUID

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def legacy_closure_id(site_id: UUID, first_day: str, last_day: str) -> UUID:
    """The id of a closure recorded before closures had ids: made from what it was."""
    return uuid5(NAMESPACE, f"closure/{site_id}/{first_day}/{last_day}")


def parse_clock(text: str, about: str) -> time:
    try:
        clock = time.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidSetting(f"{text!r} is not a time of day HH:MM", about=about) from None
    if clock.minute % 15 or clock.second or clock.microsecond:
        raise InvalidSetting("opening hours are on 15-minute boundaries", about=about)
    return clock


@dataclass(frozen=True)
class OpeningHours:
    """Weekly opening hours: for each weekday, non-overlapping local [open, close) spans."""

    spans: dict[str, tuple[tuple[time, time], ...]]

    @classmethod
    def parse(cls, raw: dict[str, list[list[str]]]) -> OpeningHours:
        spans: dict[str, tuple[tuple[time, time], ...]] = {}
        for day, day_spans in raw.items():
            if day not in WEEKDAYS:
                raise InvalidSetting(f"unknown weekday {day!r}", about=f"opening_hours.{day}")
            parsed: list[tuple[time, time]] = []
            for i, span in enumerate(day_spans):
                where = f"opening_hours.{day}[{i}]"
                if len(span) != 2:
                    raise InvalidSetting("a span is [open, close]", about=where)
                opens, closes = parse_clock(span[0], where), parse_clock(span[1], where)
                if closes <= opens:
                    raise InvalidSetting("close must be after open", about=where)
                parsed.append((opens, closes))
            parsed.sort()
            for (_, close_a), (open_b, _) in itertools.pairwise(parsed):
                if open_b < close_a:
                    raise InvalidSetting("spans overlap", about=f"opening_hours.{day}")
            spans[day] = tuple(parsed)
        return cls(spans)

    def to_raw(self) -> dict[str, list[list[str]]]:
        return {
            day: [[o.strftime("%H:%M"), c.strftime("%H:%M")] for o, c in spans]
            for day, spans in self.spans.items()
        }

    def intervals_on(self, day: date, tz: ZoneInfo) -> list[Interval]:
        """The UTC intervals the site is open on a local day. Spans that touch (08-12 and
        12-17) are one stretch of opening: they are joined, so a booking across 12 fits."""
        spans = self.spans.get(WEEKDAYS[day.weekday()], ())
        joined: list[Interval] = []
        for opens, closes in spans:
            interval = Interval(local_instant(day, opens, tz), local_instant(day, closes, tz))
            if joined and interval.start <= joined[-1].end:
                joined[-1] = Interval(joined[-1].start, max(joined[-1].end, interval.end))
            else:
                joined.append(interval)
        return joined


@dataclass(frozen=True)
class BookingPolicy:
    days_ahead: int = 28
    max_minutes: dict[str, int] = field(
        default_factory=lambda: {"desk": 600, "room": 240, "equipment": 600}
    )
    max_future_bookings: int = 10
    grace_minutes: int = 30

    def first_day_to_book(self, day: date) -> date:
        """The local day from which ``day`` can be booked (``days_ahead`` before it)."""
        return day - timedelta(days=self.days_ahead)

    def last_day_to_book(self, today: date) -> date:
        """The last local day that can be booked today."""
        return today + timedelta(days=self.days_ahead)

    @property
    def grace(self) -> timedelta:
        """How long after the start a booking waits for its check-in."""
        return timedelta(minutes=self.grace_minutes)

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> BookingPolicy:
        known = {"days_ahead", "max_minutes", "max_future_bookings", "grace_minutes"}
        for key in raw:
            if key not in known:
                raise InvalidSetting(f"unknown policy setting {key!r}", about=f"policy.{key}")
            value = raw[key]
            if key == "max_minutes":
                if not isinstance(value, dict) or not all(
                    isinstance(m, int) and not isinstance(m, bool) for m in value.values()
                ):
                    raise InvalidSetting("a map of kind to minutes", about="policy.max_minutes")
            elif not isinstance(value, int) or isinstance(value, bool):
                raise InvalidSetting("a whole number", about=f"policy.{key}")
        policy = cls(**raw)
        if not 0 < policy.days_ahead <= 366:
            raise InvalidSetting("days_ahead is between 1 and 366", about="policy.days_ahead")
        if not 0 < policy.max_future_bookings <= 1000:
            raise InvalidSetting("between 1 and 1000", about="policy.max_future_bookings")
        if not 5 <= policy.grace_minutes <= 240:
            raise InvalidSetting("between 5 and 240 minutes", about="policy.grace_minutes")
        for kind, minutes in policy.max_minutes.items():
            if kind not in KINDS or not 15 <= minutes <= 24 * 60:
                raise InvalidSetting("a kind and 15..1440 minutes", about="policy.max_minutes")
        return policy

    def changed(self, changes: dict[str, Any]) -> BookingPolicy:
        """This policy with some settings changed and the others kept; ``max_minutes``
        changes only the kinds it names."""
        raw = self.to_raw()
        for key, value in changes.items():
            if key == "max_minutes" and isinstance(value, dict):
                raw["max_minutes"] = {**raw["max_minutes"], **value}
            else:
                raw[key] = value
        return BookingPolicy.parse(raw)

    def to_raw(self) -> dict[str, Any]:
        return {
            "days_ahead": self.days_ahead,
            "max_minutes": dict(self.max_minutes),
            "max_future_bookings": self.max_future_bookings,
            "grace_minutes": self.grace_minutes,
        }


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSetting(f"unknown time zone {name!r}", about="timezone") from None


class Site(Aggregate):
    """A place with resources. Decides opening hours, closures and the booking window."""

    @classmethod
    def register(
        cls,
        *,
        name: str,
        address: str,
        locality: str,
        timezone: str = "Europe/Stockholm",
        opening_hours: dict[str, list[list[str]]] | None = None,
        policy: dict[str, Any] | None = None,
    ) -> Site:
        name = limits.one_line(name, about="name", length=limits.NAME, required=True)
        address = limits.lines(address, about="address", length=limits.ADDRESS)
        locality = limits.one_line(locality, about="locality", length=limits.LOCALITY)
        timezone = limits.one_line(timezone, about="timezone", length=limits.TIMEZONE)
        check_timezone(timezone)
        hours = OpeningHours.parse(opening_hours or {})
        return cls(
            name=name,
            address=address,
            locality=locality,
            timezone=timezone,
            opening_hours=hours.to_raw(),
            policy=BookingPolicy.parse(policy or {}).to_raw(),
        )

    class Registered(Aggregate.Created):
        name: str
        address: str
        locality: str
        timezone: str
        opening_hours: dict[str, list[list[str]]]
        policy: dict[str, Any]

    @event(Registered)
    def __init__(
        self,
        name: str,
        address: str,
        locality: str,
        timezone: str,
        opening_hours: dict[str, list[list[str]]],
        policy: dict[str, Any],
    ) -> None:
        self.name = name
        self.address = address
        self.locality = locality
        self.timezone = timezone
        self.opening_hours = OpeningHours.parse(opening_hours)
        self.policy = BookingPolicy.parse(policy)
        self.closures: list[Closure] = []

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def set_opening_hours(self, opening_hours: dict[str, list[list[str]]]) -> None:
        self._set_opening_hours(OpeningHours.parse(opening_hours).to_raw())

    class OpeningHoursSet(Aggregate.Event):
        opening_hours: dict[str, list[list[str]]]

    @event(OpeningHoursSet)
    def _set_opening_hours(self, opening_hours: dict[str, list[list[str]]]) -> None:
        self.opening_hours = OpeningHours.parse(opening_hours)

    def change_policy(self, changes: dict[str, Any]) -> None:
        """Changes the settings named in ``changes`` and keeps the others."""
        policy = self.policy.changed(changes)
        if policy != self.policy:
            self._set_policy(policy.to_raw())

    class PolicySet(Aggregate.Event):
        policy: dict[str, Any]

    @event(PolicySet)
    def _set_policy(self, policy: dict[str, Any]) -> None:
        self.policy = BookingPolicy.parse(policy)

    def add_closure(self, first_day: date, last_day: date, reason: str) -> UUID:
        """Closes the site from ``first_day`` to ``last_day``; returns the closure's id."""
        if last_day < first_day:
            raise InvalidSetting("last_day must not be before first_day", about="last_day")
        if (last_day - first_day).days > 366:
            raise InvalidSetting("a closure is at most a year long", about="last_day")
        reason = limits.paragraph(reason, about="reason", length=REASON_LENGTH)
        closure_id = uuid4()
        self._add_closure(first_day.isoformat(), last_day.isoformat(), reason, closure_id)
        return closure_id

    class ClosureAdded(Aggregate.Event):
        first_day: str
        last_day: str
        reason: str
        closure_id: UUID | None = None  # None in events recorded before closures had ids

    @event(ClosureAdded)
    def _add_closure(
        self, first_day: str, last_day: str, reason: str, closure_id: UUID | None = None
    ) -> None:
        closure_id = closure_id or legacy_closure_id(self.id, first_day, last_day)
        self.closures = [c for c in self.closures if c.id != closure_id]
        self.closures.append(
            Closure(date.fromisoformat(first_day), date.fromisoformat(last_day), reason, closure_id)
        )

    def remove_closure(self, closure_id: UUID) -> None:
        """Opens the days of a closure again; removing one that is not there is an error."""
        closure = self.closure(closure_id)
        self._remove_closure(
            closure_id, closure.first_day.isoformat(), closure.last_day.isoformat()
        )

    def closure(self, closure_id: UUID) -> Closure:
        found = next((c for c in self.closures if c.id == closure_id), None)
        if found is None:
            raise InvalidSetting("no such closure", about="closure")
        return found

    class ClosureRemoved(Aggregate.Event):
        closure_id: UUID
        first_day: str
        last_day: str

    @event(ClosureRemoved)
    def _remove_closure(self, closure_id: UUID, first_day: str, last_day: str) -> None:
        self.closures = [c for c in self.closures if c.id != closure_id]

    def add_public_holidays(self, holidays: dict[date, str]) -> None:
        """Closes the site on each given public holiday not closed already."""
        for day, name in sorted(holidays.items()):
            if not self.is_closed_on(day):
                self.add_closure(day, day, name)

    def is_closed_on(self, day: date) -> bool:
        return any(c.covers(day) for c in self.closures)

    def fits(self, interval: Interval) -> bool:
        """Whether the site is open all of ``interval`` (not closed that day, and within
        one stretch of its opening hours)."""
        day = local_date(interval.start, self.tz)
        return any(span.contains(interval) for span in self.open_intervals(day))

    def open_intervals(self, day: date) -> list[Interval]:
        if self.is_closed_on(day):
            return []
        return self.opening_hours.intervals_on(day, self.tz)

    # -- the rules a booking's time must pass -------------------------------------------

    def check_bookable(self, kind: str, interval: Interval, now: datetime) -> None:
        self.check_not_in_past(interval, now)
        self.check_within_window(interval, now)
        self.check_duration(kind, interval)
        self.check_open(interval)

    @staticmethod
    def check_not_in_past(interval: Interval, now: datetime) -> None:
        if interval.start < now:
            raise InThePast("the booking starts in the past", about="start")

    def check_within_window(self, interval: Interval, now: datetime) -> None:
        last_day = self.policy.last_day_to_book(local_date(now, self.tz))
        if local_date(interval.start, self.tz) > last_day:
            raise OutsideBookingWindow(
                f"bookings open {self.policy.days_ahead} days ahead", about="start"
            )

    def check_duration(self, kind: str, interval: Interval) -> None:
        limit = self.policy.max_minutes.get(kind)
        if limit is not None and interval.duration > timedelta(minutes=limit):
            raise TooLong(f"a {kind} is booked for at most {limit} minutes", about="end")

    def check_open(self, interval: Interval) -> None:
        day = local_date(interval.start, self.tz)
        if self.is_closed_on(day):
            raise SiteClosed(f"the site is closed on {day.isoformat()}", about="start")
        if not any(span.contains(interval) for span in self.open_intervals(day)):
            raise OutsideOpeningHours("the site is not open all of that time", about="start")
