"""``grannskap simulate-pilot``: a plausible pilot history, driven through the domain.

Members live in the municipality's localities in proportion to their populations; they book
desks (mostly in the morning, most on Tuesdays and Wednesdays), meeting rooms and equipment
some days ahead, cancel some bookings, check in to most and fail to turn up to some. Every
step is a command of the application at the simulated instant, so the rules decide exactly
as they would for real users, and refused attempts become unmet demand. The same seed gives
the same history (the same members, requests and outcomes; event ids differ).
"""

from __future__ import annotations

import heapq
import random
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.errors import DomainError
from domain.time import Interval, local_instant
from service.application import bookings, reads, searches, sites
from service.application.access import SYSTEM
from service.application.errors import ApplicationError
from service.application.reads import SiteView
from service.cli import simulate_plans
from service.cli.sim_world import Action, Outcome, SimClock, SimMember, SiteInfo, pick
from service.container import Container
from service.registry.members import Member

POPULATION = {
    "Lindesberg": 9600,
    "Frövi": 2600,
    "Guldsmedshyttan/Storå": 1900,
    "Fellingsbro": 1400,
    "Vedevåg": 700,
}
# Shares of office visits by weekday (Mon..Fri), from office-visit data.
WEEKDAY_SHARE = (0.188, 0.243, 0.230, 0.209, 0.130)
ARRIVALS = [
    (time(7, 0), 10),
    (time(7, 30), 10),
    (time(8, 0), 25),
    (time(8, 30), 20),
    (time(9, 0), 15),
    (time(10, 0), 8),
    (time(12, 0), 7),
    (time(13, 0), 5),
]
HOURS = [(2, 10), (3, 15), (4, 25), (6, 25), (8, 25)]
LEAD_DAYS = [(0, 30), (1, 25), (2, 10), (3, 8), (5, 8), (7, 9), (10, 5), (14, 5)]
CANCEL_SHARE = 0.08
NO_SHOW_SHARE = 0.19
EARLY_LEAVE_SHARE = 0.10


class MissingSites(RuntimeError):
    """The simulation drives the demo's sites: they must be there."""


