"""The hosts' forms of approvals (whether a resource's bookings wait for a host's approval,
and approving or declining a pending booking: the tab "Approvals" lists them) and of
drop-ins (a walk-in visitor registered from the day's tab)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, post

from service.application import approvals, dropins, reads
from service.application.context import Context
from service.web.core import hosts
from service.web.day_view import parse_clock
from service.web.host_forms import Form, form_values, outcome

Asker = Request[Any, Any, Any]


class HostApprovalForms(Controller):
    """One use case per form, the tab again on a refusal (``host_forms.outcome``)."""

    path = "/host"
    guards = [hosts]

    async def _apply(
        self, request: Asker, ctx: Context, site_id: UUID, tab: str, done: str, change: Any
    ) -> Response[Any]:
        values = await form_values(request)
        return await to_thread.run_sync(
            lambda: outcome(request, ctx, site_id, tab, done, change, values)
        )

    @post("/sites/{site_id:uuid}/resources/{resource_id:uuid}/approval")
    async def set_approval(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(v: Form) -> object:
            required = v.get("required", "") == "1"
            command = approvals.SetApproval(request.user, resource_id, required, site_id)
            return approvals.set_approval(ctx, command)

        return await self._apply(request, ctx, site_id, "resources", "approval", change)

    @post("/sites/{site_id:uuid}/approvals/{booking_id:uuid}/approve")
    async def approve(
        self, site_id: UUID, booking_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(_: Form) -> object:
            command = approvals.Decide(request.user, booking_id, site_id=site_id)
            return approvals.approve(ctx, command)

        return await self._apply(request, ctx, site_id, "approvals", "approved", change)

    @post("/sites/{site_id:uuid}/drop-ins")
    async def drop_in(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            end = parse_clock(v.get("end"))
            if end is None:
                raise ValueError("end")
            site = reads.site(ctx, site_id)
            today = ctx.now().astimezone(ZoneInfo(site.timezone)).date()
            command = dropins.RegisterDropIn(
                actor=request.user,
                site_id=site_id,
                end=datetime.combine(today, end),
                resource_id=UUID(v.get("resource_id", "")),
                visitor_name=v.get("name", ""),
            )
            return dropins.register(ctx, command)

        return await self._apply(request, ctx, site_id, "today", "drop-in", change)

    @post("/sites/{site_id:uuid}/approvals/{booking_id:uuid}/decline")
    async def decline(
        self, site_id: UUID, booking_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(v: Form) -> object:
            note = v.get("note", "")
            command = approvals.Decide(request.user, booking_id, note, site_id)
            return approvals.decline(ctx, command)

        return await self._apply(request, ctx, site_id, "approvals", "declined", change)
