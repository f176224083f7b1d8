"""The utilisation report: how much of the open time was booked and used."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from uuid import UUID

import msgspec

from domain.capacity import peak
from projections.reports.facts import (
    MIN_MEMBERS,
    WEEKDAYS,
    Member,
    ReportInput,
    ResourceFacts,
    hidden,
    hidden_cells,
    hours,
    ratio,
    shown,
)
from projections.reports.grid import by_week
from projections.reports.privacy import PRIVACY_METHOD, forced, hidden_days, hidden_pools
from projections.reports.scope import HourWeekdayMatrix, Scope, scope_of
from projections.reports.timeline import Calendar, HourSplit, Span, overlap, seconds
from projections.reports.utilisation_method import METHOD

Group = Literal["resource", "kind", "day", "weekday", "hour"]
GROUPS: tuple[str, ...] = ("resource", "kind", "day", "weekday", "hour")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class UsageRow(msgspec.Struct, kw_only=True):
    key: str
    label: str
    open_hours: float
    booked_hours: float | None
    checked_in_hours: float | None
    utilisation: float | None
    occupancy: float | None
    bookings: int | None
    cancelled: int | None
    checked_in: int | None
    no_shows: int | None
    pending: int | None = None
    drop_ins: int | None = None
    cancellation_rate: float | None
    no_show_rate: float | None
    booked_hours_outside_open: float | None
    suppressed: bool


class DayPeak(msgspec.Struct, kw_only=True):
    day: date
    pool: str
    peak_in_use: int | None
    units_open: int
    suppressed: bool


class UtilisationReport(msgspec.Struct, kw_only=True):
    scope: Scope
    group: str
    total: UsageRow
    rows: list[UsageRow]
    peaks: list[DayPeak]
    matrix: HourWeekdayMatrix
    method: dict[str, str]


@dataclass(slots=True)
class Tally:
    open_s: float = 0.0
    booked_s: float = 0.0
    attended_s: float = 0.0
    outside_s: float = 0.0
    bookings: int = 0
    cancelled: int = 0
    checked_in: int = 0
    no_shows: int = 0
    pending: int = 0
    drop_ins: int = 0
    members: set[Member] = field(default_factory=set)

    def row(self, key: str, label: str, visible: bool | None = None) -> UsageRow:
        visible = shown(self.members) if visible is None else visible
        settled = self.no_shows + self.checked_in

        def person(value: float | int | None) -> float | int | None:
            return value if visible else None

        return UsageRow(
            key=key,
            label=label,
            open_hours=hours(self.open_s),
            booked_hours=person(hours(self.booked_s)),
            checked_in_hours=person(hours(self.attended_s)),
            utilisation=person(ratio(self.booked_s, self.open_s)),
            occupancy=person(ratio(self.attended_s, self.open_s)),
            bookings=person(self.bookings),  # type: ignore[arg-type]
            cancelled=person(self.cancelled),  # type: ignore[arg-type]
            checked_in=person(self.checked_in),  # type: ignore[arg-type]
            no_shows=person(self.no_shows),  # type: ignore[arg-type]
            pending=person(self.pending),  # type: ignore[arg-type]
            drop_ins=person(self.drop_ins),  # type: ignore[arg-type]
            cancellation_rate=person(ratio(self.cancelled, self.bookings)),
            no_show_rate=person(ratio(self.no_shows, settled)),
            booked_hours_outside_open=person(hours(self.outside_s)),
            suppressed=not visible,
        )


class _Tallies:
    """The tallies of one report: the total, one per key of each group asked for, and one
    per weekday x hour cell. Time is added per local hour piece to the cell and the
    time-keyed groups, and as a sum to the total and the resource- and kind-keyed ones."""

    def __init__(self, groups: tuple[str, ...]) -> None:
        self.groups = groups
        self.total = Tally()
        self.by: dict[str, dict[str, Tally]] = {g: {} for g in groups}
        self.cells: dict[tuple[int, int], Tally] = {}
        self._at: dict[tuple[date, int], tuple[Tally, ...]] = {}
        self._of: dict[UUID, tuple[Tally, ...]] = {}

    def get(self, group: str, key: str) -> Tally:
        tallies = self.by[group]
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = Tally()
        return tally

    def at(self, day: date, hour: int) -> tuple[Tally, ...]:
        """The cell, then the time-keyed groups' tallies of a local hour."""
        tallies = self._at.get((day, hour))
        if tallies is None:
            cell = self.cells.get((day.weekday(), hour))
            if cell is None:
                cell = self.cells[(day.weekday(), hour)] = Tally()
            keys = {
                "day": day.isoformat(),
                "weekday": WEEKDAYS[day.weekday()],
                "hour": f"{hour:02d}",
            }
            tallies = self._at[(day, hour)] = (
                cell,
                *(self.get(g, keys[g]) for g in self.groups if g in keys),
            )
        return tallies

    def of(self, resource: ResourceFacts) -> tuple[Tally, ...]:
        """The total, then the resource- and kind-keyed groups' tallies of a resource."""
        tallies = self._of.get(resource.id)
        if tallies is None:
            keys = {"resource": str(resource.id), "kind": resource.kind}
            tallies = self._of[resource.id] = (
                self.total,
                *(self.get(g, keys[g]) for g in self.groups if g in keys),
            )
        return tallies


