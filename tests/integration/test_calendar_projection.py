"""The calendar projection on a real store (SQLite and PostgreSQL): which feeds show a
booking, for how long, the version a poll compares, and that a rebuild gives the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import event, select

from domain.time import Interval
from projections.calendar import CalendarFeedVersionRow, CalendarProjection, next_last_modified
from projections.db import ViewBase
from projections.queries import FeedEntry
from service.application import calendars
from service.application.errors import NotFound
from service.container import Container
from service.presentation import ics
from service.registry.feeds import Issued
from tests.builders import STOCKHOLM, at
from tests.calendar_support import instant, parse
from tests.conftest import Clock
from tests.driver import Driver

ALL_WEEK = {d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MEMBER = UUID("5d7c3b8e-2f61-4c1a-9e0b-3a9f1c2d4e5f")
OTHER = UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")


class Office:
    def __init__(self, container: Container) -> None:
        app = Driver(container)
        self.container = container
        self.site = app.register_site(
            name="Grannskapskontoret Frövi, Storå",
            address="Storgatan 1; ingång B",
            locality="Frövi",
            opening_hours=ALL_WEEK,
        ).id
        self.desk = app.add_resource(self.site, kind="desk", name="Skrivbord 1").id
        self.room = app.add_resource(self.site, kind="room", name="Mötesrum Ån", seats=4).id
        self.settle()

    def settle(self) -> None:
        self.container.wait_for_all(self.container.store.recorder.max_notification_id() or 0)

    def book(self, member: UUID, resource: UUID, day: date, start: str, end: str) -> UUID:
        interval = Interval.of(at(day, start), at(day, end))
        booking = Driver(self.container).book(member, resource, interval).id
        self.settle()
        return booking

    def cancel(self, booking: UUID, member: UUID) -> None:
        Driver(self.container).cancel(booking, member)
        self.settle()


@pytest.fixture
def office(container: Container) -> Office:
    return Office(container)


class Feeds:
    """The calendar feeds as the use cases and the read API give them."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.ctx = container.ctx

    def entries(self, kind: str, subject: UUID) -> list[FeedEntry]:
        return self.container.queries.feed_entries(kind, subject, self.container.now())

    def state(self, token: str) -> calendars.FeedState | None:
        try:
            return calendars.feed(self.ctx, token)
        except NotFound:
            return None

    def issue_if_none(self, kind: str, subject: UUID) -> Issued:
        return self.container.feed_tokens.issue_if_none(kind, subject)

    def rotate(self, kind: str, subject: UUID) -> Issued:
        return self.container.feed_tokens.rotate(kind, subject)


@pytest.fixture
def feeds(container: Container) -> Feeds:
    return Feeds(container)


def uids(entries: list[FeedEntry]) -> list[UUID]:
    return [e.booking_id for e in entries]


def test_a_booking_shows_in_its_members_its_resources_and_its_sites_feed(
    office: Office, feeds: Feeds
) -> None:
    booking = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    office.book(OTHER, office.room, date(2026, 12, 1), "09:00", "10:00")
    assert uids(feeds.entries("member", MEMBER)) == [booking]
    assert uids(feeds.entries("resource", office.desk)) == [booking]
    assert len(feeds.entries("site", office.site)) == 2
    (entry,) = feeds.entries("member", MEMBER)
    assert (entry.resource_name, entry.site_name) == (
        "Skrivbord 1",
        "Grannskapskontoret Frövi, Storå",
    )
    assert (entry.address, entry.locality, entry.timezone) == (
        "Storgatan 1; ingång B",
        "Frövi",
        "Europe/Stockholm",
    )
    assert (entry.start, entry.end) == (
        at(date(2026, 12, 1), "09:00"),
        at(date(2026, 12, 1), "12:00"),
    )
    assert (entry.status, entry.sequence) == ("confirmed", 0)


