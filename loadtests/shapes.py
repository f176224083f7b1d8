"""Load shapes. Both read locust's ``--users`` (the peak) and ``--run-time``.

- ``day``: a working day compressed into the run: people arrive, the morning peak
  (everyone checking in and booking the week), a lunch dip, an afternoon plateau, and
  people leaving.
- ``steady``: everyone arrives within a few seconds and stays: the plateau at which the
  figures in docs/performance.md are measured (rates are then rates at the peak).
- ``rush``: the Monday-morning rush: every user arrives within the first few seconds and
  tries to book the same popular days at once, so that most requests contend for the same
  desks; then it holds until the end.

The locustfile turns one of them into a concrete shape class (``LOADTEST_SHAPE``): locust
runs the first shape class it finds, so this module's classes are all abstract.
"""

from __future__ import annotations

from locust import LoadTestShape

# (fraction of the run that has passed, fraction of the peak users wanted from then on)
WORKING_DAY = [
    (0.00, 0.30),  # the first ones arrive
    (0.08, 0.70),
    (0.15, 1.00),  # morning peak: checking in, booking the week
    (0.40, 0.70),
    (0.50, 0.40),  # lunch
    (0.60, 0.80),  # afternoon
    (0.85, 0.50),
    (0.95, 0.20),  # going home
]


class _Shape(LoadTestShape):
    abstract = True
    use_common_options = True

    def _peak_and_duration(self) -> tuple[int, float]:
        options = self.runner.environment.parsed_options  # type: ignore[union-attr]
        return max(int(options.num_users or 1), 1), float(options.run_time or 60)


class WorkingDay(_Shape):
    abstract = True

    def tick(self) -> tuple[int, float] | None:
        peak, duration = self._peak_and_duration()
        elapsed = self.get_run_time()
        if elapsed >= duration:
            return None
        fraction = WORKING_DAY[0][1]
        for start, wanted in WORKING_DAY:
            if elapsed >= start * duration:
                fraction = wanted
        users = max(1, round(peak * fraction))
        # Arrivals are spread over a few seconds, as people are; leaving is quick.
        return users, max(peak / 5.0, 1.0)


class Steady(_Shape):
    abstract = True

    ARRIVAL_SECONDS = 5.0

    def tick(self) -> tuple[int, float] | None:
        peak, duration = self._peak_and_duration()
        if self.get_run_time() >= duration:
            return None
        return peak, max(peak / self.ARRIVAL_SECONDS, 1.0)


class Rush(Steady):
    """The same arrival as ``Steady``; what makes it a rush is the user class the driver
    runs with it (``RushMember``: everyone after the same popular days)."""

    abstract = True


SHAPES: dict[str, type[_Shape]] = {"day": WorkingDay, "steady": Steady, "rush": Rush}