def utilisation_report(data: ReportInput, group: str = "kind") -> UtilisationReport:
    return utilisation_reports(data, (group,))[group]


def utilisation_reports(
    data: ReportInput, groups: tuple[str, ...] = ("kind",)
) -> dict[str, UtilisationReport]:
    """The utilisation report grouped in each of ``groups`` ways, computed in one pass."""
    for group in groups:
        if group not in GROUPS:
            raise ValueError(f"group is one of {', '.join(GROUPS)}")
    data = by_week(data)
    calendar = Calendar(data.site)
    split = HourSplit(calendar.tz)
    t = _Tallies(groups)
    resources = data.resource_index()
    days = data.days()
    for r in resources.values():
        t.of(r)
    for day in days:
        for g in groups:
            if g == "day":
                t.get(g, day.isoformat())
    if "weekday" in groups:
        for name in WEEKDAYS:
            t.get("weekday", name)

    # Open time: the site's hours per day, clipped to each resource's life.
    units_open: dict[tuple[date, str], int] = {}
    for day in days:
        site_spans = calendar.open_spans(day)
        if not site_spans:
            continue
        whole = 0  # units open all of the site's open time that day
        for r in resources.values():
            spans = calendar.resource_spans(r, day)
            if not spans:
                continue
            units_open[(day, r.pool)] = units_open.get((day, r.pool), 0) + r.quantity
            for tally in t.of(r):
                tally.open_s += seconds(spans) * r.quantity
            if spans == site_spans:
                whole += r.quantity
            else:
                _add_pieces(t, split, spans, r.quantity, "open_s", None)
        _add_pieces(t, split, site_spans, whole, "open_s", None)

    held_by_day: dict[tuple[date, str], list[tuple[datetime, datetime, int]]] = {}
    pool_members: dict[tuple[date, str], set[Member]] = {}
    for b in data.bookings:
        if b.resource_id not in resources:
            continue
        r = resources[b.resource_id]
        day = calendar.local_day(b.start)
        at_start = t.at(day, b.start.astimezone(calendar.tz).hour)[1:]
        for tally in (*t.of(r), *at_start):
            tally.bookings += 1
            tally.cancelled += b.status == "cancelled"
            tally.no_shows += b.status == "no-show"
            tally.pending += b.status == "pending"
            tally.drop_ins += b.drop_in
            tally.checked_in += b.checked_in_at is not None
            tally.members.add(b.member)
        pool_members.setdefault((day, r.pool), set()).add(b.member)
        open_spans = calendar.resource_spans(r, day)
        held = b.held()
        if held is not None:
            held_by_day.setdefault((day, r.pool), []).append((held[0], held[1], b.quantity))
            inside = overlap(held, open_spans)
            booked = seconds(inside) * b.quantity
            outside = (held[1] - held[0]).total_seconds() * b.quantity - booked
            for tally in t.of(r):
                tally.booked_s += booked
                tally.outside_s += outside
            for tally in at_start:
                tally.outside_s += outside
            _add_pieces(t, split, inside, b.quantity, "booked_s", b.member)
        attended = b.attended()
        if attended is not None:
            inside = overlap(attended, open_spans)
            for tally in t.of(r):
                tally.attended_s += seconds(inside) * b.quantity
            _add_pieces(t, split, inside, b.quantity, "attended_s", b.member)

    scope = scope_of(data)
    total = t.total.row("total", "All resources")
    period_days = {d.isoformat() for d in hidden_days(data)}
    period_pools = hidden_pools(data)
    peaks = _peaks(days, units_open, held_by_day, pool_members, period_days, period_pools)
    matrix = _matrix(t)
    method = {**METHOD, "privacy": PRIVACY_METHOD.format(k=MIN_MEMBERS)}
    return {
        g: UtilisationReport(
            scope=scope,
            group=g,
            total=total,
            rows=_rows(t.by[g], g, resources, period_days if g == "day" else set()),
            peaks=peaks,
            matrix=matrix,
            method=method,
        )
        for g in groups
    }


