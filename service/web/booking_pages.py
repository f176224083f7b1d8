"""The sites, a site's day and week at a glance, and booking."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template
from sqlalchemy import select

from domain.errors import DomainError
from domain.site import OpeningHours
from domain.time import Interval, day_bounds, local_instant
from projections.queries import Availability, FreeSpan, SiteView, free_spans
from projections.tables import HoldRow
from service.application import NotFound
from service.container import Container
from service.http.deps import settle
from service.http.metrics import BOOKINGS_PLACED, BOOKINGS_REFUSED
from service.web.core import lang_of, redirect, render, signed_in
from service.web.i18n import Lang
from service.web.messages import feature_name, kind_name, refusal

KINDS = ("desk", "room", "equipment")
STEP = timedelta(minutes=15)
DEFAULT_MINUTES = {"desk": 8 * 60, "room": 60, "equipment": 4 * 60}


def natural(name: str) -> list[Any]:
    """ "Skrivbord 2" before "Skrivbord 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def site_or_404(container: Container, site_id: UUID) -> SiteView:
    site = container.queries.site(site_id)
    if site is None:
        raise NotFound("site", "site_id")
    return site


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
    container: Container,
    site: SiteView,
    day: date,
    kind: str,
    start: time | None,
    end: time | None,
    t: Lang,
    availability: Availability | None = None,
) -> DayView:
    tz = ZoneInfo(site.timezone)
    now = container.now()
    today = now.astimezone(tz).date()
    availability = availability or container.queries.availability(site, day, kind)
    closure = next((c for c in site.closures if c.first_day <= day <= c.last_day), None)
    opening = [Interval(s.start, s.end) for s in availability.open]
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
            limit = int(site.policy.get("max_minutes", {}).get(kind, DEFAULT_MINUTES[kind]))  # type: ignore[union-attr]
            wanted = timedelta(minutes=min(DEFAULT_MINUTES[kind], limit))
            end = min(start_at + wanted, span.end).astimezone(tz).time()
        end_at = local_instant(day, end, tz)
        if end_at > start_at:
            interval = Interval(start_at, end_at)
    day_start = opening[0].start if opening else None
    day_end = opening[-1].end if opening else None
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
        open_spans=[t.span(s.start, s.end, tz) for s in opening],
        start=start,
        end=end,
        start_options=starts,
        end_options=ends,
        rows=rows,
        features=sorted(all_features),
        ticks=ticks,
        free_count=sum(1 for r in rows if r.fits),
    )


@dataclass
class WeekDay:
    day: date
    closed_reason: str | None
    open_spans: list[str]
    counts: list[tuple[str, int, int, int]]  # kind, free all day, with free time, total


def week_view(container: Container, site: SiteView, monday: date, t: Lang) -> list[WeekDay]:
    """Seven days from one query for the resources and one for the week's holds."""
    tz = ZoneInfo(site.timezone)
    resources = container.queries.resources(site.id)
    first = day_bounds(monday, tz).start
    last = day_bounds(monday + timedelta(days=6), tz).end
    with container.engine.connect() as c:
        rows = c.execute(
            select(HoldRow.resource_id, HoldRow.start, HoldRow.end, HoldRow.quantity).where(
                HoldRow.site_id == site.id,
                HoldRow.start < last,
                HoldRow.end > first,
                HoldRow.start >= first - timedelta(days=1),
            )
        ).all()
    holds: dict[UUID, list[tuple[Interval, int]]] = {}
    for resource_id, start, end, quantity in rows:
        holds.setdefault(resource_id, []).append((Interval(start, end), quantity))
    hours = OpeningHours.parse(site.opening_hours)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        closure = next((c for c in site.closures if c.first_day <= day <= c.last_day), None)
        opening = [] if closure else hours.intervals_on(day, tz)
        open_s = sum((o.end - o.start).total_seconds() for o in opening)
        counts = []
        for kind in KINDS:
            of_kind = [r for r in resources if r.kind == kind]
            if not of_kind:
                continue
            whole = some = 0
            for r in of_kind:
                free = free_spans(opening, holds.get(r.id, []), r.quantity)
                some += bool(free)
                whole += (
                    bool(opening)
                    and sum((i.end - i.start).total_seconds() for i, n in free if n == r.quantity)
                    == open_s
                )
            counts.append((kind, whole, some, len(of_kind)))
        days.append(
            WeekDay(
                day=day,
                closed_reason=(closure.reason or t("closed")) if closure else None,
                open_spans=[t.span(s.start, s.end, tz) for s in opening],
                counts=counts,
            )
        )
    return days


