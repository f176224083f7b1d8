"""Admins: which sites a host or an evaluator is assigned to."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from service.application import hosting
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import refusal
from service.web.core import admins, lang_of, redirect, render

Asker = Request[Any, Any, Any]


def sites_page(
    request: Asker, ctx: Context, member_id: UUID, error: str = "", status_code: int = 200
) -> Template:
    t = lang_of(request)
    shown = hosting.assignment(ctx, request.user, member_id)
    saved = request.query_params.get("done") == "sites"
    return render(
        request,
        "admin_sites.html",
        t("Sites of %(name)s", name=shown.member.name),
        status_code=status_code,
        section="admin",
        shown=shown,
        notice=t("The sites are saved.") if saved and not error else "",
        error=error,
    )


class AdminSitePages(Controller):
    path = "/admin/members"
    guards = [admins]

    @get("/{member_id:uuid}/sites", sync_to_thread=True)
    def sites(self, member_id: UUID, request: Asker, ctx: Context) -> Template:
        return sites_page(request, ctx, member_id)

    @post("/{member_id:uuid}/sites")
    async def assign(self, member_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        chosen: list[UUID] = []
        for value in form.getall("site_id", [])[:1000]:
            try:
                chosen.append(UUID(str(value)))
            except ValueError:
                continue

        def work() -> Response[Any]:
            try:
                hosting.assign_sites(ctx, request.user, member_id, chosen)
            except ApplicationError as error:
                return sites_page(request, ctx, member_id, refusal(lang_of(request), error), 400)
            return redirect(f"/admin/members/{member_id}/sites?done=sites")

        return await to_thread.run_sync(work)
