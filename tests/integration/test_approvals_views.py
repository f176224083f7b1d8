"""Approvals in the views, on SQLite and PostgreSQL: a pending booking holds its resource and
shows as pending to the member, in the calendar and in the usage view; approved and declined
ones follow; and dropping the views and replaying the log gives the same rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from projections.calendar import CalendarBookingRow
from projections.tables import HoldRow, MemberBookingRow
from projections.usage_tables import UsageBookingRow
from service.application import approvals, bookings
from service.application.approvals import Decide, SetApproval
from service.application.bookings import Book
from service.container import Container
from tests.integration.conftest import TUESDAY, Office, at, dump_views, store_position


def statuses(container: Container, table: Any) -> dict[Any, str]:
    with container.engine.connect() as c:
        return {r.booking_id: r.status for r in c.execute(select(table))}


def test_pending_approved_and_declined_bookings_show_in_every_view_and_rebuild_the_same(
    container: Container, office: Office
) -> None:
    ctx = container.ctx
    host, _ = container.members.add(email="vard@example.se", name="Värd", role="host")
    people = [container.members.add(email=f"m{i}@example.se", name=f"M{i}")[0] for i in range(3)]
    approvals.set_approval(ctx, SetApproval(host, office.room, True))

    def room(i: int) -> Any:
        hour = f"{9 + i:02d}"
        command = Book(
            people[i], at(TUESDAY, f"{hour}:00"), at(TUESDAY, f"{hour}:45"), resource_id=office.room
        )
        return bookings.book(ctx, command).booking

    pending, approved, declined = room(0), room(1), room(2)
    approvals.approve(ctx, Decide(host, approved.id))
    approvals.decline(ctx, Decide(host, declined.id, note="Stängt för städning"))
    container.wait_for_all(store_position(container))

    expected = {pending.id: "pending", approved.id: "confirmed", declined.id: "declined"}
    assert statuses(container, MemberBookingRow) == expected
    assert statuses(container, UsageBookingRow) == expected
    calendar = statuses(container, CalendarBookingRow)
    assert calendar == {**expected, declined.id: "cancelled"}
    with container.engine.connect() as c:
        held = set(c.scalars(select(HoldRow.booking_id)))
    assert held == {pending.id, approved.id}

    live = dump_views(container.engine)
    assert container.follower is not None
    container.follower.stop()
    container.follower = None
    container.views.rebuild(container.store)

    assert dump_views(container.engine) == live
