"""The ``Allow`` header of OPTIONS answers, from the routes as the app has them in the end.

Litestar makes the OPTIONS handler of an address when its first handlers are registered;
an address whose handlers are added later (a GET here, a POST there) then answers with only
the first ones' methods. This wrapper answers with every method of the route."""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def correct_allow(litestar: Litestar, app: ASGIApp) -> ASGIApp:
    methods: dict[str, str] = {}

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "OPTIONS":
            await app(scope, receive, send)
            return
        if not methods:
            for route in litestar.routes:
                if isinstance(route, HTTPRoute):
                    methods[route.path_format] = ", ".join(sorted(route.methods))

        async def send_allow(message: Message) -> None:
            allow = methods.get(str(scope.get("path_template", "")))
            if message["type"] == "http.response.start" and allow and message["status"] == 204:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                headers.append((b"allow", allow.encode()))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_allow)

    return handle
