"""The event-sourced application: intention-revealing commands over the domain.

Every command loads the aggregates it touches, lets the domain decide, and saves them in
one ``save()`` call. Optimistic concurrency does the rest: if another command moved one of
them meanwhile, the save fails with ``IntegrityError`` and the command is tried again on
fresh state (a bounded number of times, after a short random pause).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from domain.booking import Booking, BookingRefused
from domain.errors import Conflict, DomainError, NothingFree, RuleViolation
from domain.holidays import swedish_public_holidays
from domain.ids import member_schedule_id, resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import (
    cancel_booking,
    check_out,
    ledger_day,
    place_booking,
    release_no_show,
)
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval

T = TypeVar("T")
RETRIES = 16
BACKOFF = 0.002  # seconds before the first retry (at most), doubled after each lost race
MAX_BACKOFF = 0.1
LOAD_LOCKS = 64


class NotFound(LookupError):
    def __init__(self, what: str, field: str) -> None:
        super().__init__(f"no such {what}")
        self.field = field


class Busy(RuntimeError):
    """Too many concurrent changes to the same aggregates; the client may try again."""


@dataclass(frozen=True)
class Written:
    """What a command wrote: the id it concerns and the log position to wait for."""

    id: UUID
    position: int


class Grannskap(Application[UUID]):
    name = "grannskap"
    # No snapshots: the aggregates' state (UUID-keyed dicts, OpeningHours, BookingPolicy)
    # does not survive the JSON transcoder, so taking one failed the command that had just
    # been saved. Aggregates stay small per day or are kept warm in the aggregate cache.

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ):
        super().__init__(env)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.after_write: list[Callable[[int], None]] = []
        self._load_locks = [threading.Lock() for _ in range(LOAD_LOCKS)]

    # -- plumbing ----------------------------------------------------------------------

    def _save(self, *aggregates: Any) -> int:
        recordings = self.save(*aggregates)
        position = max(r.notification.id for r in recordings)
        for hook in self.after_write:
            hook(position)
        return position

    def _load(self, aggregate_id: UUID, for_change: bool = True) -> Any:
        """``repository.get``, one thread at a time per aggregate. eventsourcing 9.5.6
        fast-forwards the cached aggregate under a lock but deep-copies it after releasing
        that lock, so a copy could be taken while another thread was advancing the same
        object ("dictionary changed size during iteration", or a torn copy).

        Only an aggregate loaded ``for_change`` is copied from the cache: the others are
        the cached instance itself, up to date but shared, and must only be read."""
        with self._load_locks[aggregate_id.int % LOAD_LOCKS]:
            return self.repository.get(aggregate_id, deepcopy_from_cache=for_change)

    def _get(
        self, cls: type[T], aggregate_id: UUID, what: str, field: str, for_change: bool = True
    ) -> T:
        try:
            aggregate = self._load(aggregate_id, for_change)
        except AggregateNotFoundError:
            raise NotFound(what, field) from None
        if not isinstance(aggregate, cls):
            raise NotFound(what, field)
        return aggregate

    def _get_or_none(self, aggregate_id: UUID) -> Any:
        try:
            return self._load(aggregate_id)
        except AggregateNotFoundError:
            return None

    @staticmethod
    def _retrying(command: Callable[[], T]) -> T:
        for attempt in range(RETRIES):
            try:
                return command()
            except IntegrityError:
                # Someone else moved an aggregate: decide again on fresh state, after a
                # random pause that grows with each lost race, so that the losers of one
                # race do not all meet again in the next.
                if attempt + 1 < RETRIES:
                    time.sleep(random.uniform(0, min(MAX_BACKOFF, BACKOFF * 2**attempt)))
        raise Busy("too many concurrent changes, try again")

    # -- sites and resources (hosts) -----------------------------------------------------

    def register_site(self, **details: Any) -> Written:
        site = Site.register(**details)
        return Written(site.id, self._save(site))

    # Queries of the current state: shared instances, to be read, never changed.

    def site(self, site_id: UUID, for_change: bool = False) -> Site:
        return self._get(Site, site_id, "site", "site_id", for_change)

    def resource(self, resource_id: UUID, for_change: bool = False) -> Resource:
        return self._get(Resource, resource_id, "resource", "resource_id", for_change)

    def booking(self, booking_id: UUID, for_change: bool = False) -> Booking:
        return self._get(Booking, booking_id, "booking", "booking_id", for_change)

    def _change_site(self, site_id: UUID, change: Callable[[Site], None]) -> Written:
        def command() -> Written:
            site = self.site(site_id, for_change=True)
            change(site)
            return Written(site.id, self._save(site))

        return self._retrying(command)

    def set_opening_hours(
        self, site_id: UUID, opening_hours: dict[str, list[list[str]]]
    ) -> Written:
        return self._change_site(site_id, lambda s: s.set_opening_hours(opening_hours))

    def set_policy(self, site_id: UUID, policy: dict[str, Any]) -> Written:
        return self._change_site(site_id, lambda s: s.set_policy(policy))

    def add_closure(self, site_id: UUID, first_day: date, last_day: date, reason: str) -> Written:
        return self._change_site(site_id, lambda s: s.add_closure(first_day, last_day, reason))

    def close_on_public_holidays(self, site_id: UUID, years: Iterable[int]) -> Written:
        def close(site: Site) -> None:
            for year in years:
                site.add_public_holidays(swedish_public_holidays(year))

        return self._change_site(site_id, close)

    def add_resource(self, site_id: UUID, **details: Any) -> Written:
        self.site(site_id)
        resource = Resource.add(site_id=site_id, **details)
        return Written(resource.id, self._save(resource))

    def retire_resource(self, resource_id: UUID) -> Written:
        def command() -> Written:
            resource = self.resource(resource_id, for_change=True)
            resource.retire()
            return Written(resource.id, self._save(resource))

        return self._retrying(command)

    # -- bookings (members) --------------------------------------------------------------

    def book(
        self, member_id: UUID, resource_id: UUID, interval: Interval, quantity: int = 1
    ) -> Written:
        """Books one resource, or records why not and raises the domain's refusal."""
        resource = self.resource(resource_id)
        site = self.site(resource.site_id)
        try:
            return self._retrying(
                lambda: self._place(member_id, resource, site, interval, quantity)
            )
        except (Conflict, RuleViolation) as refusal:
            self._record_refusal(member_id, site.id, resource.id, resource.kind, interval, refusal)
            raise

    def book_any(
        self,
        member_id: UUID,
        site_id: UUID,
        kind: str,
        interval: Interval,
        candidates: Iterable[UUID],
    ) -> Written:
        """Books the first of ``candidates`` that is free; if none is, the refusal is
        recorded as unmet demand for that kind at that site."""
        site = self.site(site_id)
        last: DomainError = NothingFree(f"no {kind} is free at that time", field="start")
        for resource_id in candidates:
            resource = self.resource(resource_id)
            try:
                return self._retrying(
                    lambda r=resource: self._place(member_id, r, site, interval, 1)
                )
            except Conflict:
                continue
            except RuleViolation as refusal:
                last = refusal
                if refusal.rule.startswith("member-") or refusal.field != "resource_id":
                    break  # about the member or the time, not the resource: no use trying on
        if isinstance(last, Conflict | RuleViolation):
            self._record_refusal(member_id, site_id, None, kind, interval, last)
        raise last

    def _place(
        self, member_id: UUID, resource: Resource, site: Site, interval: Interval, quantity: int
    ) -> Written:
        now = self.clock()
        day = ledger_day(site, interval)
        ledger = self._get_or_none(resource_day_id(resource.id, day)) or ResourceDay.open(
            resource.id, day
        )
        schedule = self._get_or_none(member_schedule_id(member_id)) or MemberSchedule(
            member_id=member_id
        )
        booking = place_booking(
            member_schedule=schedule,
            site=site,
            resource=resource,
            ledger=ledger,
            interval=interval,
            quantity=quantity,
            now=now,
        )
        return Written(booking.id, self._save(booking, ledger, schedule))

    def _record_refusal(
        self,
        member_id: UUID,
        site_id: UUID,
        resource_id: UUID | None,
        kind: str,
        interval: Interval,
        refusal: DomainError,
    ) -> None:
        self._save(
            BookingRefused(
                member_id=member_id,
                site_id=site_id,
                resource_id=resource_id,
                kind=kind,
                start=interval.start,
                end=interval.end,
                rule=refusal.rule,
                reason=refusal.message,
                at=self.clock(),
            )
        )

    def cancel(self, booking_id: UUID, by: UUID) -> Written:
        def command() -> Written:
            booking, _, ledger, schedule = self._booking_parts(booking_id)
            cancel_booking(
                booking=booking, ledger=ledger, member_schedule=schedule, by=by, now=self.clock()
            )
            return Written(booking.id, self._save(booking, ledger, schedule))

        return self._retrying(command)

    def _booking_parts(self, booking_id: UUID) -> tuple[Booking, Site, ResourceDay, MemberSchedule]:
        booking = self.booking(booking_id, for_change=True)
        site = self.site(booking.site_id)
        day = ledger_day(site, Interval(booking.start, booking.end))
        ledger = self._get(
            ResourceDay, resource_day_id(booking.resource_id, day), "ledger", "booking_id"
        )
        schedule = self._get(
            MemberSchedule, member_schedule_id(booking.member_id), "schedule", "booking_id"
        )
        return booking, site, ledger, schedule

    def check_in(self, booking_id: UUID) -> Written:
        def command() -> Written:
            booking = self.booking(booking_id, for_change=True)
            booking.check_in(self.clock(), self.site(booking.site_id).policy.grace)
            return Written(booking.id, self._save(booking))

        return self._retrying(command)

    def check_out(self, booking_id: UUID) -> Written:
        def command() -> Written:
            booking, _, ledger, schedule = self._booking_parts(booking_id)
            check_out(booking=booking, ledger=ledger, member_schedule=schedule, now=self.clock())
            return Written(booking.id, self._save(booking, ledger, schedule))

        return self._retrying(command)

    def release_if_no_show(self, booking_id: UUID) -> Written | None:
        """Releases the booking if nobody checked in within the grace period. Idempotent,
        and safe when several processes run it at once (the loser's save fails, it looks
        again and finds nothing left to do)."""

        def command() -> Written | None:
            booking, site, ledger, schedule = self._booking_parts(booking_id)
            released = release_no_show(
                booking=booking,
                ledger=ledger,
                member_schedule=schedule,
                grace=site.policy.grace,
                now=self.clock(),
            )
            return Written(booking.id, self._save(booking, ledger, schedule)) if released else None

        return self._retrying(command)
