"""The simulator's members look at the day page for a time before they ask for any desk or
room, so a simulated pilot records the searches that found nothing free: its demand report
shows latent demand instead of none."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from projections.usage_tables import UsageSearchRow
from service.application.access import SYSTEM
from service.application.reports import reports_for
from service.cli import demo
from service.cli.simulate import SimClock, simulate_pilot
from service.container import Container
from service.settings import MEMORY
from tests.settings import fast_settings

pytestmark = pytest.mark.slow  # seconds of CPU each: make test runs it, make test-fast not

UNTIL = date(2026, 11, 30)
DAYS = 14


def test_a_simulated_pilot_records_empty_searches_that_its_demand_report_counts() -> None:
    container = Container.build(
        fast_settings(database_url=MEMORY), clock=SimClock(datetime(2026, 1, 1, tzinfo=UTC))
    )
    try:
        container.start_following()
        demo.seed(container, today=UNTIL)
        outcome = simulate_pilot(container, DAYS, 7, UNTIL, progress=lambda done, total: None)
        container.wait_for_all(container.store.position)
        with container.engine.connect() as c:
            rows = c.execute(select(UsageSearchRow.site_id, UsageSearchRow.kind)).all()
        assert rows, "the simulated pilot recorded no empty search"
        kinds = Counter(kind for _, kind in rows)
        office = Counter(site for site, _ in rows).most_common(1)[0][0]
        demand = reports_for(container.ctx, SYSTEM).demand(
            office, UNTIL - timedelta(days=DAYS), UNTIL - timedelta(days=1)
        )
    finally:
        container.close()

    assert outcome.refused > 0
    assert set(kinds) <= {"desk", "room"} and kinds["desk"] > 0
    assert sum(row.searches or 0 for row in demand.empty_searches) > 0
