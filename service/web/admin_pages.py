"""The admins' page of members: their roles, their API tokens revoked, a member erased."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from service.application import erasure, my_account
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import refusal, role_name
from service.registry.members import ROLES
from service.web.core import (
    admins,
    form_fields,
    lang_of,
    redirect,
    render,
)

Asker = Request[Any, Any, Any]


class AdminPages(Controller):
    """Admins: every member, their role, their tokens, erasure."""

    path = "/admin"
    guards = [admins]

    @get("/members", sync_to_thread=True)
    def members(self, request: Asker, ctx: Context) -> Template:
        return members_page(request, ctx)

    async def _change(self, request: Asker, ctx: Context, change: Any, done: str) -> Response[Any]:
        values = await form_fields(request)

        def work() -> Response[Any]:
            try:
                change(values)
            except ApplicationError as error:
                return members_page(request, ctx, refusal(lang_of(request), error), 400)
            return redirect(f"/admin/members?done={done}")

        return await to_thread.run_sync(work)

    @post("/members/{member_id:uuid}/role")
    async def role(self, member_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request,
            ctx,
            lambda v: my_account.set_role(ctx, request.user, member_id, v.get("role", "")),
            "role",
        )

    @post("/members/{member_id:uuid}/revoke-tokens")
    async def revoke(self, member_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request,
            ctx,
            lambda _: my_account.revoke_tokens_of(ctx, request.user, member_id),
            "revoked",
        )

    @post("/members/{member_id:uuid}/erase")
    async def erase(
        self, member_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any] | Template:
        """Erases only after a confirmation page (works without script): the first post
        shows who would be erased, the second (``confirm=1``) erases."""
        values = await form_fields(request)
        if values.get("confirm") != "1":
            return await to_thread.run_sync(lambda: erase_page(request, ctx, member_id))
        return await self._change(
            request, ctx, lambda _: erasure.erase_member(ctx, request.user, member_id), "erased"
        )


def erase_page(request: Asker, ctx: Context, member_id: UUID) -> Response[Any] | Template:
    person = next((p for p in my_account.members(ctx, request.user) if p.id == member_id), None)
    if person is None:
        return redirect("/admin/members")
    t = lang_of(request)
    return render(
        request,
        "admin_erase.html",
        t("Erase %(name)s?", name=person.name),
        section="admin",
        person=person,
        error="",
        notice="",
    )


def members_page(request: Asker, ctx: Context, error: str = "", status_code: int = 200) -> Template:
    t = lang_of(request)
    done = request.query_params.get("done", "")
    notice = {
        "role": t("The role is saved."),
        "revoked": t("Every API token of the member is revoked."),
        "erased": t("The member is erased."),
    }.get(done, "")
    return render(
        request,
        "admin_members.html",
        t("Members and roles"),
        status_code=status_code,
        section="admin",
        people=my_account.members(ctx, request.user),
        roles=[(r, role_name(t, r)) for r in ROLES],
        notice="" if error else notice,
        error=error,
    )
