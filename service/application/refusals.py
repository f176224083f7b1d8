"""A refused attempt as unmet demand: what it asked for (the pool, the features, the
quantity) and why it was refused, recorded as ``BookingRefused`` for the evaluators."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.booking import BookingRefused
from domain.errors import DomainError, NoMatch
from domain.time import Interval
from domain.vocabulary import pool_key
from service.application.store import Grannskap


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
