"""The signed-in member: who I am, my bookings, my API tokens, everything held about me;
and the admins' changes to members (roles, tokens, erasure)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from msgspec import Meta

from domain import limits
from service.application import erasure, hosting, my_account, reads
from service.application.context import Context
from service.http.schemas import BookingOut, MemberOut, Strict, out
from service.registry.members import ROLES, Member

Asker = Request[Member, Any, Any]


class TokenRequest(Strict):
    name: Annotated[
        str, Meta(min_length=1, max_length=limits.TOKEN_NAME, pattern=limits.LINE_PATTERN)
    ] = "token"
    expires_at: datetime | None = None
    """Optional: when the token stops working (with an offset, or UTC)."""


class TokenOut(msgspec.Struct):
    id: UUID
    name: str
    created_at: datetime
    expires_at: datetime | None


class NewTokenOut(TokenOut):
    token: str
    """Shown only now: only a hash of it is kept."""


class PreferencesOut(msgspec.Struct):
    language: str
    reminders: bool
    """A reminder at 16:00 the day before a booking"""
    reminder_same_day: bool
    """A reminder on the day, two hours before a booking starts"""
    check_in_nudge: bool
    """A nudge to check in when a booking starts (every resource releases no-shows)"""


class PreferencesRequest(Strict, omit_defaults=True):
    language: Literal["sv", "en"] | None = None
    reminders: bool | None = None
    reminder_same_day: bool | None = None
    check_in_nudge: bool | None = None


class RoleRequest(Strict):
    role: Annotated[str, Meta(pattern="^(" + "|".join(ROLES) + ")$")]


class SitesRequest(Strict):
    site_ids: Annotated[list[UUID], Meta(max_length=1000)]
    """The sites the host or evaluator acts at; none: every site."""


class SitesOut(msgspec.Struct):
    member_id: UUID
    site_ids: list[UUID]
    every_site: bool
    """True when no site is assigned: the host or evaluator acts at every site."""


def _sites_out(member_id: UUID, sites: frozenset[UUID]) -> SitesOut:
    return SitesOut(member_id, sorted(sites), not sites)


class ErasedOut(msgspec.Struct):
    id: UUID
    cancelled_bookings: int


class RevokedOut(msgspec.Struct):
    revoked: int


class MemberController(Controller):
    path = "/api/members/me"
    tags = ["members"]

    @get("/", sync_to_thread=False, summary="Who I am")
    def me(self, request: Asker) -> MemberOut:
        return out(MemberOut, request.user)

    @get(
        "/bookings", sync_to_thread=True, summary="My bookings (upcoming, or all with include_past)"
    )
    def bookings(
        self, request: Asker, ctx: Context, include_past: bool = False
    ) -> list[BookingOut]:
        since = None if include_past else ctx.now()
        return out(list[BookingOut], reads.my_bookings(ctx, request.user, since))

    @get("/preferences", sync_to_thread=True, summary="How I am told: language and reminders")
    def preferences(self, request: Asker, ctx: Context) -> PreferencesOut:
        return out(PreferencesOut, my_account.preferences(ctx, request.user))

    @put(
        "/preferences",
        sync_to_thread=True,
        summary="Change how I am told (the fields given; the rest are kept)",
    )
    def set_preferences(
        self, data: PreferencesRequest, request: Asker, ctx: Context
    ) -> PreferencesOut:
        my_account.set_preferences(
            ctx,
            request.user,
            data.language,
            data.reminders,
            data.reminder_same_day,
            data.check_in_nudge,
        )
        return out(PreferencesOut, my_account.preferences(ctx, request.user))

    @get("/tokens", sync_to_thread=True, summary="My API tokens (never the tokens themselves)")
    def tokens(self, request: Asker, ctx: Context) -> list[TokenOut]:
        return out(list[TokenOut], my_account.my_tokens(ctx, request.user))

    @post("/tokens", sync_to_thread=True, status_code=201, summary="A new API token, shown once")
    def create_token(self, request: Asker, ctx: Context, data: TokenRequest) -> Response[Any]:
        made_with = request.auth if isinstance(request.auth, str) else None
        token, secret = my_account.create_token(
            ctx, request.user, data.name, data.expires_at, made_with
        )
        body = NewTokenOut(token.id, token.name, token.created_at, token.expires_at, secret)
        return Response(body, status_code=201, headers={"Cache-Control": "no-store"})

    @delete(
        "/tokens/{token_id:uuid}",
        sync_to_thread=True,
        status_code=204,
        summary="Revoke one of my API tokens: it stops working at once",
    )
    def revoke_token(self, token_id: UUID, request: Asker, ctx: Context) -> None:
        my_account.revoke_token(ctx, request.user, token_id)

    @get("/export", sync_to_thread=True, summary="Everything held about me (JSON)")
    def export(self, request: Asker, ctx: Context) -> Response[Any]:
        return Response(
            my_account.export(ctx, request.user).data,
            headers={
                "Content-Disposition": 'attachment; filename="grannskap-my-data.json"',
                "Cache-Control": "no-store",
            },
        )


class AdminMemberController(Controller):
    """Admins: every member, their roles and tokens, and erasure."""

    path = "/api/members"
    tags = ["members"]

    @get("/", sync_to_thread=True, summary="Every member (admins)")
    def members(self, request: Asker, ctx: Context) -> list[MemberOut]:
        return out(list[MemberOut], my_account.members(ctx, request.user))

    @get(
        "/search",
        sync_to_thread=True,
        summary="Members whose name or e-mail address contains q (hosts and admins)",
    )
    def search(
        self, request: Asker, ctx: Context, q: Annotated[str, Meta(max_length=320)]
    ) -> list[MemberOut]:
        return out(list[MemberOut], hosting.find_members(ctx, request.user, q))

    @get(
        "/{member_id:uuid}/sites",
        sync_to_thread=True,
        summary="The sites a host or evaluator is assigned to (admins)",
    )
    def sites(self, member_id: UUID, request: Asker, ctx: Context) -> SitesOut:
        return _sites_out(member_id, hosting.sites_of(ctx, request.user, member_id))

    @put(
        "/{member_id:uuid}/sites",
        sync_to_thread=True,
        summary="Assign a host or evaluator to sites; none: every site (admins)",
    )
    def assign(self, member_id: UUID, data: SitesRequest, request: Asker, ctx: Context) -> SitesOut:
        assigned = hosting.assign_sites(ctx, request.user, member_id, data.site_ids)
        return _sites_out(member_id, assigned)

    @put("/{member_id:uuid}/role", sync_to_thread=True, summary="Give a member a role (admins)")
    def role(self, member_id: UUID, data: RoleRequest, request: Asker, ctx: Context) -> MemberOut:
        return out(MemberOut, my_account.set_role(ctx, request.user, member_id, data.role))

    @delete(
        "/{member_id:uuid}/tokens",
        sync_to_thread=True,
        status_code=200,
        summary="Revoke every API token of a member (admins)",
    )
    def revoke_tokens(self, member_id: UUID, request: Asker, ctx: Context) -> RevokedOut:
        return RevokedOut(my_account.revoke_tokens_of(ctx, request.user, member_id))

    @delete(
        "/{member_id:uuid}",
        sync_to_thread=True,
        status_code=200,
        summary="Erase a member: bookings ahead cancelled, every personal record deleted (admins)",
    )
    def erase(self, member_id: UUID, request: Asker, ctx: Context) -> ErasedOut:
        erased = erasure.erase_member(ctx, request.user, member_id)
        return ErasedOut(erased.member_id, erased.cancelled)
