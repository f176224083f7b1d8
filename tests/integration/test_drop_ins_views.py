"""Drop-ins in the views, on SQLite and PostgreSQL: a walk-in holds its resource, shows as a
checked-in drop-in in the host's and the usage view, and a rebuild gives the same rows."""

from __future__ import annotations

from sqlalchemy import select

from projections.tables import HoldRow, MemberBookingRow
from projections.usage_tables import UsageBookingRow
from service.application import dropins
from service.application.dropins import RegisterDropIn
from service.container import Container
from tests.conftest import Clock
from tests.integration.conftest import TUESDAY, Office, at, dump_views, store_position


def test_a_drop_in_is_held_checked_in_and_counted_as_drop_in_use_and_rebuilds_the_same(
    container: Container, clock: Clock, office: Office
) -> None:
    clock.now = at(TUESDAY, "13:20")
    host, _ = container.members.add(email="vard@example.se", name="Värd", role="host")
    command = RegisterDropIn(host, office.site_id, at(TUESDAY, "15:00"), resource_id=office.room)
    placed = dropins.register(container.ctx, command).booking
    container.wait_for_all(store_position(container))

    with container.engine.connect() as c:
        mine = c.execute(select(MemberBookingRow)).one()
        usage = c.execute(select(UsageBookingRow)).one()
        held = list(c.scalars(select(HoldRow.booking_id)))
    assert (mine.drop_in, mine.checked_in_at, mine.start) == (
        True,
        at(TUESDAY, "13:20"),
        at(TUESDAY, "13:15"),
    )
    assert (usage.drop_in, usage.check_in_method) == (True, "host")
    assert held == [placed.id]

    live = dump_views(container.engine)
    assert container.follower is not None
    container.follower.stop()
    container.follower = None
    container.views.rebuild(container.store)

    assert dump_views(container.engine) == live
