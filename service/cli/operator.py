"""The use cases as an operator's scripts drive them (the demo data, the seeds of the load
tests and benchmarks, and the tests): by member id (any id will do, as in the event store),
with intervals, returning what was written. Changes of sites and resources are made as the
operator (an admin); booking changes as the booking's member when one is named."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

from domain.floorplan import Place
from domain.time import Interval
from service.application import bookings, floorplan, moves, series, sites, usuals, waitlist
from service.application.access import SYSTEM
from service.application.context import Context
from service.container import Container
from service.registry.members import Member


@dataclass(frozen=True)
class Written:
    """What a command wrote: the id it concerns and the log position to wait for."""

    id: UUID
    position: int


def as_member(member_id: UUID, role: str = "member") -> Member:
    return Member(id=member_id, email=f"{member_id.hex[:8]}@example.se", name="Test", role=role)


class Operator:
    def __init__(self, container: Container | Context) -> None:
        self.ctx = container.ctx if isinstance(container, Container) else container

    # -- members ---------------------------------------------------------------------------

    def book(
        self, member_id: UUID, resource_id: UUID, interval: Interval, quantity: int = 1
    ) -> Written:
        command = bookings.Book(
            as_member(member_id),
            interval.start,
            interval.end,
            resource_id=resource_id,
            quantity=quantity,
        )
        placed = bookings.book(self.ctx, command)
        return Written(placed.booking.id, placed.position)

    def book_any(
        self,
        member_id: UUID,
        site_id: UUID,
        kind: str,
        interval: Interval,
        features: Iterable[str] = (),
    ) -> Written:
        command = bookings.Book(
            as_member(member_id),
            interval.start,
            interval.end,
            site_id=site_id,
            kind=kind,
            features=tuple(features),
        )
        placed = bookings.book(self.ctx, command)
        return Written(placed.booking.id, placed.position)

    def _change(self, use_case: Any, booking_id: UUID, by: UUID | None) -> Written:
        actor = SYSTEM if by is None else as_member(by)
        changed = use_case(self.ctx, bookings.ChangeBooking(actor, booking_id))
        return Written(changed.booking.id, changed.position)

    def cancel(self, booking_id: UUID, by: UUID | None = None) -> Written:
        return self._change(bookings.cancel, booking_id, by)

    def check_in(self, booking_id: UUID, by: UUID | None = None) -> Written:
        return self._change(bookings.check_in, booking_id, by)

    def check_out(self, booking_id: UUID, by: UUID | None = None) -> Written:
        return self._change(bookings.check_out, booking_id, by)

    def release_if_no_show(self, booking_id: UUID) -> bool:
        return bookings.release_if_no_show(self.ctx, booking_id)

    # -- hosts -------------------------------------------------------------------------------

    def register_site(self, **details: Any) -> Written:
        changed = sites.register_site(self.ctx, sites.RegisterSite(SYSTEM, **details))
        return Written(changed.id, changed.position)

    def add_resource(self, site_id: UUID, **details: Any) -> Written:
        details["features"] = tuple(details.get("features", ()))
        changed = sites.add_resource(self.ctx, sites.AddResource(SYSTEM, site_id, **details))
        return Written(changed.id, changed.position)

    def retire_resource(self, resource_id: UUID) -> Written:
        changed = sites.retire_resource(self.ctx, sites.RetireResource(SYSTEM, resource_id))
        return Written(changed.id, changed.position)

    def set_opening_hours(self, site_id: UUID, hours: dict[str, list[list[str]]]) -> Written:
        changed = sites.set_opening_hours(self.ctx, sites.SetOpeningHours(SYSTEM, site_id, hours))
        return Written(changed.id, changed.position)

    def change_policy(self, site_id: UUID, changes: dict[str, Any]) -> Written:
        changed = sites.change_policy(self.ctx, sites.ChangePolicy(SYSTEM, site_id, changes))
        return Written(changed.id, changed.position)

    def add_closure(self, site_id: UUID, first: date, last: date, reason: str = "") -> Written:
        command = sites.AddClosure(SYSTEM, site_id, first, last, reason)
        changed = sites.add_closure(self.ctx, command)
        return Written(changed.id, changed.position)

    def close_on_public_holidays(self, site_id: UUID, years: Iterable[int]) -> Written:
        command = sites.CloseOnPublicHolidays(SYSTEM, site_id, tuple(years))
        changed = sites.close_on_public_holidays(self.ctx, command)
        return Written(changed.id, changed.position)

    # -- members' plans and the desk ---------------------------------------------------------

    def start_series(
        self,
        member_id: UUID,
        weekdays: Iterable[str],
        first_day: date,
        until: date,
        start: time,
        end: time,
        **target: Any,
    ) -> series.SeriesResult:
        """A recurring booking: ``resource_id=...``, or ``site_id=..., kind=...``."""
        command = series.StartSeries(
            as_member(member_id), tuple(weekdays), first_day, until, start, end, **target
        )
        return series.start_series(self.ctx, command)

    def cancel_series(self, series_id: UUID, from_day: date, by: UUID) -> series.SeriesResult:
        command = series.CancelSeries(as_member(by), series_id, from_day)
        return series.cancel_series(self.ctx, command)

    def join_waitlist(self, member_id: UUID, interval: Interval, **target: Any) -> Written:
        command = waitlist.JoinWaitlist(
            as_member(member_id), interval.start, interval.end, **target
        )
        joined = waitlist.join(self.ctx, command)
        return Written(joined.entry.id, joined.position)

    def move(self, booking_id: UUID, to_resource_id: UUID) -> Written:
        changed = moves.move(self.ctx, moves.MoveBooking(SYSTEM, booking_id, to_resource_id))
        return Written(changed.booking.id, changed.position)

    def set_usual(self, member_id: UUID, resource_id: UUID, start: time, end: time) -> None:
        usuals.set_usual(self.ctx, usuals.SetUsual(as_member(member_id), resource_id, start, end))

    def set_features(self, resource_id: UUID, features: Iterable[str]) -> Written:
        command = sites.SetFeatures(SYSTEM, resource_id, tuple(features))
        changed = sites.set_features(self.ctx, command)
        return Written(changed.id, changed.position)

    def set_floor_plan(
        self, site_id: UUID, columns: int, rows: int, places: dict[UUID, Place]
    ) -> None:
        command = floorplan.SetPlaces(SYSTEM, site_id, columns, rows, places)
        floorplan.set_places(self.ctx, command)

    def set_floor_plan_drawing(self, site_id: UUID, svg: str | None) -> None:
        floorplan.set_background(self.ctx, SYSTEM, site_id, svg)
