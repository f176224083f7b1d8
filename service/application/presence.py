"""Who's in: on a site's day, the first names of the members who chose to be seen, where
they sit and when, and a free place next to each (to book beside them). Off by default: a
member is shown only after choosing it on their account page. Only signed-in members see it;
reports and calendar feeds never show names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.time import day_bounds
from projections.queries import Availability, FloorPlanView
from service.application import reads
from service.application.context import Context
from service.registry.members import Member


@dataclass(frozen=True)
class Present:
    """One member who chose to be seen, at one booking that day."""

    first_name: str
    resource_id: UUID
    resource_name: str
    kind: str
    start: datetime
    end: datetime
    next_to: UUID | None  # a free resource of the kind nearest to theirs for that time


def am_i_shown(ctx: Context, actor: Member) -> bool:
    return ctx.presence.is_shown(actor.id)


def show_me(ctx: Context, actor: Member, shown: bool) -> None:
    """The member's choice to be seen (their first name and where they sit) or not."""
    ctx.presence.set_shown(actor.id, shown)


def whos_in(ctx: Context, actor: Member, site_id: UUID, day: date) -> list[Present]:
    """The members who chose to be seen and hold a booking at the site that day (the
    asking member too, if they chose it), in order of start."""
    return present(ctx, site_id, day)


def present(ctx: Context, site_id: UUID, day: date) -> list[Present]:
    """Who's in at the site that day, for a page that no member signed in to (the lobby
    screen) as for the day page: only those who chose to be seen."""
    site = reads.site(ctx, site_id)
    bookings = [
        b
        for b in ctx.queries.site_bookings(site_id, day_bounds(day, ZoneInfo(site.timezone)))
        if b.status == "confirmed"
    ]
    shown = ctx.presence.shown(b.member_id for b in bookings)
    if not shown:
        return []
    names = ctx.members.names(shown)
    resources = {r.id: r for r in ctx.queries.resources(site_id)}
    plan = ctx.queries.floor_plan(site_id)
    free: dict[str, Availability] = {}
    out = []
    for b in bookings:
        if b.member_id not in shown or b.resource_id not in resources:
            continue
        resource = resources[b.resource_id]
        if resource.kind not in free:
            free[resource.kind] = reads.availability(ctx, site, day, resource.kind)
        out.append(
            Present(
                first_name=(names.get(b.member_id) or "?").split()[0],
                resource_id=b.resource_id,
                resource_name=resource.name,
                kind=resource.kind,
                start=b.start,
                end=b.end,
                next_to=_next_to(b.resource_id, b.start, b.end, free[resource.kind], plan),
            )
        )
    return out


def _next_to(
    resource_id: UUID,
    start: datetime,
    end: datetime,
    free: Availability,
    plan: FloorPlanView | None,
) -> UUID | None:
    """The free resource (for all of start..end) nearest to ``resource_id``: by the floor
    plan's cells when both are on it, else by the order of the list."""
    order = [r.resource_id for r in free.resources]
    candidates = [
        r.resource_id
        for r in free.resources
        if r.resource_id != resource_id
        and any(s.available and s.start <= start and end <= s.end for s in r.free)
    ]
    if not candidates:
        return None
    places = plan.places if plan else {}
    mine = places.get(resource_id)

    def distance(other: UUID) -> float:
        theirs = places.get(other)
        if mine and theirs:
            return abs(theirs[0] - mine[0]) + abs(theirs[1] - mine[1])
        here = order.index(resource_id) if resource_id in order else 0
        return 1000 + abs(order.index(other) - here)

    return min(candidates, key=distance)
