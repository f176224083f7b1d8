"""Placing one booking: the given resource, or the first of the candidates that can be had,
with the member's schedule and the resource's day ledger (and whatever else the placement
records, such as a series' or a waitlist's note of it) saved in one atomic save, tried again
on fresh state when another command won the race. Booking, recurring bookings and the
waitlist all place through here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.booking import Booking
from domain.errors import Conflict, DomainError, NothingFree
from domain.ids import member_schedule_id, resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import ledger_day, place_booking
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval
from domain.vocabulary import MEMBER_RULES
from service.application.store import Grannskap, retrying

# What else a placement saves with the booking, in the same atomic save (a series' or a
# waitlist's record of it), given the booking; raising refuses the placement.
Attach = Callable[[Booking], Sequence[Aggregate]]


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
            return place_one(
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
        except Conflict:
            continue
        except DomainError as refusal:
            last = refusal
            if refusal.rule in MEMBER_RULES or refusal.about not in ("resource", "quantity"):
                break
    raise last


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
    placed_by: UUID | None = None,
    features: list[str] | None = None,
) -> tuple[int, Booking]:
    """Places one booking of a given resource (retried on a lost race); raises the refusal."""
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
