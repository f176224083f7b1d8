"""The sites, a site's day and week at a glance, and booking."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.errors import DomainError
from domain.vocabulary import KINDS
from projections.queries import natural
from service.application import bookings, reads, searches
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import feature_name, kind_name, refusal, status_of
from service.registry.members import Member
from service.web.core import lang_of, redirect, render, signed_in
from service.web.day_view import day_view, parse_clock, parse_day, week_view
from service.web.plan_pages import day_extras


class BookingPages(Controller):
    path = "/"
    guards = [signed_in]

    @get("/", sync_to_thread=True)
    def home(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        t = lang_of(request)
        sites = ctx.queries.sites()
        office_first = sorted(
            sites, key=lambda s: (not s.name.startswith("Grannskap"), natural(s.name))
        )
        now = ctx.now()
        today = now.astimezone(ZoneInfo(office_first[0].timezone)).date() if sites else None
        hours = {}
        for s in sites:
            tz = ZoneInfo(s.timezone)
            opening = ctx.queries.open_intervals(s, now.astimezone(tz).date())
            hours[s.id] = [t.span(i.start, i.end, tz) for i in opening]
        return render(
            request,
            "home.html",
            t("Sites"),
            section="sites",
            sites=office_first,
            hours=hours,
            today=today,
        )

    @get("/sites/{site_id:uuid}", sync_to_thread=True)
    def day(
        self,
        site_id: UUID,
        request: Request[Any, Any, Any],
        ctx: Context,
        kind: str = "desk",
        start: str | None = None,
        end: str | None = None,
    ) -> Template:
        return self._day_page(
            request,
            ctx,
            site_id,
            request.query_params.get("date"),
            kind,
            start,
            end,
            searched=bool(start and end),
        )

    @staticmethod
    def _day_page(
        request: Request[Any, Any, Any],
        ctx: Context,
        site_id: UUID,
        day_text: str | None,
        kind: str,
        start: str | None,
        end: str | None,
        error: str = "",
        status_code: int = 200,
        wanted: list[str] | None = None,
        offer_waitlist: dict[str, str] | None = None,
        searched: bool = False,
    ) -> Template:
        t = lang_of(request)
        site = reads.site(ctx, site_id)
        kind = kind if kind in KINDS else "desk"
        tz = ZoneInfo(site.timezone)
        today = ctx.now().astimezone(tz).date()
        day = parse_day(day_text, today)
        everything = searches.search_free(
            ctx,
            searches.Search(
                actor=request.user if isinstance(request.user, Member) else None,
                site_id=site_id,
                day=day,
                kind=kind,
                # only a time the member chose (not one shown again after a refusal)
                start=parse_clock(start) if searched else None,
                end=parse_clock(end) if searched else None,
                every_kind=True,
                channel=searches.DAY_PAGE,
            ),
        )
        of_kind = msgspec.structs.replace(
            everything, resources=[r for r in everything.resources if r.kind == kind]
        )
        view = day_view(ctx, site, day, kind, parse_clock(start), parse_clock(end), t, of_kind)
        extras = day_extras(ctx, request.user, site, view, everything, t)
        return render(
            request,
            "site_day.html",
            site.name,
            status_code=status_code,
            section="sites",
            v=view,
            kinds=KINDS,
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda f: feature_name(t, f),
            error=error,
            wanted=wanted or [],
            welcome=request.query_params.get("welcome") == "1",
            prev_day=(day - timedelta(days=1)).isoformat(),
            next_day=(day + timedelta(days=1)).isoformat(),
            x=extras,
            offer_waitlist=offer_waitlist,
        )

    @get("/sites/{site_id:uuid}/week", sync_to_thread=True)
    def week(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        t = lang_of(request)
        site = reads.site(ctx, site_id)
        today = ctx.now().astimezone(ZoneInfo(site.timezone)).date()
        day = parse_day(request.query_params.get("date"), today)
        monday = day - timedelta(days=day.weekday())
        return render(
            request,
            "site_week.html",
            site.name,
            section="sites",
            site=site,
            days=week_view(ctx, site, monday, t),
            today=today,
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            prev_week=(monday - timedelta(days=7)).isoformat(),
            next_week=(monday + timedelta(days=7)).isoformat(),
            week_number=monday.isocalendar().week,
        )

    @post("/sites/{site_id:uuid}/book")
    async def book(
        self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context
    ) -> Response[Any]:
        form = await request.form()
        fields = {
            k: str(form.get(k, ""))[:100]
            for k in ("date", "start", "end", "kind", "resource_id", "quantity")
        }
        wanted = [str(f)[:60] for f in form.getall("feature", [])][:20]
        return await to_thread.run_sync(lambda: self._book(request, ctx, site_id, fields, wanted))

    def _book(
        self,
        request: Request[Any, Any, Any],
        ctx: Context,
        site_id: UUID,
        fields: dict[str, str],
        wanted: list[str],
    ) -> Response[Any]:
        t = lang_of(request)
        kind = fields["kind"] if fields["kind"] in KINDS else "desk"
        day = parse_day(fields["date"], date.min)
        start, end = parse_clock(fields["start"]), parse_clock(fields["end"])

        def again(error: str, status: int, offer: bool = False) -> Response[Any]:
            return self._day_page(
                request,
                ctx,
                site_id,
                fields["date"],
                kind,
                fields["start"],
                fields["end"],
                error,
                status,
                wanted,
                {**fields, "kind": kind} if offer else None,
            )

        resource_id: UUID | None = None
        try:
            if fields["resource_id"]:
                resource_id = UUID(fields["resource_id"])
        except ValueError:
            resource_id = None
        if (
            day == date.min
            or start is None
            or end is None
            or (fields["resource_id"] and resource_id is None)
        ):
            return again(t("Choose a day, a start and an end."), 400)
        digits = fields["quantity"].strip() or "1"
        if not (digits.isascii() and digits.isdecimal() and len(digits) <= 4):
            return again(t("Please check the values in the form."), 400)
        quantity = int(digits)
        command = bookings.Book(
            actor=request.user,
            start=datetime.combine(day, start),
            end=datetime.combine(day, end),
            resource_id=resource_id,
            site_id=site_id,
            kind=None if resource_id else kind,
            features=tuple(wanted),
            quantity=max(1, quantity),
        )
        try:
            placed = bookings.book(ctx, command)
        except (DomainError, ApplicationError) as error:
            if status_of(error) == 404:
                raise
            name = ""
            if resource_id is not None:
                name = ctx.queries.resource_names(site_id).get(resource_id, "")
            # Refused because it is taken or nothing is free: offer the waitlist.
            offer = getattr(error, "rule", "") in ("slot-taken", "nothing-free")
            return again(refusal(t, error, resource=name), status_of(error), offer)
        return redirect(f"/my/bookings?booked={placed.booking.id}")
