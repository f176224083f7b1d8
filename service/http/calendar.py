"""Calendar subscriptions: secret feed URLs for members and hosts, the feeds themselves
(public, the token is the credential) and one booking as an ``.ics`` file.

Feeds answer ``If-None-Match`` and ``If-Modified-Since`` with 304 from one indexed query
(the token's row and the feed's version row); only a changed feed reads its bookings and
renders, and a rendered feed is kept by its ETag.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, cast
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import ETag
from litestar.types import ASGIApp, ControllerRouterHandler, Receive, Scope, Send

from service.application import accounts, calendars
from service.application.calendars import RENDERING
from service.application.context import Context
from service.application.errors import NotFound
from service.http.auth import hosts_only
from service.presentation import ics
from service.registry.feeds import Issued
from service.registry.members import Member

CALENDAR = "text/calendar"  # Litestar adds "; charset=utf-8"
CACHE = "private, no-cache"
SHOWN_ONCE = (
    "The feed URL is shown only when it is issued: only a hash of its token is kept. "
    "POST /api/members/me/calendar/rotate issues a new URL and stops the old one."
)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "testserver", "testserver.local")


class CalendarFeedOut(msgspec.Struct):
    """A secret feed URL (``null`` except when it has just been issued)."""

    issued_at: datetime
    https_url: str | None
    webcal_url: str | None
    detail: str


def public_base(request: Request[Any, Any, Any]) -> str:
    """The service's own base URL; https unless it is served on this machine, since a
    secret URL must not travel in the clear."""
    url = request.base_url
    scheme = url.scheme if url.hostname in LOCAL_HOSTS else "https"
    return f"{scheme}://{url.netloc}{url.path.rstrip('/')}"


def feed_out(issued: Issued, request: Request[Any, Any, Any], message: str) -> CalendarFeedOut:
    if issued.token is None:
        return CalendarFeedOut(issued.issued_at, None, None, SHOWN_ONCE)
    https = f"{public_base(request)}/ical/{issued.token}.ics"
    webcal = "webcal://" + https.split("://", 1)[1]
    return CalendarFeedOut(issued.issued_at, https, webcal, message)


def http_date(instant: datetime) -> str:
    return format_datetime(instant.astimezone(UTC).replace(microsecond=0), usegmt=True)


def not_modified(request: Request[Any, Any, Any], etag: str, last_modified: datetime) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/").strip('"') for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and last_modified.replace(microsecond=0) <= since


def calendar_response(
    request: Request[Any, Any, Any],
    etag: str,
    last_modified: datetime,
    body: Any,
    disposition: str,
) -> Response[bytes]:
    """200 with the calendar, or 304 when the client has it already. ``body`` is called
    only for a 200."""
    headers = {
        "ETag": ETag(value=etag).to_header(),
        "Last-Modified": http_date(last_modified),
        "Cache-Control": CACHE,
    }
    if not_modified(request, etag, last_modified):
        return Response(b"", status_code=304, headers=headers)
    headers["Content-Disposition"] = disposition
    return Response(body(), media_type=CALENDAR, headers=headers)


class MemberCalendarController(Controller):
    path = "/api/members/me/calendar"
    tags = ["calendar"]

    @get(
        "/",
        sync_to_thread=True,
        summary="My calendar feed URL (issued on the first call; shown only then)",
    )
    def mine(self, request: Request[Member, Any, Any], ctx: Context) -> Response[Any]:
        issued = calendars.my_feed(ctx, request.user)
        body = feed_out(issued, request, "Paste this URL into your calendar once.")
        return Response(body, headers={"Cache-Control": "no-store"})

    @post("/rotate", sync_to_thread=True, status_code=201, summary="A new feed URL; the old stops")
    def rotate(self, request: Request[Member, Any, Any], ctx: Context) -> Response[Any]:
        issued = calendars.rotate_my_feed(ctx, request.user)
        body = feed_out(issued, request, "The old URL stopped working. Subscribe to this one.")
        return Response(body, status_code=201, headers={"Cache-Control": "no-store"})


class HostCalendarController(Controller):
    """Busy-block feeds for a resource or a whole site (no member names or ids)."""

    path = "/api"
    tags = ["calendar"]
    guards = [hosts_only]

    @staticmethod
    def _issue(
        ctx: Context, kind: str, subject_id: UUID, request: Request[Member, Any, Any]
    ) -> Response[Any]:
        issued = calendars.rotate_busy_feed(ctx, request.user, kind, subject_id)
        body = feed_out(issued, request, f"A new {kind} feed URL; any earlier one stopped.")
        return Response(body, status_code=201, headers={"Cache-Control": "no-store"})

    @post(
        "/resources/{resource_id:uuid}/calendar",
        sync_to_thread=True,
        status_code=201,
        summary="A new busy-block feed URL for a resource (hosts)",
    )
    def resource(
        self, resource_id: UUID, request: Request[Member, Any, Any], ctx: Context
    ) -> Response[Any]:
        return self._issue(ctx, "resource", resource_id, request)

    @post(
        "/sites/{site_id:uuid}/calendar",
        sync_to_thread=True,
        status_code=201,
        summary="A new busy-block feed URL for a site (hosts)",
    )
    def site(
        self, site_id: UUID, request: Request[Member, Any, Any], ctx: Context
    ) -> Response[Any]:
        return self._issue(ctx, "site", site_id, request)


@get(
    "/ical/{file:str}",
    sync_to_thread=True,
    tags=["calendar"],
    summary="A calendar feed (the secret token in the URL is the credential)",
)
def feed(file: str, request: Request[Any, Any, Any], ctx: Context) -> Response[bytes]:
    if not file.endswith(".ics"):
        raise NotFound("calendar feed")
    state = calendars.feed(ctx, file.removesuffix(".ics"))
    base = public_base(request)
    etag = state.etag(base)

    def render() -> bytes:
        entries = calendars.feed_entries(ctx, state)
        if state.feed_kind == "member":
            return ics.member_calendar(entries, state.subject_id, base, state.language)
        uid = ics.calendar_uid(state.feed_kind, state.subject_id)
        return ics.busy_calendar(f"grannskap: {calendars.feed_name(ctx, state)}", uid, entries)

    return calendar_response(
        request,
        etag,
        state.last_modified,
        lambda: ics.FEED_BODIES.rendered(etag, render),
        'inline; filename="grannskap.ics"',
    )


@get(
    "/api/bookings/{booking_id:uuid}/ics",
    sync_to_thread=True,
    tags=["bookings"],
    summary="One booking as an .ics file, also at /api/bookings/{booking_id}.ics",
)
def booking_ics(
    booking_id: UUID, request: Request[Member, Any, Any], ctx: Context
) -> Response[bytes]:
    entry = calendars.booking_entry(ctx, request.user, booking_id)
    base = public_base(request)
    lang = accounts.language_of(ctx, request.user.id)
    key = f"{RENDERING}|booking|{booking_id}|{entry.sequence}|{entry.status}|{base}|{lang}"
    return calendar_response(
        request,
        hashlib.sha256(key.encode()).hexdigest()[:24],
        entry.last_modified,
        lambda: ics.single_booking(entry, base, lang),
        f'attachment; filename="booking-{booking_id}.ics"',
    )


def ics_suffix(app: ASGIApp) -> ASGIApp:
    """Serves ``/api/bookings/{id}.ics`` by the handler at ``/api/bookings/{id}/ics``:
    Litestar's router matches whole path segments, and ``/api/bookings/{id}`` is taken."""

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] == "http"
            and path.startswith("/api/bookings/")
            and path.endswith(".ics")
            and path.count("/") == 3
        ):
            scope = cast(Scope, {**scope, "path": path.removesuffix(".ics") + "/ics"})
        await app(scope, receive, send)

    return handle


ROUTES: list[ControllerRouterHandler] = [
    MemberCalendarController,
    HostCalendarController,
    feed,
    booking_ics,
]
