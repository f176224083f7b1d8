"""Bearer-token authentication and role guards."""

from __future__ import annotations

import time
from typing import Any

from anyio import to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from service.members import Member, MemberRegistry

PUBLIC_PATHS = ["^/health", "^/schema", "^/metrics", "^/ical/"]
CACHE_SECONDS = 30.0


class TokenCache:
    """A short-lived cache of token -> member, so most requests skip the registry."""

    def __init__(self, registry: MemberRegistry, max_entries: int = 10_000) -> None:
        self.registry = registry
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, Member]] = {}

    async def member(self, token: str) -> Member | None:
        now = time.monotonic()
        hit = self._entries.get(token)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        member = await to_thread.run_sync(self.registry.by_token, token)
        if member is not None:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[token] = (now, member)
        return member


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
        cache: TokenCache = connection.app.state.tokens
        member = await cache.member(token.strip())
        if member is None:
            raise NotAuthorizedException(
                "unknown token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        return AuthenticationResult(user=member, auth=token)


def hosts_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if not connection.user.is_host():
        raise PermissionDeniedException("only hosts and admins may change sites and resources")
