"""Prometheus metrics at ``/metrics``: Litestar's request metrics, what the use cases count
(``service.application.metrics``) and the views' positions and lag."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.plugins.prometheus import PrometheusConfig
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

prometheus_config = PrometheusConfig(app_name="grannskap", prefix="grannskap", group_path=True)


@get("/metrics", sync_to_thread=True, tags=["health"], summary="Prometheus metrics")
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.container.metrics)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
