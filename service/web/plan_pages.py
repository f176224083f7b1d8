"""Pages for recurring bookings, the waitlist, the member's usual, the floor plan's
background and check-in at the desk by a resource's QR code. Each form is one use case."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.errors import DomainError
from domain.vocabulary import KINDS, WEEKDAYS, rule_category
from service.application import floorplan, reads, series, usuals, waitlist
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import feature_name, kind_name, refusal, status_name, status_of
from service.web.core import lang_of, redirect, render, signed_in
from service.web.day_view import parse_clock, parse_day
from service.web.my_plans import RecordedRefusal
from service.web.site_day import day_page

DRAWING_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
Asker = Request[Any, Any, Any]


def _form_text(form: Any, name: str, limit: int = 100) -> str:
    return str(form.get(name, ""))[:limit]


@dataclass
class SeriesDayItem:
    day: str
    status: str
    status_text: str
    reason: str


class PlanPages(Controller):
    path = "/"
    guards = [signed_in]

    # -- recurring bookings --------------------------------------------------------------

    @post("/sites/{site_id:uuid}/series")
    async def start_series(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        fields = {k: _form_text(form, k) for k in ("what", "kind", "start", "end", "until", "date")}
        days = [str(d)[:3] for d in form.getall("weekday", [])][:7]
        wanted = [str(f)[:60] for f in form.getall("feature", [])][:20]

        def work() -> Response[Any]:
            t = lang_of(request)
            kind = fields["kind"] if fields["kind"] in KINDS else "desk"
            start, end = parse_clock(fields["start"]), parse_clock(fields["end"])
            until = parse_day(fields["until"], date.min)
            first = parse_day(fields["date"], date.min)
            resource_id: UUID | None = None
            try:
                resource_id = UUID(fields["what"]) if fields["what"] not in ("", "any") else None
            except ValueError:
                resource_id = None
            if start is None or end is None or until == date.min or first == date.min:
                return _back(
                    request, ctx, site_id, fields, t("Choose a time and the last day."), 400
                )
            command = series.StartSeries(
                actor=request.user,
                weekdays=tuple(days),
                first_day=first,
                until=until,
                start=start,
                end=end,
                resource_id=resource_id,
                site_id=site_id,
                kind=None if resource_id else kind,
                features=tuple(wanted) if resource_id is None else (),
            )
            try:
                started = series.start_series(ctx, command)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                return _back(request, ctx, site_id, fields, refusal(t, error), status_of(error))
            return redirect(f"/my/series/{started.series.id}?done=started")

        return await to_thread.run_sync(work)

    @get("/my/series/{series_id:uuid}", sync_to_thread=True)
    def series_page(self, series_id: UUID, request: Asker, ctx: Context) -> Template:
        return _series_page(request, ctx, series_id)

    @post("/my/series/{series_id:uuid}/cancel")
    async def cancel_series(self, series_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        from_text = _form_text(form, "from")

        def work() -> Response[Any]:
            from_day = parse_day(from_text, date.min)
            command = series.CancelSeries(
                request.user, series_id, None if from_day == date.min else from_day
            )
            try:
                series.cancel_series(ctx, command)
            except DomainError as error:
                return _series_page(request, ctx, series_id, refusal(lang_of(request), error), 422)
            return redirect(f"/my/series/{series_id}?done=cancelled")

        return await to_thread.run_sync(work)

    # -- the waitlist ----------------------------------------------------------------------

    @post("/sites/{site_id:uuid}/waitlist")
    async def join_waitlist(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        fields = {k: _form_text(form, k) for k in ("date", "start", "end", "kind", "resource_id")}
        wanted = [str(f)[:60] for f in form.getall("feature", [])][:20]

        def work() -> Response[Any]:
            t = lang_of(request)
            day = parse_day(fields["date"], date.min)
            start, end = parse_clock(fields["start"]), parse_clock(fields["end"])
            kind = fields["kind"] if fields["kind"] in KINDS else "desk"
            try:
                resource_id = UUID(fields["resource_id"]) if fields["resource_id"] else None
            except ValueError:
                resource_id = None
            if day == date.min or start is None or end is None:
                return _back(
                    request, ctx, site_id, fields, t("Choose a day, a start and an end."), 400
                )
            command = waitlist.JoinWaitlist(
                actor=request.user,
                start=datetime.combine(day, start),
                end=datetime.combine(day, end),
                resource_id=resource_id,
                site_id=site_id,
                kind=None if resource_id else kind,
                features=tuple(wanted) if resource_id is None else (),
            )
            try:
                joined = waitlist.join(ctx, command)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                return _back(request, ctx, site_id, fields, refusal(t, error), status_of(error))
            if joined.entry.status == "served":
                return redirect(f"/my/bookings?booked={joined.entry.booking_id}")
            return redirect("/my/bookings?done=waiting#waitlist")

        return await to_thread.run_sync(work)

    @post("/my/waitlist/{entry_id:uuid}/leave", sync_to_thread=True)
    def leave_waitlist(self, entry_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        # Served or expired meanwhile: the page shows what became of it.
        with contextlib.suppress(DomainError):
            waitlist.leave(ctx, request.user, entry_id)
        return redirect("/my/bookings?done=left#waitlist")

    # -- the usual ---------------------------------------------------------------------------

    @post("/sites/{site_id:uuid}/book-usual")
    async def book_usual(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        day_text = _form_text(form, "date")
        start, end = (
            parse_clock(_form_text(form, "start", 5)),
            parse_clock(_form_text(form, "end", 5)),
        )
        hours = (start, end) if start is not None and end is not None else None

        def work() -> Response[Any]:
            t = lang_of(request)
            day = parse_day(day_text, date.min)
            fields = {"date": day_text, "kind": "desk", "start": "", "end": ""}
            if day == date.min:
                return _back(
                    request, ctx, site_id, fields, t("Choose a day, a start and an end."), 400
                )
            try:
                placed = usuals.book_usual(ctx, request.user, site_id, day, hours)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                return _back(request, ctx, site_id, fields, refusal(t, error), status_of(error))
            return redirect(f"/my/bookings?booked={placed.booking.id}")

        return await to_thread.run_sync(work)

    @post("/my/bookings/{booking_id:uuid}/usual", sync_to_thread=True)
    def make_usual(self, booking_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        """The booking's resource and local hours become the member's usual at its site."""
        booking = reads.booking(ctx, request.user, booking_id)
        tz = ZoneInfo(reads.site(ctx, booking.site_id).timezone)
        start, end = booking.start.astimezone(tz).time(), booking.end.astimezone(tz).time()
        usuals.set_usual(ctx, usuals.SetUsual(request.user, booking.resource_id, start, end))
        return redirect("/my/bookings?done=usual")

    @post("/my/usuals/{site_id:uuid}/clear", sync_to_thread=True)
    def clear_usual(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        usuals.clear_usual(ctx, request.user, site_id)
        return redirect("/my/bookings?done=usual-cleared")

    # -- the floor plan's background ---------------------------------------------------

    @get("/sites/{site_id:uuid}/plan/background.svg", sync_to_thread=True)
    def background(self, site_id: UUID, ctx: Context) -> Response[bytes]:
        svg, _ = floorplan.background(ctx, site_id)
        return Response(
            svg.encode(),
            media_type="image/svg+xml",
            headers={
                "Content-Security-Policy": DRAWING_CSP,
                "Cache-Control": "private, max-age=86400",
            },
        )


def _back(
    request: Asker, ctx: Context, site_id: UUID, fields: dict[str, str], error: str, status: int
) -> Response[Any]:
    """The day page again, with the refusal."""
    return day_page(
        request,
        ctx,
        site_id,
        fields.get("date"),
        fields.get("kind", "desk"),
        fields.get("start"),
        fields.get("end"),
        error,
        status,
    )


def _series_page(
    request: Asker, ctx: Context, series_id: UUID, error: str = "", status_code: int = 200
) -> Template:
    t = lang_of(request)
    result = series.read_series(ctx, request.user, series_id)
    view = result.series
    site = reads.find_site(ctx, view.site_id)
    names = reads.resource_names(ctx, view.site_id)
    tz = ZoneInfo(site.timezone if site else ctx.timezone)
    today = ctx.now().astimezone(tz).date()
    words = {
        "placed": t("Booked"),
        "refused": t("Could not be booked"),
        "pending": t("Booked when the booking window opens"),
        "cancelled": t("Cancelled"),
    }
    days = []
    for d in result.days:
        text = words.get(d.status, d.status)
        if d.status == "placed" and d.booking_id is not None:
            booking = reads.find_booking(ctx, request.user, d.booking_id)
            if booking is not None:
                text = status_name(t, booking.status, booking.checked_in_at is not None)
                if view.resource_id is None:
                    text += " · " + names.get(booking.resource_id, "")
        reason = (
            refusal(t, RecordedRefusal(d.rule or "", d.reason or ""))
            if d.status == "refused"
            else ""
        )
        closure = site.closure_on(d.day) if site else None
        expected = d.status == "refused" and rule_category(d.rule or "") == "closed"
        if (d.status == "pending" and closure is not None) or expected:
            # A day the site is closed (a holiday, a closure): said as such, not as an error.
            days.append(
                SeriesDayItem(
                    t.day(d.day), "closed", t("Closed"), closure.reason if closure else ""
                )
            )
            continue
        days.append(SeriesDayItem(t.day(d.day), d.status, text, reason))
    what = names.get(view.resource_id, "") if view.resource_id else kind_name(t, view.kind)
    done = request.query_params.get("done", "")
    notice = {
        "started": t("The recurring booking is made. Each day is a booking of its own."),
        "cancelled": t("The recurring booking is cancelled from that day on."),
    }.get(done, "")
    weekday_names = ", ".join(
        t.weekday_name(WEEKDAYS.index(w), "abbreviated") for w in view.weekdays
    )
    return render(
        request,
        "my_series.html",
        t("Recurring booking"),
        status_code=status_code,
        section="my-bookings",
        s=view,
        what=what,
        site_name=site.name if site else "",
        weekday_names=weekday_names,
        features=[feature_name(t, f) for f in view.features],
        days=days,
        today=today.isoformat(),
        open=view.cancelled_from is None and view.until >= today,
        notice=notice,
        error=error,
        first_day=t.date(view.first_day),
        until=t.date(view.until),
    )
