"""The web pages for members, hosts and evaluators: server-rendered HTML (Jinja2 templates
through Litestar), Swedish by default and English selectable, working without JavaScript.

The pages have their own cookie session (``core.SessionAuthentication``) and CSRF
protection (Litestar's ``CSRFMiddleware``) and skip the API's bearer tokens. ``plugin``
adds the routers and the template config to the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Litestar, Router
from litestar.config.app import AppConfig
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.plugins import InitPluginProtocol
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from service.reporting.html import REPORT_TEMPLATES
from service.web.core import (
    WEB_OPT,
    SecurityHeaders,
    SessionAuthentication,
    exception_handlers,
    provide_ctx,
)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CSRF_COOKIE = "grannskap_csrf"


@dataclass
class WebUI:
    route_handlers: list[Any]
    template_config: TemplateConfig[JinjaTemplateEngine]
    csrf: CSRFConfig


def _engine_setup(engine: JinjaTemplateEngine) -> None:
    engine.engine.autoescape = True
    engine.engine.trim_blocks = True
    engine.engine.lstrip_blocks = True


def web_ui() -> WebUI:
    from service.web.account_pages import AccountPages
    from service.web.admin_pages import AdminPages
    from service.web.admin_sites import AdminSitePages
    from service.web.booking_pages import BookingPages
    from service.web.calendar_pages import CalendarLinkPages
    from service.web.evaluate_pages import EvaluatePages
    from service.web.favourite_pages import FavouritePages
    from service.web.here_pages import HerePages
    from service.web.host_approvals import HostApprovalForms
    from service.web.host_forms import HostForms
    from service.web.host_pages import HostPages
    from service.web.host_plan_forms import HostPlanForms
    from service.web.lobby_pages import LobbyLinks, LobbyScreen
    from service.web.my_pages import MyPages
    from service.web.oidc_signin import OidcSignIn
    from service.web.password_pages import PasswordPages
    from service.web.plan_pages import PlanPages
    from service.web.signin import SignInController
    from service.web.week_pages import WeekPages

    # The key is read when the app starts (it may be kept in the database).
    csrf = CSRFConfig(
        secret="",
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,
        cookie_samesite="lax",
    )
    pages = Router(
        path="/",
        route_handlers=[
            SignInController,
            OidcSignIn,
            PasswordPages,
            AccountPages,
            AdminPages,
            AdminSitePages,
            BookingPages,
            MyPages,
            CalendarLinkPages,
            PlanPages,
            FavouritePages,
            HerePages,
            LobbyScreen,
            LobbyLinks,
            WeekPages,
            HostPages,
            HostForms,
            HostPlanForms,
            HostApprovalForms,
            EvaluatePages,
        ],
        opt=dict(WEB_OPT),
        include_in_schema=False,
        middleware=[
            SecurityHeaders(),
            DefineMiddleware(CSRFMiddleware, config=csrf),
            DefineMiddleware(SessionAuthentication, exclude_from_auth_key="skip_session"),
        ],
        dependencies={"ctx": Provide(provide_ctx, sync_to_thread=False)},
        exception_handlers=exception_handlers(),
    )
    static = create_static_files_router(
        path="/static",
        directories=[STATIC],
        opt=dict(WEB_OPT),
        include_in_schema=False,
        cache_control=None,
        name="static",
    )
    templates = TemplateConfig(
        directory=[TEMPLATES, REPORT_TEMPLATES],
        engine=JinjaTemplateEngine,
        engine_callback=_engine_setup,
    )
    return WebUI(route_handlers=[pages, static], template_config=templates, csrf=csrf)


class WebPlugin(InitPluginProtocol):
    """Adds the pages, their static files and the template engine to the app."""

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        ui = web_ui()
        app_config.route_handlers.extend(ui.route_handlers)
        app_config.template_config = ui.template_config

        def start(app: Litestar) -> None:
            ui.csrf.secret = app.state.container.secret_key()

        app_config.on_startup.append(start)
        return app_config


def plugin() -> WebPlugin:
    return WebPlugin()
