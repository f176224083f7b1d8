"""The Litestar application: wiring only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin

from service.container import Container
from service.http import calendar, errors, metrics
from service.http.auth import PUBLIC_PATHS, BearerAuthentication, TokenCache
from service.http.bookings import BookingController
from service.http.deps import provide_container
from service.http.members import MemberController
from service.http.reports import ROUTES as REPORT_ROUTES
from service.http.schemas import Health
from service.http.sites import ResourceController, SiteController
from service.settings import Settings
from service.web import plugin as web_plugin

MAX_BODY = 64 * 1024


@get("/health", sync_to_thread=True, tags=["health"], summary="Liveness and projection positions")
def health(container: Container) -> Health:
    store = container.app.recorder.max_notification_id() or 0
    views = container.views
    if not views.following_here:
        views.reload_positions()
    return Health(
        status="ok",
        store_position=store,
        views_position=views.read_your_writes_position,
        all_views_position=views.position,
    )


def create_app(settings: Settings | None = None, container: Container | None = None) -> Litestar:
    """Builds the HTTP app. With no container, one is built from the settings at start-up
    and closed at shut-down."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        own = container is None
        c = container or Container.build(settings or Settings.from_env())
        c.start_following()
        c.start_no_show_job()
        app.state.container = c
        app.state.tokens = TokenCache(c.members)
        metrics.PROJECTIONS.container = c
        try:
            yield
        finally:
            metrics.PROJECTIONS.container = None
            if own:
                c.close()

    return Litestar(
        route_handlers=[
            health,
            SiteController,
            ResourceController,
            BookingController,
            MemberController,
            metrics.MetricsController,
            *REPORT_ROUTES,
        ],
        dependencies={"container": Provide(provide_container, sync_to_thread=False)},
        middleware=[
            metrics.prometheus_config.middleware,
            DefineMiddleware(BearerAuthentication, exclude=PUBLIC_PATHS),
        ],
        plugins=[
            errors.plugin(),
            calendar.plugin(),
            web_plugin(container.settings if container else settings),
        ],
        lifespan=[lifespan],
        request_max_body_size=MAX_BODY,
        openapi_config=OpenAPIConfig(
            title="grannskap",
            version="0.1.0",
            description=(
                "Booking service of the grannskapskontor pilot. Times without an offset "
                "are read in the site's time zone (Europe/Stockholm); responses give UTC."
            ),
            path="/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
        ),
    )