def test_a_cancellation_raises_the_sequence_and_stays_in_the_feed_for_thirty_days(
    office: Office, feeds: Feeds, clock: Clock
) -> None:
    booking = office.book(MEMBER, office.desk, date(2026, 12, 20), "09:00", "12:00")
    clock.advance(hours=2)
    office.cancel(booking, MEMBER)
    (entry,) = feeds.entries("member", MEMBER)
    assert (entry.status, entry.sequence) == ("cancelled", 1)
    assert entry.last_modified == clock.now
    clock.advance(days=30, seconds=-1)
    assert uids(feeds.entries("resource", office.desk)) == [booking]
    clock.advance(seconds=1)
    assert feeds.entries("member", MEMBER) == []
    assert feeds.entries("resource", office.desk) == []
    assert feeds.entries("site", office.site) == []


def test_a_booking_leaves_the_feed_thirty_days_after_it_ended(
    office: Office, feeds: Feeds, clock: Clock
) -> None:
    booking = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    clock.now = at(date(2026, 12, 31), "11:59")
    assert uids(feeds.entries("member", MEMBER)) == [booking]
    clock.now = at(date(2026, 12, 31), "12:00")
    assert feeds.entries("member", MEMBER) == []


def test_a_check_in_changes_nothing_a_calendar_shows(
    office: Office, feeds: Feeds, clock: Clock
) -> None:
    booking = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    token = feeds.issue_if_none("member", MEMBER).token
    assert token is not None
    before = (feeds.state(token), feeds.entries("member", MEMBER))
    clock.now = at(date(2026, 12, 1), "09:05")
    Driver(office.container).check_in(booking)
    office.settle()
    assert (feeds.state(token), feeds.entries("member", MEMBER)) == before


def test_a_check_out_ends_the_entry_when_the_member_left(
    office: Office, feeds: Feeds, clock: Clock
) -> None:
    booking = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    clock.now = at(date(2026, 12, 1), "09:05")
    Driver(office.container).check_in(booking)
    clock.now = at(date(2026, 12, 1), "10:30")
    Driver(office.container).check_out(booking)
    office.settle()
    for kind, subject in (("member", MEMBER), ("resource", office.desk), ("site", office.site)):
        (entry,) = feeds.entries(kind, subject)
        assert (entry.status, entry.end, entry.sequence) == ("completed", clock.now, 2)
    clock.now = at(date(2026, 12, 31), "10:30")
    assert feeds.entries("member", MEMBER) == []


def test_a_booking_released_as_a_no_show_is_cancelled_in_every_feed(
    office: Office, feeds: Feeds, clock: Clock
) -> None:
    booking = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    clock.now = at(date(2026, 12, 1), "09:45")
    assert Driver(office.container).release_if_no_show(booking) is not None
    office.settle()
    for kind, subject in (("member", MEMBER), ("resource", office.desk), ("site", office.site)):
        (entry,) = feeds.entries(kind, subject)
        assert (entry.status, entry.last_modified) == ("no-show", clock.now)
        assert entry.end == at(date(2026, 12, 1), "12:00")
    feed = parse(ics.busy_calendar("n", "u", feeds.entries("resource", office.desk)))
    assert str(feed.events()[0]["STATUS"]) == "CANCELLED"


def test_every_change_moves_the_feed_version_and_its_last_modified_by_whole_seconds(
    office: Office, container: Container
) -> None:
    def version(kind: str, subject: UUID) -> tuple[int, datetime]:
        with container.engine.connect() as c:
            row = c.execute(
                select(CalendarFeedVersionRow.version, CalendarFeedVersionRow.last_modified).where(
                    CalendarFeedVersionRow.feed_kind == kind,
                    CalendarFeedVersionRow.subject_id == subject,
                )
            ).one()
        return row[0], row[1]

    first = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "10:00")
    v1 = version("member", MEMBER)
    office.book(MEMBER, office.room, date(2026, 12, 1), "13:00", "14:00")  # same clock second
    v2 = version("member", MEMBER)
    office.cancel(first, MEMBER)
    v3 = version("member", MEMBER)
    assert v1[0] < v2[0] < v3[0]
    seconds = [v[1].replace(microsecond=0) for v in (v1, v2, v3)]
    assert seconds[0] < seconds[1] < seconds[2]
    assert version("resource", office.room)[0] == v2[0]


