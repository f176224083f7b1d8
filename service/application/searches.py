"""Looking for something free: the availability of a site's day, and the record of a search
that found nothing. A member who looks at a day, finds nothing free in the hours they chose
and leaves would leave no trace; this keeps it as a demand signal (``EmptySearch``),
counted apart from booking requests and never shown per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.search import EmptySearch
from domain.time import local_instant
from domain.vocabulary import KINDS
from projections.queries import SiteView
from projections.queries.bookings import Availability
from service.application import reads
from service.application.context import Context
from service.registry.members import Member

DAY_PAGE, API = "day-page", "api"


@dataclass(frozen=True)
class Search:
    """Free time at ``site_id`` on a local day. ``kind`` is what is looked for; with a
    local ``start`` and ``end`` the search is for that time. ``every_kind`` answers with
    the resources of every kind (the day page shows them all)."""

    actor: Member | None
    site_id: UUID
    day: date
    kind: str | None = None
    start: time | None = None
    end: time | None = None
    every_kind: bool = False
    channel: str = API


def search_free(ctx: Context, command: Search) -> Availability:
    """The day's availability; a search for a time within the opening hours, not yet
    passed, that finds no resource of the kind free all of that time is recorded."""
    site = reads.site(ctx, command.site_id)
    shown_kind = None if command.every_kind else command.kind
    availability = ctx.queries.availability(site, command.day, shown_kind, ctx.now())
    if _found_nothing(ctx, site, command, availability) and command.actor is not None:
        tz = ZoneInfo(site.timezone)
        assert command.start is not None and command.end is not None and command.kind
        ctx.store.save_all(
            EmptySearch(
                member_id=command.actor.id,
                site_id=site.id,
                kind=command.kind,
                start=local_instant(command.day, command.start, tz),
                end=local_instant(command.day, command.end, tz),
                at=ctx.now(),
                channel=command.channel,
            )
        )
    return availability


def _found_nothing(
    ctx: Context, site: SiteView, command: Search, availability: Availability
) -> bool:
    if command.kind not in KINDS or command.start is None or command.end is None:
        return False
    tz = ZoneInfo(site.timezone)
    start = local_instant(command.day, command.start, tz)
    end = local_instant(command.day, command.end, tz)
    if end <= start or start < ctx.now():
        return False
    if not any(s.start <= start and end <= s.end for s in availability.open):
        return False  # closed then: not a question of capacity
    return not any(
        s.start <= start and end <= s.end and s.available >= 1
        for r in availability.resources
        if r.kind == command.kind
        for s in r.free
    )
