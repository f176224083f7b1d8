"""Sites, their closures and policies, and their resources, as the catalogue view has them.

The catalogue is small and changed only by hosts, so it is kept in memory and read again
only when the catalogue projection's position has moved (which ``catalogue_position`` tells;
without it, every read goes to the database)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Engine, select

from domain.site import BookingPolicy, OpeningHours
from projections.tables import ClosureRow, ResourceRow, SiteRow


class Closure(msgspec.Struct):
    first_day: date
    last_day: date
    reason: str
    id: UUID | None = None


class SiteView(msgspec.Struct):
    id: UUID
    name: str
    address: str
    locality: str
    timezone: str
    opening_hours: dict[str, list[list[str]]]
    policy: dict[str, Any]
    closures: list[Closure]

    def closure_on(self, day: date) -> Closure | None:
        return next((c for c in self.closures if c.first_day <= day <= c.last_day), None)


class ResourceView(msgspec.Struct):
    id: UUID
    site_id: UUID
    kind: str
    name: str
    features: list[str]
    seats: int | None
    quantity: int
    retired: bool
    requires_approval: bool = False
    """A member's booking of it waits for a host's approval."""


# Swedish alphabetical order: å, ä and ö come after z, in that order (as { | } do in ASCII).
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def natural(name: str) -> list[Any]:
    """A sort key that puts "Skrivbord 2" before "Skrivbord 10", and "Ån" after "Zeta"."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold().translate(_SWEDISH))
        for part in re.split(r"(\d+)", name)
        if part
    ]


@dataclass(frozen=True)
class Catalogue:
    """Every site (with its closures) and resource, as the catalogue view had them, with
    each site's opening hours and booking policy as the domain reads them."""

    sites: dict[UUID, SiteView]
    resources: dict[UUID, list[ResourceView]]
    opening: dict[UUID, OpeningHours]
    policies: dict[UUID, BookingPolicy]


class CatalogueQueries:
    def __init__(self, engine: Engine, catalogue_position: Callable[[], int] | None = None):
        self.engine = engine
        self.catalogue_position = catalogue_position
        self._cached: tuple[int, Catalogue] | None = None

    def catalogue(self) -> Catalogue:
        if self.catalogue_position is None:
            return self._load_catalogue()
        position = self.catalogue_position()  # before loading: a later change reloads
        cached = self._cached
        if cached is not None and cached[0] == position:
            return cached[1]
        catalogue = self._load_catalogue()
        self._cached = (position, catalogue)
        return catalogue

    def _load_catalogue(self) -> Catalogue:
        with self.engine.connect() as c:
            closures: dict[UUID, list[Closure]] = {}
            for row in c.execute(select(ClosureRow).order_by(ClosureRow.first_day)):
                closures.setdefault(row.site_id, []).append(
                    Closure(row.first_day, row.last_day, row.reason, row.id)
                )
            rows = sorted(c.execute(select(SiteRow)), key=lambda row: natural(row.name))
            sites = {
                row.id: SiteView(
                    id=row.id,
                    name=row.name,
                    address=row.address,
                    locality=row.locality,
                    timezone=row.timezone,
                    opening_hours=row.opening_hours,
                    policy=row.policy,
                    closures=closures.get(row.id, []),
                )
                for row in rows
            }
            resources: dict[UUID, list[ResourceView]] = {}
            for r in c.execute(select(ResourceRow)):
                resources.setdefault(r.site_id, []).append(
                    ResourceView(
                        id=r.id,
                        site_id=r.site_id,
                        kind=r.kind,
                        name=r.name,
                        features=list(r.features),
                        seats=r.seats,
                        quantity=r.quantity,
                        retired=r.retired,
                        requires_approval=bool(r.requires_approval),
                    )
                )
        for of_site in resources.values():
            of_site.sort(key=lambda r: (r.kind, natural(r.name)))
        opening = {i: OpeningHours.parse(site.opening_hours) for i, site in sites.items()}
        policies = {i: BookingPolicy.parse(site.policy) for i, site in sites.items()}
        return Catalogue(sites, resources, opening, policies)

    def sites(self) -> list[SiteView]:
        return list(self.catalogue().sites.values())

    def site(self, site_id: UUID) -> SiteView | None:
        return self.catalogue().sites.get(site_id)

    def opening_hours(self, site_id: UUID) -> OpeningHours:
        return self.catalogue().opening.get(site_id) or OpeningHours({})

    def policy(self, site_id: UUID) -> BookingPolicy:
        return self.catalogue().policies.get(site_id) or BookingPolicy()

    def resources(
        self, site_id: UUID, kind: str | None = None, include_retired: bool = False
    ) -> list[ResourceView]:
        return [
            r
            for r in self.catalogue().resources.get(site_id, [])
            if (kind is None or r.kind == kind) and (include_retired or not r.retired)
        ]

    def resource_names(self, site_id: UUID) -> dict[UUID, str]:
        return {r.id: r.name for r in self.resources(site_id, include_retired=True)}
