"""A small office of real aggregates for the placement tests: one site, a desk, a room and
two headsets, with a ledger per resource and day and a schedule per member."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.booking import Booking
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import cancel_booking, ledger_day, place_booking
from domain.resource import Resource
from domain.time import Interval
from tests.builders import NOW, a_ledger, a_resource, a_schedule, a_site

ANNA, BO = uuid4(), uuid4()


class Office:
    def __init__(self, *, history: bool = False, **site_options: Any) -> None:
        """``history``: ledgers and schedules keep every event from their creation on."""
        self.saved = not history
        self.site = a_site(**site_options)
        self.desk = a_resource(self.site.id, "desk")
        self.room = a_resource(self.site.id, "room")
        self.headsets = a_resource(self.site.id, "equipment", quantity=2)
        self.ledgers: dict[tuple[UUID, str], ResourceDay] = {}
        self.schedules: dict[UUID, MemberSchedule] = {}

    def ledger(self, resource: Resource, interval: Interval) -> ResourceDay:
        day = ledger_day(self.site, interval).isoformat()
        if (resource.id, day) not in self.ledgers:
            self.ledgers[resource.id, day] = a_ledger(resource.id, day, saved=self.saved)
        return self.ledgers[resource.id, day]

    def schedule(self, member_id: UUID) -> MemberSchedule:
        if member_id not in self.schedules:
            self.schedules[member_id] = a_schedule(member_id, saved=self.saved)
        return self.schedules[member_id]

    def book(
        self,
        member_id: UUID,
        resource: Resource,
        interval: Interval,
        quantity: int = 1,
        now: datetime = NOW,
    ) -> Booking:
        return place_booking(
            member_schedule=self.schedule(member_id),
            site=self.site,
            resource=resource,
            ledger=self.ledger(resource, interval),
            interval=interval,
            quantity=quantity,
            now=now,
        )

    def ledger_of(self, booking: Booking) -> ResourceDay:
        day = ledger_day(self.site, Interval(booking.start, booking.end)).isoformat()
        return self.ledgers[booking.resource_id, day]

    def cancel(self, booking: Booking, now: datetime = NOW) -> None:
        cancel_booking(
            booking=booking,
            ledger=self.ledger_of(booking),
            member_schedule=self.schedule(booking.member_id),
            by=booking.member_id,
            now=now,
        )

    def settle(self) -> None:
        """As if saved: no aggregate has pending events any more."""
        for aggregate in [*self.ledgers.values(), *self.schedules.values()]:
            aggregate.collect_events()
