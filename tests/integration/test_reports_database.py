"""The reports read the usage view from the database GRANNSKAP_REPORTS_DATABASE_URL names
(a streaming replica in production; here another store of the same engine), and everything
else keeps reading and writing the main database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.application.errors import NotFound
from service.application.reports import Reports
from service.container import Container
from tests.conftest import Clock
from tests.report_history import SUNDAY, THURSDAY, History, build_history
from tests.settings import fast_settings


@pytest.fixture
def elsewhere(
    database_url: str, empty_database_url: str, clock: Clock
) -> Iterator[tuple[str, History]]:
    """Another store of the same engine with the reports' history in its views (the
    "replica")."""
    if database_url.startswith("sqlite") != empty_database_url.startswith("sqlite"):
        pytest.skip("the reports database is on the main database's engine")
    other = Container.build(fast_settings(database_url=empty_database_url), clock=clock)
    other.start_following()
    try:
        history = build_history(other, clock)
        other.wait_for_all(other.store.position, timeout=30)
        yield empty_database_url, history
    finally:
        other.close()


@pytest.fixture
def reading_elsewhere(
    database_url: str, elsewhere: tuple[str, History], clock: Clock
) -> Iterator[Container]:
    settings = fast_settings(database_url=database_url, reports_database_url=elsewhere[0])
    c = Container.build(settings, clock=clock)
    c.start_following()
    try:
        yield c
    finally:
        c.close()


def test_reports_read_the_usage_view_of_the_reports_database(
    reading_elsewhere: Container, elsewhere: tuple[str, History]
) -> None:
    _, history = elsewhere

    total = Reports(reading_elsewhere.ctx).utilisation(history.site_id, THURSDAY, SUNDAY).total

    # Thursday-Sunday served as its whole ISO week: Monday-Wednesday add 60 open hours
    assert (total.open_hours, total.booked_hours, total.bookings) == (90.0, 14.0, 9)


def test_the_main_database_does_not_hold_what_the_reports_show(
    reading_elsewhere: Container, elsewhere: tuple[str, History]
) -> None:
    _, history = elsewhere

    assert reading_elsewhere.queries.site(history.site_id) is None
    assert reading_elsewhere.store.position == 0


def test_without_the_setting_the_reports_read_the_main_database(
    container: Container, elsewhere: tuple[str, History]
) -> None:
    _, history = elsewhere

    with pytest.raises(NotFound):
        Reports(container.ctx).utilisation(history.site_id, THURSDAY, SUNDAY)
