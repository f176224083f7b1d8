"""The lobby screen: a page for a screen at the site's entrance, opened by a secret screen
link that a host of the site makes (and renews or revokes), with no member signed in. It
shows today: what is free now and later, the opening hours and coming closures, and who's
in (only members who chose to be seen). The link's secret is kept as a hash like a
calendar feed's (``service.registry.feeds``, feed kind "screen")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.time import SLOT, Interval, local_date
from projections.queries import Availability, FloorPlanView, SiteView
from service.application import floorplan, reads
from service.application.access import require_manager_of, require_site_manager
from service.application.context import Context
from service.application.errors import NotFound
from service.application.presence import Present, present
from service.registry.feeds import Issued
from service.registry.members import Member

SCREEN = "screen"
SHOWN_KINDS = ("desk", "room")
CLOSURES_AHEAD = timedelta(days=14)


@dataclass(frozen=True)
class FreeToday:
    name: str
    kind: str
    free_now: bool
    later: list[Interval]  # free spans of the rest of today


@dataclass(frozen=True)
class Lobby:
    site: SiteView
    day: date
    now: datetime
    open_today: list[Interval]
    closures: list[tuple[date, date, str]]  # today and the next two weeks
    resources: list[FreeToday]
    whos_in: list[Present]
    availability: Availability
    plan: FloorPlanView | None


def make_screen_link(ctx: Context, actor: Member, site_id: UUID) -> Issued:
    """A new screen link for the site; an older one stops at once (hosts of the site)."""
    _manage(ctx, actor, site_id)
    return ctx.feed_tokens.rotate(SCREEN, site_id)


def revoke_screen_link(ctx: Context, actor: Member, site_id: UUID) -> None:
    _manage(ctx, actor, site_id)
    ctx.feed_tokens.revoke(SCREEN, site_id)


def screen_link_since(ctx: Context, actor: Member, site_id: UUID) -> datetime | None:
    _manage(ctx, actor, site_id)
    return ctx.feed_tokens.issued_at(SCREEN, site_id)


def _manage(ctx: Context, actor: Member, site_id: UUID) -> None:
    require_site_manager(actor)
    reads.site(ctx, site_id)
    require_manager_of(ctx, actor, site_id)


def screen_drawing(ctx: Context, token: str) -> tuple[str, int]:
    """The background drawing of the plan of the screen's site (``NotFound`` for any other
    token, or when the site has no drawing)."""
    key = ctx.feed_tokens.lookup(token)
    if key is None or key.feed_kind != SCREEN:
        raise NotFound("screen")
    return floorplan.background(ctx, key.subject_id)


def screen(ctx: Context, token: str) -> Lobby:
    """What the screen a link opens shows now; ``NotFound`` for any other token."""
    key = ctx.feed_tokens.lookup(token)
    if key is None or key.feed_kind != SCREEN:
        raise NotFound("screen")
    site = reads.site(ctx, key.subject_id)
    tz = ZoneInfo(site.timezone)
    now = ctx.now()
    day = local_date(now, tz)
    availability = reads.availability(ctx, site, day)
    soon = now + SLOT
    resources = []
    for r in availability.resources:
        if r.kind not in SHOWN_KINDS:
            continue
        spans = [s for s in r.free if s.available and s.end > now]
        resources.append(
            FreeToday(
                name=r.name,
                kind=r.kind,
                free_now=any(s.start <= now and soon <= s.end for s in spans),
                later=[
                    Interval(max(s.start, now), s.end)
                    for s in spans
                    if s.end - max(s.start, now) >= SLOT
                ],
            )
        )
    closures = [
        (c.first_day, c.last_day, c.reason)
        for c in site.closures
        if c.last_day >= day and c.first_day <= day + CLOSURES_AHEAD
    ]
    return Lobby(
        site=site,
        day=day,
        now=now,
        open_today=reads.open_intervals(ctx, site, day),
        closures=closures,
        resources=resources,
        whos_in=present(ctx, site.id, day),
        availability=availability,
        plan=ctx.queries.floor_plan(site.id),
    )
