"""Two hosts move two bookings to the same free desk at the same instant, on the real stores
(SQLite and PostgreSQL) with real threads released together: the desk's ledger lets exactly
one move in; the other is refused as taken and its booking stays where it was."""

from __future__ import annotations

from uuid import uuid4

from domain.errors import SlotTaken
from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from service.application import moves
from service.application.bookings import BookingChanged
from service.cli.operator import Operator, as_member
from service.container import Container
from tests.builders import TUESDAY, Office
from tests.integration.conftest import slot, store_position
from tests.integration.test_concurrent_plans import all_at_once


def test_two_hosts_moving_two_bookings_to_one_desk_at_once_move_exactly_one(
    container: Container, office: Office
) -> None:
    operator = Operator(container)
    desk_c = operator.add_resource(office.site_id, kind="desk", name="Desk C").id
    when = slot(TUESDAY, "09:00", "12:00")
    first = operator.book(uuid4(), office.desk_a, when).id
    second = operator.book(uuid4(), office.desk_b, when).id
    hosts = [as_member(uuid4(), "admin"), as_member(uuid4(), "admin")]
    container.wait_for_all(store_position(container))

    results = all_at_once(
        [
            lambda: moves.move(container.ctx, moves.MoveBooking(hosts[0], first, desk_c)),
            lambda: moves.move(container.ctx, moves.MoveBooking(hosts[1], second, desk_c)),
        ]
    )

    won = [r for r in results if isinstance(r, BookingChanged)]
    refused = [r for r in results if isinstance(r, SlotTaken)]
    assert (len(won), len(refused)) == (1, 1), results
    winner = won[0].booking.id
    loser, loser_desk = (second, office.desk_b) if winner == first else (first, office.desk_a)
    store = container.store
    assert store.booking(winner).resource_id == desk_c
    assert store.booking(loser).resource_id == loser_desk
    ledger = store.load(ResourceDay, resource_day_id(desk_c, TUESDAY), "ledger")
    assert list(ledger.holds) == [winner]
    container.wait_for_all(store_position(container))
    assert container.queries.booking(loser).resource_id == loser_desk  # type: ignore[union-attr]
    assert container.queries.booking(winner).resource_id == desk_c  # type: ignore[union-attr]
