"""Check-in at the desk: the page a resource's QR code opens. It guides: the member's own
booking here is checked in (or says from when it can be), checked out once in; a free
resource is booked and checked in on the spot; one not free says when it is, or when the
site opens."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.errors import DomainError
from service.application import bookings, checkin, reads
from service.application.bookings import ChangeBooking
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import kind_name, refusal, status_of
from service.web.core import lang_of, redirect, render, signed_in

Asker = Request[Any, Any, Any]


class HerePages(Controller):
    path = "/r"
    guards = [signed_in]

    @get("/{resource_id:uuid}", sync_to_thread=True)
    def here(self, resource_id: UUID, request: Asker, ctx: Context) -> Template:
        return here_page(request, ctx, resource_id)

    @post("/{resource_id:uuid}/check-in", sync_to_thread=True)
    def check_in_here(self, resource_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        try:
            checkin.check_in_here(ctx, request.user, resource_id)
        except DomainError as error:
            return here_page(request, ctx, resource_id, refusal(lang_of(request), error), 422)
        return redirect(f"/r/{resource_id}?done=checked-in")

    @post("/{resource_id:uuid}/check-out/{booking_id:uuid}", sync_to_thread=True)
    def check_out_here(
        self, resource_id: UUID, booking_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        try:
            bookings.check_out(ctx, ChangeBooking(request.user, booking_id))
        except DomainError as error:
            return here_page(request, ctx, resource_id, refusal(lang_of(request), error), 422)
        return redirect(f"/r/{resource_id}?done=checked-out")

    @post("/{resource_id:uuid}/book-now")
    async def book_now(self, resource_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        end_text = str(form.get("end", ""))[:40]

        def work() -> Response[Any]:
            try:
                end = datetime.fromisoformat(end_text) if end_text else None
            except ValueError:
                end = None
            try:
                checkin.book_here_now(ctx, request.user, resource_id, end)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                message = refusal(lang_of(request), error)
                return here_page(request, ctx, resource_id, message, status_of(error))
            return redirect(f"/r/{resource_id}?done=booked")

        return await to_thread.run_sync(work)


def here_page(
    request: Asker, ctx: Context, resource_id: UUID, error: str = "", status_code: int = 200
) -> Template:
    t = lang_of(request)
    found = checkin.here(ctx, request.user, resource_id)
    tz = ZoneInfo(found.site.timezone)
    now = ctx.now()
    today = now.astimezone(tz).date()
    done = request.query_params.get("done", "")
    notice = {
        "booked": t("Booked and checked in. Welcome!"),
        "checked-out": t("You are checked out; the rest of the time is free for others."),
    }.get(done, "")
    booking_text = ""
    if found.booking is not None:
        booking_text = t.span(found.booking.start, found.booking.end, tz)
    later_text = check_in_from = ""
    if found.later is not None and found.check_in_from is not None:
        later_text = t.when(found.later.start, found.later.end, tz)
        check_in_from = (
            t.time(found.check_in_from, tz)
            if found.check_in_from.astimezone(tz).date() == today
            else t.datetime(found.check_in_from, tz)
        )
    today_free = []
    if found.booking is None and found.start is None:
        availability = reads.availability(ctx, found.site, today, found.resource.kind)
        row = next((r for r in availability.resources if r.resource_id == resource_id), None)
        today_free = [t.span(s.start, s.end, tz) for s in (row.free if row else []) if s.end > now]
    return render(
        request,
        "here.html",
        found.resource.name,
        status_code=status_code,
        section="sites",
        h=found,
        booking_text=booking_text,
        later_text=later_text,
        check_in_from=check_in_from,
        opens_text=t.time(found.opens_at, tz) if found.opens_at else "",
        start_text=t.time(found.start, tz) if found.start else "",
        ends=[(e.isoformat(), t.time(e, tz)) for e in found.ends],
        proposed=found.proposed_end.isoformat() if found.proposed_end else "",
        today_free=today_free,
        kind_name=lambda k: kind_name(t, k),
        notice=notice,
        error=error,
        today=today.isoformat(),
    )
