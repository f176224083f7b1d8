"""Prometheus metrics: Litestar's request metrics plus bookings and projection lag."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import REGISTRY, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

BOOKINGS_PLACED = Counter("grannskap_bookings_placed_total", "Bookings placed", ["kind"])
BOOKINGS_REFUSED = Counter("grannskap_bookings_refused_total", "Booking attempts refused", ["rule"])
BOOKINGS_CANCELLED = Counter("grannskap_bookings_cancelled_total", "Bookings cancelled")

prometheus_config = PrometheusConfig(app_name="grannskap", prefix="grannskap", group_path=True)


class MetricsController(PrometheusController):
    path = "/metrics"
    openmetrics_format = False


class ProjectionCollector(Collector):
    """Projection positions and lag behind the store, read when scraped."""

    def __init__(self) -> None:
        self.container: Any = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if self.container is None:
            return
        store = self.container.app.recorder.max_notification_id() or 0
        positions = (
            self.container.views.reload_positions()
            if not self.container.views.following_here
            else dict(self.container.views._positions)
        )
        position = GaugeMetricFamily(
            "grannskap_projection_position", "Last notification applied", labels=["projection"]
        )
        lag = GaugeMetricFamily(
            "grannskap_projection_lag", "Notifications not yet applied", labels=["projection"]
        )
        for name, reached in positions.items():
            position.add_metric([name], reached)
            lag.add_metric([name], max(store - reached, 0))
        yield GaugeMetricFamily(
            "grannskap_store_position", "Last notification in the store", value=store
        )
        yield position
        yield lag


PROJECTIONS = ProjectionCollector()
REGISTRY.register(PROJECTIONS)
