"""Bearer-token authentication, and the role guards of the API (the roles themselves are
decided in ``service.application.access``)."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from service.application import access, accounts
from service.application.context import Context
from service.presentation.session import SESSION_COOKIE

PUBLIC_PATHS = ["^/health", "^/schema", "^/metrics", "^/ical/"]
# Pages of the API that people open in a browser: the web session serves as well as a token.
SESSION_PATHS = ("/reports/",)


class BearerAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        ctx: Context = connection.app.state.container.ctx
        session = connection.cookies.get(SESSION_COOKIE)
        if not header and session and connection.url.path.startswith(SESSION_PATHS):
            person = await to_thread.run_sync(accounts.session_member, ctx, session)
            if person is not None:
                return AuthenticationResult(user=person, auth=session)
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException(
                "send Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"}
            )
        token = token.strip()
        member = await to_thread.run_sync(accounts.token_member, ctx, token)
        if member is None:
            raise NotAuthorizedException(
                "unknown token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        return AuthenticationResult(user=member, auth=token)


def hosts_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if connection.scope.get("method") == "OPTIONS":
        return  # says only which methods the address has (no token is read for it)
    if not access.manages_sites(connection.user):
        raise PermissionDeniedException("only hosts and admins may change sites and resources")


def readers_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if connection.scope.get("method") == "OPTIONS":
        return
    if not access.reads_reports(connection.user):
        raise PermissionDeniedException("reports are for evaluators, hosts and admins")
