"""The advice's 80 % interval covers Erlang B's answer in about 80 % of seeded scenarios.

Each scenario is a pilot of four weeks in which requests for "any desk" arrive as a Poisson
stream (a load between 8 and 16 Erlang, drawn per scenario) and hold a desk for an
exponential time (mean two hours); the office had 20 desks and a request finding them all
taken was refused at its start. Erlang B says how many desks serve the service level of such
requests; the interval read off the recorded history should hold that number in at least
80 % of the scenarios, less what chance allows with this many scenarios.
"""

from __future__ import annotations

import math
import random
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context

import pytest

from projections.reports.advice import CONFIDENCE, advise
from tests.loss_system import erlang_capacity, recorded_pilot

pytestmark = pytest.mark.slow  # seconds of CPU: make test runs it, make test-fast not

SCENARIOS = 100
LEAST_LOAD, MOST_LOAD = 8.0, 16.0  # Erlang
SERVICE_LEVEL = 0.95
RECORDED_DESKS = 20
HOLD_HOURS = 2.0
DAYS = 28
FIRST = date(2026, 2, 2)  # a Monday: four whole ISO weeks


def covers(scenario: int) -> bool:
    """Whether the interval of the scenario's advice holds Erlang B's answer (each scenario
    seeded by its number, so that they can be computed in any order, in any process)."""
    rng = random.Random(19_000 + scenario)
    offered = rng.uniform(LEAST_LOAD, MOST_LOAD)
    pilot = recorded_pilot(
        rng, offered=offered, desks=RECORDED_DESKS, days=DAYS, first=FIRST, hold_hours=HOLD_HOURS
    )
    desk = advise(pilot, SERVICE_LEVEL)["desk"]
    assert desk.interval_low is not None and desk.interval_high is not None
    truth = erlang_capacity(SERVICE_LEVEL, offered)
    return desk.interval_low <= truth <= desk.interval_high


def test_the_interval_holds_erlang_b_in_about_eighty_percent_of_seeded_scenarios() -> None:
    # The scenarios are independent: two processes compute them (the test is most of the
    # unit tier's time otherwise); the outcome does not depend on how they are shared out.
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        covered = sum(pool.map(covers, range(SCENARIOS), chunksize=10))
    coverage = covered / SCENARIOS
    # two standard errors of a binomial share of 0.8 over this many scenarios (about 7 %)
    tolerance = 2 * math.sqrt(CONFIDENCE * (1 - CONFIDENCE) / SCENARIOS)
    print(f"coverage of the {CONFIDENCE:.0%} interval: {covered}/{SCENARIOS} = {coverage:.1%}")

    assert coverage >= CONFIDENCE - tolerance
