"""What every page shares: the use cases' context, the cookie session, guards, security
headers, rendering with the chosen language, and errors as HTML pages."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    ASGIMiddleware,
    AuthenticationResult,
)
from litestar.response import Redirect, Template
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import exc as sa_exc

from domain import limits
from domain.errors import DomainError
from service.application import access, accounts
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation import i18n
from service.presentation.messages import refusal, status_of
from service.presentation.session import SESSION_COOKIE

log = logging.getLogger(__name__)

# Pages skip the API's bearer-token middleware and use this one instead.
WEB_OPT = {"exclude_from_auth": True, "web": True}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def provide_ctx(request: Request[Any, Any, Any]) -> Context:
    return request.app.state.container.ctx


# -- the signed-in member ---------------------------------------------------------------


class SessionAuthentication(AbstractAuthenticationMiddleware):
    """Reads the session cookie; ``request.user`` is the member or ``None``."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = connection.cookies.get(SESSION_COOKIE)
        member = None
        if token:
            ctx: Context = connection.app.state.container.ctx
            member = await to_thread.run_sync(accounts.session_member, ctx, token)
        return AuthenticationResult(user=member, auth=token if member else None)


class NotSignedIn(NotAuthorizedException):
    pass


def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if connection.scope.get("method") == "OPTIONS":
        return  # says only which methods the address has (no session is read for it)
    if connection.user is None:
        raise NotSignedIn()


