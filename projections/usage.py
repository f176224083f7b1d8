"""Usage: the projection the evaluators' reports read.

It keeps its own copy of everything a report needs (sites' opening hours and closures,
resources, every booking with what became of it, every refused attempt), learned from the
events only, so that a rebuild gives exactly the same rows.

Events about sites and resources carry no time of the application's clock (only the
library's wall-clock ``timestamp``, which a simulated or replayed history does not follow).
So this projection dates them by the latest booking activity recorded before them in the
log: the last placement, refusal, cancellation, check-in, check-out or no-show release
(``effective_from``). Before any such activity, ``effective_from`` is empty: "from the start".
Member ids are kept only to count distinct members; no report ever shows them. The tables
are in ``projections/usage_tables.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from sqlalchemy import delete, func, select, update

from domain.booking import Booking, BookingRefused
from domain.resource import Resource
from domain.search import EmptySearch
from domain.site import Site
from domain.vocabulary import stored_features
from domain.waitlist import Waitlist
from projections.base import Rows, ViewProjection
from projections.usage_tables import (
    USAGE_TABLES,
    UsageBookingRow,
    UsageClosureRow,
    UsageHoursRow,
    UsageRefusalRow,
    UsageResourceRow,
    UsageSearchRow,
    UsageSiteRow,
    UsageWaitlistRow,
)


def latest_activity(rows: Rows) -> datetime | None:
    """The latest instant of the application's clock that the log has shown so far."""
    booked = rows.scalar(select(func.max(UsageBookingRow.last_activity_at)))
    refused = rows.scalar(select(func.max(UsageRefusalRow.at)))
    known = [t for t in (booked, refused) if t is not None]
    return max(known) if known else None


def _add_hours(rows: Rows, e: Any) -> None:
    """The opening hours a site registration or change puts in effect from now on."""
    rows.add(
        UsageHoursRow,
        site_id=e.originator_id,
        version=e.originator_version,
        effective_from=latest_activity(rows),
        opening_hours=e.opening_hours,
    )


