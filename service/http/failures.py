"""What the service answers when it fails, rather than a rule refusing: every request has an
id (the client's ``X-Request-ID`` when it is a sensible one, else a new one), sent back in
``X-Request-ID``; every 5xx is logged with it and the problem body names it, so that an
operator finds the log line a member's screenshot points at. A lost database connection is
``503`` with ``Retry-After`` (the pool reconnects), a body nested too deep ``400``."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from litestar import Request, Response
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import exc as sa_exc

from service.http.errors import TYPE_BASE

log = logging.getLogger("grannskap.http")
HEADER = "x-request-id"
SENSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)


def request_id_of(scope: Scope | Any) -> str:
    state = scope.get("state") if isinstance(scope, dict) else None
    return str((state or {}).get("request_id", "-"))


def request_ids(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: gives each request its id and sends it back."""

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER.encode(), b"").decode("latin-1")
        request_id = given if SENSIBLE_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_id)

    return handle


def _problem(status: int, title: str, detail: str, kind: str, request_id: str) -> Response[Any]:
    return Response(
        {
            "type": TYPE_BASE + kind,
            "title": title,
            "status": status,
            "detail": detail,
            "request_id": request_id,
        },
        status_code=status,
        media_type="application/problem+json",
    )


def internal_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """Any error no rule explains, on the API's addresses."""
    request_id = request_id_of(request.scope)
    if isinstance(error, RecursionError):
        return _problem(400, "Malformed request", "the body is nested too deep", "400", request_id)
    if isinstance(error, UNAVAILABLE) or (
        isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated
    ):
        log.error(
            "503 %s %s [request %s]: database unavailable: %s",
            request.method,
            request.url.path,
            request_id,
            str(error).splitlines()[0] if str(error) else type(error).__name__,
        )
        response = _problem(
            503,
            "Service unavailable",
            "the database cannot be reached just now; try again shortly",
            "unavailable",
            request_id,
        )
        response.headers["Retry-After"] = "2"
        return response
    log.exception(
        "500 %s %s [request %s]", request.method, request.url.path, request_id, exc_info=error
    )
    return _problem(
        500,
        "Internal error",
        f"something went wrong on our side; quote request {request_id}",
        "internal",
        request_id,
    )
