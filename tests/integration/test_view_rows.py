"""The rows a batch adds are written with one statement per table when it commits, and
behave as if the ORM had written them: found before the commit, changed after a flush in
the middle of the batch, and removable in the same batch."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.orm import Session

from projections.db import ViewBase
from projections.rows import forget, lookup, remember
from projections.tables import HoldRow, MemberBookingRow

START = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
END = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)


def _engine():
    engine = create_engine("sqlite://")
    ViewBase.metadata.create_all(engine)
    return engine


def _hold(booking_id=None) -> HoldRow:
    return HoldRow(
        booking_id=booking_id or uuid4(),
        site_id=uuid4(),
        resource_id=uuid4(),
        start=START,
        end=END,
        quantity=1,
    )


def test_the_rows_of_a_batch_reach_the_table_in_one_statement_per_table() -> None:
    engine = _engine()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with Session(engine) as session, session.begin():
        for _ in range(50):
            row = _hold()
            remember(session, row, row.booking_id)
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert len(inserts) == 1
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(HoldRow)) == 50


def test_a_row_added_in_the_batch_is_found_and_its_changes_are_written() -> None:
    engine = _engine()
    row = _hold()
    with Session(engine) as session, session.begin():
        remember(session, row, row.booking_id)
        found = lookup(session, HoldRow, row.booking_id)
        assert found is row
        found.quantity = 3
    with Session(engine) as session:
        assert session.get(HoldRow, row.booking_id).quantity == 3  # type: ignore[union-attr]


def test_a_flush_in_the_middle_of_a_batch_keeps_later_changes_to_its_rows() -> None:
    engine = _engine()
    row = _hold()
    key = row.booking_id
    with Session(engine) as session, session.begin():
        remember(session, row, key)
        # A query flushes first (autoflush): the row must be in the table for it.
        assert session.scalar(select(func.count()).select_from(HoldRow)) == 1
        lookup(session, HoldRow, key).quantity = 2  # type: ignore[union-attr]
    with Session(engine) as session:
        assert session.get(HoldRow, key).quantity == 2  # type: ignore[union-attr]


def test_a_row_added_and_forgotten_in_one_batch_is_never_written() -> None:
    engine = _engine()
    row = _hold()
    with Session(engine) as session, session.begin():
        remember(session, row, row.booking_id)
        forget(session, HoldRow, row.booking_id)
        assert lookup(session, HoldRow, row.booking_id) is None
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(HoldRow)) == 0


def test_a_row_of_an_earlier_batch_can_be_replaced_under_the_same_key_in_one_batch() -> None:
    engine = _engine()
    key = uuid4()
    with Session(engine) as session, session.begin():
        remember(session, _hold(key), key)
    with Session(engine) as session, session.begin():
        forget(session, HoldRow, key)
        replacement = _hold(key)
        replacement.quantity = 4
        remember(session, replacement, key)
    with Session(engine) as session:
        assert session.get(HoldRow, key).quantity == 4  # type: ignore[union-attr]


def test_columns_left_unset_take_their_defaults() -> None:
    engine = _engine()
    booking_id = uuid4()
    with Session(engine) as session, session.begin():
        row = MemberBookingRow(
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
        remember(session, row, booking_id)
    with Session(engine) as session:
        stored = session.get(MemberBookingRow, booking_id)
        assert stored is not None
        assert stored.cancel_note == ""
        assert stored.checked_in_at is None


def test_a_prefetch_finds_several_rows_in_one_query_and_knows_the_absent_ones() -> None:
    from projections.calendar import CalendarFeedVersionRow
    from projections.rows import prefetch

    engine = _engine()
    known = ("member", uuid4())
    with Session(engine) as session, session.begin():
        remember(
            session,
            CalendarFeedVersionRow(
                feed_kind=known[0], subject_id=known[1], version=3, last_modified=START
            ),
            known,
        )
    missing = ("site", uuid4())
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with Session(engine) as session, session.begin():
        prefetch(session, CalendarFeedVersionRow, [known, missing])
        found = lookup(session, CalendarFeedVersionRow, known)
        assert found is not None and found.version == 3
        assert lookup(session, CalendarFeedVersionRow, missing) is None
    assert len([s for s in statements if s.startswith("SELECT")]) == 1
