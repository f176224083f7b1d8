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

PUBLIC_PATHS = ["^/health", "^/schema", "^/metrics", "^/ical/"]


class BearerAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException(
                "send Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"}
            )
        ctx: Context = connection.app.state.container.ctx
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
