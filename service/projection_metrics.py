"""Prometheus gauges of the views: how far each is, how far behind the store, which have
stopped at an event they cannot apply, and a counter of such stops."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from projections.runner import Views
from projections.stalls import Stall


class ProjectionCollector(Collector):
    """Projection positions and lag behind the store, read when scraped."""

    def __init__(
        self,
        views: Views,
        store_position: Callable[[], int],
        lag_seconds: Callable[[], dict[str, float]] | None = None,
    ) -> None:
        self.views = views
        self.store_position = store_position
        self.lag_seconds = lag_seconds
        self.stops: dict[str, int] = {}
        views.on_stall.append(self._count)

    def _count(self, stall: Stall) -> None:
        self.stops[stall.view] = self.stops.get(stall.view, 0) + 1

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
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
        if self.lag_seconds is not None:
            seconds = GaugeMetricFamily(
                "grannskap_projection_lag_seconds",
                "Age of the oldest event a view has not applied yet (0 when caught up); "
                "readiness fails beyond GRANNSKAP_READY_MAX_LAG",
                labels=["projection"],
            )
            for name, age in sorted(self.lag_seconds().items()):
                seconds.add_metric([name], age)
            yield seconds
        stalled = GaugeMetricFamily(
            "grannskap_projection_stalled",
            "The notification a view stopped at (it cannot apply it); absent while it follows",
            labels=["projection"],
        )
        for name, stall in self.views.stalled().items():
            stalled.add_metric([name], stall.position)
        yield stalled
        stops = CounterMetricFamily(
            "grannskap_projection_stalls",
            "Times a view stopped at an event it cannot apply (in this process)",
            labels=["projection"],
        )
        for name, count in sorted(self.stops.items()):
            stops.add_metric([name], count)
        yield stops
