"""A member's usual: the favourite resource at a site and the hours they usually book it;
"book my usual" books it on a day in one step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from domain.ids import usual_id
from domain.usual import Usuals
from projections.queries import UsualView
from service.application import bookings, reads
from service.application.bookings import Book, BookingChanged
from service.application.context import Context
from service.application.errors import NotFound
from service.application.store import retrying
from service.registry.members import Member


@dataclass(frozen=True)
class SetUsual:
    actor: Member
    resource_id: UUID
    start: time
    end: time


def set_usual(ctx: Context, command: SetUsual) -> UsualView:
    """Makes the resource the member's favourite at its site, with their usual hours."""
    store = ctx.store
    resource = store.resource(command.resource_id)
    if resource.retired:
        raise NotFound("resource")

    def attempt() -> int:
        usuals = store.load_or_none(Usuals, usual_id(command.actor.id))
        usuals = usuals or Usuals(member_id=command.actor.id)
        usuals.set(resource.site_id, resource.id, command.start, command.end, store.clock())
        return store.save_all(usuals)

    ctx.written(retrying(attempt))
    return usual(ctx, command.actor, resource.site_id)


def clear_usual(ctx: Context, actor: Member, site_id: UUID) -> None:
    store = ctx.store

    def attempt() -> int:
        usuals = store.load_or_none(Usuals, usual_id(actor.id))
        if usuals is None:
            return store.position
        usuals.clear(site_id, store.clock())
        return store.save_all(usuals)

    ctx.written(retrying(attempt))


def usual(ctx: Context, actor: Member, site_id: UUID) -> UsualView:
    found = ctx.queries.usuals(actor.id).get(site_id)
    if found is None:
        raise NotFound("usual")
    return found


def my_usuals(ctx: Context, actor: Member) -> dict[UUID, UsualView]:
    return ctx.queries.usuals(actor.id)


def book_usual(ctx: Context, actor: Member, site_id: UUID, day: date) -> BookingChanged:
    """Books the member's favourite resource at the site on ``day`` at their usual hours.
    A refusal (taken, closed...) is recorded and raised as for any booking."""
    found = usual(ctx, actor, site_id)
    site = reads.site(ctx, site_id)
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(site.timezone)
    start = datetime.combine(day, time.fromisoformat(found.start), tzinfo=tz)
    end = datetime.combine(day, time.fromisoformat(found.end), tzinfo=tz)
    return bookings.book(ctx, Book(actor, start, end, resource_id=found.resource_id))
