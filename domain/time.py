"""Instants, intervals and local days.

Instants are stored in UTC. A site's days and opening hours are local to its time zone;
conversions go through ``zoneinfo`` so that daylight-saving changes are handled by the
tz database, not by arithmetic on offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidInterval, InvalidSetting, NotAligned
from domain.limits import check_day

SLOT = timedelta(minutes=15)


def ensure_utc(instant: datetime, about: str = "start") -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise InvalidInterval("an instant needs a time zone or offset", about=about)
    check_day(instant.date(), about)
    return instant.astimezone(UTC)


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open interval [start, end) of UTC instants."""

    start: datetime
    end: datetime

    @classmethod
    def of(cls, start: datetime, end: datetime) -> Interval:
        start_utc, end_utc = ensure_utc(start, "start"), ensure_utc(end, "end")
        if end_utc <= start_utc:
            raise InvalidInterval("end must be after start", about="end")
        return cls(start_utc, end_utc)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def check_aligned(self) -> None:
        """Bookings start and end on quarter hours (the same in UTC as in any whole- or
        half-hour zone, which Europe/Stockholm is)."""
        for name, instant in (("start", self.start), ("end", self.end)):
            if instant.minute % 15 or instant.second or instant.microsecond:
                raise NotAligned(f"{name} must be on a 15-minute boundary", about=name)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def local_instant(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a local day.

    A wall-clock time that does not exist (skipped by the spring change) is moved
    forward by the gap, and an ambiguous one (repeated in autumn) is read as its first
    occurrence, as ``zoneinfo`` does with ``fold=0``.
    """
    check_day(day)
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def day_bounds(day: date, tz: ZoneInfo) -> Interval:
    """The UTC interval of a whole local day: 23, 24 or 25 hours long."""
    check_day(day)
    next_day = day + timedelta(days=1)
    return Interval(local_instant(day, time(0), tz), local_instant(next_day, time(0), tz))


def subtract(base: list[Interval], taken: list[Interval]) -> list[Interval]:
    """The parts of ``base`` not covered by any interval of ``taken``."""
    free = sorted(base)
    for cut in sorted(taken):
        next_free: list[Interval] = []
        for part in free:
            if not part.overlaps(cut):
                next_free.append(part)
                continue
            if part.start < cut.start:
                next_free.append(Interval(part.start, cut.start))
            if cut.end < part.end:
                next_free.append(Interval(cut.end, part.end))
        free = next_free
    return free


def one_week(days: list[date] | tuple[date, ...]) -> list[date]:
    """Several days of one week, booked in one go: 1..7 days, all of one ISO week (Monday
    to Sunday), each once; returned in order."""
    chosen = sorted(set(days))
    if not chosen:
        raise InvalidSetting("choose at least one day", about="days")
    if len({d.isocalendar()[:2] for d in chosen}) > 1:
        raise InvalidSetting("the days are of one week, Monday to Sunday", about="days")
    return chosen
