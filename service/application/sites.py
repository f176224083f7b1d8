"""The hosts' use cases: register a site, add and retire resources, set opening hours,
change the booking policy, add and remove closures and close on public holidays.

Retiring a resource, new opening hours and closures cancel the bookings they no longer
allow, with the reason (``service.application.disruptions``); each has a preview that
says which bookings those would be and saves nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.holidays import EVES, swedish_eves, swedish_public_holidays
from domain.resource import Resource
from domain.site import Site
from service.application.access import require_manager_of, require_site_manager
from service.application.context import Context
from service.application.disruptions import Disrupted, change_site
from service.application.disruptions import retire_resource as _retire
from service.application.errors import InvalidRequest, NotFound
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
class RemoveClosure:
    actor: Member
    site_id: UUID
    closure_id: UUID


@dataclass(frozen=True)
class CloseOnPublicHolidays:
    """The Swedish public holidays of the years, and the de facto closed days of
    ``domain.holidays.EVES`` named in ``eves`` (julafton, nyarsafton, midsommarafton)."""

    actor: Member
    site_id: UUID
    years: tuple[int, ...]
    eves: tuple[str, ...] = ()


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
    position = ctx.store.save_all(site)
    if command.actor.role == "host" and ctx.sites.sites_of(command.actor.id):
        ctx.sites.assign(command.actor.id, site.id)  # a host of some sites hosts new ones too
    return Changed(site.id, ctx.written(position))


def add_resource(ctx: Context, command: AddResource) -> Changed:
    require_manager_of(ctx, command.actor, command.site_id)
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


def retire_resource(ctx: Context, command: RetireResource, preview: bool = False) -> Disrupted:
    """Retires the resource and cancels its bookings that have not ended. Retiring a
    retired resource again changes nothing and is no error."""
    return _retire(ctx, command.actor, command.resource_id, command.site_id, preview)


def set_features(ctx: Context, command: SetFeatures) -> Changed:
    require_site_manager(command.actor)
    store = ctx.store

    def attempt() -> int:
        resource = store.load(Resource, command.resource_id, "resource")
        if command.site_id is not None and resource.site_id != command.site_id:
            raise NotFound("resource")
        require_manager_of(ctx, command.actor, resource.site_id)
        resource.set_features(list(command.features))
        return store.save_all(resource)

    return Changed(command.resource_id, ctx.written(retrying(attempt)))


def _change_site(
    ctx: Context, actor: Member, site_id: UUID, change: Callable[[Site], None]
) -> Changed:
    require_manager_of(ctx, actor, site_id)
    store = ctx.store

    def attempt() -> int:
        site = store.load(Site, site_id, "site")
        change(site)
        return store.save_all(site)

    return Changed(site_id, ctx.written(retrying(attempt)))


def set_opening_hours(ctx: Context, command: SetOpeningHours, preview: bool = False) -> Disrupted:
    """New weekly opening hours; bookings they no longer cover are cancelled."""
    return change_site(
        ctx,
        command.actor,
        command.site_id,
        lambda s: s.set_opening_hours(command.opening_hours),
        preview,
    )


def change_policy(ctx: Context, command: ChangePolicy) -> Changed:
    """Bookings already made are kept under a stricter policy: the rules are checked when
    a booking is made."""
    return _change_site(
        ctx, command.actor, command.site_id, lambda s: s.change_policy(command.changes)
    )


def add_closure(ctx: Context, command: AddClosure, preview: bool = False) -> Disrupted:
    """Closes the site on those days and cancels the bookings on them; ``id`` of the
    result is the new closure's."""
    return change_site(
        ctx,
        command.actor,
        command.site_id,
        lambda s: s.add_closure(command.first_day, command.last_day, command.reason),
        preview,
    )


def remove_closure(ctx: Context, command: RemoveClosure) -> Changed:
    """Opens the closure's days again (bookings cancelled by it stay cancelled)."""
    require_manager_of(ctx, command.actor, command.site_id)
    if all(c.id != command.closure_id for c in ctx.store.site(command.site_id).closures):
        raise NotFound("closure")
    return _change_site(
        ctx, command.actor, command.site_id, lambda s: s.remove_closure(command.closure_id)
    )


def close_on_public_holidays(
    ctx: Context, command: CloseOnPublicHolidays, preview: bool = False
) -> Disrupted:
    """Closes the site on the Swedish public holidays of the years (and the chosen eves);
    days closed already are left as they are, so asking twice changes nothing."""
    unknown = [e for e in command.eves if e not in EVES]
    if unknown:
        raise InvalidRequest(f"eves are {', '.join(EVES)}", about="eves")

    def close(site: Site) -> None:
        for year in _years(command.years):
            site.add_public_holidays(swedish_public_holidays(year))
            site.add_public_holidays(swedish_eves(year, command.eves))

    return change_site(ctx, command.actor, command.site_id, close, preview)


def _years(years: Iterable[int]) -> list[int]:
    return sorted(set(years))
