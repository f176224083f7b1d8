"""The signed-in member."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from projections.queries import BookingView
from service.container import Container
from service.http.schemas import MemberOut
from service.members import Member


class MemberController(Controller):
    path = "/api/members/me"
    tags = ["members"]

    @get("/", sync_to_thread=False, summary="Who I am")
    def me(self, request: Request[Member, Any, Any]) -> MemberOut:
        m = request.user
        return MemberOut(id=m.id, email=m.email, name=m.name, role=m.role)

    @get(
        "/bookings", sync_to_thread=True, summary="My bookings (upcoming, or all with include_past)"
    )
    def bookings(
        self, request: Request[Member, Any, Any], container: Container, include_past: bool = False
    ) -> list[BookingView]:
        since = None if include_past else container.now()
        return container.queries.member_bookings(request.user.id, since=since)
