"""A site's day page: the day's free spans (``day_view``), and besides them the floor plan,
the member's favourites there and the recurring-booking form's choices. The booking pages show it,
and the plan pages show it again with a refusal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request
from litestar.response import Template

from domain.time import Interval, day_bounds, local_instant
from domain.vocabulary import KINDS, WEEKDAYS
from service.application import floorplan, presence, reads, searches, usuals
from service.application.context import Context
from service.application.reads import Availability, SiteView
from service.presentation.i18n import Lang
from service.presentation.messages import feature_name, kind_name
from service.registry.members import Member
from service.web.core import lang_of, render
from service.web.day_view import DayView, day_view, parse_clock, parse_day
from service.web.floor_view import PlanDrawing, day_link, drawing


@dataclass
class DayExtras:
    """What the day page shows besides the list: the floor plan, the member's usual here,
    and the recurring-booking form's choices."""

    plan: PlanDrawing | None
    usual: str | None  # the favourites' names in order, and the usual hours
    weekday: str
    weekdays: list[tuple[str, str]]
    until: str
    resources: list[tuple[UUID, str]] = field(default_factory=list)
    favourites: list[UUID] = field(default_factory=list)  # starred here, in order
    usual_hours: bool = False  # whether the member has usual hours here (else the page's)


def day_extras(
    ctx: Context, member: Member, site: SiteView, view: DayView, everything: Availability, t: Lang
) -> DayExtras:
    tz = ZoneInfo(site.timezone)
    interval = None
    if view.is_open and view.start and view.end:
        start, end = local_instant(view.day, view.start, tz), local_instant(view.day, view.end, tz)
        if start < end:
            interval = Interval(start, end)
    mine = [
        b
        for b in reads.my_bookings(ctx, member, day_bounds(view.day, tz).start)
        if b.status == "confirmed"
    ]
    s = view.start.strftime("%H:%M") if view.start else ""
    e = view.end.strftime("%H:%M") if view.end else ""
    plan = drawing(
        floorplan.plan_of(ctx, site.id),
        everything,
        mine,
        interval,
        day_link(site.id, view.day, s, e),
        t,
    )
    usual = usuals.my_usuals(ctx, member).get(site.id)
    usual_text = None
    favourites: list[UUID] = []
    has_hours = False
    if usual is not None and usual.favourites:
        favourites = list(usual.favourites)
        names = reads.resource_names(ctx, site.id)
        usual_text = ", ".join(names.get(r, "") for r in favourites)
        if usual.start and usual.end:
            usual_text += f" ({usual.start}\N{EN DASH}{usual.end})"
            has_hours = True
    return DayExtras(
        plan=plan,
        usual=usual_text,
        usual_hours=has_hours,
        weekday=WEEKDAYS[view.day.weekday()],
        weekdays=[(key, t.weekday_name(i, "abbreviated")) for i, key in enumerate(WEEKDAYS)],
        until=(view.day + timedelta(days=27)).isoformat(),
        resources=[(r.id, r.name) for r in view.rows],
        favourites=favourites,
    )


def day_page(
    request: Request[Any, Any, Any],
    ctx: Context,
    site_id: UUID,
    day_text: str | None,
    kind: str,
    start: str | None,
    end: str | None,
    error: str = "",
    status_code: int = 200,
    wanted: list[str] | None = None,
    offer_waitlist: dict[str, str] | None = None,
    searched: bool = False,
) -> Template:
    t = lang_of(request)
    site = reads.site(ctx, site_id)
    kind = kind if kind in KINDS else "desk"
    tz = ZoneInfo(site.timezone)
    today = ctx.now().astimezone(tz).date()
    day = parse_day(day_text, today)
    everything = searches.search_free(
        ctx,
        searches.Search(
            actor=request.user if isinstance(request.user, Member) else None,
            site_id=site_id,
            day=day,
            kind=kind,
            # only a time the member chose (not one shown again after a refusal)
            start=parse_clock(start) if searched else None,
            end=parse_clock(end) if searched else None,
            every_kind=True,
            channel=searches.DAY_PAGE,
        ),
    )
    of_kind = msgspec.structs.replace(
        everything, resources=[r for r in everything.resources if r.kind == kind]
    )
    view = day_view(ctx, site, day, kind, parse_clock(start), parse_clock(end), t, of_kind)
    extras = day_extras(ctx, request.user, site, view, everything, t)
    here = []
    if isinstance(request.user, Member):
        names = {r.resource_id: r.name for r in everything.resources}
        for p in presence.whos_in(ctx, request.user, site_id, day):
            here.append(
                {
                    "first_name": p.first_name,
                    "resource_name": p.resource_name,
                    "when": t.span(p.start, p.end, tz),
                    "kind": p.kind,
                    "start": p.start.astimezone(tz).strftime("%H:%M"),
                    "end": p.end.astimezone(tz).strftime("%H:%M"),
                    "next_to": p.next_to,
                    "next_to_name": names.get(p.next_to, "") if p.next_to else "",
                }
            )
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
        x=extras,
        offer_waitlist=offer_waitlist,
        whos_in=here,
    )
