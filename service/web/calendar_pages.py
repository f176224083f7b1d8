"""A member's calendar links on the page: several named ones (a phone, a laptop), each
revoked on its own; renewing one is a confirmed post, and the confirmation carries the
time the link was issued, so that sending it again (a reloaded result page) renews nothing.
A new URL is shown once, on the page the post answers with."""

from __future__ import annotations

from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, post
from litestar.response import Template

from domain.errors import DomainError
from service.application import calendars
from service.application.context import Context
from service.presentation.messages import refusal
from service.web.calendar_link import feed_link
from service.web.core import form_fields, lang_of, redirect, render, signed_in
from service.web.my_pages import MyPages

Asker = Request[Any, Any, Any]


class CalendarLinkPages(Controller):
    path = "/my/calendar"
    guards = [signed_in]

    @post("/links")
    async def add(self, request: Asker, ctx: Context) -> Template:
        values = await form_fields(request)
        return await _run(lambda: _add(request, ctx, values.get("name", "")[:200]))

    @post("/rotate")
    async def rotate_first(self, request: Asker, ctx: Context) -> Template:
        """The first link: issued at once when there is none; renewed when confirmed."""
        values = await form_fields(request)
        return await _run(lambda: _renew(request, ctx, None, values))

    @post("/links/{link_id:uuid}/rotate")
    async def rotate(self, link_id: UUID, request: Asker, ctx: Context) -> Template:
        values = await form_fields(request)
        return await _run(lambda: _renew(request, ctx, link_id, values))

    @post("/revoke")
    async def revoke_first(self, request: Asker, ctx: Context) -> Response[Any]:
        return await _run(lambda: _revoke(request, ctx, None))

    @post("/links/{link_id:uuid}/revoke")
    async def revoke(self, link_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        return await _run(lambda: _revoke(request, ctx, link_id))


async def _run(work: Any) -> Any:
    return await to_thread.run_sync(work)


def _add(request: Asker, ctx: Context, name: str) -> Template:
    t = lang_of(request)
    try:
        issued = calendars.add_my_link(ctx, request.user, name)
    except DomainError as error:
        return MyPages.page(request, ctx, refusal(t, error), 400)
    if issued is None:
        said = t(
            "You already have a link named %(name)s (or as many links as allowed): nothing "
            "new was made.",
            name=name.strip(),
        )
        return MyPages.page(request, ctx, said=said)
    return MyPages.page(
        request, ctx, new_link=feed_link(issued, request), new_link_name=name.strip()
    )


def _renew(request: Asker, ctx: Context, link_id: UUID | None, values: dict[str, str]) -> Template:
    t = lang_of(request)
    links = calendars.my_links(ctx, request.user, t("Calendar link"))
    found = (
        links.first if link_id is None else next((k for k in links.named if k.id == link_id), None)
    )
    if found is None and link_id is not None:
        return MyPages.page(request, ctx, said=t("That calendar link no longer exists."))
    name = found.name if found else t("Calendar link")
    seen = found.mark if found else ""
    if found is not None and values.get("confirm") != "1":
        return render(
            request,
            "my_calendar_confirm.html",
            t("Make a new calendar link?"),
            section="my-bookings",
            action=request.url.path,
            name=name,
            seen=seen,
            since=t.datetime(found.issued_at, ZoneInfo(ctx.timezone)),
            error="",
            notice="",
        )
    issued = calendars.renew_my_link(ctx, request.user, link_id, values.get("seen", seen))
    if issued is None:
        said = t(
            "That link was renewed already: nothing changed now. If you lost the new one, "
            "renew it again."
        )
        return MyPages.page(request, ctx, said=said)
    return MyPages.page(request, ctx, new_link=feed_link(issued, request), new_link_name=name)


def _revoke(request: Asker, ctx: Context, link_id: UUID | None) -> Response[Any]:
    calendars.revoke_my_link(ctx, request.user, link_id)
    return redirect("/my/bookings?done=link-revoked#calendar")
