"""The sites, a site's day and week at a glance, and booking."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.errors import DomainError
from domain.vocabulary import KINDS
from service.application import bookings, reads
from service.application.context import Context
from service.application.errors import ApplicationError
from service.application.reads import natural
from service.presentation.messages import kind_name, refusal, status_of
from service.web.core import lang_of, redirect, render, signed_in
from service.web.day_view import parse_clock, parse_day, week_view
from service.web.site_day import day_page


class BookingPages(Controller):
    path = "/"
    guards = [signed_in]

    @get("/", sync_to_thread=True)
    def home(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        t = lang_of(request)
        sites = reads.sites(ctx)
        office_first = sorted(
            sites, key=lambda s: (not s.name.startswith("Grannskap"), natural(s.name))
        )
        now = ctx.now()
        today = now.astimezone(ZoneInfo(office_first[0].timezone)).date() if sites else None
        hours = {}
        for s in sites:
            tz = ZoneInfo(s.timezone)
            opening = reads.open_intervals(ctx, s, now.astimezone(tz).date())
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
        return day_page(
            request,
            ctx,
            site_id,
            request.query_params.get("date"),
            kind,
            start,
            end,
            searched=bool(start and end),
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
            return day_page(
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
                name = reads.resource_names(ctx, site_id).get(resource_id, "")
            # Refused because it is taken or nothing is free: offer the waitlist.
            offer = getattr(error, "rule", "") in ("slot-taken", "nothing-free")
            return again(refusal(t, error, resource=name), status_of(error), offer)
        return redirect(f"/my/bookings?booked={placed.booking.id}")
