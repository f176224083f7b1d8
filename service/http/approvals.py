"""Approvals: a host sets whether a resource's bookings wait for approval, lists the site's
pending bookings, and approves or declines one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post, put

from service.application import approvals
from service.application.context import Context
from service.http.auth import hosts_only
from service.http.schemas import BookingOut, CancelRequest, Created, Strict, out
from service.registry.members import Member

Asker = Request[Member, Any, Any]


class ApprovalRequest(Strict):
    """Whether members' bookings of the resource wait for a host's approval."""

    required: bool


class ApprovalController(Controller):
    tags = ["approvals"]
    guards = [hosts_only]

    @put(
        "/api/resources/{resource_id:uuid}/approval",
        sync_to_thread=True,
        summary="Set whether bookings of a resource wait for a host's approval (hosts)",
    )
    def set_approval(
        self, resource_id: UUID, data: ApprovalRequest, ctx: Context, request: Asker
    ) -> Created:
        command = approvals.SetApproval(request.user, resource_id, data.required)
        return Created(approvals.set_approval(ctx, command).id)

    @get(
        "/api/sites/{site_id:uuid}/pending",
        sync_to_thread=True,
        summary="The site's bookings waiting for approval, soonest first (hosts of the site)",
    )
    def pending(self, site_id: UUID, ctx: Context, request: Asker) -> list[BookingOut]:
        return out(list[BookingOut], approvals.pending_at(ctx, request.user, site_id))

    @post(
        "/api/bookings/{booking_id:uuid}/approve",
        sync_to_thread=True,
        status_code=200,
        summary="Approve a pending booking (hosts of its site)",
    )
    def approve(self, booking_id: UUID, ctx: Context, request: Asker) -> BookingOut:
        changed = approvals.approve(ctx, approvals.Decide(request.user, booking_id))
        return out(BookingOut, changed.booking)

    @post(
        "/api/bookings/{booking_id:uuid}/decline",
        sync_to_thread=True,
        status_code=200,
        summary="Decline a pending booking, with an optional note to the member (hosts)",
    )
    def decline(
        self,
        booking_id: UUID,
        ctx: Context,
        request: Asker,
        data: CancelRequest | None = None,
    ) -> BookingOut:
        note = data.note if data is not None else ""
        changed = approvals.decline(ctx, approvals.Decide(request.user, booking_id, note=note))
        return out(BookingOut, changed.booking)
