"""Prometheus metrics at ``/metrics``: Litestar's request metrics, what the use cases count
(``service.application.metrics``) and the views' positions and lag. They tell of bookings
and of the process, so they are served only with the token of ``GRANNSKAP_METRICS_TOKEN``
(Prometheus sends it as ``authorization: {credentials: ...}`` in its scrape config);
without that setting the address does not exist."""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.plugins.prometheus import PrometheusConfig
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

prometheus_config = PrometheusConfig(app_name="grannskap", prefix="grannskap", group_path=True)


@get(
    "/metrics",
    sync_to_thread=True,
    tags=["health"],
    summary="Prometheus metrics (Authorization: Bearer GRANNSKAP_METRICS_TOKEN)",
    security=[{"metricsToken": []}],
)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    expected = request.app.state.container.settings.metrics_token
    if expected is None:
        raise NotFoundException("no metrics here: set GRANNSKAP_METRICS_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        raise NotAuthorizedException(
            "send Authorization: Bearer <metrics token>", headers={"WWW-Authenticate": "Bearer"}
        )
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.container.metrics)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