def hosts(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    signed_in(connection, handler)
    if connection.scope.get("method") == "OPTIONS":
        return
    if not access.manages_sites(connection.user):
        raise PermissionDeniedException("hosts only")


def evaluators(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    signed_in(connection, handler)
    if connection.scope.get("method") == "OPTIONS":
        return
    if not access.reads_reports(connection.user):
        raise PermissionDeniedException("evaluators only")


def admins(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    signed_in(connection, handler)
    if connection.scope.get("method") == "OPTIONS":
        return
    if connection.user.role != "admin":
        raise PermissionDeniedException("admins only")


def session_cookie(request: Request[Any, Any, Any], token: str | None) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        max_age=None if token else 0,
        expires=None if token else 0,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


class SecurityHeaders(ASGIMiddleware):
    """Content-Security-Policy and friends on every answer (the app wears it, and the
    pages' router too); over https, HSTS, and every cookie the pages set (the session's
    and the CSRF token's) is marked Secure."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        https = scope.get("scheme") == "https"

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if https:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                    cookies = headers.getall("set-cookie", [])
                    if cookies:
                        del headers["set-cookie"]
                        for cookie in cookies:
                            secure = "secure" in cookie.lower()
                            headers.add("set-cookie", cookie if secure else cookie + "; Secure")
            await send(message)

        await next_app(scope, receive, send_wrapper)


# -- rendering ----------------------------------------------------------------------------


def lang_of(request: Request[Any, Any, Any]) -> i18n.Lang:
    return i18n.Lang(
        i18n.choose(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))
    )


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: never redirect to another site; a path too long to keep or with a
    control character in it is none either."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if len(target) > limits.LOCAL_PATH or not limits.is_clean(target):
        return default
    return target


async def form_fields(request: Request[Any, Any, Any]) -> dict[str, str]:
    """A submitted form's fields as text, each cut at 1 KiB."""
    form = await request.form()
    return {k: str(v)[:1024] for k, v in form.items()}


def render(
    request: Request[Any, Any, Any],
    template: str,
    title: str,
    status_code: int = 200,
    section: str = "",
    **context: Any,
) -> Template:
    t = lang_of(request)
    cookies = []
    wanted = request.query_params.get("lang")
    if wanted in i18n.LANGUAGES and wanted != request.cookies.get(i18n.COOKIE):
        cookies.append(
            Cookie(
                key=i18n.COOKIE,
                value=wanted,
                max_age=365 * 24 * 3600,
                path="/",
                httponly=True,
                samesite="lax",
            )
        )
    path = request.url.path
    query = [(k, v) for k, v in request.query_params.items() if k != "lang"]
    here = path + ("?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in query) if query else "")
    sep = "&" if query else "?"
    return Template(
        template_name=template,
        status_code=status_code,
        cookies=cookies,
        headers={"Cache-Control": "no-store"},
        context={
            "t": t,
            "_": t.gettext,
            "ngettext": t.ngettext,
            "user": request.user if "user" in request.scope else None,
            "title": title,
            "section": section,
            "here": here,
            "lang_links": [
                (code, name, f"{here}{sep}lang={code}") for code, name in i18n.NATIVE_NAMES.items()
            ],
            **context,
        },
    )


def redirect(path: str) -> Redirect:
    return Redirect(path=path, status_code=303)


# -- errors as pages ------------------------------------------------------------------------


def _page(request: Request[Any, Any, Any], status: int, message: str) -> Template:
    t = lang_of(request)
    titles = {
        400: t("The request could not be read"),
        403: t("Not allowed"),
        404: t("Not found"),
        405: t("Not allowed"),
        409: t("Not available"),
        413: t("Too large"),
        422: t("Refused"),
        429: t("Too many attempts"),
        503: t("Busy, try again"),
    }
    return render(
        request,
        "error.html",
        titles.get(status, t("Something went wrong")),
        status_code=status,
        message=message,
        status=status,
    )


def not_found_page(request: Request[Any, Any, Any]) -> Response[Any]:
    """An unknown address on the web side: a page in the member's language, with a way on."""
    t = lang_of(request)
    return _page(
        request,
        404,
        t("There is no page at this address. Check the address, or start from the start page."),
    )


def on_not_signed_in(request: Request[Any, Any, Any], _: Exception) -> Response[Any]:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return redirect("/sign-in?next=" + quote(target, safe="/"))


def on_http(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    t = lang_of(request)
    if isinstance(error, NotSignedIn):
        return on_not_signed_in(request, error)
    if isinstance(error, PermissionDeniedException) and "CSRF" in str(error.detail):
        message = t(
            "The form had expired or came from elsewhere. Go back, reload the page and try again."
        )
    elif error.status_code == 403:
        message = t("Your role does not give access to this page.")
    elif error.status_code == 404:
        message = t("There is no such page.")
    else:
        message = t("The request could not be handled.")
    return _page(request, error.status_code, message)


def on_refusal(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """A refusal of the domain or of a use case, by the one table of outcomes."""
    t = lang_of(request)
    status = status_of(error)
    if status == 404:
        message = t("There is no such page.")
    elif status == 503:
        message = t("Many people are booking right now. Try again.")
    elif status == 403:
        message = t("Your role does not give access to this page.")
    else:
        message = refusal(t, error)
    page = _page(request, status, message)
    if status == 503:
        page.headers["Retry-After"] = "1"
    return page


def on_setting(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    return _page(request, 422, refusal(lang_of(request), error))


DB_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)


def on_crash(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    request_id = str((request.scope.get("state") or {}).get("request_id", "-"))
    t = lang_of(request)
    if isinstance(error, RecursionError):
        return _page(request, 400, t("Please check the values in the form."))
    if isinstance(error, DB_UNAVAILABLE) or getattr(error, "connection_invalidated", False):
        log.error("503 page %s [request %s]: database unavailable", request.url.path, request_id)
        page = _page(request, 503, t("The service is busy just now. Try again in a moment."))
        page.headers["Retry-After"] = "2"
        return page
    log.exception("500 page %s [request %s]", request.url.path, request_id, exc_info=error)
    return _page(request, 500, t("Something went wrong on our side.") + f" ({request_id})")


def exception_handlers() -> dict[Any, Any]:
    """The same exception types the API maps to problem details, as HTML pages here."""
    from litestar.exceptions import ValidationException
    from litestar.plugins.problem_details import ProblemDetailsException

    from service.settings import SettingsError

    return {
        NotSignedIn: on_not_signed_in,
        HTTPException: on_http,
        ValidationException: on_http,
        ProblemDetailsException: on_http,
        ApplicationError: on_refusal,
        DomainError: on_refusal,
        SettingsError: on_setting,
        Exception: on_crash,
    }
