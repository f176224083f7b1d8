"""The Litestar app: the HTTP API and the web pages over one container. ``grannskap serve``
runs ``create_app`` in uvicorn; the tests hand it a container of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Response
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig

from service.container import Container
from service.http import app as api
from service.http.allow import correct_allow
from service.http.calendar import ics_suffix
from service.http.errors import from_http
from service.http.failures import internal_error, request_ids
from service.http.openapi import CompleteJson, CompleteYaml
from service.settings import Settings
from service.web import plugin as web_plugin
from service.web.core import SecurityHeaders, not_found_page

# Addresses of the API and other machine-facing routes: an unknown one there is answered with
# problem details; any other unknown address is a page, in the member's language.
MACHINE_PATHS = ("/api", "/ical", "/schema", "/health", "/metrics")


def unknown_address(request: Request[Any, Any, Any], error: NotFoundException) -> Response[Any]:
    if request.url.path.startswith(MACHINE_PATHS):
        return from_http(error).to_response(request)
    return not_found_page(request)


def create_app(settings: Settings | None = None, container: Container | None = None) -> Litestar:
    """Builds the app. With no container, one is built from the settings at start-up and
    closed at shut-down."""
    settings = container.settings if container is not None else settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        own = container is None
        c = container or Container.build(settings)
        c.start_following()
        c.start_no_show_job()
        if c.settings.projections == "inprocess":
            c.start_mail()
        c.start_housekeeping()
        app.state.container = c
        try:
            yield
        finally:
            if own:
                c.close()

    app = Litestar(
        route_handlers=api.ROUTES,
        dependencies=api.DEPENDENCIES,
        # The pages' security headers on every answer: the API, /schema and /reports too.
        middleware=[SecurityHeaders(), *api.MIDDLEWARE],
        plugins=[*api.PLUGINS, web_plugin()],
        lifespan=[lifespan],
        exception_handlers={NotFoundException: unknown_address, Exception: internal_error},
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="grannskap",
            version="0.1.0",
            description=(
                "Booking service of the grannskapskontor pilot. Times without an offset "
                "are read in the site's time zone (Europe/Stockholm); responses give UTC."
            ),
            path="/schema",
            # Only the document itself: a browsable UI would load scripts from a CDN on the
            # origin of the session cookie. Any OpenAPI viewer can open the JSON or YAML.
            render_plugins=[
                CompleteJson(path=["/", "/openapi.json"]),
                CompleteYaml(path=["/openapi.yaml"]),
            ],
        ),
    )
    app.asgi_handler = request_ids(correct_allow(app, ics_suffix(app.asgi_handler)))
    return app
