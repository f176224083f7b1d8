"""The use cases of a member's booking: book (a given resource, or any free one of a kind),
cancel, check in, check out; and the job that releases no-shows.

Each loads the aggregates it touches, lets the domain decide, saves them in one call (tried
again on fresh state when another command won the race), records a refusal as unmet demand,
counts it, and returns once the views a member reads next show the change."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import placement
from domain.booking import Booking, BookingRefused
from domain.errors import Conflict, DomainError, NoMatch, NothingFree, RuleViolation
from domain.ids import member_schedule_id, resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import cancel_booking, ledger_day, place_booking, release_no_show
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval
from domain.vocabulary import FEATURES, KINDS, MEMBER_RULES, known_features, pool_key
from projections.queries import BookingView
from service.application import metrics
from service.application.access import (
    manages_site,
    may_see_booking,
    require_manager_of,
    require_site_manager,
)
from service.application.context import Context
from service.application.errors import Busy, InvalidRequest, NotAllowed, NotFound
from service.application.store import Grannskap, retrying
from service.registry.members import Member

log = logging.getLogger(__name__)
# What else a placement saves with the booking, in the same atomic save (a series' or a
# waitlist's record of it), given the booking; raising refuses the placement.
Attach = Callable[[Booking], Sequence[Aggregate]]


@dataclass(frozen=True)
class Book:
    """Book ``resource_id``, or any free resource of ``kind`` at ``site_id`` that has all
    ``features``. A time without an offset is a wall-clock time at the site."""

    actor: Member
    start: datetime
    end: datetime
    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: str | None = None
    features: tuple[str, ...] = ()
    quantity: int = 1
    # A host books on this member's behalf (None: the actor books for themselves).
    member_id: UUID | None = None

    @property
    def owner(self) -> UUID:
        return self.member_id or self.actor.id


@dataclass(frozen=True)
class ChangeBooking:
    """Cancel, check in or check out one booking: the member's own, or any for a host.
    ``site_id``, when given, is where the asker believes the booking is; ``note`` is a
    host's words to the member when cancelling their booking."""

    actor: Member
    booking_id: UUID
    site_id: UUID | None = None
    note: str = ""
    # How a check-in is made: "code" (the resource's QR code); otherwise "button" when
    # members check in themselves and "host" when a host checks in someone else's.
    method: str | None = None


@dataclass(frozen=True)
class BookingChanged:
    booking: BookingView
    position: int


def booking_view(booking: Booking) -> BookingView:
    return BookingView(
        id=booking.id,
        status=booking.status,
        member_id=booking.member_id,
        site_id=booking.site_id,
        resource_id=booking.resource_id,
        kind=booking.kind,
        start=booking.start,
        end=booking.end,
        quantity=booking.quantity,
        placed_at=booking.placed_at,
        changed_at=booking.modified_on,
        version=booking.version,
        checked_in_at=booking.checked_in_at,
        cancel_reason=booking.cancel_reason,
        cancel_note=booking.cancel_note,
        placed_by=booking.placed_by,
    )


def interval_at(site: Site, start: datetime, end: datetime) -> Interval:
    """The interval asked for; times without an offset are wall-clock times at the site.
    One that ends before it starts asks for nothing, and is refused as such."""
    first = start if start.tzinfo is not None else start.replace(tzinfo=site.tz)
    last = end if end.tzinfo is not None else end.replace(tzinfo=site.tz)
    if last <= first:
        raise InvalidRequest("end must be after start", about="end")
    return Interval.of(first, last)


def book(ctx: Context, command: Book) -> BookingChanged:
    """Books one resource or any free one, or records why not and raises the refusal."""
    store = ctx.store
    _check_owner(ctx, command)
    resource: Resource | None = None
    if command.resource_id is not None:
        if command.kind is not None:
            raise InvalidRequest("give resource_id, or site_id and kind", about="resource")
        resource = store.resource(command.resource_id)
        if command.site_id is not None and resource.site_id != command.site_id:
            raise NotFound("resource")
        site = store.site(resource.site_id)
    elif command.site_id is None:
        about = "site" if command.kind is not None else "resource"
        raise InvalidRequest("give resource_id, or site_id and kind", about=about)
    elif command.kind is None:
        raise InvalidRequest("give resource_id, or site_id and kind", about="kind")
    elif command.kind not in KINDS:
        raise InvalidRequest(f"kind is one of {', '.join(KINDS)}", about="kind")
    else:
        site = store.site(command.site_id)
    if command.member_id is not None and command.member_id != command.actor.id:
        require_manager_of(ctx, command.actor, site.id)
    interval = interval_at(site, command.start, command.end)
    kind = resource.kind if resource is not None else str(command.kind)
    asked = asked_of(store, kind, command.resource_id, None, command.quantity)
    try:
        if resource is not None:
            position, booking = retrying(
                partial(
                    _place,
                    store,
                    command.owner,
                    resource,
                    site,
                    interval,
                    command.quantity,
                    placed_by=command.actor.id,
                )
            )
        else:
            features = wanted_features(command.features)
            candidates = ctx.queries.candidates(site.id, kind, interval, features)
            asked = asked_of(store, kind, None, features, command.quantity, candidates)
            check_some_match(kind, features, candidates)
            position, booking = _place_any(store, command, site, interval, candidates, features)
    except (Conflict, RuleViolation) as refusal:
        metrics.BOOKINGS_REFUSED.labels(refusal.rule).inc()
        resource_id = resource.id if resource is not None else None
        store.save_all(
            record_refusal(
                store, command.owner, site.id, resource_id, kind, interval, refusal, asked
            )
        )
        raise
    metrics.BOOKINGS_PLACED.labels(booking.kind).inc()
    return BookingChanged(booking_view(booking), ctx.written(position))


