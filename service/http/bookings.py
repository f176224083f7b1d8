"""Booking, cancelling and reading bookings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post

from domain.errors import DomainError
from projections.queries import BookingView
from service.application import NotFound, Written
from service.container import Container
from service.http.deps import booking_out, parse_interval, settle
from service.http.errors import problem
from service.http.metrics import BOOKINGS_CANCELLED, BOOKINGS_PLACED, BOOKINGS_REFUSED
from service.http.schemas import BookingRequest
from service.members import Member


class BookingController(Controller):
    path = "/api/bookings"
    tags = ["bookings"]

    @post("/", sync_to_thread=True, status_code=201, summary="Book a resource, or any free one")
    def place(
        self, data: BookingRequest, container: Container, request: Request[Member, Any, Any]
    ) -> BookingView:
        app, member = container.app, request.user
        wants_resource = data.resource_id is not None
        if wants_resource == (data.site_id is not None or data.kind is not None) or (
            not wants_resource and (data.site_id is None or data.kind is None)
        ):
            half = not wants_resource and (data.site_id is None) != (data.kind is None)
            raise problem(
                400,
                "Invalid request",
                "give resource_id, or site_id and kind",
                "invalid-request",
                ("kind" if data.kind is None else "site_id") if half else "resource_id",
            )
        try:
            if data.resource_id is not None:
                resource = app.resource(data.resource_id)
                interval = parse_interval(data.start, data.end, app.site(resource.site_id).tz)
                written = app.book(member.id, resource.id, interval, data.quantity)
            else:
                assert data.site_id is not None and data.kind is not None
                interval = parse_interval(data.start, data.end, app.site(data.site_id).tz)
                candidates = container.queries.candidates(
                    data.site_id, data.kind, interval, data.features
                )
                written = app.book_any(member.id, data.site_id, data.kind, interval, candidates)
        except DomainError as refusal:
            BOOKINGS_REFUSED.labels(refusal.rule).inc()
            raise
        settle(container, written)
        booking = app.booking(written.id)
        BOOKINGS_PLACED.labels(booking.kind).inc()
        return booking_out(booking)

    @get("/{booking_id:uuid}", sync_to_thread=True, summary="One booking")
    def read(
        self, booking_id: UUID, container: Container, request: Request[Member, Any, Any]
    ) -> BookingView:
        booking = container.queries.booking(booking_id)
        if booking is None or (booking.member_id != request.user.id and not request.user.is_host()):
            raise NotFound("booking", "booking_id")
        return booking

    @post(
        "/{booking_id:uuid}/cancel",
        sync_to_thread=True,
        status_code=200,
        summary="Cancel a booking",
    )
    def cancel(
        self, booking_id: UUID, container: Container, request: Request[Member, Any, Any]
    ) -> BookingView:
        app, member = container.app, request.user
        booking = app.booking(booking_id)
        if booking.member_id != member.id and not member.is_host():
            raise NotFound("booking", "booking_id")
        written = app.cancel(booking_id, member.id)
        BOOKINGS_CANCELLED.inc()
        settle(container, written)
        return booking_out(app.booking(booking_id))

    @post(
        "/{booking_id:uuid}/check-in",
        sync_to_thread=True,
        status_code=200,
        summary="Check in (from 15 minutes before the start until the grace period ends)",
    )
    def check_in(
        self, booking_id: UUID, container: Container, request: Request[Member, Any, Any]
    ) -> BookingView:
        return self._own_change(booking_id, container, request.user, container.app.check_in)

    @post(
        "/{booking_id:uuid}/check-out",
        sync_to_thread=True,
        status_code=200,
        summary="Check out early; the rest of the slot is freed",
    )
    def check_out(
        self, booking_id: UUID, container: Container, request: Request[Member, Any, Any]
    ) -> BookingView:
        return self._own_change(booking_id, container, request.user, container.app.check_out)

    @staticmethod
    def _own_change(
        booking_id: UUID, container: Container, member: Member, change: Callable[[UUID], Written]
    ) -> BookingView:
        app = container.app
        if app.booking(booking_id).member_id != member.id and not member.is_host():
            raise NotFound("booking", "booking_id")
        settle(container, change(booking_id))
        return booking_out(app.booking(booking_id))
