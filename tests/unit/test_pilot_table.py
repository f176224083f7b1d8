"""The pilot's Kravspecifikation table: what it advises for a pool that nobody asked for."""

from __future__ import annotations

from datetime import timedelta

from projections.reports.specification import specification_report
from service.reporting.pilot import pilot_rows, totals
from tests.unit.report_rows import MONDAY, Rows


def test_a_pool_nobody_asked_for_is_advised_to_keep_what_it_has_not_zero() -> None:
    rows = Rows()
    for _ in range(3):
        rows.resource("desk")
    spec = specification_report(rows.input(MONDAY, MONDAY + timedelta(days=13)), 0.95)

    (row,) = pilot_rows([("Frövi", spec)])
    desk = row.cells["desk"]

    assert desk.no_requests
    assert (desk.now, desk.advice, desk.low, desk.high) == (3, 3, None, None)
    assert totals([row])["desk"].advice == 3