def wanted_features(features: Iterable[str]) -> list[str]:
    """The codes of the features a member needs; one the vocabulary does not know is bad
    input (no resource could ever have it), not a refusal."""
    try:
        return known_features(tuple(features))
    except ValueError as unknown:
        raise InvalidRequest(
            f"{unknown} is not a known feature (known: {', '.join(FEATURES)})", about="features"
        ) from None


def _place_any(
    store: Grannskap,
    command: Book,
    site: Site,
    interval: Interval,
    candidates: Iterable[UUID],
    features: list[str],
) -> tuple[int, Booking]:
    return place_first(
        store,
        command.owner,
        site,
        str(command.kind),
        interval,
        command.quantity,
        candidates,
        placed_by=command.actor.id,
        features=features,
    )


def place_first(
    store: Grannskap,
    member_id: UUID,
    site: Site,
    kind: str,
    interval: Interval,
    quantity: int,
    candidates: Iterable[UUID],
    attach: Attach | None = None,
    placed_by: UUID | None = None,
    features: list[str] | None = None,
) -> tuple[int, Booking]:
    """The first candidate that can be had. A refusal about the member or the time ends the
    search (no other resource would do better); one about the resource tries the next."""
    last: DomainError = NothingFree(f"no {kind} is free at that time", about="start")
    for resource_id in candidates:
        resource = store.resource(resource_id)
        try:
            return retrying(
                partial(
                    _place,
                    store,
                    member_id,
                    resource,
                    site,
                    interval,
                    quantity,
                    attach,
                    placed_by=placed_by,
                    features=features,
                )
            )
        except Conflict:
            continue
        except DomainError as refusal:
            last = refusal
            if refusal.rule in MEMBER_RULES or refusal.about not in ("resource", "quantity"):
                break
    raise last


def _check_owner(ctx: Context, command: Book) -> None:
    """Only a host books on another member's behalf, and only for a member who exists."""
    if command.member_id is None or command.member_id == command.actor.id:
        return
    require_site_manager(command.actor)
    if ctx.members.get(command.member_id) is None:
        raise NotFound("member")


def _place(
    store: Grannskap,
    member_id: UUID,
    resource: Resource,
    site: Site,
    interval: Interval,
    quantity: int,
    attach: Attach | None = None,
    placed_by: UUID | None = None,
    features: list[str] | None = None,
) -> tuple[int, Booking]:
    day = ledger_day(site, interval)
    ledger = store.load_or_none(ResourceDay, resource_day_id(resource.id, day))
    schedule = store.load_or_none(MemberSchedule, member_schedule_id(member_id))
    ledger = ledger or ResourceDay.open(resource.id, day)
    schedule = schedule or MemberSchedule(member_id=member_id)
    booking = place_booking(
        member_schedule=schedule,
        site=site,
        resource=resource,
        ledger=ledger,
        interval=interval,
        quantity=quantity,
        now=store.clock(),
        placed_by=placed_by,
        features=features,
    )
    also = attach(booking) if attach is not None else ()
    return store.save_all(booking, ledger, schedule, *also), booking


def place_one(
    store: Grannskap,
    member_id: UUID,
    resource: Resource,
    site: Site,
    interval: Interval,
    quantity: int,
    attach: Attach | None = None,
) -> tuple[int, Booking]:
    """Places one booking of a given resource (retried on a lost race); raises the refusal."""
    return retrying(partial(_place, store, member_id, resource, site, interval, quantity, attach))


@dataclass(frozen=True)
class Asked:
    """What a refused attempt asked for: the pool ("desk", "room", "equipment:Projector"),
    the features (None: a resource chosen by name) and the quantity."""

    pool: str
    features: list[str] | None = None
    quantity: int = 1


def asked_of(
    store: Grannskap,
    kind: str,
    resource_id: UUID | None,
    features: Iterable[str] | None,
    quantity: int,
    candidates: Sequence[UUID] = (),
) -> Asked:
    """What an attempt asked for, its pool named: the resource's own, or for any equipment
    with the features the item of the first that has them (a projector is not a headset)."""
    if resource_id is not None:
        return Asked(pool_key(kind, store.resource(resource_id).name), None, quantity)
    wanted = list(features or [])
    if kind == "equipment" and candidates:
        return Asked(pool_key(kind, store.resource(candidates[0]).name), wanted, quantity)
    return Asked(kind, wanted, quantity)


