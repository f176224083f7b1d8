"""What the report computations read: plain rows of the usage projection for one site and
one period, and the definitions every report shares (what a booking held, what a member
attended, which refusals are the same request, and the privacy threshold)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast
from uuid import UUID

import msgspec

from domain.vocabulary import KINDS, WEEKDAYS, pool_key, rule_category

# A member as the computations know them: a number, given per report input, so that member
# ids never reach a computation (and counting distinct members is cheap).
Member = int

# Person-derived figures of a group are shown only when they come from at least this many
# distinct members (or from none at all).
MIN_MEMBERS = 3

# The words are the domain's (kinds, weekdays, pools, what each refusal's rule means).
__all__ = ["KINDS", "WEEKDAYS", "pool_key", "rule_category"]


class HoursSetting(msgspec.Struct, frozen=True):
    effective_from: datetime | None
    opening_hours: dict[str, list[list[str]]]


class SiteFacts(msgspec.Struct, frozen=True):
    id: UUID
    name: str
    timezone: str
    hours: list[HoursSetting]  # in the order they were set; the first is the registration's
    closures: list[tuple[date, date]]


class ResourceFacts(msgspec.Struct, frozen=True):
    id: UUID
    kind: str
    name: str
    features: list[str]
    seats: int | None
    quantity: int
    added_from: datetime | None = None
    retired_from: datetime | None = None

    @property
    def pool(self) -> str:
        return pool_key(self.kind, self.name)


class BookingFacts(msgspec.Struct, frozen=True):
    id: str  # opaque: for a stable order only
    resource_id: UUID
    kind: str
    quantity: int
    start: datetime
    end: datetime
    placed_at: datetime
    status: str
    member: Member
    checked_in_at: datetime | None = None
    checked_out_at: datetime | None = None
    cancelled_at: datetime | None = None
    released_at: datetime | None = None
    features: tuple[str, ...] = ()  # asked for (any resource with them)
    drop_in: bool = False  # a walk-in visitor registered by a host
    check_in_method: str | None = None  # "code", "button", "host"; None: not recorded

    @property
    def cut(self) -> datetime | None:
        """When the booking stopped holding its resource before its end, if it did."""
        return self.cancelled_at or self.checked_out_at or self.released_at

    def held(self) -> tuple[datetime, datetime] | None:
        """The time the booking held its resource: from its start to its end, cut short at a
        cancellation, check-out or no-show release; nothing if cancelled before the start."""
        end = self.end if self.cut is None else min(self.end, self.cut)
        return (self.start, end) if end > self.start else None

    def attended(self) -> tuple[datetime, datetime] | None:
        """The time a checked-in member was there: from the later of start and check-in to the
        end, cut short at a check-out (or a cancellation after the check-in)."""
        if self.checked_in_at is None:
            return None
        start = max(self.start, self.checked_in_at)
        end = min(self.end, self.checked_out_at or self.end, self.cancelled_at or self.end)
        return (start, end) if end > start else None


class RefusalFacts(msgspec.Struct, frozen=True):
    id: str  # opaque: for a stable order only
    resource_id: UUID | None
    kind: str
    start: datetime
    end: datetime
    rule: str
    at: datetime
    member: Member
    pool: str | None = None  # None in refusals recorded before: it follows from the resource
    features: tuple[str, ...] = ()
    quantity: int = 1


class SearchFacts(msgspec.Struct, frozen=True):
    """A search that found nothing free: a demand signal, apart from requests."""

    kind: str
    start: datetime
    end: datetime
    at: datetime
    member: Member
    features: tuple[str, ...] = ()


class WaitlistFacts(msgspec.Struct, frozen=True):
    """A waitlist entry and what became of it: "served", "expired", "left" or "waiting"."""

    kind: str
    start: datetime
    end: datetime
    status: str
    member: Member


class ReportInput(msgspec.Struct, frozen=True, weakref=True):
    """Everything one report reads: one site, its resources, and the bookings and refused
    attempts whose start lies on a local day from ``first_day`` to ``last_day``."""

    site: SiteFacts
    resources: list[ResourceFacts]
    bookings: list[BookingFacts]
    refusals: list[RefusalFacts]
    first_day: date
    last_day: date
    as_of: datetime
    searches: list[SearchFacts] = []
    waitlist: list[WaitlistFacts] = []

    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]

    def resource_index(self) -> dict[UUID, ResourceFacts]:
        return {r.id: r for r in self.resources}


# What several reports of one input derive alike (its refused requests, the days and pools
# the privacy rule hides), computed once per input and gone with it.
_derived: dict[int, dict[str, Any]] = {}
_derived_lock = threading.Lock()
T = TypeVar("T")


def per_input(data: ReportInput, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once for ``data`` (an input is never changed: frozen). Its result is
    shared by every report of the input, so callers must not change it."""
    key = id(data)
    with _derived_lock:
        entry = _derived.get(key)
        if entry is None:
            entry = _derived[key] = {}
            weakref.finalize(data, _derived.pop, key, None)
        if name in entry:
            return cast(T, entry[name])
    value = compute()
    with _derived_lock:
        entry.setdefault(name, value)
    return value


# The privacy rule counts members per ISO week (``grid.by_week``): a member is numbered
# ``week * WEEK + person``, so that a member in two weeks counts once in each. Numbers below
# WEEK (a report input not put on the grid) all fall in one week.
WEEK = 1 << 32


def person(member: Member) -> int:
    """The member behind a member-in-a-week number."""
    return member % WEEK


def persons(members: Iterable[Member]) -> set[int]:
    return {m % WEEK for m in members}