class BookingPages(Controller):
    path = "/"
    guards = [signed_in]

    @get("/", sync_to_thread=True)
    def home(self, request: Request[Any, Any, Any], container: Container) -> Template:
        t = lang_of(request)
        sites = container.queries.sites()
        office_first = sorted(sites, key=lambda s: (not s.name.startswith("Grannskap"), s.name))
        now = container.now()
        today = now.astimezone(ZoneInfo(office_first[0].timezone)).date() if sites else None
        hours = {
            s.id: [
                t.span(i.start, i.end, ZoneInfo(s.timezone))
                for i in OpeningHours.parse(s.opening_hours).intervals_on(
                    now.astimezone(ZoneInfo(s.timezone)).date(), ZoneInfo(s.timezone)
                )
            ]
            if not any(
                c.first_day <= now.astimezone(ZoneInfo(s.timezone)).date() <= c.last_day
                for c in s.closures
            )
            else []
            for s in sites
        }
        return render(
            request,
            "home.html",
            t("Sites"),
            section="sites",
            sites=office_first,
            hours=hours,
            today=today,
        )

    @get("/sites/{site_id:uuid}", sync_to_thread=True)
    def day(
        self,
        site_id: UUID,
        request: Request[Any, Any, Any],
        container: Container,
        date_: str | None = None,
        kind: str = "desk",
        start: str | None = None,
        end: str | None = None,
    ) -> Template:
        return self._day_page(
            request, container, site_id, request.query_params.get("date"), kind, start, end
        )

    @staticmethod
    def _day_page(
        request: Request[Any, Any, Any],
        container: Container,
        site_id: UUID,
        day_text: str | None,
        kind: str,
        start: str | None,
        end: str | None,
        error: str = "",
        status_code: int = 200,
        wanted: list[str] | None = None,
    ) -> Template:
        t = lang_of(request)
        site = site_or_404(container, site_id)
        kind = kind if kind in KINDS else "desk"
        today = container.now().astimezone(ZoneInfo(site.timezone)).date()
        day = parse_day(day_text, today)
        view = day_view(container, site, day, kind, parse_clock(start), parse_clock(end), t)
        return render(
            request,
            "site_day.html",
            site.name,
            status_code=status_code,
            section="sites",
            v=view,
            kinds=KINDS,
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda f: feature_name(t, f),
            error=error,
            wanted=wanted or [],
            welcome=request.query_params.get("welcome") == "1",
            prev_day=(day - timedelta(days=1)).isoformat(),
            next_day=(day + timedelta(days=1)).isoformat(),
        )

    @get("/sites/{site_id:uuid}/week", sync_to_thread=True)
    def week(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Template:
        t = lang_of(request)
        site = site_or_404(container, site_id)
        today = container.now().astimezone(ZoneInfo(site.timezone)).date()
        day = parse_day(request.query_params.get("date"), today)
        monday = day - timedelta(days=day.weekday())
        return render(
            request,
            "site_week.html",
            site.name,
            section="sites",
            site=site,
            days=week_view(container, site, monday, t),
            today=today,
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            prev_week=(monday - timedelta(days=7)).isoformat(),
            next_week=(monday + timedelta(days=7)).isoformat(),
            week_number=monday.isocalendar().week,
        )

    @post("/sites/{site_id:uuid}/book")
    async def book(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        form = await request.form()
        fields = {
            k: str(form.get(k, ""))[:100]
            for k in ("date", "start", "end", "kind", "resource_id", "quantity")
        }
        wanted = [str(f)[:60] for f in form.getall("feature", [])][:20]
        return await to_thread.run_sync(
            lambda: self._book(request, container, site_id, fields, wanted)
        )

    def _book(
        self,
        request: Request[Any, Any, Any],
        container: Container,
        site_id: UUID,
        fields: dict[str, str],
        wanted: list[str],
    ) -> Response[Any]:
        t = lang_of(request)
        site = site_or_404(container, site_id)
        tz = ZoneInfo(site.timezone)
        kind = fields["kind"] if fields["kind"] in KINDS else "desk"
        day, start, end = (
            parse_day(fields["date"], date.min),
            parse_clock(fields["start"]),
            parse_clock(fields["end"]),
        )

        def again(error: str, status: int) -> Response[Any]:
            return self._day_page(  # type: ignore[return-value]
                request,
                container,
                site_id,
                fields["date"],
                kind,
                fields["start"],
                fields["end"],
                error,
                status,
                wanted,
            )

        if day == date.min or start is None or end is None:
            return again(t("Choose a day, a start and an end."), 400)
        resource_name = ""
        try:
            interval = Interval.of(local_instant(day, start, tz), local_instant(day, end, tz))
            app, member = container.app, request.user
            if fields["resource_id"]:
                try:
                    resource_id = UUID(fields["resource_id"])
                except ValueError:
                    return again(t("Choose a day, a start and an end."), 400)
                resource = app.resource(resource_id)
                if resource.site_id != site.id:
                    raise NotFound("resource", "resource_id")
                resource_name = resource.name
                quantity = int(fields["quantity"]) if fields["quantity"].isdigit() else 1
                written = app.book(member.id, resource_id, interval, max(1, quantity))
            else:
                candidates = container.queries.candidates(site.id, kind, interval, wanted)
                written = app.book_any(member.id, site.id, kind, interval, candidates)
        except DomainError as error:
            BOOKINGS_REFUSED.labels(error.rule).inc()
            status = 409 if error.rule in ("slot-taken", "nothing-free") else 422
            return again(refusal(t, error, resource=resource_name), status)
        settle(container, written)
        BOOKINGS_PLACED.labels(kind).inc()
        return redirect(f"/my/bookings?booked={written.id}")


def local_now(container: Container, tz: ZoneInfo) -> datetime:
    return container.now().astimezone(tz)
