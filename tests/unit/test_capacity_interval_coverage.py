"""The advice's 80 % interval covers Erlang B's answer in about 80 % of seeded scenarios.

Each scenario is a pilot of four weeks in which requests for "any desk" arrive as a Poisson
stream (a load between 2 and 6 Erlang, drawn per scenario) and hold a desk for an
exponential time (mean one hour); the office had 6 desks and a request finding them all taken
was refused at its start. Erlang B says how many desks serve the service level of such
requests; the interval read off the recorded history should hold that number in at least
80 % of the scenarios, less what chance allows with this many scenarios.
"""

from __future__ import annotations

import math
import random
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from multiprocessing import get_context
from uuid import uuid4

import pytest

from projections.reports.advice import CONFIDENCE, advise
from projections.reports.facts import (
    BookingFacts,
    HoursSetting,
    RefusalFacts,
    ReportInput,
    ResourceFacts,
    SiteFacts,
)

pytestmark = pytest.mark.slow  # seconds of CPU: make test runs it, make test-fast not

SCENARIOS = 100
LEAST_LOAD, MOST_LOAD = 8.0, 16.0  # Erlang
SERVICE_LEVEL = 0.95
RECORDED_DESKS = 20
HOLD_HOURS = 2.0
DAYS = 28
FIRST = date(2026, 2, 2)  # a Monday: four whole ISO weeks
ALL_DAY = {d: [["00:00", "23:45"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def erlang_capacity(service_level: float, offered: float) -> int:
    """The fewest servers whose Erlang B blocking leaves ``service_level`` served."""
    servers, blocking = 0, 1.0
    while 1 - blocking < service_level:
        servers += 1
        blocking = offered * blocking / (servers + offered * blocking)
    return servers


def recorded_pilot(rng: random.Random, offered: float) -> ReportInput:
    """Arrivals from 00:00 to 20:00 each day, served by the first free desk, or refused."""
    desks = [
        ResourceFacts(
            id=uuid4(), kind="desk", name=f"Desk {n}", features=[], seats=None, quantity=1
        )
        for n in range(RECORDED_DESKS)
    ]
    bookings: list[BookingFacts] = []
    refusals: list[RefusalFacts] = []
    for d in range(DAYS):
        day = datetime.combine(FIRST + timedelta(days=d), datetime.min.time(), UTC)
        free_at = [day] * RECORDED_DESKS
        t = day
        while True:
            t += timedelta(hours=rng.expovariate(offered / HOLD_HOURS))
            if t >= day + timedelta(hours=20):
                break
            hold = timedelta(hours=rng.expovariate(1 / HOLD_HOURS))
            end = min(day + timedelta(hours=23, minutes=45), t + hold)
            member = len(bookings) + len(refusals)
            desk = next((n for n in range(RECORDED_DESKS) if free_at[n] <= t), None)
            if desk is None:
                refusals.append(
                    RefusalFacts(
                        id=str(uuid4()),
                        resource_id=None,
                        kind="desk",
                        start=t,
                        end=end,
                        rule="nothing-free",
                        at=t,
                        member=member,
                    )
                )
                continue
            free_at[desk] = end
            bookings.append(
                BookingFacts(
                    id=str(uuid4()),
                    resource_id=desks[desk].id,
                    kind="desk",
                    quantity=1,
                    start=t,
                    end=end,
                    placed_at=t,
                    status="completed",
                    member=member,
                )
            )
    return ReportInput(
        site=SiteFacts(
            id=uuid4(),
            name="Poisson",
            timezone="UTC",
            hours=[HoursSetting(None, ALL_DAY)],
            closures=[],
        ),
        resources=desks,
        bookings=bookings,
        refusals=refusals,
        first_day=FIRST,
        last_day=FIRST + timedelta(days=DAYS - 1),
        as_of=datetime.combine(FIRST + timedelta(days=DAYS), datetime.min.time(), UTC),
    )


def covers(scenario: int) -> bool:
    """Whether the interval of the scenario's advice holds Erlang B's answer (each scenario
    seeded by its number, so that they can be computed in any order, in any process)."""
    rng = random.Random(19_000 + scenario)
    offered = rng.uniform(LEAST_LOAD, MOST_LOAD)
    desk = advise(recorded_pilot(rng, offered), SERVICE_LEVEL)["desk"]
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