class UsageProjection(ViewProjection):
    name = "usage"
    tables = USAGE_TABLES

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    # -- sites ---------------------------------------------------------------------------

    @process_event.register(Site.Registered)
    def _site_registered(self, e: Site.Registered, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(UsageSiteRow, site_id=e.originator_id, name=e.name, timezone=e.timezone)
            _add_hours(rows, e)

    @process_event.register(Site.OpeningHoursSet)
    def _opening_hours_set(self, e: Site.OpeningHoursSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            _add_hours(rows, e)

    @process_event.register(Site.ClosureAdded)
    def _closure_added(self, e: Site.ClosureAdded, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                UsageClosureRow,
                site_id=e.originator_id,
                version=e.originator_version,
                first_day=date.fromisoformat(e.first_day),
                last_day=date.fromisoformat(e.last_day),
            )

    @process_event.register(Site.ClosureRemoved)
    def _closure_removed(self, e: Site.ClosureRemoved, tracking: Tracking) -> None:
        """The days are open again: the report counts them as open days."""
        with self.view.transaction(tracking) as rows:
            rows.execute(
                delete(UsageClosureRow).where(
                    UsageClosureRow.site_id == e.originator_id,
                    UsageClosureRow.first_day == date.fromisoformat(e.first_day),
                    UsageClosureRow.last_day == date.fromisoformat(e.last_day),
                )
            )

    # -- resources -----------------------------------------------------------------------

    @process_event.register(Resource.Added)
    def _resource_added(self, e: Resource.Added, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                UsageResourceRow,
                resource_id=e.originator_id,
                site_id=e.site_id,
                kind=e.kind,
                name=e.name,
                features=stored_features(e.features),
                seats=e.seats,
                quantity=e.quantity,
                added_from=latest_activity(rows),
                retired_from=None,
            )

    @process_event.register(Resource.Retired)
    def _resource_retired(self, e: Resource.Retired, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(UsageResourceRow)
                .where(UsageResourceRow.resource_id == e.originator_id)
                .values(retired_from=latest_activity(rows))
            )

    # -- bookings and refusals -----------------------------------------------------------

    @process_event.register(Booking.Placed)
    def _placed(self, e: Booking.Placed, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                UsageBookingRow,
                booking_id=e.originator_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                kind=e.kind,
                quantity=e.quantity,
                start=e.start,
                end=e.end,
                placed_at=e.placed_at,
                status="pending" if e.pending else "confirmed",
                last_activity_at=e.placed_at,
                member_id=e.member_id,
                features=e.features,
                drop_in=e.drop_in,
                checked_in_at=e.placed_at if e.drop_in else None,
                check_in_method="host" if e.drop_in else None,
            )

    def _change(self, e: Any, tracking: Tracking, **values: Any) -> None:
        with self.view.transaction(tracking) as rows:
            rows.change(UsageBookingRow, e.originator_id, **values, last_activity_at=e.at)

    @process_event.register(Booking.Cancelled)
    def _cancelled(self, e: Booking.Cancelled, tracking: Tracking) -> None:
        self._change(e, tracking, status="cancelled", cancelled_at=e.at)

    @process_event.register(Booking.Approved)
    def _approved(self, e: Booking.Approved, tracking: Tracking) -> None:
        self._change(e, tracking, status="confirmed")

    @process_event.register(Booking.Declined)
    def _declined(self, e: Booking.Declined, tracking: Tracking) -> None:
        """It held its resource while pending, until declined (as a cancellation does)."""
        self._change(e, tracking, status="declined", cancelled_at=e.at)

    @process_event.register(Booking.CheckedIn)
    def _checked_in(self, e: Booking.CheckedIn, tracking: Tracking) -> None:
        self._change(e, tracking, checked_in_at=e.at, check_in_method=e.method)

    @process_event.register(Booking.Moved)
    def _moved(self, e: Booking.Moved, tracking: Tracking) -> None:
        self._change(e, tracking, resource_id=e.resource_id)

    @process_event.register(Booking.CheckedOut)
    def _checked_out(self, e: Booking.CheckedOut, tracking: Tracking) -> None:
        self._change(e, tracking, status="completed", checked_out_at=e.at)

    @process_event.register(Booking.ReleasedAsNoShow)
    def _no_show(self, e: Booking.ReleasedAsNoShow, tracking: Tracking) -> None:
        self._change(e, tracking, status="no-show", released_at=e.at)

    @process_event.register(BookingRefused.Recorded)
    def _refused(self, e: BookingRefused.Recorded, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                UsageRefusalRow,
                refusal_id=e.originator_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                kind=e.kind,
                start=e.start,
                end=e.end,
                rule=e.rule,
                at=e.at,
                member_id=e.member_id,
                pool=e.pool,
                features=e.features,
                quantity=e.quantity,
            )

    @process_event.register(EmptySearch.Recorded)
    def _searched(self, e: EmptySearch.Recorded, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                UsageSearchRow,
                search_id=e.originator_id,
                site_id=e.site_id,
                kind=e.kind,
                start=e.start,
                end=e.end,
                at=e.at,
                features=e.features,
                member_id=e.member_id,
            )

    @process_event.register(Resource.FeaturesSet)
    def _features_set(self, e: Resource.FeaturesSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(UsageResourceRow)
                .where(UsageResourceRow.resource_id == e.originator_id)
                .values(features=stored_features(e.features))
            )

    # -- waitlists -----------------------------------------------------------------------

    @process_event.register(Waitlist.Joined)
    def _waitlist_joined(self, e: Waitlist.Joined, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                UsageWaitlistRow,
                entry_id=e.entry_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                kind=e.kind,
                start=e.start,
                end=e.end,
                quantity=e.quantity,
                joined_at=e.at,
                status="waiting",
                changed_at=e.at,
                member_id=e.member_id,
            )

    def _waitlist_change(self, e: Any, tracking: Tracking, **values: Any) -> None:
        with self.view.transaction(tracking) as rows:
            rows.change(UsageWaitlistRow, e.entry_id, **values, changed_at=e.at)

    @process_event.register(Waitlist.Served)
    def _waitlist_served(self, e: Waitlist.Served, tracking: Tracking) -> None:
        self._waitlist_change(e, tracking, status="served", booking_id=e.booking_id)

    @process_event.register(Waitlist.Expired)
    def _waitlist_expired(self, e: Waitlist.Expired, tracking: Tracking) -> None:
        self._waitlist_change(e, tracking, status="expired")

    @process_event.register(Waitlist.Left)
    def _waitlist_left(self, e: Waitlist.Left, tracking: Tracking) -> None:
        self._waitlist_change(e, tracking, status="left")