def _weekly(member_sets: list[set[Member]]) -> dict[int, dict[int, set[Member]]]:
    """Per week: the groups (by position) with members in that week, and those members."""
    out: dict[int, dict[int, set[Member]]] = {}
    for i, members in enumerate(member_sets):
        for m in members:
            out.setdefault(m // WEEK, {}).setdefault(i, set()).add(m)
    return out


def shown(members: set[Member] | frozenset[Member]) -> bool:
    """Person-derived figures of a group are shown from none or at least three members, in
    every ISO week of the period taken alone: a week's part can be had as the difference of
    two reports whose periods differ by that week."""
    weeks: dict[int, set[Member]] = {}
    for m in members:
        weeks.setdefault(m // WEEK, set()).add(m)
    return all(len(week) >= MIN_MEMBERS for week in weeks.values())


def hidden(member_sets: list[set[Member]], forced: Iterable[int] = ()) -> set[int]:
    """Which groups of one breakdown to hide: those from one or two members, those
    ``forced`` (hidden by another report of the period), and then, smallest first, as many
    shown groups as it takes for the hidden ones together to come from none or at least
    three members: the total minus the shown groups gives only their sum, so that sum
    must be safe to show (complementary suppression). Decided in each ISO week alone, the
    same whatever period holds the week; a group hidden in any week is hidden."""
    forced = set(forced)
    hide = set(forced)
    for groups in _weekly(member_sets).values():
        hide |= _hidden_in_week(groups, forced)
    return hide


def _hidden_in_week(groups: dict[int, set[Member]], forced: set[int]) -> set[int]:
    hide = {i for i, members in groups.items() if len(members) < MIN_MEMBERS} | forced
    together: set[Member] = set().union(*(groups[i] for i in hide if i in groups))
    others = sorted((len(m), i) for i, m in groups.items() if i not in hide)
    for _, i in others:
        if not together or len(together) >= MIN_MEMBERS:
            break
        hide.add(i)
        together |= groups[i]
    return hide


def hidden_cells(cells: dict[tuple[int, int], set[Member]]) -> set[tuple[int, int]]:
    """Cells of a weekday x hour matrix to hide: hidden() applied to every row (a weekday's
    hours add up to the weekday) and every column (an hour's weekdays add up to the hour)
    until nothing changes, in each ISO week alone; a cell hidden in any week is hidden."""
    weeks: dict[int, dict[tuple[int, int], set[Member]]] = {}
    for cell, members in cells.items():
        for m in members:
            weeks.setdefault(m // WEEK, {}).setdefault(cell, set()).add(m)
    hide: set[tuple[int, int]] = set()
    for week in weeks.values():
        hide |= _hidden_cells_in_week(week)
    return hide


def _hidden_cells_in_week(cells: dict[tuple[int, int], set[Member]]) -> set[tuple[int, int]]:
    hide = {c for c, members in cells.items() if len(members) < MIN_MEMBERS}
    lines = [[(wd, h) for h in range(24)] for wd in range(7)] + [
        [(wd, h) for wd in range(7)] for h in range(24)
    ]
    changed = bool(hide)
    while changed:
        changed = False
        for line in lines:
            groups = {n: cells[c] for n, c in enumerate(line) if c in cells}
            if not any(c in hide for c in line):
                continue
            more = _hidden_in_week(groups, {n for n, c in enumerate(line) if c in hide})
            new = {line[n] for n in more} - hide
            if new:
                hide |= new
                changed = True
    return hide


def hours(seconds: float) -> float:
    return round(seconds / 3600.0, 4)


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


class Request(msgspec.Struct, frozen=True):
    """One booking request: the attempts of one member for one slot of one kind, counted
    once. ``outcome`` is "booked" (a placed booking), or the category of the last refusal."""

    member: Member
    kind: str
    pool: str
    start: datetime
    end: datetime
    first_at: datetime
    attempts: int
    rule: str
    outcome: str
    met_later: bool = False
    quantity: int = 1
    features: tuple[str, ...] = ()

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds() * self.quantity


def refused_requests(data: ReportInput) -> list[Request]:
    """The refused attempts de-duplicated (once per input: ``per_input``)."""
    return per_input(data, "refused_requests", lambda: _requests(data))


def _requests(data: ReportInput) -> list[Request]:
    """The refused attempts de-duplicated: all attempts of one member for the same kind and
    the same start and end are one request, with the rule of the last attempt. A request
    is ``met_later`` when the same member placed a booking of the same kind overlapping it
    at or after the first attempt."""
    groups: dict[tuple[Any, ...], list[RefusalFacts]] = {}
    for r in sorted(data.refusals, key=lambda r: (r.at, r.start, r.id)):
        groups.setdefault((r.member, r.kind, r.start, r.end), []).append(r)
    booked: dict[tuple[Member, str], list[BookingFacts]] = {}
    for b in data.bookings:
        booked.setdefault((b.member, b.kind), []).append(b)
    resources = data.resource_index()
    requests = []
    for (member, kind, start, end), attempts in groups.items():
        last = attempts[-1]
        first_at = attempts[0].at
        met = any(
            b.start < end and start < b.end and b.placed_at >= first_at
            for b in booked.get((member, kind), [])
        )
        resource = resources.get(last.resource_id) if last.resource_id else None
        pool = last.pool or pool_key(kind, resource.name if resource else None)
        requests.append(
            Request(
                member=member,
                kind=kind,
                pool=pool,
                start=start,
                end=end,
                first_at=first_at,
                attempts=len(attempts),
                rule=last.rule,
                outcome=rule_category(last.rule),
                met_later=met,
                quantity=last.quantity,
                features=last.features,
            )
        )
    requests.sort(key=lambda q: (q.first_at, q.start, q.kind, str(q.member)))
    return requests