def check_some_match(kind: str, features: list[str], candidates: Sequence[UUID]) -> None:
    """No resource of the kind with the features: no capacity would have helped."""
    if not candidates:
        wish = f" with {', '.join(features)}" if features else ""
        raise NoMatch(f"no {kind}{wish} at this site", about="features")


def record_refusal(
    store: Grannskap,
    member_id: UUID,
    site_id: UUID,
    resource_id: UUID | None,
    kind: str,
    interval: Interval,
    refusal: DomainError,
    asked: Asked | None = None,
) -> BookingRefused:
    """The refused attempt as unmet demand (not yet saved: the caller saves it)."""
    asked = asked or Asked(kind)
    return BookingRefused(
        member_id=member_id,
        site_id=site_id,
        resource_id=resource_id,
        kind=kind,
        start=interval.start,
        end=interval.end,
        rule=refusal.rule,
        reason=refusal.message,
        at=store.clock(),
        pool=asked.pool,
        features=asked.features,
        quantity=asked.quantity,
    )


# -- changes to one booking -----------------------------------------------------------------


def _visible(ctx: Context, command: ChangeBooking) -> Booking:
    """The booking, if the asker may see it (and it is where they said); else NotFound."""
    booking = ctx.store.booking(command.booking_id)
    if not may_see_booking(ctx, command.actor, booking.member_id, booking.site_id) or (
        command.site_id is not None and booking.site_id != command.site_id
    ):
        raise NotFound("booking")
    return booking


def _parts(store: Grannskap, booking_id: UUID) -> tuple[Booking, Site, ResourceDay, MemberSchedule]:
    booking = store.load(Booking, booking_id, "booking")
    site = store.site(booking.site_id)
    day = ledger_day(site, Interval(booking.start, booking.end))
    ledger = store.load(ResourceDay, resource_day_id(booking.resource_id, day), "booking")
    schedule = store.load(MemberSchedule, member_schedule_id(booking.member_id), "booking")
    return booking, site, ledger, schedule


def cancel(ctx: Context, command: ChangeBooking) -> BookingChanged:
    store = ctx.store
    _visible(ctx, command)

    def attempt() -> tuple[int, Booking]:
        booking, _, ledger, schedule = _parts(store, command.booking_id)
        cancel_booking(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            by=command.actor.id,
            now=store.clock(),
            note=command.note if booking.member_id != command.actor.id else "",
        )
        return store.save_all(booking, ledger, schedule), booking

    position, booking = retrying(attempt)
    metrics.BOOKINGS_CANCELLED.inc()
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.freed(changed.booking)
    return changed


def check_in(ctx: Context, command: ChangeBooking) -> BookingChanged:
    """From 15 minutes before the start until the site's grace period after it."""
    store = ctx.store
    visible = _visible(ctx, command)

    if command.method == "host" and not manages_site(ctx, command.actor, visible.site_id):
        raise NotAllowed("only hosts check in for others")

    def attempt() -> tuple[int, Booking]:
        booking = store.load(Booking, command.booking_id, "booking")
        method = command.method or ("button" if booking.member_id == command.actor.id else "host")
        booking.check_in(store.clock(), store.site(booking.site_id).policy.grace, method)
        return store.save_all(booking), booking

    position, booking = retrying(attempt)
    return BookingChanged(booking_view(booking), ctx.written(position))


def check_out(ctx: Context, command: ChangeBooking) -> BookingChanged:
    """Leaving early: the rest of the slot is free for others again."""
    store = ctx.store
    _visible(ctx, command)

    def attempt() -> tuple[int, Booking]:
        booking, _, ledger, schedule = _parts(store, command.booking_id)
        placement.check_out(
            booking=booking, ledger=ledger, member_schedule=schedule, now=store.clock()
        )
        return store.save_all(booking, ledger, schedule), booking

    position, booking = retrying(attempt)
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.freed(changed.booking)
    return changed


def release_if_no_show(ctx: Context, booking_id: UUID) -> bool:
    """Releases the booking if nobody checked in within its site's grace period; returns
    whether it did. Idempotent, and safe when several processes run it at once: the loser
    of a race looks again and finds nothing left to do."""
    store = ctx.store

    def attempt() -> int | None:
        booking, site, ledger, schedule = _parts(store, booking_id)
        if not release_no_show(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            grace=site.policy.grace,
            now=store.clock(),
        ):
            return None
        return store.save_all(booking, ledger, schedule)

    position = retrying(attempt)
    if position is None:
        return False
    metrics.NO_SHOWS_RELEASED.inc()
    ctx.written(position)
    ctx.freed(booking_view(store.booking(booking_id)))
    return True


def release_no_shows(ctx: Context) -> int:
    """Releases every booking nobody checked in for within its site's grace period (the job
    that runs every minute); returns how many."""
    released = 0
    for booking_id in ctx.queries.no_show_candidates(ctx.now()):
        try:
            released += release_if_no_show(ctx, booking_id)
        except (DomainError, NotFound, Busy):
            log.exception("could not release booking %s", booking_id)
    return released