class Simulation:
    def __init__(self, container: Container, clock: SimClock, seed: int, members: int = 90):
        self.c = container
        self.clock = clock
        self.rng = random.Random(seed)
        self.outcome = Outcome()
        self.sites = self._sites()
        self.office = next(s for s in self.sites.values() if len(s.desks) > 3)
        self.members = self._members(members)
        self._queue: list[Action] = []
        self._seq = 0

    def _sites(self) -> dict[str, SiteInfo]:
        sites = {}
        for view in reads.sites(self.c.ctx):
            resources = reads.resources(self.c.ctx, view.id)
            sites[view.locality] = SiteInfo(
                id=view.id,
                name=view.name,
                locality=view.locality,
                tz=ZoneInfo(view.timezone),
                desks=[r.id for r in resources if r.kind == "desk"],
                rooms=[r.id for r in resources if r.kind == "room"],
                equipment=[r.id for r in resources if r.kind == "equipment"],
            )
        missing = set(POPULATION) - set(sites)
        if missing:
            raise MissingSites(f"the demo sites are missing: {', '.join(sorted(missing))}")
        return sites

    def _members(self, count: int) -> list[SimMember]:
        localities = list(POPULATION)
        weights = [POPULATION[name] for name in localities]
        members = []
        for n in range(count):
            locality = self.rng.choices(localities, weights=weights)[0]
            member_id = UUID(int=self.rng.getrandbits(128), version=4)
            members.append(
                SimMember(
                    id=member_id,
                    locality=locality,
                    weekly_visits=self.rng.uniform(0.3, 2.2),
                    office_share=1.0
                    if locality == self.office.locality
                    else self.rng.uniform(0.2, 0.7),
                )
            )
            self._register(member_id, n)
        self.outcome.members = count
        return members

    def _register(self, member_id: UUID, n: int) -> None:
        self.c.members.ensure(self.actor(member_id, n), f"simulated-{member_id}")

    @staticmethod
    def actor(member_id: UUID, n: int = 0) -> Member:
        email = f"simulated-{member_id.hex[:12]}@example.invalid"
        return Member(id=member_id, email=email, name=f"Simulerad medlem {n + 1}", role="member")

    def _site(self, site: SiteInfo) -> SiteView:
        view = reads.find_site(self.c.ctx, site.id)
        assert view is not None
        return view

    # -- the queue of things that happen -------------------------------------------------

    def at(self, instant: datetime, run: Callable[[], None]) -> None:
        self._seq += 1
        heapq.heappush(self._queue, Action(instant, self._seq, run))

    def run(self, first_day: date, days: int, progress: Callable[[int, int], None]) -> Outcome:
        """Runs the queue in time order; ``progress`` is told the days of the period that
        have passed out of ``days`` (a total that does not grow as actions are queued)."""
        simulate_plans.plan(self, first_day, days)
        for offset in range(days):
            self._plan_day(first_day + timedelta(days=offset))
        start = datetime.combine(first_day, time(0), tzinfo=UTC)
        shown = -1
        while self._queue:
            action = heapq.heappop(self._queue)
            self.clock.now = action.at
            action.run()
            passed = min(days, max(0, (action.at - start).days))
            if passed != shown:
                shown = passed
                progress(passed, days)
        progress(days, days)
        return self.outcome

    # -- one day's demand ----------------------------------------------------------------

    def _plan_day(self, day: date) -> None:
        if day.weekday() > 4:
            return
        share = WEEKDAY_SHARE[day.weekday()]
        for member in self.members:
            # weekly visits spread over the weekdays in the observed shares
            if self.rng.random() >= member.weekly_visits * share:
                continue
            office = self.rng.random() < member.office_share
            site = self.office if office else self.sites[member.locality]
            self._plan_visit(member, site, day)

    def _plan_visit(self, member: SimMember, site: SiteInfo, day: date) -> None:
        opening = reads.open_intervals(self.c.ctx, self._site(site), day)
        if not opening:
            return
        arrival = pick(self.rng, ARRIVALS)
        start = local_instant(day, arrival, site.tz)
        end = start + timedelta(hours=pick(self.rng, HOURS))
        closing = max(i.end for i in opening)
        end = min(end, closing)
        if end <= start:
            return
        asked = self._request_time(site, day, start)
        self.at(asked, lambda: self._book(member, site, "desk", Interval(start, end)))
        if site is self.office and self.rng.random() < 0.18:
            meeting = local_instant(day, time(self.rng.choice([9, 10, 13, 14, 15])), site.tz)
            length = timedelta(minutes=self.rng.choice([30, 60, 60, 90, 120]))
            self.at(
                asked + timedelta(minutes=1),
                lambda: self._book(member, site, "room", Interval(meeting, meeting + length)),
            )
        if site is self.office and self.rng.random() < 0.12 and site.equipment:
            item = self.rng.choice(site.equipment)
            self.at(
                asked + timedelta(minutes=2),
                lambda: self._book(member, site, "equipment", Interval(start, end), item),
            )

    def _request_time(self, site: SiteInfo, day: date, start: datetime) -> datetime:
        lead = pick(self.rng, LEAD_DAYS)
        if lead == 0:
            return start - timedelta(minutes=self.rng.randint(15, 150))
        hour = time(self.rng.randint(7, 21), self.rng.choice([0, 15, 30, 45]))
        return local_instant(day - timedelta(days=lead), hour, site.tz)

    # -- the members' actions ------------------------------------------------------------

    def _book(
        self,
        member: SimMember,
        site: SiteInfo,
        kind: str,
        interval: Interval,
        resource_id: UUID | None = None,
    ) -> None:
        """Any free desk or room of the site, or one given item of equipment. A member who
        wants any desk or room looks at the day page for that time first; a search that
        finds nothing free is recorded (and they ask anyway, and are refused)."""
        self.outcome.requests += 1
        actor = self.actor(member.id)
        if resource_id is None:
            self._search(actor, site, kind, interval)
        command = bookings.Book(
            actor=actor,
            start=interval.start,
            end=interval.end,
            resource_id=resource_id,
            site_id=site.id,
            kind=None if resource_id else kind,
        )
        try:
            placed = bookings.book(self.c.ctx, command)
        except (DomainError, ApplicationError) as error:
            self.outcome.refused += 1
            simulate_plans.after_refusal(self, member, site, kind, interval, resource_id, error)
            return
        self.outcome.placed += 1
        change = bookings.ChangeBooking(actor, placed.booking.id)
        ctx = self.c.ctx
        roll = self.rng.random()
        if roll < CANCEL_SHARE:
            span = max((interval.start - self.clock.now).total_seconds(), 60.0)
            self.at(
                self.clock.now
                + timedelta(seconds=self.rng.uniform(30, span - 30 if span > 60 else span)),
                lambda: self._do(lambda: bookings.cancel(ctx, change), "cancelled"),
            )
        elif roll < CANCEL_SHARE + NO_SHOW_SHARE:
            grace = reads.policy(self.c.ctx, site.id).grace
            self.at(
                interval.start + grace + timedelta(minutes=1),
                lambda: self._do(
                    lambda: bookings.release_if_no_show(ctx, change.booking_id) or None,
                    "no_shows",
                ),
            )
        else:
            arrive = interval.start + timedelta(minutes=self.rng.randint(-10, 20))
            self.at(arrive, lambda: simulate_plans.check_in(self, member, change.booking_id))
            if self.rng.random() < EARLY_LEAVE_SHARE and interval.duration > timedelta(hours=1):
                leave = interval.end - timedelta(minutes=self.rng.randint(15, 45))
                self.at(
                    leave,
                    lambda: self._do(lambda: bookings.check_out(ctx, change), "checked_out"),
                )

    def _search(self, actor: Member, site: SiteInfo, kind: str, interval: Interval) -> None:
        start, end = interval.start.astimezone(site.tz), interval.end.astimezone(site.tz)
        if start.date() != end.date():
            return  # the day page asks for times of one day
        command = searches.Search(
            actor=actor,
            site_id=site.id,
            day=start.date(),
            kind=kind,
            start=start.time(),
            end=end.time(),
            channel=searches.DAY_PAGE,
        )
        searches.search_free(self.c.ctx, command)  # records the search if it finds nothing

    def _do(self, command: Callable[[], Any], counter: str) -> None:
        try:
            result = command()
        except (DomainError, ApplicationError):
            return
        if result is not None:
            setattr(self.outcome, counter, getattr(self.outcome, counter) + 1)


