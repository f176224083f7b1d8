"""What one member holds: the per-member limits are decided here."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import AlreadyBooked, MemberBookingLimit, MemberDeskLimit
from domain.ids import member_schedule_id
from domain.time import Interval

KEEP_ENDED = timedelta(days=2)


class MemberSchedule(Aggregate):
    """The active bookings of one member (id: uuid5 of the member id)."""

    @staticmethod
    def create_id(member_id: UUID) -> UUID:
        return member_schedule_id(member_id)

    class Started(Aggregate.Created):
        member_id: UUID

    @event(Started)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.holds: dict[UUID, tuple[str, datetime, datetime]] = {}

    def check_desk_limit(self, kind: str, interval: Interval) -> None:
        """A member holds at most one desk at any instant."""
        if kind != "desk":
            return
        for held_kind, start, end in self.holds.values():
            if held_kind == "desk" and start < interval.end and interval.start < end:
                raise MemberDeskLimit("you already have a desk at that time", about="start")

    def check_not_holding(self, kind: str, interval: Interval) -> None:
        """The waitlist is for what the member does not have: no entry for a time that meets
        one of their bookings of the same kind (with a desk held, a free desk would be
        booked for them at once after cancelling, or never)."""
        for held_kind, start, end in self.holds.values():
            if held_kind == kind and start < interval.end and interval.start < end:
                raise AlreadyBooked(
                    f"you already have a booking of a {kind} at that time", about="start"
                )

    def check_future_limit(self, now: datetime, limit: int) -> None:
        upcoming = sum(1 for _, _, end in self.holds.values() if end > now)
        if upcoming >= limit:
            raise MemberBookingLimit(
                f"you may hold at most {limit} upcoming bookings", about="member"
            )

    def hold(self, booking_id: UUID, kind: str, interval: Interval, now: datetime) -> None:
        self._hold(booking_id, kind, interval.start, interval.end, now)

    class Held(Aggregate.Event):
        booking_id: UUID
        kind: str
        start: datetime
        end: datetime
        at: datetime | None = None

    @event(Held)
    def _hold(
        self,
        booking_id: UUID,
        kind: str,
        start: datetime,
        end: datetime,
        at: datetime | None = None,
    ) -> None:
        # Bookings long over when this one is placed no longer count against any limit:
        # forget them. The cut-off is the time of placing (``at``), not the new booking's
        # start: a booking far ahead must not forget upcoming ones. It depends only on event
        # data, so a replay gives the same state; events recorded without ``at`` forget nothing.
        if at is not None:
            cut_off = at - KEEP_ENDED
            for old_id in [b for b, (_, _, e) in self.holds.items() if e < cut_off]:
                del self.holds[old_id]
        self.holds[booking_id] = (kind, start, end)

    def release(self, booking_id: UUID) -> None:
        if booking_id in self.holds:
            self._release(booking_id)

    class Released(Aggregate.Event):
        booking_id: UUID

    @event(Released)
    def _release(self, booking_id: UUID) -> None:
        del self.holds[booking_id]
