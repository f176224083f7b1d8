"""The hosts' use cases: register a site, add and retire resources, set opening hours,
change the booking policy, add closures and close on public holidays."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.holidays import swedish_public_holidays
from domain.resource import Resource
from domain.site import Site
from service.application.access import require_site_manager
from service.application.context import Context
from service.application.errors import NotFound
from service.application.store import retrying
from service.registry.members import Member


@dataclass(frozen=True)
class Changed:
    """What a change concerns, and the log position the views have reached for it."""

    id: UUID
    position: int


@dataclass(frozen=True)
class RegisterSite:
    actor: Member
    name: str
    address: str
    locality: str = ""
    timezone: str | None = None
    opening_hours: dict[str, list[list[str]]] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AddResource:
    actor: Member
    site_id: UUID
    kind: str
    name: str
    features: tuple[str, ...] = ()
    seats: int | None = None
    quantity: int = 1


@dataclass(frozen=True)
class RetireResource:
    actor: Member
    resource_id: UUID
    site_id: UUID | None = None


@dataclass(frozen=True)
class SetFeatures:
    """Replaces a resource's features (codes or words of the vocabulary)."""

    actor: Member
    resource_id: UUID
    features: tuple[str, ...]
    site_id: UUID | None = None


@dataclass(frozen=True)
class SetOpeningHours:
    actor: Member
    site_id: UUID
    opening_hours: dict[str, list[list[str]]]


@dataclass(frozen=True)
class ChangePolicy:
    """Changes the settings named in ``changes`` (``days_ahead``, ``max_minutes`` per kind,
    ``max_future_bookings``, ``grace_minutes``); every other setting is kept."""

    actor: Member
    site_id: UUID
    changes: dict[str, Any]


@dataclass(frozen=True)
class AddClosure:
    actor: Member
    site_id: UUID
    first_day: date
    last_day: date
    reason: str = ""


@dataclass(frozen=True)
class CloseOnPublicHolidays:
    actor: Member
    site_id: UUID
    years: tuple[int, ...]


def register_site(ctx: Context, command: RegisterSite) -> Changed:
    require_site_manager(command.actor)
    site = Site.register(
        name=command.name,
        address=command.address,
        locality=command.locality,
        timezone=command.timezone or ctx.timezone,
        opening_hours=command.opening_hours,
        policy=command.policy,
    )
    return Changed(site.id, ctx.written(ctx.store.save_all(site)))


def add_resource(ctx: Context, command: AddResource) -> Changed:
    require_site_manager(command.actor)
    ctx.store.site(command.site_id)
    resource = Resource.add(
        site_id=command.site_id,
        kind=command.kind,
        name=command.name,
        features=list(command.features),
        seats=command.seats,
        quantity=command.quantity,
    )
    return Changed(resource.id, ctx.written(ctx.store.save_all(resource)))


def retire_resource(ctx: Context, command: RetireResource) -> Changed:
    """Retiring a retired resource again changes nothing and is no error."""
    require_site_manager(command.actor)
    store = ctx.store

    def attempt() -> int:
        resource = store.load(Resource, command.resource_id, "resource")
        if command.site_id is not None and resource.site_id != command.site_id:
            raise NotFound("resource")
        resource.retire()
        return store.save_all(resource)

    return Changed(command.resource_id, ctx.written(retrying(attempt)))


def set_features(ctx: Context, command: SetFeatures) -> Changed:
    require_site_manager(command.actor)
    store = ctx.store

    def attempt() -> int:
        resource = store.load(Resource, command.resource_id, "resource")
        if command.site_id is not None and resource.site_id != command.site_id:
            raise NotFound("resource")
        resource.set_features(list(command.features))
        return store.save_all(resource)

    return Changed(command.resource_id, ctx.written(retrying(attempt)))


def _change_site(
    ctx: Context, actor: Member, site_id: UUID, change: Callable[[Site], None]
) -> Changed:
    require_site_manager(actor)
    store = ctx.store

    def attempt() -> int:
        site = store.load(Site, site_id, "site")
        change(site)
        return store.save_all(site)

    return Changed(site_id, ctx.written(retrying(attempt)))


def set_opening_hours(ctx: Context, command: SetOpeningHours) -> Changed:
    return _change_site(
        ctx, command.actor, command.site_id, lambda s: s.set_opening_hours(command.opening_hours)
    )


def change_policy(ctx: Context, command: ChangePolicy) -> Changed:
    return _change_site(
        ctx, command.actor, command.site_id, lambda s: s.change_policy(command.changes)
    )


def add_closure(ctx: Context, command: AddClosure) -> Changed:
    return _change_site(
        ctx,
        command.actor,
        command.site_id,
        lambda s: s.add_closure(command.first_day, command.last_day, command.reason),
    )


def close_on_public_holidays(ctx: Context, command: CloseOnPublicHolidays) -> Changed:
    """Closes the site on the Swedish public holidays of the years; days closed already are
    left as they are, so asking twice changes nothing."""

    def close(site: Site) -> None:
        for year in _years(command.years):
            site.add_public_holidays(swedish_public_holidays(year))

    return _change_site(ctx, command.actor, command.site_id, close)


def _years(years: Iterable[int]) -> list[int]:
    return sorted(set(years))
