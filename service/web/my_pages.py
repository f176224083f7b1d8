"""My bookings (cancel, check in, .ics, the calendar subscription link) and my data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.errors import DomainError
from domain.vocabulary import HOLDING
from service.application import accounts, bookings, calendars, reads
from service.application.context import Context
from service.application.reads import BookingLine
from service.presentation import ics
from service.presentation.i18n import Lang
from service.presentation.messages import cancel_reason, kind_name, refusal, status_name
from service.web.calendar_link import FeedLink, public_base
from service.web.core import lang_of, redirect, render, signed_in
from service.web.my_plans import my_plans

PAST_DAYS = 180


@dataclass
class BookingItem:
    """A booking as the page lists it, in the page's language."""

    id: UUID
    site_id: UUID
    site_name: str
    resource_name: str
    kind: str
    when: str
    day: str
    status: str
    status_text: str
    can_cancel: bool
    can_check_in: bool
    checked_in: bool
    start: datetime
    upcoming: bool
    can_check_out: bool = False
    check_in_rule: str = ""
    why: str = ""


def item(line: BookingLine, t: Lang, now: datetime) -> BookingItem:
    b = line.booking
    tz = ZoneInfo(line.timezone)
    return BookingItem(
        id=b.id,
        site_id=b.site_id,
        site_name=line.site_name,
        resource_name=(line.resource_name if line.resource_name != b.kind else kind_name(t, b.kind))
        + (f" \N{MULTIPLICATION SIGN} {b.quantity}" if b.quantity > 1 else ""),
        kind=b.kind,
        when=t.span(b.start, b.end, tz),
        day=t.day(b.start.astimezone(tz).date()),
        status=b.status,
        status_text=status_name(t, b.status, b.checked_in_at is not None),
        can_cancel=line.can_cancel,
        can_check_in=line.can_check_in,
        checked_in=b.checked_in_at is not None,
        start=b.start,
        upcoming=b.end > now and b.status in HOLDING,
        can_check_out=line.can_check_out,
        check_in_rule=t(
            "Check in by %(until)s at the latest, or the booking is released for others.",
            until=t.time(line.check_in_until, tz),
        )
        if line.check_in_until and b.checked_in_at is None and b.end > now
        else "",
        why=cancel_reason(t, b.cancel_reason, b.cancel_note)
        if b.status in ("cancelled", "declined")
        else "",
    )


class MyPages(Controller):
    path = "/my"
    guards = [signed_in]

    @get("/bookings", sync_to_thread=True)
    def bookings(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return self.page(request, ctx)

    @staticmethod
    def page(
        request: Request[Any, Any, Any],
        ctx: Context,
        error: str = "",
        status_code: int = 200,
        new_link: FeedLink | None = None,
        said: str = "",
        new_link_name: str = "",
    ) -> Template:
        t = lang_of(request)
        now = ctx.now()
        since = now - timedelta(days=PAST_DAYS)
        items = [item(line, t, now) for line in reads.my_booking_lines(ctx, request.user, since)]
        upcoming = [i for i in items if i.upcoming]
        past = sorted((i for i in items if not i.upcoming), key=lambda i: i.start, reverse=True)
        notice = ""
        booked = request.query_params.get("booked")
        if booked:
            line = next((x for x in upcoming if str(x.id) == booked), None)
            if line:
                notice = t(
                    "Booked: %(resource)s, %(day)s %(when)s.",
                    resource=line.resource_name,
                    day=line.day,
                    when=line.when,
                )
        done = request.query_params.get("done")
        notice = notice or {
            "cancelled": t("The booking is cancelled."),
            "checked-in": t("You are checked in. Welcome!"),
            "checked-out": t("You are checked out; the rest of the time is free for others."),
            "waiting": t("You are on the waitlist. If it frees, it is booked for you here."),
            "left": t("You are no longer on that waitlist."),
            "usual": t(
                "Saved as your first favourite, with its hours: book it in one click on the site's page."
            ),
            "usual-cleared": t("Your favourites and usual hours there are forgotten."),
            "favourites": t("Your favourites are saved."),
            "link-revoked": t(
                "The calendar link is revoked: it no longer works. Your other links do."
            ),
        }.get(done or "", "")
        feed_since = accounts.my_data_feed_since(ctx, request.user)
        links = calendars.my_links(ctx, request.user)
        here = ZoneInfo(ctx.timezone)
        return render(
            request,
            "my_bookings.html",
            t("My bookings"),
            status_code=status_code,
            section="my-bookings",
            upcoming=upcoming,
            past=past[:50],
            notice=said or notice,
            error=error,
            new_link=new_link,
            new_link_name=new_link_name,
            named_links=[(k.id, k.name, t.datetime(k.issued_at, here)) for k in links.named],
            feed_since=t.datetime(feed_since, ZoneInfo(ctx.timezone)) if feed_since else "",
            kind_name=lambda k: kind_name(t, k),
            **my_plans(ctx, request.user, t),
        )

    def _change(
        self,
        request: Request[Any, Any, Any],
        ctx: Context,
        booking_id: UUID,
        change: Any,
        done: str,
    ) -> Response[Any]:
        try:
            change(ctx, bookings.ChangeBooking(request.user, booking_id))
        except DomainError as error:
            return self.page(request, ctx, refusal(lang_of(request), error), 422)
        return redirect(f"/my/bookings?done={done}")

    @post("/bookings/{booking_id:uuid}/cancel", sync_to_thread=True)
    def cancel(
        self, booking_id: UUID, request: Request[Any, Any, Any], ctx: Context
    ) -> Response[Any]:
        return self._change(request, ctx, booking_id, bookings.cancel, "cancelled")

    @post("/bookings/{booking_id:uuid}/check-in", sync_to_thread=True)
    def check_in(
        self, booking_id: UUID, request: Request[Any, Any, Any], ctx: Context
    ) -> Response[Any]:
        return self._change(request, ctx, booking_id, bookings.check_in, "checked-in")

    @post("/bookings/{booking_id:uuid}/check-out", sync_to_thread=True)
    def check_out(
        self, booking_id: UUID, request: Request[Any, Any, Any], ctx: Context
    ) -> Response[Any]:
        return self._change(request, ctx, booking_id, bookings.check_out, "checked-out")

    @get("/bookings/{booking_id:uuid}/booking.ics", sync_to_thread=True)
    def ics(
        self, booking_id: UUID, request: Request[Any, Any, Any], ctx: Context
    ) -> Response[bytes]:
        entry = calendars.booking_entry(ctx, request.user, booking_id)
        return Response(
            ics.single_booking(entry, public_base(request), lang_of(request).code),
            media_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="grannskap-{booking_id}.ics"',
                "Cache-Control": "no-store",
            },
        )
