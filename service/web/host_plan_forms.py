"""The hosts' forms for the floor plan (places on the grid, the background drawing), moving a
booking, a resource's features, and the page of QR codes to print."""

from __future__ import annotations

from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template

from domain.errors import DomainError, SlotTaken
from domain.floorplan import Place
from service.application import floorplan, lobby, moves, reads, sites
from service.application.context import Context
from service.application.errors import ApplicationError, InvalidRequest
from service.presentation.messages import refusal, status_of
from service.web.calendar_link import public_base
from service.web.core import hosts, lang_of, redirect, render
from service.web.host_forms import form_values, outcome
from service.web.host_pages import host_tab
from service.web.host_plan import codes

Asker = Request[Any, Any, Any]
MAX_DRAWING = 1024 * 1024  # bytes read of an uploaded drawing (cleaning keeps far less)


def _int(text: str, about: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 3:
        raise InvalidRequest("a whole number", about=about)
    return int(text)


def _places(request: Asker, site_id: UUID, v: dict[str, str]) -> floorplan.SetPlaces:
    """The plan form's fields as the command: each resource with a column is on the plan."""
    places: dict[UUID, Place] = {}
    for key, value in v.items():
        if not key.startswith("column-") or not value.strip():
            continue
        rid = key.removeprefix("column-")
        try:
            resource_id = UUID(rid)
        except ValueError:
            continue
        places[resource_id] = Place(
            _int(value, f"column-{rid}"),
            _int(v.get(f"row-{rid}", ""), f"row-{rid}"),
            _int(v.get(f"width-{rid}", "") or "1", f"width-{rid}"),
            _int(v.get(f"height-{rid}", "") or "1", f"height-{rid}"),
        )
    return floorplan.SetPlaces(
        request.user,
        site_id,
        _int(v.get("columns", ""), "columns"),
        _int(v.get("rows", ""), "rows"),
        places,
    )


class HostPlanForms(Controller):
    """One use case per form, the tab again on a refusal (``host_forms.outcome``)."""

    path = "/host"
    guards = [hosts]

    @post("/sites/{site_id:uuid}/plan")
    async def set_plan(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: dict[str, str]) -> object:
            return floorplan.set_places(ctx, _places(request, site_id, v))

        return await self._change(request, ctx, site_id, "plan", "plan", change)

    @post("/sites/{site_id:uuid}/plan/preview")
    async def preview_plan(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        """The plan drawn with the posted places, nothing stored: the tab again with the
        preview and the form as posted, or with the refusal."""
        values = await form_values(request)

        def work() -> Response[Any]:
            try:
                proposed = floorplan.preview_places(ctx, _places(request, site_id, values))
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                t = lang_of(request)
                message, status = refusal(t, error), status_of(error)
                return host_tab(request, ctx, site_id, "plan", message, status, values)
            return host_tab(request, ctx, site_id, "plan", "", 200, values, proposed)

        return await to_thread.run_sync(work)

    @post("/sites/{site_id:uuid}/plan/background", request_max_body_size=MAX_DRAWING + 16384)
    async def set_background(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        form = await request.form()
        upload = form.get("drawing")
        data = await upload.read(MAX_DRAWING + 1) if isinstance(upload, UploadFile) else b""
        remove = str(form.get("remove", "")) == "yes"

        def change(_: dict[str, str]) -> object:
            if remove:
                return floorplan.set_background(ctx, request.user, site_id, None)
            if not data:
                raise InvalidRequest("choose an SVG file", about="background")
            if len(data) > MAX_DRAWING:
                raise InvalidRequest(
                    "the drawing is too large (at most 256 KB)", about="background"
                )
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidRequest("that is not an SVG drawing", about="background") from None
            return floorplan.set_background(ctx, request.user, site_id, text)

        return await self._apply(request, ctx, site_id, "plan", "background", change)

    @staticmethod
    async def _apply(
        request: Asker, ctx: Context, site_id: UUID, tab: str, done: str, change: Any
    ) -> Response[Any]:
        """For a form already read (a file upload, repeated fields)."""
        return await to_thread.run_sync(
            lambda: outcome(request, ctx, site_id, tab, done, change, {})
        )

    async def _change(
        self, request: Asker, ctx: Context, site_id: UUID, tab: str, done: str, change: Any
    ) -> Response[Any]:
        values = await form_values(request)
        return await to_thread.run_sync(
            lambda: outcome(request, ctx, site_id, tab, done, change, values)
        )

    @post("/sites/{site_id:uuid}/bookings/{booking_id:uuid}/move")
    async def move(
        self, site_id: UUID, booking_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        """Moves the booking, back to the day it is on; a resource taken meanwhile (a stale
        page, a crafted form) is refused by name and nothing changes."""
        values = await form_values(request)

        def work() -> Response[Any]:
            try:
                to = UUID(values.get("resource_id", ""))
            except ValueError:
                to = None
            try:
                if to is None:
                    raise InvalidRequest("choose where to move it", about="resource")
                moved = moves.move(ctx, moves.MoveBooking(request.user, booking_id, to, site_id))
            except SlotTaken:
                t = lang_of(request)
                name = reads.resource_names(ctx, site_id).get(to, "") if to else ""
                message = t(
                    "%(resource)s is not free for the whole of that booking: nothing was "
                    "moved. Choose one from the list.",
                    resource=name,
                )
                return host_tab(request, ctx, site_id, "today", message, 409, values)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                t = lang_of(request)
                message, status = refusal(t, error), status_of(error)
                return host_tab(request, ctx, site_id, "today", message, status, values)
            tz = ZoneInfo(reads.site(ctx, site_id).timezone)
            day = moved.booking.start.astimezone(tz).date()
            return redirect(f"/host/sites/{site_id}?date={day.isoformat()}&done=moved")

        return await to_thread.run_sync(work)

    @post("/sites/{site_id:uuid}/resources/{resource_id:uuid}/features")
    async def features(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        form = await request.form()
        chosen = tuple(str(f)[:60] for f in form.getall("feature", []))[:20]

        def change(_: dict[str, str]) -> object:
            command = sites.SetFeatures(request.user, resource_id, chosen, site_id)
            return sites.set_features(ctx, command)

        return await self._apply(request, ctx, site_id, "resources", "features", change)

    @get("/sites/{site_id:uuid}/codes", sync_to_thread=True)
    def codes_page(self, site_id: UUID, request: Asker, ctx: Context) -> Template:
        t = lang_of(request)
        site = reads.site(ctx, site_id)
        return render(
            request,
            "host_codes.html",
            t("QR codes of %(site)s", site=site.name),
            section="host",
            site=site,
            codes=codes(ctx, site, public_base(request)),
            screen_since=lobby.screen_link_since(ctx, request.user, site_id),
            screen_revoked=request.query_params.get("screen") == "revoked",
        )
