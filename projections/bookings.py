"""Bookings: what holds each resource (availability) and each member's bookings."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.booking import APPROVAL_EXPIRED, Booking
from projections.base import ViewProjection
from projections.tables import HoldRow, MemberBookingRow


class AvailabilityProjection(ViewProjection):
    name = "availability"
    tables = (HoldRow,)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    @process_event.register(Booking.Placed)
    def _placed(self, e: Booking.Placed, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                HoldRow,
                booking_id=e.originator_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                start=e.start,
                end=e.end,
                quantity=e.quantity,
            )

    @process_event.register(Booking.Cancelled)
    @process_event.register(Booking.Declined)
    @process_event.register(Booking.CheckedOut)
    @process_event.register(Booking.ReleasedAsNoShow)
    def _released(self, e: Any, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.forget(HoldRow, e.originator_id)

    @process_event.register(Booking.Moved)
    def _moved(self, e: Booking.Moved, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.change(HoldRow, e.originator_id, resource_id=e.resource_id)


class MemberBookingsProjection(ViewProjection):
    name = "member_bookings"
    tables = (MemberBookingRow,)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    @process_event.register(Booking.Placed)
    def _placed(self, e: Booking.Placed, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                MemberBookingRow,
                booking_id=e.originator_id,
                member_id=e.member_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                kind=e.kind,
                start=e.start,
                end=e.end,
                quantity=e.quantity,
                status="pending" if e.pending else "confirmed",
                placed_at=e.placed_at,
                changed_at=e.timestamp,
                version=e.originator_version,
                cancel_note="",
                placed_by=e.placed_by,
                checked_in_at=e.placed_at if e.drop_in else None,
                drop_in=e.drop_in,
            )

    def _change(self, e: Any, tracking: Tracking, **values: Any) -> None:
        with self.view.transaction(tracking) as rows:
            values.update(changed_at=e.timestamp, version=e.originator_version)
            rows.change(MemberBookingRow, e.originator_id, **values)

    @process_event.register(Booking.Cancelled)
    def _cancelled(self, e: Booking.Cancelled, tracking: Tracking) -> None:
        self._change(
            e, tracking, status="cancelled", cancel_reason=e.reason or None, cancel_note=e.note
        )

    @process_event.register(Booking.Approved)
    def _approved(self, e: Booking.Approved, tracking: Tracking) -> None:
        self._change(e, tracking, status="confirmed")

    @process_event.register(Booking.Declined)
    def _declined(self, e: Booking.Declined, tracking: Tracking) -> None:
        reason = APPROVAL_EXPIRED if e.expired else None
        self._change(e, tracking, status="declined", cancel_reason=reason, cancel_note=e.note)

    @process_event.register(Booking.CheckedIn)
    def _checked_in(self, e: Booking.CheckedIn, tracking: Tracking) -> None:
        self._change(e, tracking, checked_in_at=e.at)

    @process_event.register(Booking.CheckedOut)
    def _checked_out(self, e: Booking.CheckedOut, tracking: Tracking) -> None:
        self._change(e, tracking, status="completed")

    @process_event.register(Booking.ReleasedAsNoShow)
    def _no_show(self, e: Booking.ReleasedAsNoShow, tracking: Tracking) -> None:
        self._change(e, tracking, status="no-show")

    @process_event.register(Booking.Moved)
    def _moved(self, e: Booking.Moved, tracking: Tracking) -> None:
        self._change(e, tracking, resource_id=e.resource_id)
