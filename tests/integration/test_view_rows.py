"""The rows a batch writes are plain dicts written by Core statements when it ends: one
statement per table and kind of change, found before they are written, changed after a
statement of the handler's own in the middle of the batch, and removable in the same
batch."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import create_engine, event, func, select

from projections.calendar import CalendarFeedVersionRow
from projections.db import ViewBase
from projections.rows import Rows
from projections.tables import HoldRow, MemberBookingRow

START = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
END = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)


def _engine():
    engine = create_engine("sqlite://")
    ViewBase.metadata.create_all(engine)
    return engine


def _add_hold(rows: Rows, booking_id=None, quantity: int = 1) -> dict:
    return rows.add(
        HoldRow,
        booking_id=booking_id or uuid4(),
        site_id=uuid4(),
        resource_id=uuid4(),
        start=START,
        end=END,
        quantity=quantity,
    )


def _statements(engine) -> list[str]:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    return statements


def _count(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(HoldRow.__table__))


def _quantity(engine, key) -> int | None:
    with engine.connect() as connection:
        table = HoldRow.__table__
        return connection.scalar(select(table.c.quantity).where(table.c.booking_id == key))


def test_the_rows_of_a_batch_reach_the_table_in_one_statement_per_table() -> None:
    engine = _engine()
    statements = _statements(engine)
    with engine.begin() as connection:
        rows = Rows(connection)
        for _ in range(50):
            _add_hold(rows)
        rows.write()
    assert len([s for s in statements if s.startswith("INSERT")]) == 1
    assert _count(engine) == 50


def test_a_row_added_in_the_batch_is_found_and_its_changes_are_written_once() -> None:
    engine = _engine()
    statements = _statements(engine)
    with engine.begin() as connection:
        rows = Rows(connection)
        key = _add_hold(rows)["booking_id"]
        rows.change(HoldRow, key, quantity=3)
        assert rows.get(HoldRow, key)["quantity"] == 3  # type: ignore[index]
        rows.write()
    assert not [s for s in statements if s.startswith(("UPDATE", "SELECT"))]
    assert _quantity(engine, key) == 3


def test_rows_of_earlier_batches_are_changed_by_one_update_of_many_parameter_sets() -> None:
    engine = _engine()
    with engine.begin() as connection:
        rows = Rows(connection)
        keys = [_add_hold(rows)["booking_id"] for _ in range(10)]
        rows.write()
    statements = _statements(engine)
    with engine.begin() as connection:
        rows = Rows(connection)
        rows.prefetch(HoldRow, keys)
        for n, key in enumerate(keys):
            rows.change(HoldRow, key, quantity=n + 2)
        rows.write()
    assert len([s for s in statements if s.startswith("UPDATE")]) == 1
    assert len([s for s in statements if s.startswith("SELECT")]) == 1
    assert [_quantity(engine, key) for key in keys] == list(range(2, 12))


def test_a_statement_in_the_middle_of_a_batch_sees_its_rows_and_later_changes_are_kept() -> None:
    engine = _engine()
    with engine.begin() as connection:
        rows = Rows(connection)
        key = _add_hold(rows)["booking_id"]
        assert rows.scalar(select(func.count()).select_from(HoldRow.__table__)) == 1
        rows.change(HoldRow, key, quantity=2)
        rows.write()
    assert _count(engine) == 1
    assert _quantity(engine, key) == 2


def test_a_row_added_and_forgotten_in_one_batch_is_never_written() -> None:
    engine = _engine()
    statements = _statements(engine)
    with engine.begin() as connection:
        rows = Rows(connection)
        key = _add_hold(rows)["booking_id"]
        rows.forget(HoldRow, key)
        assert rows.get(HoldRow, key) is None
        rows.write()
    assert _count(engine) == 0
    assert not [s for s in statements if s.startswith(("INSERT", "DELETE"))]


def test_a_row_of_an_earlier_batch_can_be_replaced_under_the_same_key_in_one_batch() -> None:
    engine = _engine()
    key = uuid4()
    with engine.begin() as connection:
        rows = Rows(connection)
        _add_hold(rows, key)
        rows.write()
    with engine.begin() as connection:
        rows = Rows(connection)
        rows.forget(HoldRow, key)
        _add_hold(rows, key, quantity=4)
        rows.write()
    assert _count(engine) == 1
    assert _quantity(engine, key) == 4


def test_a_row_of_an_earlier_batch_is_deleted() -> None:
    engine = _engine()
    with engine.begin() as connection:
        rows = Rows(connection)
        key = _add_hold(rows)["booking_id"]
        rows.write()
    with engine.begin() as connection:
        rows = Rows(connection)
        rows.change(HoldRow, key, quantity=9)
        rows.forget(HoldRow, key)
        rows.write()
    assert _count(engine) == 0


def test_columns_left_unset_take_their_defaults() -> None:
    engine = _engine()
    booking_id = uuid4()
    with engine.begin() as connection:
        rows = Rows(connection)
        rows.add(
            MemberBookingRow,
            booking_id=booking_id,
            member_id=uuid4(),
            site_id=uuid4(),
            resource_id=uuid4(),
            kind="desk",
            start=START,
            end=END,
            quantity=1,
            status="confirmed",
            placed_at=START,
            changed_at=START,
            version=1,
        )
        rows.write()
    with engine.connect() as connection:
        table = MemberBookingRow.__table__
        stored = connection.execute(select(table).where(table.c.booking_id == booking_id)).one()
    assert stored.cancel_note == ""
    assert stored.checked_in_at is None
    assert stored.drop_in is False


def test_a_prefetch_finds_several_rows_in_one_query_and_knows_the_absent_ones() -> None:
    engine = _engine()
    known = ("member", uuid4())
    with engine.begin() as connection:
        rows = Rows(connection)
        rows.add(
            CalendarFeedVersionRow,
            feed_kind=known[0],
            subject_id=known[1],
            version=3,
            last_modified=START,
        )
        rows.write()
    missing = ("site", uuid4())
    statements = _statements(engine)
    with engine.begin() as connection:
        rows = Rows(connection)
        rows.prefetch(CalendarFeedVersionRow, [known, missing])
        found = rows.get(CalendarFeedVersionRow, known)
        assert found is not None and found["version"] == 3
        assert found["last_modified"] == START
        assert rows.get(CalendarFeedVersionRow, missing) is None
    assert len([s for s in statements if s.startswith("SELECT")]) == 1
