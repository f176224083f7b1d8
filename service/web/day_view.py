"""A site's day and week as the booking pages show them: free spans per resource drawn as
segments of the opening hours, the times a booking can start and end, and per day of a
week how many resources of each kind are free."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.time import Interval, local_instant
from service.application import reads
from service.application.context import Context
from service.application.reads import Availability, DayState, FreeSpan, SiteView, day_state, natural
from service.presentation.i18n import Lang

STEP = timedelta(minutes=15)
DEFAULT_MINUTES = {"desk": 8 * 60, "room": 60, "equipment": 4 * 60}


def parse_day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def parse_clock(text: str | None) -> time | None:
    try:
        value = time.fromisoformat(text) if text else None
    except ValueError:
        return None
    return value if value is not None and value.minute % 15 == 0 else None


@dataclass
class Segment:
    x: float
    width: float


@dataclass
class Row:
    id: UUID
    name: str
    kind: str
    features: list[str]
    seats: int | None
    quantity: int
    free_text: list[str]
    segments: list[Segment]
    fits: bool
    available: int


@dataclass
class DayView:
    site: SiteView
    tz: ZoneInfo
    day: date
    today: date
    kind: str
    closed_reason: str | None
    open_spans: list[str]
    start: time | None
    end: time | None
    start_options: list[str]
    end_options: list[str]
    rows: list[Row]
    features: list[str]
    ticks: list[tuple[float, str]] = field(default_factory=list)
    free_count: int = 0
    state: DayState = field(default_factory=lambda: DayState(True))
    opens_on_text: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.open_spans)


def _clock_options(opening: list[Interval], tz: ZoneInfo) -> tuple[list[str], list[str]]:
    starts: list[str] = []
    ends: list[str] = []
    for span in opening:
        moment = span.start
        while moment < span.end:
            starts.append(moment.astimezone(tz).strftime("%H:%M"))
            moment += STEP
            ends.append(moment.astimezone(tz).strftime("%H:%M"))
    return starts, ends


def _fits(free: list[FreeSpan], interval: Interval | None) -> int:
    if interval is None:
        return 0
    for span in free:
        if span.start <= interval.start and interval.end <= span.end:
            return span.available
    return 0


def day_view(
    ctx: Context,
    site: SiteView,
    day: date,
    kind: str,
    start: time | None,
    end: time | None,
    t: Lang,
    availability: Availability | None = None,
) -> DayView:
    tz = ZoneInfo(site.timezone)
    now = ctx.now()
    today = now.astimezone(tz).date()
    state = day_state(ctx, site, day)
    availability = availability or reads.availability(ctx, site, day, kind, now)
    closure = site.closure_on(day)
    opening = [Interval(s.start, s.end) for s in availability.open] if state.bookable else []
    full_opening = reads.open_intervals(ctx, site, day)
    starts, ends = _clock_options(opening, tz)
    interval: Interval | None = None
    if opening:
        if start is None or start.strftime("%H:%M") not in starts:
            first = opening[0].start
            if day == today and now > first:
                quarter = now.replace(second=0, microsecond=0)
                quarter += timedelta(minutes=(15 - quarter.minute % 15) % 15)
                first = min(max(quarter, first), opening[-1].end - STEP)
            start = first.astimezone(tz).time()
        start_at = local_instant(day, start, tz)
        span = next((s for s in opening if s.start <= start_at < s.end), opening[-1])
        if (
            end is None
            or end.strftime("%H:%M") not in ends
            or local_instant(day, end, tz) <= start_at
        ):
            limit = reads.policy(ctx, site.id).max_minutes.get(kind, DEFAULT_MINUTES[kind])
            wanted = timedelta(minutes=min(DEFAULT_MINUTES[kind], limit))
            end = min(start_at + wanted, span.end).astimezone(tz).time()
        end_at = local_instant(day, end, tz)
        if end_at > start_at:
            interval = Interval(start_at, end_at)
    day_start = full_opening[0].start if full_opening else None
    day_end = full_opening[-1].end if full_opening else None
    rows: list[Row] = []
    all_features: set[str] = set()
    for r in sorted(availability.resources, key=lambda r: natural(r.name)):
        all_features.update(r.features)
        segments: list[Segment] = []
        if day_start and day_end:
            length = (day_end - day_start).total_seconds()
            for s in r.free:
                x = (s.start - day_start).total_seconds() / length * 1000
                w = (s.end - s.start).total_seconds() / length * 1000
                segments.append(Segment(round(x, 1), round(w, 1)))
        available = _fits(r.free, interval)
        rows.append(
            Row(
                id=r.resource_id,
                name=r.name,
                kind=r.kind,
                features=r.features,
                seats=r.seats,
                quantity=r.quantity,
                free_text=[
                    t.span(s.start, s.end, tz)
                    + (f" ({t.number(s.available)})" if r.quantity > 1 else "")
                    for s in r.free
                ],
                segments=segments,
                fits=available > 0,
                available=available,
            )
        )
    ticks: list[tuple[float, str]] = []
    if day_start and day_end:
        length = (day_end - day_start).total_seconds()
        hour = day_start.astimezone(tz).replace(minute=0) + timedelta(hours=1)
        while hour < day_end:
            ticks.append(
                (round((hour - day_start).total_seconds() / length * 1000, 1), t.time(hour, tz))
            )
            hour += timedelta(hours=2)
    return DayView(
        site=site,
        tz=tz,
        day=day,
        today=today,
        kind=kind,
        closed_reason=(closure.reason or t("closed")) if closure else None,
        open_spans=[t.span(s.start, s.end, tz) for s in full_opening],
        start=start,
        end=end,
        start_options=starts,
        end_options=ends,
        rows=rows,
        features=sorted(all_features),
        ticks=ticks,
        free_count=sum(1 for r in rows if r.fits),
        state=state,
        opens_on_text=t.day_year(state.opens_on) if state.opens_on else "",
    )


@dataclass
class WeekDay:
    day: date
    closed_reason: str | None
    open_spans: list[str]
    counts: list[tuple[str, int, int, int]]  # kind, free all day, with free time, total


def week_view(ctx: Context, site: SiteView, monday: date, t: Lang) -> list[WeekDay]:
    tz = ZoneInfo(site.timezone)
    return [
        WeekDay(
            day=d.day,
            closed_reason=(d.closure_reason or t("closed"))
            if d.closure_reason is not None
            else None,
            open_spans=[t.span(s.start, s.end, tz) for s in d.opening],
            counts=[(c.kind, c.free_all_day, c.free_some_time, c.total) for c in d.counts],
        )
        for d in reads.week(ctx, site, monday)
    ]
