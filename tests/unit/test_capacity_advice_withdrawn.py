"""Bookings withdrawn before they start are counted apart: they are requests, placed and so
served as recorded, but never used."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from projections.reports.advice import advise
from tests.unit.test_capacity_advice_busiest import pilot


def test_bookings_cancelled_before_their_start_are_counted_as_withdrawn() -> None:
    data = pilot([3] * 7)
    first, second, third, *rest = data.bookings
    withdrawn = [
        msgspec.structs.replace(b, status="cancelled", cancelled_at=b.start - timedelta(hours=1))
        for b in (first, second)
    ]
    left_early = msgspec.structs.replace(
        third, status="cancelled", cancelled_at=third.start + timedelta(hours=1)
    )
    data = msgspec.structs.replace(data, bookings=[*withdrawn, left_early, *rest])

    desk = advise(data, 0.8)["desk"]

    assert desk.requests == 21
    assert desk.withdrawn == 2
    assert desk.served_share_at_recorded == 1.0  # what was recorded is unchanged
