"""Sites, resources, availability; and the hosts' changes to them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, get, post, put
from litestar.params import Parameter

from projections.queries import Availability, ResourceView, SiteView
from service.application import NotFound
from service.container import Container
from service.http.auth import hosts_only
from service.http.deps import settle
from service.http.errors import problem
from service.http.schemas import (
    ClosureRequest,
    Created,
    Kind,
    PolicyRequest,
    ResourceRequest,
    SiteRequest,
    WeeklyHours,
)


def _site(container: Container, site_id: UUID) -> SiteView:
    site = container.queries.site(site_id)
    if site is None:
        raise NotFound("site", "site_id")
    return site


class SiteController(Controller):
    path = "/api/sites"
    tags = ["sites"]

    @get("/", sync_to_thread=True, summary="All sites")
    def sites(self, container: Container) -> list[SiteView]:
        return container.queries.sites()

    @get("/{site_id:uuid}", sync_to_thread=True, summary="One site")
    def site(self, site_id: UUID, container: Container) -> SiteView:
        return _site(container, site_id)

    @get("/{site_id:uuid}/resources", sync_to_thread=True, summary="Resources of a site")
    def resources(
        self,
        site_id: UUID,
        container: Container,
        kind: Kind | None = None,
        include_retired: bool = False,
    ) -> list[ResourceView]:
        _site(container, site_id)
        return container.queries.resources(site_id, kind, include_retired)

    @get(
        "/{site_id:uuid}/availability", sync_to_thread=True, summary="Free intervals on a local day"
    )
    def availability(
        self,
        site_id: UUID,
        container: Container,
        date: date = Parameter(description="The local day, YYYY-MM-DD"),
        kind: Kind | None = None,
    ) -> Availability:
        return container.queries.availability(_site(container, site_id), date, kind)

    @post("/", sync_to_thread=True, guards=[hosts_only], summary="Register a site (hosts)")
    def register(self, data: SiteRequest, container: Container) -> Created:
        written = container.app.register_site(
            name=data.name,
            address=data.address,
            locality=data.locality,
            timezone=data.timezone,
            opening_hours=data.opening_hours,
            policy=data.policy,
        )
        settle(container, written)
        return Created(written.id)

    @post(
        "/{site_id:uuid}/resources",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Add a resource (hosts)",
    )
    def add_resource(self, site_id: UUID, data: ResourceRequest, container: Container) -> Created:
        written = container.app.add_resource(
            site_id,
            kind=data.kind,
            name=data.name,
            features=data.features,
            seats=data.seats,
            quantity=data.quantity,
        )
        settle(container, written)
        return Created(written.id)

    @put(
        "/{site_id:uuid}/opening-hours",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Set weekly opening hours (hosts)",
    )
    def opening_hours(self, site_id: UUID, data: WeeklyHours, container: Container) -> SiteView:
        settle(container, container.app.set_opening_hours(site_id, data))
        return _site(container, site_id)

    @put(
        "/{site_id:uuid}/policy",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Set the booking policy (hosts)",
    )
    def policy(self, site_id: UUID, data: PolicyRequest, container: Container) -> SiteView:
        current = container.app.site(site_id).policy
        policy = {
            "days_ahead": data.days_ahead,
            "max_minutes": {**current.max_minutes, **data.max_minutes},
            "max_future_bookings": data.max_future_bookings,
        }
        settle(container, container.app.set_policy(site_id, policy))
        return _site(container, site_id)

    @post(
        "/{site_id:uuid}/closures",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=201,
        summary="Add a closure or public holidays (hosts)",
    )
    def closures(self, site_id: UUID, data: ClosureRequest, container: Container) -> SiteView:
        app = container.app
        if data.public_holidays:
            if data.first_day or data.last_day:
                raise problem(
                    400,
                    "Invalid request",
                    "give days or public_holidays, not both",
                    "invalid-request",
                    "public_holidays",
                )
            written = app.close_on_public_holidays(site_id, data.public_holidays)
        elif data.first_day is not None:
            written = app.add_closure(
                site_id, data.first_day, data.last_day or data.first_day, data.reason
            )
        else:
            raise problem(
                400, "Invalid request", "first_day is required", "invalid-request", "first_day"
            )
        settle(container, written)
        return _site(container, site_id)


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
    def retire(self, resource_id: UUID, container: Container) -> Created:
        written = container.app.retire_resource(resource_id)
        settle(container, written)
        return Created(written.id)
