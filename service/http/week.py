"""Booking several days of one week in one go."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post

from service.application import week
from service.application.context import Context
from service.http.deps import parse_clock
from service.http.plan_schemas import DayBookedOut, DaysRequest
from service.http.schemas import BookingOut, out
from service.registry.members import Member


class WeekController(Controller):
    path = "/api/bookings/days"
    tags = ["bookings"]

    @post(
        "/",
        sync_to_thread=True,
        status_code=200,
        summary="Book several days of one week at the same time: each day its own booking, "
        "refused days listed",
    )
    def book_days(
        self, data: DaysRequest, ctx: Context, request: Request[Member, Any, Any]
    ) -> list[DayBookedOut]:
        command = week.BookDays(
            actor=request.user,
            days=tuple(data.days),
            start=parse_clock(data.start, "start"),
            end=parse_clock(data.end, "end"),
            resource_id=data.resource_id,
            site_id=data.site_id,
            kind=data.kind,
            features=tuple(data.features),
            quantity=data.quantity,
        )
        return [
            DayBookedOut(
                day=d.day,
                status="placed" if d.booking is not None else "refused",
                booking=out(BookingOut, d.booking) if d.booking is not None else None,
                rule=d.rule,
                reason=d.reason,
            )
            for d in week.book_days(ctx, command)
        ]
