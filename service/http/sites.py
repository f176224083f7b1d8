"""Sites, resources, availability; and the hosts' changes to them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, post, put
from litestar.params import Parameter

from service.application import reads, searches, sites
from service.application.context import Context
from service.application.disruptions import Disrupted
from service.http.auth import hosts_only
from service.http.deps import parse_clock
from service.http.errors import problem
from service.http.schemas import (
    AvailabilityOut,
    BookingOut,
    ClosureRequest,
    Created,
    ImpactOut,
    Kind,
    PolicyRequest,
    ResourceOut,
    ResourceRequest,
    RetiredOut,
    SiteChangeOut,
    SiteOut,
    SiteRequest,
    WeeklyHours,
    out,
)
from service.registry.members import Member

Asker = Request[Member, Any, Any]


class SiteController(Controller):
    path = "/api/sites"
    tags = ["sites"]

    @get("/", sync_to_thread=True, summary="All sites")
    def sites(self, ctx: Context) -> list[SiteOut]:
        return out(list[SiteOut], reads.sites(ctx))

    @get("/{site_id:uuid}", sync_to_thread=True, summary="One site")
    def site(self, site_id: UUID, ctx: Context) -> SiteOut:
        return out(SiteOut, reads.site(ctx, site_id))

    @get("/{site_id:uuid}/resources", sync_to_thread=True, summary="Resources of a site")
    def resources(
        self, site_id: UUID, ctx: Context, kind: Kind | None = None, include_retired: bool = False
    ) -> list[ResourceOut]:
        reads.site(ctx, site_id)
        return out(list[ResourceOut], reads.resources(ctx, site_id, kind, include_retired))

    @get(
        "/{site_id:uuid}/availability", sync_to_thread=True, summary="Free intervals on a local day"
    )
    def availability(
        self,
        site_id: UUID,
        ctx: Context,
        request: Asker,
        date: date = Parameter(description="The local day, YYYY-MM-DD"),
        kind: Kind | None = None,
        start: str | None = Parameter(
            default=None, description="With end and kind: the local time looked for, HH:MM"
        ),
        end: str | None = Parameter(default=None, description="The end of that time, HH:MM"),
    ) -> AvailabilityOut:
        found = searches.search_free(
            ctx,
            searches.Search(
                actor=request.user if isinstance(request.user, Member) else None,
                site_id=site_id,
                day=date,
                kind=kind,
                start=parse_clock(start, "start") if start else None,
                end=parse_clock(end, "end") if end else None,
                channel=searches.API,
            ),
        )
        return out(AvailabilityOut, found)

    @post("/", sync_to_thread=True, guards=[hosts_only], summary="Register a site (hosts)")
    def register(self, data: SiteRequest, ctx: Context, request: Asker) -> Created:
        changed = sites.register_site(
            ctx,
            sites.RegisterSite(
                actor=request.user,
                name=data.name,
                address=data.address,
                locality=data.locality,
                timezone=data.timezone,
                opening_hours=data.opening_hours,
                policy=data.policy,
            ),
        )
        return Created(changed.id)

    @post(
        "/{site_id:uuid}/resources",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Add a resource (hosts)",
    )
    def add_resource(
        self, site_id: UUID, data: ResourceRequest, ctx: Context, request: Asker
    ) -> Created:
        changed = sites.add_resource(
            ctx,
            sites.AddResource(
                actor=request.user,
                site_id=site_id,
                kind=data.kind,
                name=data.name,
                features=tuple(data.features),
                seats=data.seats,
                quantity=data.quantity,
            ),
        )
        return Created(changed.id)

    @put(
        "/{site_id:uuid}/opening-hours",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Set weekly opening hours (hosts); bookings they no longer cover are cancelled",
    )
    def opening_hours(
        self, site_id: UUID, data: WeeklyHours, ctx: Context, request: Asker
    ) -> SiteChangeOut:
        changed = sites.set_opening_hours(ctx, sites.SetOpeningHours(request.user, site_id, data))
        return _site_change(ctx, site_id, changed)

    @post(
        "/{site_id:uuid}/opening-hours/preview",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="The bookings new opening hours would cancel (hosts; changes nothing)",
    )
    def opening_hours_preview(
        self, site_id: UUID, data: WeeklyHours, ctx: Context, request: Asker
    ) -> ImpactOut:
        command = sites.SetOpeningHours(request.user, site_id, data)
        return _impact(sites.set_opening_hours(ctx, command, preview=True))

    @put(
        "/{site_id:uuid}/policy",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Change the booking policy (hosts); settings left out are kept",
    )
    def policy(self, site_id: UUID, data: PolicyRequest, ctx: Context, request: Asker) -> SiteOut:
        sites.change_policy(ctx, sites.ChangePolicy(request.user, site_id, data.changes()))
        return out(SiteOut, reads.site(ctx, site_id))

    @post(
        "/{site_id:uuid}/closures",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=201,
        summary="Add a closure or public holidays (hosts); bookings on those days are cancelled",
    )
    def closures(
        self, site_id: UUID, data: ClosureRequest, ctx: Context, request: Asker
    ) -> SiteChangeOut:
        return _site_change(ctx, site_id, _close(ctx, request, site_id, data, preview=False))

    @post(
        "/{site_id:uuid}/closures/preview",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="The bookings a closure would cancel (hosts; changes nothing)",
    )
    def closures_preview(
        self, site_id: UUID, data: ClosureRequest, ctx: Context, request: Asker
    ) -> ImpactOut:
        return _impact(_close(ctx, request, site_id, data, preview=True))

    @delete(
        "/{site_id:uuid}/closures/{closure_id:uuid}",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="Remove a closure: its days are open again (hosts)",
    )
    def remove_closure(
        self, site_id: UUID, closure_id: UUID, ctx: Context, request: Asker
    ) -> SiteOut:
        sites.remove_closure(ctx, sites.RemoveClosure(request.user, site_id, closure_id))
        return out(SiteOut, reads.site(ctx, site_id))


def _close(
    ctx: Context, request: Asker, site_id: UUID, data: ClosureRequest, preview: bool
) -> Disrupted:
    if data.public_holidays:
        if data.first_day or data.last_day:
            raise problem(
                400,
                "Invalid request",
                "give days or public_holidays, not both",
                "invalid-request",
                "public_holidays",
            )
        command = sites.CloseOnPublicHolidays(
            request.user, site_id, tuple(data.public_holidays), tuple(data.eves)
        )
        return sites.close_on_public_holidays(ctx, command, preview)
    if data.eves:
        raise problem(
            400, "Invalid request", "eves go with public_holidays", "invalid-request", "eves"
        )
    if data.first_day is None:
        raise problem(
            400, "Invalid request", "first_day is required", "invalid-request", "first_day"
        )
    closure = sites.AddClosure(
        request.user, site_id, data.first_day, data.last_day or data.first_day, data.reason
    )
    return sites.add_closure(ctx, closure, preview)


def _impact(disrupted: Disrupted) -> ImpactOut:
    return ImpactOut([out(BookingOut, line.booking) for line in disrupted.cancelled])


def _site_change(ctx: Context, site_id: UUID, changed: Disrupted) -> SiteChangeOut:
    site = out(SiteOut, reads.site(ctx, site_id))
    return SiteChangeOut(
        **msgspec.structs.asdict(site),
        cancelled=[out(BookingOut, line.booking) for line in changed.cancelled],
        closure_id=changed.id if changed.id != site_id else None,
    )


class ResourceController(Controller):
    path = "/api/resources"
    tags = ["sites"]

    @post(
        "/{resource_id:uuid}/retire",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="Retire a resource (hosts)",
    )
    def retire(self, resource_id: UUID, ctx: Context, request: Asker) -> RetiredOut:
        changed = sites.retire_resource(ctx, sites.RetireResource(request.user, resource_id))
        return RetiredOut(changed.id, [out(BookingOut, line.booking) for line in changed.cancelled])

    @post(
        "/{resource_id:uuid}/retire/preview",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="The bookings retiring a resource would cancel (hosts; changes nothing)",
    )
    def retire_preview(self, resource_id: UUID, ctx: Context, request: Asker) -> ImpactOut:
        command = sites.RetireResource(request.user, resource_id)
        return _impact(sites.retire_resource(ctx, command, preview=True))
