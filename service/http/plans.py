"""Recurring bookings, the waitlist, a member's usuals, hosts moving bookings and setting
features, the feature vocabulary, floor plans and the resources' QR codes."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import Body

from domain.floorplan import Place
from domain.vocabulary import FEATURES
from service.application import floorplan, moves, series, sites, usuals, waitlist
from service.application.context import Context
from service.application.errors import InvalidRequest
from service.application.reads import FloorPlanView, SeriesView
from service.application.series import SeriesResult
from service.http.auth import hosts_only
from service.http.calendar import public_base
from service.http.deps import parse_instant
from service.http.plan_schemas import (
    BookUsualRequest,
    FeatureOut,
    FeaturesRequest,
    FloorPlanOut,
    FloorPlanRequest,
    MoveRequest,
    PlaceOut,
    SeriesCancelRequest,
    SeriesDayOut,
    SeriesOut,
    SeriesRequest,
    SeriesSummaryOut,
    UsualOut,
    UsualRequest,
    WaitlistEntryOut,
    WaitlistRequest,
)
from service.http.schemas import BookingOut, Created, out
from service.presentation import qr
from service.presentation.i18n import Lang
from service.presentation.messages import feature_name
from service.registry.members import Member

Asker = Request[Member, Any, Any]
# The cleaned background drawing is shown only as an image: no script, no outside request.
DRAWING_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _clock(text: str, field: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InvalidRequest("a local time HH:MM such as 08:00", about=field) from None


def _series_out(result: SeriesResult) -> SeriesOut:
    view: SeriesView = result.series
    return SeriesOut(
        id=view.id,
        member_id=view.member_id,
        site_id=view.site_id,
        resource_id=view.resource_id,
        kind=view.kind,
        features=view.features,
        quantity=view.quantity,
        weekdays=view.weekdays,
        first_day=view.first_day,
        until=view.until,
        start=view.start,
        end=view.end,
        cancelled_from=view.cancelled_from,
        days=[out(SeriesDayOut, d) for d in result.days],
    )


class SeriesController(Controller):
    path = "/api/bookings/series"
    tags = ["recurring bookings"]

    @post(
        "/",
        sync_to_thread=True,
        status_code=201,
        summary="Book on weekdays until a day: each day its own booking, refused days listed",
    )
    def start(self, data: SeriesRequest, ctx: Context, request: Asker) -> SeriesOut:
        result = series.start_series(
            ctx,
            series.StartSeries(
                actor=request.user,
                weekdays=tuple(data.weekdays),
                first_day=data.first_day or date.min,
                until=data.until,
                start=_clock(data.start, "start"),
                end=_clock(data.end, "end"),
                resource_id=data.resource_id,
                site_id=data.site_id,
                kind=data.kind,
                features=tuple(data.features),
                quantity=data.quantity,
            ),
        )
        return _series_out(result)

    @get("/{series_id:uuid}", sync_to_thread=True, summary="A series and each of its days")
    def read(self, series_id: UUID, ctx: Context, request: Asker) -> SeriesOut:
        return _series_out(series.read_series(ctx, request.user, series_id))

    @post(
        "/{series_id:uuid}/cancel",
        sync_to_thread=True,
        status_code=200,
        summary="Cancel the series from a day on (today when not given)",
    )
    def cancel(
        self,
        series_id: UUID,
        ctx: Context,
        request: Asker,
        data: SeriesCancelRequest | None = Body(default=None),
    ) -> SeriesOut:
        command = series.CancelSeries(request.user, series_id, data.from_ if data else None)
        return _series_out(series.cancel_series(ctx, command))


class WaitlistController(Controller):
    path = "/api/waitlist"
    tags = ["waitlist"]

    @post(
        "/",
        sync_to_thread=True,
        status_code=201,
        summary="Join the waitlist for a resource or any of a kind (booked at once if free)",
    )
    def join(self, data: WaitlistRequest, ctx: Context, request: Asker) -> WaitlistEntryOut:
        joined = waitlist.join(
            ctx,
            waitlist.JoinWaitlist(
                actor=request.user,
                start=parse_instant(data.start, "start"),
                end=parse_instant(data.end, "end"),
                resource_id=data.resource_id,
                site_id=data.site_id,
                kind=data.kind,
                features=tuple(data.features),
                quantity=data.quantity,
            ),
        )
        return out(WaitlistEntryOut, joined.entry)

    @get("/{entry_id:uuid}", sync_to_thread=True, summary="One waitlist entry")
    def read(self, entry_id: UUID, ctx: Context, request: Asker) -> WaitlistEntryOut:
        return out(WaitlistEntryOut, waitlist.entry(ctx, request.user, entry_id))

    @post("/{entry_id:uuid}/leave", sync_to_thread=True, status_code=200, summary="Stop waiting")
    def leave(self, entry_id: UUID, ctx: Context, request: Asker) -> WaitlistEntryOut:
        return out(WaitlistEntryOut, waitlist.leave(ctx, request.user, entry_id).entry)


class MyPlansController(Controller):
    path = "/api/members/me"
    tags = ["members"]

    @get("/series", sync_to_thread=True, summary="My recurring bookings (those not over)")
    def my_series(self, ctx: Context, request: Asker) -> list[SeriesSummaryOut]:
        today = ctx.now().date()
        return out(list[SeriesSummaryOut], series.my_series(ctx, request.user, today))

    @get("/waitlist", sync_to_thread=True, summary="My waitlist entries (upcoming)")
    def my_waitlist(self, ctx: Context, request: Asker) -> list[WaitlistEntryOut]:
        entries = waitlist.my_entries(ctx, request.user, ctx.now())
        return out(list[WaitlistEntryOut], entries)

    @get(
        "/usuals",
        sync_to_thread=True,
        summary="My favourites (the first as resource_id) and usual hours per site",
    )
    def my_usuals(self, ctx: Context, request: Asker) -> list[UsualOut]:
        return out(list[UsualOut], list(usuals.my_usuals(ctx, request.user).values()))

    @put(
        "/usuals",
        sync_to_thread=True,
        summary="Make a resource my first favourite at its site, with my usual hours",
    )
    def set_usual(self, data: UsualRequest, ctx: Context, request: Asker) -> UsualOut:
        command = usuals.SetUsual(
            request.user, data.resource_id, _clock(data.start, "start"), _clock(data.end, "end")
        )
        return out(UsualOut, usuals.set_usual(ctx, command))

    @delete(
        "/usuals/{site_id:uuid}",
        sync_to_thread=True,
        summary="Forget my favourites and usual hours at a site",
    )
    def clear_usual(self, site_id: UUID, ctx: Context, request: Asker) -> None:
        usuals.clear_usual(ctx, request.user, site_id)

    @post(
        "/usuals/{site_id:uuid}/book",
        sync_to_thread=True,
        status_code=201,
        summary="Book the first of my favourites at a site that is free on a day",
    )
    def book_usual(
        self, site_id: UUID, data: BookUsualRequest, ctx: Context, request: Asker
    ) -> BookingOut:
        hours = None
        if data.start is not None and data.end is not None:
            hours = _clock(data.start, "start"), _clock(data.end, "end")
        placed = usuals.book_usual(ctx, request.user, site_id, data.date, hours)
        return out(BookingOut, placed.booking)


class HostChangesController(Controller):
    path = "/api"
    tags = ["sites"]

    @post(
        "/bookings/{booking_id:uuid}/move",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="Move a booking to another resource of its kind, same time (hosts)",
    )
    def move(self, booking_id: UUID, data: MoveRequest, ctx: Context, request: Asker) -> BookingOut:
        command = moves.MoveBooking(request.user, booking_id, data.resource_id)
        return out(BookingOut, moves.move(ctx, command).booking)

    @put(
        "/resources/{resource_id:uuid}/features",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Set a resource's features, from the vocabulary (hosts)",
    )
    def features(
        self, resource_id: UUID, data: FeaturesRequest, ctx: Context, request: Asker
    ) -> Created:
        command = sites.SetFeatures(request.user, resource_id, tuple(data.features))
        return Created(sites.set_features(ctx, command).id)

    @get("/features", sync_to_thread=False, summary="The feature vocabulary, with its labels")
    def vocabulary(self) -> list[FeatureOut]:
        en, sv = Lang("en"), Lang("sv")
        return [
            FeatureOut(code, feature_name(en, code), feature_name(sv, code)) for code in FEATURES
        ]

    @get(
        "/resources/{resource_id:uuid}/code.svg",
        sync_to_thread=True,
        summary="The QR code of a resource's check-in page (SVG)",
        media_type="image/svg+xml",
    )
    def code(self, resource_id: UUID, ctx: Context, request: Asker) -> Response[bytes]:
        resource = ctx.store.resource(resource_id)
        url = qr.check_in_url(public_base(request), resource_id)
        return Response(
            qr.qr_svg_document(url, resource.name),
            media_type="image/svg+xml",
            headers={"Content-Security-Policy": DRAWING_CSP},
        )


def _plan_out(plan: FloorPlanView) -> FloorPlanOut:
    return FloorPlanOut(
        site_id=plan.site_id,
        columns=plan.columns,
        rows=plan.rows,
        places={k: PlaceOut(*v) for k, v in plan.places.items()},
        background_url=(
            f"/api/sites/{plan.site_id}/floor-plan/background.svg?v={plan.background_version}"
            if plan.background_version is not None
            else None
        ),
    )


class FloorPlanController(Controller):
    path = "/api/sites/{site_id:uuid}/floor-plan"
    tags = ["floor plans"]

    @get("/", sync_to_thread=True, summary="The site's floor plan")
    def read(self, site_id: UUID, ctx: Context) -> FloorPlanOut:
        return _plan_out(floorplan.plan_of(ctx, site_id))

    @put(
        "/",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Set the grid and where resources are (hosts)",
    )
    def set_places(
        self, site_id: UUID, data: FloorPlanRequest, ctx: Context, request: Asker
    ) -> FloorPlanOut:
        places = {k: Place(p.column, p.row, p.width, p.height) for k, p in data.places.items()}
        command = floorplan.SetPlaces(request.user, site_id, data.columns, data.rows, places)
        return _plan_out(floorplan.set_places(ctx, command))

    @put(
        "/background",
        sync_to_thread=True,
        guards=[hosts_only],
        summary="Set the background drawing: an SVG body (cleaned of all but drawing; hosts)",
    )
    def set_background(
        self, site_id: UUID, ctx: Context, request: Asker, body: bytes
    ) -> FloorPlanOut:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequest("the drawing is not UTF-8 text", about="background") from None
        return _plan_out(floorplan.set_background(ctx, request.user, site_id, text))

    @delete(
        "/background",
        sync_to_thread=True,
        guards=[hosts_only],
        status_code=200,
        summary="Remove the background drawing (hosts)",
    )
    def remove_background(self, site_id: UUID, ctx: Context, request: Asker) -> FloorPlanOut:
        return _plan_out(floorplan.set_background(ctx, request.user, site_id, None))

    @get(
        "/background.svg",
        sync_to_thread=True,
        summary="The cleaned background drawing",
        media_type="image/svg+xml",
    )
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


ROUTES = [
    SeriesController,
    WaitlistController,
    MyPlansController,
    HostChangesController,
    FloorPlanController,
]
