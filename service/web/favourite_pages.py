"""The member's favourites as forms: star or unstar a resource on a site's day page (back to
the same day, kind and hours), and on My bookings move one ahead or take it off. Each form
is one use case (``service.application.usuals``)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, post

from domain.errors import DomainError
from domain.vocabulary import KINDS
from service.application import usuals
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import refusal, status_of
from service.web.core import lang_of, redirect, signed_in
from service.web.day_view import parse_clock, parse_day
from service.web.site_day import day_page

Asker = Request[Any, Any, Any]


async def _where(request: Asker) -> dict[str, str]:
    """The day page's day, kind and hours the form came from, each checked (a value that is
    not one is left out, and the page shows its default)."""
    form = await request.form()
    day = parse_day(str(form.get("date", ""))[:10], date.min)
    kind = str(form.get("kind", ""))[:16]
    start, end = (
        parse_clock(str(form.get("start", ""))[:5]),
        parse_clock(str(form.get("end", ""))[:5]),
    )
    where = {
        "date": day.isoformat() if day != date.min else "",
        "kind": kind if kind in KINDS else "",
    }
    if start is not None and end is not None:
        where |= {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
    return {k: v for k, v in where.items() if v}


class FavouritePages(Controller):
    path = "/"
    guards = [signed_in]

    @post("/sites/{site_id:uuid}/favourites/{resource_id:uuid}/star")
    async def star(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        where = await _where(request)

        def work() -> Response[Any]:
            try:
                usuals.star(ctx, request.user, resource_id, site_id)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                t = lang_of(request)
                return day_page(
                    request,
                    ctx,
                    site_id,
                    where.get("date"),
                    where.get("kind", "desk"),
                    where.get("start"),
                    where.get("end"),
                    refusal(t, error),
                    status_of(error),
                )
            return redirect(f"/sites/{site_id}?{urlencode(where)}#resource-{resource_id}")

        return await to_thread.run_sync(work)

    @post("/sites/{site_id:uuid}/favourites/{resource_id:uuid}/unstar")
    async def unstar(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        where = await _where(request)
        await to_thread.run_sync(lambda: usuals.unstar(ctx, request.user, site_id, resource_id))
        return redirect(f"/sites/{site_id}?{urlencode(where)}#resource-{resource_id}")

    @post("/my/favourites/{site_id:uuid}/{resource_id:uuid}/up", sync_to_thread=True)
    def move_up(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        usuals.move_up(ctx, request.user, site_id, resource_id)
        return redirect("/my/bookings?done=favourites#favourites")

    @post("/my/favourites/{site_id:uuid}/{resource_id:uuid}/remove", sync_to_thread=True)
    def remove(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        usuals.unstar(ctx, request.user, site_id, resource_id)
        return redirect("/my/bookings?done=favourites#favourites")
