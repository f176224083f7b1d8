"""The simulated pilot's world: its clock, sites, members and outcome, and what the
simulation of plans (``simulate_plans``) needs of the simulation that drives it (``World``).
Both simulations act on it; neither imports the other's internals."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from service.container import Container
from service.registry.members import Member


@dataclass
class SimClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class SiteInfo:
    id: UUID
    name: str
    locality: str
    tz: Any
    desks: list[UUID]
    rooms: list[UUID]
    equipment: list[UUID]


@dataclass
class SimMember:
    id: UUID
    locality: str
    weekly_visits: float
    office_share: float


@dataclass
class Outcome:
    requests: int = 0
    placed: int = 0
    refused: int = 0
    cancelled: int = 0
    checked_in: int = 0
    no_shows: int = 0
    checked_out: int = 0
    members: int = 0
    series: int = 0  # recurring bookings started
    series_days: int = 0  # their days placed (or refused) by the job as the window opened
    waitlisted: int = 0
    served: int = 0  # waitlist entries that got a booking
    by_code: int = 0  # check-ins by scanning the desk's code


@dataclass(order=True)
class Action:
    at: datetime
    seq: int
    run: Callable[[], None] = field(compare=False)


def pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


class World(Protocol):
    """The simulation as the plans see it: the container, the random source, the members,
    the office, the outcome, the actor of a member and the queue of what happens when."""

    c: Container
    rng: random.Random
    outcome: Outcome
    office: SiteInfo
    members: list[SimMember]

    def actor(self, member_id: UUID, n: int = 0) -> Member: ...

    def at(self, instant: datetime, run: Callable[[], None]) -> None: ...
