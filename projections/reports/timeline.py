"""Time for the reports (how many units are held at once is the domain's: ``levels`` and
``peak`` come from ``domain.capacity``): when a site and each resource were open, local hours and weekdays,
and how many units were in use at once.

Open time is computed per local day from the weekly opening hours in effect that day, as
instants in UTC through ``zoneinfo`` (so a day of the spring change is an hour shorter where
the hours span 02:00-03:00, and one of the autumn change an hour longer), minus closure days.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.capacity import levels
from domain.site import OpeningHours
from domain.time import local_date, local_instant
from projections.reports.facts import ResourceFacts, SiteFacts

Span = tuple[datetime, datetime]
ONE_HOUR = timedelta(hours=1)
ONE_DAY = timedelta(days=1)


class Calendar:
    """The open time of one site, day by day.

    The weekly hours that apply on a day are those in effect at the start of that day (a
    change of hours applies from the next day on); the site's first hours apply from the day
    it was registered. ``hours`` replaces them all (for a what-if).
    """

    def __init__(self, site: SiteFacts, hours: OpeningHours | None = None) -> None:
        self.tz = ZoneInfo(site.timezone)
        self.closures = list(site.closures)
        self.settings = [
            (s.effective_from, OpeningHours.parse(s.opening_hours)) for s in site.hours
        ]
        self.override = hours
        self._open: dict[date, list[Span]] = {}

    def is_closed(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.closures)

    def hours_on(self, day: date) -> OpeningHours | None:
        if self.override is not None:
            return self.override
        if not self.settings:
            return None
        day_start = local_instant(day, time(0), self.tz)
        chosen = None
        for effective_from, hours in self.settings:
            if effective_from is None or effective_from <= day_start:
                chosen = hours
        if chosen is None:
            first_from = self.settings[0][0]
            if first_from is not None and local_date(first_from, self.tz) <= day:
                chosen = self.settings[0][1]
        return chosen

    def open_spans(self, day: date) -> list[Span]:
        """The site's open time on a local day, as UTC instants."""
        spans = self._open.get(day)
        if spans is None:
            hours = None if self.is_closed(day) else self.hours_on(day)
            spans = [(i.start, i.end) for i in hours.intervals_on(day, self.tz)] if hours else []
            self._open[day] = spans
        return spans

    def resource_spans(self, resource: ResourceFacts, day: date) -> list[Span]:
        """The resource's open time on a day: the site's, from the time it was added until
        the time it was retired."""
        return clip(self.open_spans(day), resource.added_from, resource.retired_from)

    def local_day(self, instant: datetime) -> date:
        return local_date(instant, self.tz)


def clip(spans: list[Span], since: datetime | None, until: datetime | None) -> list[Span]:
    if since is None and until is None:
        return spans
    out = []
    for start, end in spans:
        s = start if since is None else max(start, since)
        e = end if until is None else min(end, until)
        if e > s:
            out.append((s, e))
    return out


def overlap(a: Span, spans: Iterable[Span]) -> list[Span]:
    """The parts of ``a`` that lie within ``spans``."""
    out = []
    for start, end in spans:
        s, e = max(a[0], start), min(a[1], end)
        if e > s:
            out.append((s, e))
    return out


def seconds(spans: Iterable[Span]) -> float:
    return sum((e - s).total_seconds() for s, e in spans)


def local_hours(start: datetime, end: datetime, tz: ZoneInfo) -> Iterator[tuple[date, int, float]]:
    """Splits [start, end) at local hour boundaries: (local day, local hour, seconds) per
    piece. The hour repeated by the autumn change counts twice under its hour."""
    local = start.astimezone(tz)
    if end - start <= ONE_DAY and local.utcoffset() == end.astimezone(tz).utcoffset():
        # No change of offset in between: wall-clock arithmetic is real time.
        t, stop = local, end.astimezone(tz)
        while t < stop:
            boundary = t.replace(minute=0, second=0, microsecond=0) + ONE_HOUR
            piece_end = min(boundary, stop)
            yield t.date(), t.hour, (piece_end - t).total_seconds()
            t = piece_end
        return
    t = start
    while t < end:
        local = t.astimezone(tz)
        boundary = t + timedelta(
            minutes=60 - local.minute, seconds=-local.second, microseconds=-local.microsecond
        )
        piece_end = min(boundary, end)
        yield local.date(), local.hour, (piece_end - t).total_seconds()
        t = piece_end


class HourSplit:
    """``local_hours`` with a memory: many bookings share their start and end."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._known: dict[Span, tuple[tuple[date, int, float], ...]] = {}

    def __call__(self, start: datetime, end: datetime) -> tuple[tuple[date, int, float], ...]:
        pieces = self._known.get((start, end))
        if pieces is None:
            pieces = self._known[(start, end)] = tuple(local_hours(start, end, self.tz))
        return pieces


def level_hours(
    demand: Iterable[tuple[datetime, datetime, int]], open_spans: list[Span]
) -> dict[int, float]:
    """Seconds during which exactly k units were demanded, for every k: over the open time
    and any time with demand (k = 0 only counts open time)."""
    out: dict[int, float] = {}
    pieces = levels(demand)
    busy = 0.0
    for start, end, level in pieces:
        out[level] = out.get(level, 0.0) + (end - start).total_seconds()
        busy += seconds(overlap((start, end), open_spans))
    idle = seconds(open_spans) - busy
    if idle > 0:
        out[0] = out.get(0, 0.0) + idle
    return out
