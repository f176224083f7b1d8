"""The signed-in member."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from service.application import reads
from service.application.context import Context
from service.http.schemas import BookingOut, MemberOut, out
from service.registry.members import Member


class MemberController(Controller):
    path = "/api/members/me"
    tags = ["members"]

    @get("/", sync_to_thread=False, summary="Who I am")
    def me(self, request: Request[Member, Any, Any]) -> MemberOut:
        return out(MemberOut, request.user)

    @get(
        "/bookings", sync_to_thread=True, summary="My bookings (upcoming, or all with include_past)"
    )
    def bookings(
        self, request: Request[Member, Any, Any], ctx: Context, include_past: bool = False
    ) -> list[BookingOut]:
        since = None if include_past else ctx.now()
        return out(list[BookingOut], reads.my_bookings(ctx, request.user, since))
