"""The HTTP API's part of the app: its routes, its authentication and its errors. The app
itself is put together in ``service.asgi``."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ControllerRouterHandler

from service.http import calendar, errors, metrics
from service.http.approvals import ApprovalController
from service.http.auth import PUBLIC_PATHS, BearerAuthentication
from service.http.bookings import BookingController
from service.http.deps import provide_ctx
from service.http.dropins import DropInController
from service.http.favourites import FavouritesController
from service.http.members import AdminMemberController, MemberController
from service.http.plans import ROUTES as PLAN_ROUTES
from service.http.report_documents import ROUTES as DOCUMENT_ROUTES
from service.http.reports import ROUTES as REPORT_ROUTES
from service.http.schemas import Health, Live, NotReadyBecause, Ready, StalledView
from service.http.sites import ResourceController, SiteController
from service.http.week import WeekController


@get(
    "/health",
    sync_to_thread=True,
    tags=["health"],
    summary="Liveness and projection positions",
    description="503 while a view has stopped at an event it cannot apply (named in stalled).",
    responses={503: ResponseSpec(Health, description="A view has stopped")},
)
def health(request: Request[Any, Any, Any]) -> Response[Health]:
    container = request.app.state.container
    views = container.views
    positions = views.positions()
    stalled = [
        StalledView(s.view, s.position, s.error)
        for s in sorted(views.stalled().values(), key=lambda s: s.view)
    ]
    body = Health(
        status="stalled" if stalled else "ok",
        store_position=container.store.position,
        views_position=views.read_your_writes_position,
        all_views_position=min(positions.values(), default=0),
        stalled=stalled,
    )
    return Response(body, status_code=503 if stalled else 200)


@get(
    "/health/live",
    tags=["health"],
    summary="Liveness: the process answers",
    description="Asks nothing else (no database): for restarting a process that hangs.",
)
async def live() -> Live:
    return Live(status="live")


@get(
    "/health/ready",
    sync_to_thread=True,
    tags=["health"],
    summary="Readiness: the database answers and the views keep up",
    description="503 naming what is wrong: the database, no process following the store, "
    "a view stopped, or views lagging beyond GRANNSKAP_READY_MAX_LAG seconds.",
    responses={503: ResponseSpec(Ready, description="Not ready: the problems say why")},
)
def ready(request: Request[Any, Any, Any]) -> Response[Ready]:
    found = request.app.state.container.readiness()
    body = Ready(
        status="ready" if found.ready else "not ready",
        store_position=found.store_position,
        views_position=found.views_position,
        lag_seconds=found.lag_seconds,
        problems=[NotReadyBecause(p.what, p.detail) for p in found.problems],
    )
    return Response(body, status_code=200 if found.ready else 503)


ROUTES: list[ControllerRouterHandler] = [
    health,
    live,
    ready,
    SiteController,
    ResourceController,
    BookingController,
    ApprovalController,
    DropInController,
    FavouritesController,
    WeekController,
    MemberController,
    AdminMemberController,
    metrics.metrics,
    *REPORT_ROUTES,
    *DOCUMENT_ROUTES,
    *calendar.ROUTES,
    *PLAN_ROUTES,
]
DEPENDENCIES = {"ctx": Provide(provide_ctx, sync_to_thread=False)}
MIDDLEWARE = [
    metrics.prometheus_config.middleware,
    DefineMiddleware(BearerAuthentication, exclude=PUBLIC_PATHS),
]
PLUGINS = [errors.plugin()]
