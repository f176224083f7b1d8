"""Prometheus gauges of the views: how far each is, and how far behind the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from projections.runner import Views


class ProjectionCollector(Collector):
    """Projection positions and lag behind the store, read when scraped."""

    def __init__(self, views: Views, store_position: Callable[[], int]) -> None:
        self.views = views
        self.store_position = store_position

    def collect(self) -> Iterator[GaugeMetricFamily]:
        store = self.store_position()
        position = GaugeMetricFamily(
            "grannskap_projection_position", "Last notification applied", labels=["projection"]
        )
        lag = GaugeMetricFamily(
            "grannskap_projection_lag", "Notifications not yet applied", labels=["projection"]
        )
        for name, reached in self.views.positions().items():
            position.add_metric([name], reached)
            lag.add_metric([name], max(store - reached, 0))
        yield GaugeMetricFamily(
            "grannskap_store_position", "Last notification in the store", value=store
        )
        yield position
        yield lag
