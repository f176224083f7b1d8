"""Sites, resources, availability; and the hosts' changes to them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post, put
from litestar.params import Parameter

from service.application import reads, sites
from service.application.context import Context
from service.application.sites import Changed
from service.http.auth import hosts_only
from service.http.errors import problem
from service.http.schemas import (
    AvailabilityOut,
    ClosureRequest,
    Created,
    Kind,
    PolicyRequest,
    ResourceOut,
    ResourceRequest,
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
        return out(list[SiteOut], ctx.queries.sites())

    @get("/{site_id:uuid}", sync_to_thread=True, summary="One site")
    def site(self, site_id: UUID, ctx: Context) -> SiteOut:
        return out(SiteOut, reads.site(ctx, site_id))

    @get("/{site_id:uuid}/resources", sync_to_thread=True, summary="Resources of a site")
    def resources(
        self, site_id: UUID, ctx: Context, kind: Kind | None = None, include_retired: bool = False
    ) -> list[ResourceOut]:
        reads.site(ctx, site_id)
        return out(list[ResourceOut], ctx.queries.resources(site_id, kind, include_retired))

    @get(
        "/{site_id:uuid}/availability", sync_to_thread=True, summary="Free intervals on a local day"
    )
    def availability(
        self,
        site_id: UUID,
        ctx: Context,
        date: date = Parameter(description="The local day, YYYY-MM-DD"),
        kind: Kind | None = None,
    ) -> AvailabilityOut:
        return out(AvailabilityOut, ctx.queries.availability(reads.site(ctx, site_id), date, kind))

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
        summary="Set weekly opening hours (hosts)",
    )
    def opening_hours(
        self, site_id: UUID, data: WeeklyHours, ctx: Context, request: Asker
    ) -> SiteOut:
        sites.set_opening_hours(ctx, sites.SetOpeningHours(request.user, site_id, data))
        return out(SiteOut, reads.site(ctx, site_id))

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
        summary="Add a closure or public holidays (hosts)",
    )
    def closures(
        self, site_id: UUID, data: ClosureRequest, ctx: Context, request: Asker
    ) -> SiteOut:
        changed: Changed
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
                request.user, site_id, tuple(data.public_holidays)
            )
            changed = sites.close_on_public_holidays(ctx, command)
        elif data.first_day is not None:
            changed = sites.add_closure(
                ctx,
                sites.AddClosure(
                    request.user,
                    site_id,
                    data.first_day,
                    data.last_day or data.first_day,
                    data.reason,
                ),
            )
        else:
            raise problem(
                400, "Invalid request", "first_day is required", "invalid-request", "first_day"
            )
        return out(SiteOut, reads.site(ctx, changed.id))


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
    def retire(self, resource_id: UUID, ctx: Context, request: Asker) -> Created:
        changed = sites.retire_resource(ctx, sites.RetireResource(request.user, resource_id))
        return Created(changed.id)
