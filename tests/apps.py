"""One Litestar app per test process, served over each test's own container.

Building the app (routes, handlers' signatures, the OpenAPI document) costs about 0.3 s of CPU,
and hundreds of end-to-end tests each built one. Every handler finds its container in
``app.state.container`` at request time, which the app's start-up sets; so the tests build
the app once, over a stand-in that passes every attribute on to the container of the test
that is running, and each test client starts the app again (its own container followed, its
own CSRF key). A test whose container needs settings that shape the app itself (the largest
body) builds its own with ``create_app``.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar

from service.asgi import create_app
from service.container import Container


class CurrentContainer:
    """Stands for the container of the test that is running."""

    def __init__(self, container: Container) -> None:
        self.current = container

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)


_shared: tuple[Litestar, CurrentContainer] | None = None


def app_for(container: Container) -> Litestar:
    """The app of this test process, serving ``container`` until the next call."""
    global _shared
    if _shared is not None:
        app, stand_in = _shared
        if stand_in.settings.max_body_bytes == container.settings.max_body_bytes:
            stand_in.current = container
            return app
    stand_in = CurrentContainer(container)
    app = create_app(container=stand_in)  # type: ignore[arg-type]
    _shared = (app, stand_in)
    return app
