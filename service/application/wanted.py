"""What a request wants, resolved once for booking, recurring bookings and the waitlist: a
given resource (and so its site and kind), or any resource of a kind at a site that has all
the features asked for, in a quantity; and the interval it asks for at that site.

The three used to resolve it each in their own way; the differences now settled:
- given neither a resource nor a site, the field to blame is ``resource`` when no kind was
  given either, and ``site`` when a kind was (a booking said so; a series and the waitlist
  always blamed ``site``);
- a missing kind says to give a resource or a site and a kind, an unknown one lists the kinds
  (a series and the waitlist listed the kinds for both);
- the quantity is 1..1000 (a series checked it always, the waitlist for any of a kind; a
  booking left it to each resource, which refused it as an impossible value, not recorded as
  demand); beyond that, what a given resource holds is the resource's rule, checked where it
  is placed;
- the features of a given resource are not asked (it is what it is): only those of any of a
  kind are, and one the vocabulary does not know is bad input."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.resource import Resource
from domain.site import Site
from domain.time import Interval
from domain.vocabulary import FEATURES, KINDS, known_features
from service.application.errors import InvalidRequest, NotFound
from service.application.store import Grannskap

MAX_QUANTITY = 1000
EITHER = "give resource_id, or site_id and kind"


@dataclass(frozen=True)
class Wanted:
    """A resource (``resource`` set; ``features`` empty), or any of ``kind`` at ``site``
    with all ``features``."""

    site: Site
    kind: str
    resource: Resource | None = None
    features: list[str] = field(default_factory=list)

    @property
    def resource_id(self) -> UUID | None:
        return self.resource.id if self.resource is not None else None


def resolve(
    store: Grannskap,
    resource_id: UUID | None,
    site_id: UUID | None,
    kind: str | None,
    features: Iterable[str] = (),
    quantity: int = 1,
) -> Wanted:
    """What the request wants, or ``InvalidRequest`` naming the field to blame (``NotFound``
    for a resource or site that does not exist, or a resource not at the site named)."""
    wanted = _target(store, resource_id, site_id, kind, features)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidRequest(f"quantity is 1..{MAX_QUANTITY}", about="quantity")
    return wanted


def _target(
    store: Grannskap,
    resource_id: UUID | None,
    site_id: UUID | None,
    kind: str | None,
    features: Iterable[str],
) -> Wanted:
    if resource_id is not None:
        if kind is not None:
            raise InvalidRequest(EITHER, about="resource")
        resource = store.resource(resource_id)
        if site_id is not None and resource.site_id != site_id:
            raise NotFound("resource")
        return Wanted(store.site(resource.site_id), resource.kind, resource)
    if site_id is None:
        raise InvalidRequest(EITHER, about="site" if kind is not None else "resource")
    if kind is None:
        raise InvalidRequest(EITHER, about="kind")
    if kind not in KINDS:
        raise InvalidRequest(f"kind is one of {', '.join(KINDS)}", about="kind")
    return Wanted(store.site(site_id), kind, None, wanted_features(features))


def wanted_features(features: Iterable[str]) -> list[str]:
    """The codes of the features a member needs; one the vocabulary does not know is bad
    input (no resource could ever have it), not a refusal."""
    try:
        return known_features(tuple(features))
    except ValueError as unknown:
        raise InvalidRequest(
            f"{unknown} is not a known feature (known: {', '.join(FEATURES)})", about="features"
        ) from None


def interval_at(site: Site, start: datetime, end: datetime) -> Interval:
    """The interval asked for; times without an offset are wall-clock times at the site.
    One that ends before it starts asks for nothing, and is refused as such."""
    first = start if start.tzinfo is not None else start.replace(tzinfo=site.tz)
    last = end if end.tzinfo is not None else end.replace(tzinfo=site.tz)
    if last <= first:
        raise InvalidRequest("end must be after start", about="end")
    return Interval.of(first, last)
