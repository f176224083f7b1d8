"""The capacity advice held against Erlang B on a synthetic Poisson loss system.

Requests for "any desk" arrive as a Poisson stream (6 an hour) and hold a desk for an
exponential time (mean 1 hour): 6 Erlang of offered load. The office had 8 desks; a request
finding all 8 taken was refused at its start (nothing free) and did not come back. Erlang B
says how many desks serve a share of such requests; the advice read off the replay of the
recorded history must agree within one desk.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pytest

from projections.reports.advice import CapacityAdvice, advise
from projections.reports.facts import ReportInput
from projections.reports.specification import specification_report
from tests.loss_system import erlang_b, erlang_capacity, recorded_pilot

pytestmark = pytest.mark.slow  # seconds of CPU each: make test runs it, make test-fast not

OFFERED_ERLANG = 6.0
RECORDED_DESKS = 8
DAYS = 56
FIRST = date(2026, 1, 5)  # a Monday: eight whole ISO weeks


@pytest.fixture(scope="module")
def history() -> ReportInput:
    return recorded_pilot(
        random.Random(3), offered=OFFERED_ERLANG, desks=RECORDED_DESKS, days=DAYS, first=FIRST
    )


@pytest.fixture(scope="module")
def advice_at(history: ReportInput) -> Callable[[float], CapacityAdvice]:
    """The desk advice at a service level (each level computed once)."""
    memo: dict[float, CapacityAdvice] = {}

    def at(level: float) -> CapacityAdvice:
        if level not in memo:
            (desk,) = specification_report(history, level).pools
            assert desk.capacity is not None
            memo[level] = desk.capacity
        return memo[level]

    return at


@pytest.mark.parametrize("service_level", [0.8, 0.9, 0.95])
def test_the_advice_agrees_with_erlang_b_within_one_desk(
    advice_at: Callable[[float], CapacityAdvice], service_level: float
) -> None:
    advice = advice_at(service_level)

    assert advice.basis == "requests"
    assert abs(advice.capacity - erlang_capacity(service_level, OFFERED_ERLANG)) <= 1


def test_the_replay_serves_the_share_erlang_b_predicts_at_each_capacity(
    advice_at: Callable[[float], CapacityAdvice],
) -> None:
    for point in advice_at(0.95).curve[4:12]:
        predicted = 1 - erlang_b(point.capacity, OFFERED_ERLANG)
        assert point.served_share is not None
        assert abs(point.served_share - predicted) < 0.03, point


def test_the_share_served_at_the_recorded_capacity_is_the_recorded_outcome(
    history: ReportInput, advice_at: Callable[[float], CapacityAdvice]
) -> None:
    advice = advice_at(0.95)
    booked = len(history.bookings)

    assert advice.recorded_capacity == RECORDED_DESKS
    assert advice.served_share_at_recorded == round(booked / (booked + len(history.refusals)), 4)
    # requests in order of start and any desk free: the replay reproduces the history
    assert advice.replay_share_at_recorded == advice.served_share_at_recorded


def test_the_interval_from_the_bootstrap_holds_the_advice_and_is_repeatable(
    history: ReportInput, advice_at: Callable[[float], CapacityAdvice]
) -> None:
    first = advice_at(0.95)
    again = advise(history, 0.95)["desk"]

    assert first.weeks == 8 and first.confidence == 0.8
    assert first.interval_low is not None and first.interval_high is not None
    assert first.interval_low <= first.capacity <= first.interval_high
    assert first.interval_high - first.interval_low <= 3
    assert (first.interval_low, first.interval_high) == (again.interval_low, again.interval_high)
