"""A recorded pilot of a Poisson loss system, for holding the capacity advice against Erlang B.

Requests for "any desk" arrive as a Poisson stream from 00:00 to 20:00 each day (UTC) and hold
a desk for an exponential time; each is served by the first free desk, or refused at its start
(nothing free) and does not come back. Every request is a member of its own, so that no figure
is hidden as too few members.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from projections.reports.facts import (
    BookingFacts,
    HoursSetting,
    RefusalFacts,
    ReportInput,
    ResourceFacts,
    SiteFacts,
)

ALL_DAY = {d: [["00:00", "23:45"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def erlang_b(servers: int, offered: float) -> float:
    """The blocking of ``servers`` under ``offered`` Erlang: B(0) = 1,
    B(n) = A B(n-1) / (n + A B(n-1))."""
    blocking = 1.0
    for n in range(1, servers + 1):
        blocking = offered * blocking / (n + offered * blocking)
    return blocking


def erlang_capacity(service_level: float, offered: float) -> int:
    """The fewest servers whose Erlang B blocking leaves ``service_level`` served."""
    servers = 0
    while 1 - erlang_b(servers, offered) < service_level:
        servers += 1
    return servers


def recorded_pilot(
    rng: random.Random,
    *,
    offered: float,
    desks: int,
    days: int,
    first: date,
    hold_hours: float = 1.0,
) -> ReportInput:
    """``days`` days from ``first`` of ``offered`` Erlang on ``desks`` desks, drawn from ``rng``."""
    resources = [
        ResourceFacts(
            id=uuid4(), kind="desk", name=f"Desk {n:02d}", features=[], seats=None, quantity=1
        )
        for n in range(desks)
    ]
    bookings: list[BookingFacts] = []
    refusals: list[RefusalFacts] = []
    for d in range(days):
        day = datetime.combine(first + timedelta(days=d), datetime.min.time(), UTC)
        closing = day + timedelta(hours=23, minutes=45)
        free_at = [day] * desks
        t = day
        while True:
            t += timedelta(hours=rng.expovariate(offered / hold_hours))
            if t >= day + timedelta(hours=20):
                break
            end = min(closing, t + timedelta(hours=rng.expovariate(1 / hold_hours)))
            member = len(bookings) + len(refusals)
            desk = next((n for n in range(desks) if free_at[n] <= t), None)
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
                    resource_id=resources[desk].id,
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
        resources=resources,
        bookings=bookings,
        refusals=refusals,
        first_day=first,
        last_day=first + timedelta(days=days - 1),
        as_of=datetime.combine(first + timedelta(days=days), datetime.min.time(), UTC),
    )