def test_last_modified_moves_on_a_second_only_when_a_change_falls_in_the_same_one() -> None:
    t = datetime(2026, 12, 1, 8, 0, 0, 250_000, tzinfo=UTC)
    assert next_last_modified(None, t) == t
    assert next_last_modified(t, t + timedelta(seconds=5)) == t + timedelta(seconds=5)
    assert next_last_modified(t, t + timedelta(milliseconds=100)) == datetime(
        2026, 12, 1, 8, 0, 1, tzinfo=UTC
    )


def test_a_feed_across_the_daylight_saving_changes_puts_each_booking_at_its_instant(
    container: Container, clock: Clock, feeds: Feeds
) -> None:
    clock.now = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
    office = Office(container)
    spring = [
        office.book(MEMBER, office.desk, day, "09:00", "12:00")
        for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30))
    ]
    clock.now = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)
    autumn = [
        office.book(MEMBER, office.desk, day, "09:00", "12:00")
        for day in (date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26))
    ]
    clock.now = datetime(2026, 3, 21, 8, 0, tzinfo=UTC)
    entries = feeds.entries("member", MEMBER)
    assert uids(entries) == spring + autumn
    feed = parse(ics.member_calendar(entries, MEMBER, "https://grannskap.example", "en"))
    for e in entries:
        uid = str(e.booking_id)
        local = e.start.astimezone(STOCKHOLM)
        assert (local.hour, local.minute) == (9, 0)
        assert instant(feed.icalendar, feed.event(uid), "DTSTART") == e.start
        assert feed.strict_event(uid).dtstart.astimezone(UTC) == e.start
        assert feed.strict_event(uid).dtend.astimezone(UTC) == e.end
    offsets = [e.start.astimezone(STOCKHOLM).utcoffset() for e in entries]
    assert offsets == [timedelta(hours=h) for h in (1, 2, 2, 2, 1, 1)]


def test_a_poll_costs_two_indexed_queries_the_token_first(
    office: Office, feeds: Feeds, container: Container
) -> None:
    office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    token = feeds.issue_if_none("member", MEMBER).token
    assert token is not None
    statements: list[Any] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(container.engine, "before_cursor_execute", listener)
    try:
        state = feeds.state(token)
    finally:
        event.remove(container.engine, "before_cursor_execute", listener)
    assert state is not None and state.feed_kind == "member" and state.version > 0
    assert len(statements) == 2
    assert "calendar_feed" in statements[0]


def test_a_rotated_token_opens_nothing_and_the_new_one_opens_the_same_feed(
    office: Office, feeds: Feeds
) -> None:
    first = feeds.issue_if_none("member", MEMBER)
    assert first.token is not None
    assert feeds.issue_if_none("member", MEMBER).token is None  # shown once only
    second = feeds.rotate("member", MEMBER)
    assert second.token is not None and second.token != first.token
    assert feeds.state(first.token) is None
    state = feeds.state(second.token)
    assert state is not None and state.subject_id == MEMBER
    assert feeds.state("x" * 32) is None


@pytest.mark.parametrize("batch", [5000, 2])
def test_a_rebuild_gives_the_same_calendar_tables_as_following_live(
    office: Office, container: Container, clock: Clock, batch: int
) -> None:
    kept = office.book(MEMBER, office.desk, date(2026, 12, 1), "09:00", "12:00")
    office.book(OTHER, office.room, date(2026, 12, 1), "09:00", "10:00")
    office.book(MEMBER, office.room, date(2026, 12, 2), "13:00", "14:00")
    clock.advance(minutes=5)
    office.cancel(kept, MEMBER)
    tables = [t.__table__ for t in CalendarProjection.tables]
    assert {t.name for t in tables} <= set(ViewBase.metadata.tables)

    def dump() -> dict[str, list[tuple[Any, ...]]]:
        with container.engine.connect() as c:
            return {
                t.name: [tuple(r) for r in c.execute(select(t).order_by(*t.primary_key.columns))]
                for t in tables
            }

    live = dump()
    assert len(live["view_calendar_booking"]) == 3
    assert len(live["view_calendar_entry"]) == 9
    assert container.follower is not None
    container.follower.stop()  # the rebuild runs as the CLI's does: nobody else follows
    container.follower = None
    container.views.rebuild(container.store, batch=batch)
    assert dump() == live
