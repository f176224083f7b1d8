"""My bookings (cancel, check in, .ics, the calendar subscription link) and my data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from domain.booking import CHECK_IN_OPENS
from domain.errors import DomainError
from projections.queries import BookingView, SiteView
from service.application import NotFound
from service.container import Container
from service.http.deps import settle
from service.http.metrics import BOOKINGS_CANCELLED
from service.web import calendar_link
from service.web.accounts import Accounts
from service.web.core import lang_of, redirect, render, signed_in
from service.web.i18n import Lang
from service.web.messages import kind_name, refusal, status_name

PAST_DAYS = 180


@dataclass
class BookingLine:
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


def _lines(
    container: Container, bookings: list[BookingView], t: Lang, now: datetime
) -> list[BookingLine]:
    sites: dict[UUID, SiteView | None] = {}
    names: dict[UUID, str] = {}
    lines = []
    for b in bookings:
        if b.site_id not in sites:
            sites[b.site_id] = container.queries.site(b.site_id)
            names.update(
                (r.id, r.name) for r in container.queries.resources(b.site_id, include_retired=True)
            )
        site = sites[b.site_id]
        tz = ZoneInfo(site.timezone if site else "Europe/Stockholm")
        grace = timedelta(minutes=int((site.policy if site else {}).get("grace_minutes", 30)))  # type: ignore[call-overload]
        active = b.status == "confirmed"
        lines.append(
            BookingLine(
                id=b.id,
                site_id=b.site_id,
                site_name=site.name if site else "",
                resource_name=names.get(b.resource_id, kind_name(t, b.kind))
                + (f" \N{MULTIPLICATION SIGN} {b.quantity}" if b.quantity > 1 else ""),
                kind=b.kind,
                when=t.span(b.start, b.end, tz),
                day=t.day(b.start.astimezone(tz).date()),
                status=b.status,
                status_text=status_name(t, b.status, b.checked_in_at is not None),
                can_cancel=active and b.end > now,
                can_check_in=active
                and b.checked_in_at is None
                and b.start - CHECK_IN_OPENS <= now < min(b.start + grace, b.end),
                checked_in=b.checked_in_at is not None,
                start=b.start,
            )
        )
    return lines


def own_booking(container: Container, booking_id: UUID, member_id: UUID) -> BookingView:
    booking = container.queries.booking(booking_id)
    if booking is None or booking.member_id != member_id:
        raise NotFound("booking", "booking_id")
    return booking


class MyPages(Controller):
    path = "/my"
    guards = [signed_in]

    @get("/bookings", sync_to_thread=True)
    def bookings(
        self, request: Request[Any, Any, Any], container: Container, accounts: Accounts
    ) -> Template:
        return self._page(request, container)

    @staticmethod
    def _page(
        request: Request[Any, Any, Any],
        container: Container,
        error: str = "",
        status_code: int = 200,
        new_link: calendar_link.FeedLink | None = None,
    ) -> Template:
        t = lang_of(request)
        member = request.user
        now = container.now()
        everything = container.queries.member_bookings(
            member.id, since=now - timedelta(days=PAST_DAYS)
        )
        lines = _lines(container, everything, t, now)
        upcoming = [
            line
            for line, b in zip(lines, everything, strict=True)
            if b.end > now and b.status == "confirmed"
        ]
        past = [
            line
            for line, b in zip(lines, everything, strict=True)
            if not (b.end > now and b.status == "confirmed")
        ]
        past.sort(key=lambda line: line.start, reverse=True)
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
        }.get(done or "", "")
        feed_since = calendar_link.issued_at(container, member.id, request)
        return render(
            request,
            "my_bookings.html",
            t("My bookings"),
            status_code=status_code,
            section="my-bookings",
            upcoming=upcoming,
            past=past[:50],
            notice=notice,
            error=error,
            new_link=new_link,
            feed_since=t.datetime(feed_since, ZoneInfo("Europe/Stockholm")) if feed_since else "",
            kind_name=lambda k: kind_name(t, k),
        )

    @post("/bookings/{booking_id:uuid}/cancel", sync_to_thread=True)
    def cancel(
        self, booking_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        own_booking(container, booking_id, request.user.id)
        try:
            written = container.app.cancel(booking_id, request.user.id)
        except DomainError as error:
            return self._page(request, container, refusal(lang_of(request), error), 422)  # type: ignore[return-value]
        BOOKINGS_CANCELLED.inc()
        settle(container, written)
        return redirect("/my/bookings?done=cancelled")

    @post("/bookings/{booking_id:uuid}/check-in", sync_to_thread=True)
    def check_in(
        self, booking_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        own_booking(container, booking_id, request.user.id)
        try:
            written = container.app.check_in(booking_id)
        except DomainError as error:
            return self._page(request, container, refusal(lang_of(request), error), 422)  # type: ignore[return-value]
        settle(container, written)
        return redirect("/my/bookings?done=checked-in")

    @get("/bookings/{booking_id:uuid}/booking.ics", sync_to_thread=True)
    def ics(
        self, booking_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[bytes]:
        booking = own_booking(container, booking_id, request.user.id)
        body = calendar_link.booking_ics(container, booking, request)
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="grannskap-{booking_id}.ics"',
                "Cache-Control": "no-store",
            },
        )

    @post("/calendar/rotate", sync_to_thread=True)
    def rotate(self, request: Request[Any, Any, Any], container: Container) -> Template:
        """Issues a new feed URL and shows it on the page (it is shown only this once)."""
        link = calendar_link.rotate(container, request.user.id, request)
        return self._page(request, container, new_link=link)

    @get("/data", sync_to_thread=True)
    def data(
        self, request: Request[Any, Any, Any], container: Container, accounts: Accounts
    ) -> Template:
        t = lang_of(request)
        info = self._data(container, accounts, request.user.id, t)
        return render(request, "my_data.html", t("My data"), section="my-data", **info)

    @get("/data.json", sync_to_thread=True)
    def data_json(
        self, request: Request[Any, Any, Any], container: Container, accounts: Accounts
    ) -> Response[bytes]:
        t = lang_of(request)
        info = self._data(container, accounts, request.user.id, t)
        body = {
            "member": info["member"],
            "account": info["account"],
            "sessions": info["sessions"],
            "calendar_feed": info["feed_exists"],
            "bookings": [
                {
                    "id": str(b.id),
                    "site_id": str(b.site_id),
                    "resource_id": str(b.resource_id),
                    "kind": b.kind,
                    "start": b.start.isoformat(),
                    "end": b.end.isoformat(),
                    "status": b.status,
                    "placed_at": b.placed_at.isoformat(),
                    "checked_in_at": b.checked_in_at.isoformat() if b.checked_in_at else None,
                }
                for b in info["bookings"]
            ],
        }
        return Response(
            msgspec.json.format(msgspec.json.encode(body)),
            media_type="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="grannskap-my-data.json"',
                "Cache-Control": "no-store",
            },
        )

    @staticmethod
    def _data(container: Container, accounts: Accounts, member_id: UUID, t: Lang) -> dict[str, Any]:
        account = accounts.account(member_id)
        if account is None:
            raise NotFound("member", "member_id")
        m = account.member
        home = container.queries.site(account.home_site_id) if account.home_site_id else None
        bookings = container.queries.member_bookings(member_id, since=None, limit=5000)
        return {
            "member": {
                "id": str(m.id),
                "email": m.email,
                "name": m.name,
                "role": m.role,
            },
            "account": {
                "has_password": account.has_password,
                "home_site": home.name if home else None,
                "invitation_code": account.invitation_code,
                "created_at": account.created_at.isoformat() if account.created_at else None,
            },
            "sessions": accounts.session_count(member_id),
            "feed_exists": calendar_link.has_feed(container, member_id),
            "bookings": bookings,
            "created_text": t.datetime(account.created_at, ZoneInfo("Europe/Stockholm"))
            if account.created_at
            else "",
        }