def _add_pieces(
    t: _Tallies,
    split: HourSplit,
    spans: list[Span],
    quantity: int,
    measure: str,
    member: Member | None,
) -> None:
    """Adds time to the cells and time-keyed groups, piece by local hour."""
    if not quantity:
        return
    for start, end in spans:
        for day, hour, secs in split(start, end):
            amount = secs * quantity
            for tally in t.at(day, hour):
                if measure == "booked_s":
                    tally.booked_s += amount
                elif measure == "attended_s":
                    tally.attended_s += amount
                else:
                    tally.open_s += amount
                if member is not None:
                    tally.members.add(member)


def _rows(tallies: dict[str, Tally], group: str, resources: dict, also: set[str]) -> list[UsageRow]:
    keys: list[tuple[str, str]]
    if group == "resource":
        ordered = sorted(
            tallies, key=lambda k: (resources[UUID(k)].kind, resources[UUID(k)].name, k)
        )
        keys = [(k, resources[UUID(k)].name) for k in ordered]
    elif group == "kind":
        keys = [(k, k) for k in sorted(tallies)]
    elif group == "day":
        keys = [
            (k, f"{WEEKDAY_NAMES[date.fromisoformat(k).weekday()]} {k}") for k in sorted(tallies)
        ]
    elif group == "weekday":
        keys = [(k, WEEKDAY_NAMES[WEEKDAYS.index(k)]) for k in WEEKDAYS]
    else:
        keys = [
            (k, f"{k}:00-{int(k) + 1:02d}:00")
            for k in sorted(tallies)
            if tallies[k].open_s or tallies[k].bookings
        ]
    hide = hidden([tallies[k].members for k, _ in keys], forced([k for k, _ in keys], also))
    return [tallies[k].row(k, label, i not in hide) for i, (k, label) in enumerate(keys)]


def _peaks(
    days: list[date],
    units_open: dict[tuple[date, str], int],
    held_by_day: dict[tuple[date, str], list[tuple]],
    members: dict[tuple[date, str], set[Member]],
    period_days: set[str],
    period_pools: set[str],
) -> list[DayPeak]:
    pools = sorted({p for _, p in units_open} | {p for _, p in held_by_day})
    out = []
    for day in days:
        for pool in pools:
            opened = units_open.get((day, pool), 0)
            holds = held_by_day.get((day, pool), [])
            if not opened and not holds:
                continue
            visible = (
                shown(members.get((day, pool), set()))
                and day.isoformat() not in period_days
                and pool not in period_pools
            )
            out.append(
                DayPeak(
                    day=day,
                    pool=pool,
                    peak_in_use=peak(holds) if visible else None,
                    units_open=opened,
                    suppressed=not visible,
                )
            )
    return out


def _matrix(t: _Tallies) -> HourWeekdayMatrix:
    def grid(value) -> list[list[float | None]]:
        return [[value(t.cells.get((wd, h), Tally())) for h in range(24)] for wd in range(7)]

    hide = hidden_cells({cell: tally.members for cell, tally in t.cells.items()})
    safe = {id(t.cells[c]) for c in t.cells if c not in hide}

    def person(f):
        return lambda c: f(c) if id(c) in safe or not c.members else None

    return HourWeekdayMatrix(
        values={
            "open_hours": grid(lambda c: hours(c.open_s)),
            "booked_hours": grid(person(lambda c: hours(c.booked_s))),
            "utilisation": grid(person(lambda c: ratio(c.booked_s, c.open_s))),
            "occupancy": grid(person(lambda c: ratio(c.attended_s, c.open_s))),
        },
        method="Each cell sums, over the period, the resource-hours falling in that local "
        "weekday and local hour (split exactly at hour boundaries); utilisation = booked / "
        "open of the cell. Cells from fewer than the minimum of members are null, and as "
        "many more in their weekday and hour as keep them from being worked out.",
    )
