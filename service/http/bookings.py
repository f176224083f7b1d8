"""Booking, cancelling, checking in and out, and reading bookings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post

from service.application import bookings, reads
from service.application.context import Context
from service.http.deps import parse_instant
from service.http.schemas import BookingOut, BookingRequest, CancelRequest, out
from service.registry.members import Member


class BookingController(Controller):
    path = "/api/bookings"
    tags = ["bookings"]

    @post("/", sync_to_thread=True, status_code=201, summary="Book a resource, or any free one")
    def place(
        self, data: BookingRequest, ctx: Context, request: Request[Member, Any, Any]
    ) -> BookingOut:
        placed = bookings.book(
            ctx,
            bookings.Book(
                actor=request.user,
                start=parse_instant(data.start, "start"),
                end=parse_instant(data.end, "end"),
                resource_id=data.resource_id,
                site_id=data.site_id,
                kind=data.kind,
                features=tuple(data.features),
                quantity=data.quantity,
                member_id=data.member_id,
            ),
        )
        return out(BookingOut, placed.booking)

    @get("/{booking_id:uuid}", sync_to_thread=True, summary="One booking")
    def read(
        self, booking_id: UUID, ctx: Context, request: Request[Member, Any, Any]
    ) -> BookingOut:
        return out(BookingOut, reads.booking(ctx, request.user, booking_id))

    @post(
        "/{booking_id:uuid}/cancel",
        sync_to_thread=True,
        status_code=200,
        summary="Cancel a booking (a host may add a note to the member)",
    )
    def cancel(
        self,
        booking_id: UUID,
        ctx: Context,
        request: Request[Member, Any, Any],
        data: CancelRequest | None = None,
    ) -> BookingOut:
        note = data.note if data is not None else ""
        changed = bookings.cancel(ctx, bookings.ChangeBooking(request.user, booking_id, note=note))
        return out(BookingOut, changed.booking)

    @post(
        "/{booking_id:uuid}/check-in",
        sync_to_thread=True,
        status_code=200,
        summary="Check in (from 15 minutes before the start until the grace period ends)",
    )
    def check_in(
        self, booking_id: UUID, ctx: Context, request: Request[Member, Any, Any]
    ) -> BookingOut:
        changed = bookings.check_in(ctx, bookings.ChangeBooking(request.user, booking_id))
        return out(BookingOut, changed.booking)

    @post(
        "/{booking_id:uuid}/check-out",
        sync_to_thread=True,
        status_code=200,
        summary="Check out early; the rest of the slot is freed",
    )
    def check_out(
        self, booking_id: UUID, ctx: Context, request: Request[Member, Any, Any]
    ) -> BookingOut:
        changed = bookings.check_out(ctx, bookings.ChangeBooking(request.user, booking_id))
        return out(BookingOut, changed.booking)
