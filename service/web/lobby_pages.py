"""The lobby screen's page (opened by its secret link, no member signed in; it refreshes
itself with a meta refresh, no script) and the host's form that makes, renews or revokes
the link. The link is shown once, when it is made."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.time import SLOT, Interval
from service.application import lobby
from service.application.context import Context
from service.presentation import qr
from service.presentation.messages import kind_name
from service.web.calendar_link import public_base
from service.web.core import hosts, lang_of, redirect, render
from service.web.floor_view import drawing

Asker = Request[Any, Any, Any]
REFRESH_SECONDS = 60
DRAWING_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class LobbyScreen(Controller):
    path = "/screen"

    @get("/{token:str}", sync_to_thread=True)
    def screen(self, token: str, request: Asker, ctx: Context) -> Template:
        t = lang_of(request)
        shown = lobby.screen(ctx, token[:64])
        tz = ZoneInfo(shown.site.timezone)
        base = public_base(request)
        now = Interval(shown.now, shown.now + SLOT)
        open_now = any(i.start <= shown.now < i.end for i in shown.open_today)
        plan = (
            drawing(
                shown.plan,
                shown.availability,
                [],
                now if open_now else None,  # after hours every shape says closed
                f"/sites/{shown.site.id}?",
                t,
            )
            if shown.plan and shown.open_today
            else None
        )
        if plan is not None and plan.background_url is not None:
            # The screen is signed in by its link only: the drawing comes through the link.
            version = plan.background_url.rsplit("=", 1)[-1]
            plan = replace(plan, background_url=f"/screen/{token[:64]}/plan.svg?v={version}")
        return render(
            request,
            "lobby.html",
            shown.site.name,
            section="",
            user=None,
            refresh=REFRESH_SECONDS,
            s=shown,
            today=t.day(shown.day),
            clock=t.time(shown.now, tz),
            hours=[t.span(i.start, i.end, tz) for i in shown.open_today],
            closures=[
                (t.date(first), t.date(last), reason) for first, last, reason in shown.closures
            ],
            free=[
                (
                    r.name,
                    kind_name(t, r.kind),
                    r.free_now,
                    [t.span(i.start, i.end, tz) for i in r.later],
                )
                for r in shown.resources
            ],
            present=[
                (p.first_name, p.resource_name, t.span(p.start, p.end, tz)) for p in shown.whos_in
            ],
            plan=plan,
            code=qr.qr_svg(
                f"{base}/sites/{shown.site.id}",
                t("Book at %(site)s", site=shown.site.name),
                scale=4,
            ),
            error="",
            notice="",
        )

    @get("/{token:str}/plan.svg", sync_to_thread=True)
    def plan_drawing(self, token: str, ctx: Context) -> Response[bytes]:
        svg, _ = lobby.screen_drawing(ctx, token[:64])
        return Response(
            svg.encode(),
            media_type="image/svg+xml",
            headers={"Content-Security-Policy": DRAWING_CSP, "Cache-Control": "no-store"},
        )


class LobbyLinks(Controller):
    path = "/host/sites"
    guards = [hosts]

    @post("/{site_id:uuid}/screen", sync_to_thread=True)
    def make(self, site_id: UUID, request: Asker, ctx: Context) -> Template:
        t = lang_of(request)
        issued = lobby.make_screen_link(ctx, request.user, site_id)
        return render(
            request,
            "host_screen_link.html",
            t("Lobby screen link"),
            section="host",
            site_id=site_id,
            url=f"{public_base(request)}/screen/{issued.token}",
            error="",
            notice="",
        )

    @post("/{site_id:uuid}/screen/revoke", sync_to_thread=True)
    def revoke(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        lobby.revoke_screen_link(ctx, request.user, site_id)
        return redirect(f"/host/sites/{site_id}/codes?screen=revoked")