def print_progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} days")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def real_members(container: Container) -> int:
    """Members who are neither simulated nor the demo's (whose addresses are at example
    domains): a database with any is someone's real data."""
    return sum(
        1
        for m in container.members.all(limit=100_000)
        if not m.email.endswith(".invalid") and "@example." not in m.email
    )


def simulate_pilot(
    container: Container,
    days: int,
    seed: int,
    until: date,
    progress: Callable[[int, int], None] = print_progress,
) -> Outcome:
    """Simulates the ``days`` weekdays and weekends up to (not including) ``until``."""
    first = until - timedelta(days=days)
    # the sites are read from the views: let them catch up with the store first (demo data
    # seeded by another process just before)
    container.wait_for_all(container.store.position, timeout=600)
    clock = container.store.clock
    if not isinstance(clock, SimClock):
        raise TypeError("the container needs a SimClock")
    clock.now = datetime.combine(first - timedelta(days=15), time(0), tzinfo=UTC)
    sim = Simulation(container, clock, seed)
    years = range(first.year - 1, until.year + 1)
    for site in sim.sites.values():
        command = sites.CloseOnPublicHolidays(SYSTEM, site.id, tuple(years))
        sites.close_on_public_holidays(container.ctx, command)
    return sim.run(first, days, progress)
