"""Drop-ins: a host registers a walk-in visitor without an account at a free resource."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, post
from msgspec import Meta

from domain import limits
from domain.vocabulary import Kind
from service.application import dropins
from service.application.context import Context
from service.http.auth import hosts_only
from service.http.deps import parse_instant
from service.http.plan_schemas import Instant
from service.http.schemas import BookingOut, Strict, out
from service.registry.members import Member

VisitorName = Annotated[str, Meta(max_length=limits.VISITOR_NAME, pattern=limits.LINE_PATTERN)]


class DropInRequest(Strict, kw_only=True):
    """``resource_id``, or ``kind`` (the first free one); from ``start`` (the current quarter
    hour without it) until ``end``, today. ``visitor_name`` (optional) is shown on the day's
    host page only and deleted when the day is over; it is in no event, feed or report."""

    end: Instant
    start: Instant | None = None
    resource_id: UUID | None = None
    kind: Kind | None = None
    visitor_name: VisitorName = ""


class DropInController(Controller):
    tags = ["drop-ins"]
    guards = [hosts_only]

    @post(
        "/api/sites/{site_id:uuid}/drop-ins",
        sync_to_thread=True,
        status_code=201,
        summary="Register a walk-in visitor at a free resource, today (hosts of the site)",
    )
    def register(
        self, site_id: UUID, data: DropInRequest, ctx: Context, request: Request[Member, Any, Any]
    ) -> BookingOut:
        command = dropins.RegisterDropIn(
            actor=request.user,
            site_id=site_id,
            end=parse_instant(data.end, "end"),
            start=parse_instant(data.start, "start") if data.start is not None else None,
            resource_id=data.resource_id,
            kind=data.kind,
            visitor_name=data.visitor_name,
        )
        return out(BookingOut, dropins.register(ctx, command).booking)
