"""The simulator's members use recurring bookings, the waitlist and the desks' codes in
plausible shares, recorded as events the usage view (and so the reports) can count."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from projections.usage_tables import UsageBookingRow, UsageWaitlistRow
from service.cli import demo
from service.cli.simulate import SimClock, simulate_pilot
from service.container import Container
from service.settings import MEMORY
from tests.settings import fast_settings

pytestmark = pytest.mark.slow  # seconds of CPU each: make test runs it, make test-fast not

UNTIL = date(2026, 11, 30)


def simulated(days: int, seed: int) -> tuple[Container, object]:
    container = Container.build(
        fast_settings(database_url=MEMORY), clock=SimClock(datetime(2026, 1, 1, tzinfo=UTC))
    )
    container.start_following()
    demo.seed(container, today=UNTIL)
    outcome = simulate_pilot(container, days, seed, UNTIL, progress=lambda done, total: None)
    container.wait_for_all(container.store.position)
    return container, outcome


def test_a_simulated_pilot_uses_series_the_waitlist_and_the_codes() -> None:
    container, outcome = simulated(21, seed=7)
    try:
        assert outcome.series >= 1 and outcome.series_days >= 1  # type: ignore[attr-defined]
        assert outcome.waitlisted >= 1  # type: ignore[attr-defined]
        with container.engine.connect() as c:
            methods = Counter(
                c.scalars(
                    select(UsageBookingRow.check_in_method).where(
                        UsageBookingRow.checked_in_at.is_not(None)
                    )
                )
            )
            entries = Counter(c.scalars(select(UsageWaitlistRow.status)))
        assert set(methods) <= {"code", "button", "host"}
        assert methods["code"] > methods["button"] > methods["host"] > 0
        assert sum(entries.values()) == outcome.waitlisted  # type: ignore[attr-defined]
        assert entries["served"] == outcome.served  # type: ignore[attr-defined]
        assert entries["waiting"] == 0  # every entry served or expired by its start
    finally:
        container.close()


def test_the_same_seed_gives_the_same_plans() -> None:
    first, one = simulated(7, seed=3)
    first.close()
    second, two = simulated(7, seed=3)
    second.close()
    assert vars(one) == vars(two)
