"""Rendering bookings as iCalendar: pure functions, no database, read back with two parsers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from projections.queries import FeedEntry
from service.presentation import ics
from tests.calendar_support import instant, parse, raw_lines, vtimezone_offset, vtimezone_onsets

BASE = "https://grannskap.example"
MEMBER = UUID("0b7e0a52-1c1e-4a43-a1a5-7d7a6c0f9b11")
SPRING = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 02:00 CET becomes 03:00 CEST
AUTUMN = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 03:00 CEST becomes 02:00 CET


def entry(start: datetime, hours: float = 1, **changes: object) -> FeedEntry:
    base = FeedEntry(
        booking_id=uuid4(),
        kind="desk",
        quantity=1,
        resource_name="Skrivbord 1",
        site_name="Grannskapskontoret Frövi",
        address="Storgatan 1, 718 30 Frövi",
        locality="Frövi",
        timezone="Europe/Stockholm",
        start=start,
        end=start + timedelta(hours=hours),
        status="confirmed",
        sequence=0,
        created=datetime(2026, 1, 10, 8, 0, tzinfo=UTC),
        last_modified=datetime(2026, 1, 10, 8, 0, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_a_feed_names_itself_publishes_and_asks_to_be_refreshed_hourly() -> None:
    feed = parse(ics.member_calendar([entry(utc(2026, 12, 1, 8))], MEMBER, BASE, "en"))
    lines = raw_lines(feed)
    for line in (
        "VERSION:2.0",
        f"PRODID:{ics.PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:grannskap: my bookings",
        "X-WR-CALNAME:grannskap: my bookings",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert line in lines
    assert feed.ical.prodid == ics.PRODID
    assert feed.ical.method == "PUBLISH"
    assert feed.ical.refresh_interval == timedelta(hours=1)
    assert feed.ical.name == ["grannskap: my bookings"]


def test_an_event_carries_everything_a_calendar_client_relies_on() -> None:
    booking = entry(utc(2026, 12, 1, 8), hours=3, sequence=0)
    feed = parse(ics.member_calendar([booking], MEMBER, BASE, "en"))
    event = feed.event(str(booking.booking_id))
    assert event.decoded("DTSTAMP") == booking.last_modified
    assert event.decoded("LAST-MODIFIED") == booking.last_modified
    assert event.decoded("CREATED") == booking.created
    assert str(event["SUMMARY"]) == "Skrivbord 1 at Grannskapskontoret Frövi"
    assert str(event["LOCATION"]) == "Grannskapskontoret Frövi, Storgatan 1, 718 30 Frövi"
    description = str(event["DESCRIPTION"])
    link = f"{BASE}/my/bookings#booking-{booking.booking_id}"
    assert "Check in from 15 minutes before the start" in description
    assert f"Your booking: {link}" in description
    assert "/api/" not in description and "POST" not in description and "token" not in description
    assert str(event["URL"]) == link
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    strict = feed.strict_event(str(booking.booking_id))
    assert strict.dtstart.astimezone(UTC) == booking.start
    assert strict.dtend.astimezone(UTC) == booking.end
    assert strict.status == "CONFIRMED"


def test_the_location_does_not_repeat_a_locality_that_the_address_already_names() -> None:
    named = entry(utc(2026, 12, 1, 8), address="Storgatan 1", locality="Frövi")
    assert ics.location(named) == "Grannskapskontoret Frövi, Storgatan 1, Frövi"
    assert ics.location(entry(utc(2026, 12, 1, 8))).count("Frövi") == 2  # site name, address


@pytest.mark.parametrize(
    ("start", "local_start"),
    [
        (utc(2026, 3, 28, 8, 0), "20260328T090000"),  # the day before: CET, +01:00
        (utc(2026, 3, 29, 0, 30), "20260329T013000"),  # just before the change
        (utc(2026, 3, 29, 1, 0), "20260329T030000"),  # the first instant of CEST
        (utc(2026, 3, 29, 7, 0), "20260329T090000"),  # that morning: CEST, +02:00
        (utc(2026, 3, 30, 7, 0), "20260330T090000"),
    ],
)
def test_bookings_around_the_spring_change_keep_their_instants(
    start: datetime, local_start: str
) -> None:
    booking = entry(start)
    feed = parse(ics.member_calendar([booking], MEMBER, BASE, "en"))
    uid = str(booking.booking_id)
    assert f"DTSTART;TZID=Europe/Stockholm:{local_start}" in raw_lines(feed)
    event = feed.event(uid)
    assert instant(feed.icalendar, event, "DTSTART") == booking.start
    assert instant(feed.icalendar, event, "DTEND") == booking.end
    assert event.decoded("DTSTART").astimezone(UTC) == booking.start
    strict = feed.strict_event(uid)
    assert (strict.dtstart.astimezone(UTC), strict.dtend.astimezone(UTC)) == (
        booking.start,
        booking.end,
    )


@pytest.mark.parametrize(
    ("start", "written"),
    [
        (utc(2026, 10, 24, 7, 0), "DTSTART;TZID=Europe/Stockholm:20261024T090000"),
        (utc(2026, 10, 25, 0, 30), "DTSTART;TZID=Europe/Stockholm:20261025T023000"),
        # 02:30 again, an hour later: local time cannot say which, so it is written in UTC.
        (utc(2026, 10, 25, 1, 30), "DTSTART:20261025T013000Z"),
        (utc(2026, 10, 25, 8, 0), "DTSTART;TZID=Europe/Stockholm:20261025T090000"),
        (utc(2026, 10, 26, 8, 0), "DTSTART;TZID=Europe/Stockholm:20261026T090000"),
    ],
)
def test_bookings_around_the_autumn_change_keep_their_instants(
    start: datetime, written: str
) -> None:
    booking = entry(start, hours=0.5)
    feed = parse(ics.member_calendar([booking], MEMBER, BASE, "en"))
    uid = str(booking.booking_id)
    assert written in raw_lines(feed)
    event = feed.event(uid)
    assert instant(feed.icalendar, event, "DTSTART") == booking.start
    assert instant(feed.icalendar, event, "DTEND") == booking.end
    strict = feed.strict_event(uid)
    assert strict.dtstart.astimezone(UTC) == booking.start
    assert strict.dtend.astimezone(UTC) == booking.end


def test_the_vtimezone_changes_offset_when_the_tz_database_does() -> None:
    feed = parse(ics.member_calendar([entry(utc(2026, 6, 1, 8))], MEMBER, BASE, "en"))
    assert vtimezone_onsets(feed.icalendar, "Europe/Stockholm") == [SPRING, AUTUMN]
    offset = lambda at: vtimezone_offset(feed.icalendar, "Europe/Stockholm", at)  # noqa: E731
    assert offset(SPRING - timedelta(seconds=1)) == timedelta(hours=1)
    assert offset(SPRING) == timedelta(hours=2)
    assert offset(AUTUMN - timedelta(seconds=1)) == timedelta(hours=2)
    assert offset(AUTUMN) == timedelta(hours=1)


def test_the_vtimezone_covers_every_year_the_feed_uses() -> None:
    entries = [entry(utc(2026, 12, 30, 8)), entry(utc(2027, 7, 1, 8))]
    feed = parse(ics.member_calendar(entries, MEMBER, BASE, "en"))
    onsets = vtimezone_onsets(feed.icalendar, "Europe/Stockholm")
    assert onsets == [SPRING, AUTUMN, utc(2027, 3, 28, 1), utc(2027, 10, 31, 1)]
    for booking in entries:
        event = feed.event(str(booking.booking_id))
        assert instant(feed.icalendar, event, "DTSTART") == booking.start


def test_names_with_commas_semicolons_newlines_and_swedish_letters_are_escaped_and_folded() -> None:
    awkward = "Mötesrum Ån, övre plan; vid fönstret\nÅÄÖ åäö é"
    address = "Järnvägsgatan 12, 718 30 Frövi; ingång från gården"
    booking = entry(utc(2026, 12, 1, 8), resource_name=awkward, address=address * 2)
    feed = parse(ics.member_calendar([booking], MEMBER, BASE, "en"))
    lines = raw_lines(feed)
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary == (
        "SUMMARY:Mötesrum Ån\\, övre plan\\; vid fönstret\\nÅÄÖ åäö é at Grannskapskontoret Frövi"
    )
    assert any(line.startswith(" ") for line in feed.text.split("\r\n")), "long lines fold"
    event = feed.event(str(booking.booking_id))
    assert str(event["SUMMARY"]) == f"{awkward} at Grannskapskontoret Frövi"
    assert str(event["LOCATION"]) == f"Grannskapskontoret Frövi, {address * 2}"
    strict = feed.strict_event(str(booking.booking_id))
    assert strict.summary == f"{awkward} at Grannskapskontoret Frövi"
    assert strict.location == f"Grannskapskontoret Frövi, {address * 2}"


def test_a_calendar_name_with_commas_and_semicolons_is_escaped_too() -> None:
    feed = parse(ics.busy_calendar("grannskap: Rum 1, Frövi; norr", "uid-1", []))
    assert "NAME:grannskap: Rum 1\\, Frövi\\; norr" in raw_lines(feed)
    # icalendar 7 reads NAME (RFC 7986) as an unknown value, so the strict parser decides.
    assert feed.ical.name == ["grannskap: Rum 1, Frövi; norr"]


def test_a_cancelled_booking_is_marked_cancelled_with_a_higher_sequence() -> None:
    placed = entry(utc(2026, 12, 1, 8))
    cancelled = replace(
        placed, status="cancelled", sequence=1, last_modified=utc(2026, 11, 30, 9, 15)
    )
    before = parse(ics.member_calendar([placed], MEMBER, BASE, "en")).event(str(placed.booking_id))
    feed = parse(ics.member_calendar([cancelled], MEMBER, BASE, "en"))
    after = feed.event(str(placed.booking_id))
    assert str(after["STATUS"]) == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTAMP") == after.decoded("LAST-MODIFIED") == cancelled.last_modified
    assert str(after["SUMMARY"]).startswith("Cancelled: ")
    assert str(after["TRANSP"]) == "TRANSPARENT"
    assert feed.strict_event(str(placed.booking_id)).status == "CANCELLED"
    assert feed.strict_event(str(placed.booking_id)).sequence == 1


@pytest.mark.parametrize(
    ("status", "prefix", "shown"),
    [
        ("completed", "", "CONFIRMED"),
        ("cancelled", "Cancelled: ", "CANCELLED"),
        ("no-show", "Released (no check-in): ", "CANCELLED"),
    ],
)
def test_a_checked_out_booking_stays_confirmed_and_a_released_one_is_cancelled(
    status: str, prefix: str, shown: str
) -> None:
    booking = entry(utc(2026, 12, 1, 8), status=status, sequence=2)
    feed = parse(ics.member_calendar([booking], MEMBER, BASE, "en"))
    event = feed.event(str(booking.booking_id))
    assert str(event["SUMMARY"]) == f"{prefix}Skrivbord 1 at Grannskapskontoret Frövi"
    assert str(event["STATUS"]) == shown == feed.strict_event(str(booking.booking_id)).status
    assert "check-in" not in str(event["DESCRIPTION"])
    (busy,) = parse(ics.busy_calendar("n", "u", [booking])).events()
    assert str(busy["STATUS"]) == shown
    assert "no check-in" not in str(busy["SUMMARY"])


def test_busy_blocks_name_no_member_and_no_booking() -> None:
    booking = entry(utc(2026, 12, 1, 8), kind="equipment", resource_name="Headset", quantity=2)
    feed = parse(ics.busy_calendar("grannskap: Headset", "uid-1", [booking]))
    (event,) = feed.events()
    assert str(event["SUMMARY"]) == "Bokat: Headset \N{MULTIPLICATION SIGN}2"
    assert str(booking.booking_id) not in feed.text
    assert str(MEMBER) not in feed.text
    assert "URL" not in event
    assert instant(feed.icalendar, event, "DTSTART") == booking.start


def test_a_busy_block_keeps_its_uid_from_placing_to_cancelling() -> None:
    placed = entry(utc(2026, 12, 1, 8))
    cancelled = replace(placed, status="cancelled", sequence=1)
    uids = [
        str(parse(ics.busy_calendar("n", "u", [e])).events()[0]["UID"]) for e in (placed, cancelled)
    ]
    assert uids[0] == uids[1] != str(placed.booking_id)


def test_the_same_bookings_render_to_the_same_bytes() -> None:
    entries = [entry(utc(2026, 12, day, 8)) for day in range(1, 6)]
    first = ics.member_calendar(entries, MEMBER, BASE, "en")
    ics.member_event.cache_clear()
    assert ics.member_calendar(entries, MEMBER, BASE, "en") == first


def test_an_empty_feed_is_a_valid_calendar() -> None:
    feed = parse(ics.member_calendar([], MEMBER, BASE, "en"))
    assert feed.events() == [] and feed.ical.events == []
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in raw_lines(feed)


def test_a_single_booking_file_is_a_calendar_of_one_event() -> None:
    booking = entry(utc(2026, 12, 1, 8))
    feed = parse(ics.single_booking(booking, BASE, "en"))
    assert [str(e["UID"]) for e in feed.events()] == [str(booking.booking_id)]
    assert feed.strict_event(str(booking.booking_id)).dtstart.astimezone(UTC) == booking.start


def test_a_members_feed_speaks_swedish_by_default_also_for_cancelled_bookings() -> None:
    booking = entry(utc(2026, 12, 1, 8), status="cancelled", sequence=1)
    feed = parse(ics.member_calendar([booking], MEMBER, BASE))
    event = feed.event(str(booking.booking_id))
    assert str(event["SUMMARY"]) == "Avbokad: Skrivbord 1 på Grannskapskontoret Frövi"
    assert feed.ical.name == ["grannskap: mina bokningar"]


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:short",
        "X" * 74,
        "X" * 75,
        "DESCRIPTION:" + "Du har bokat skrivbord på Grannskapskontoret Frövi, Storgatan 1. " * 6,
        "DESCRIPTION:" + "å" * 100,
        "DESCRIPTION:" + "a" * 72 + "\\n" + "b" * 80,
        "ATTENDEE;CN=Åsa Öberg-Ärlig^'x:mailto:" + "x" * 61 + "^n" + "y" * 40,
        "DESCRIPTION:" + "€😀" * 40,
    ],
)
def test_lines_are_folded_byte_for_byte_as_icalendar_folds_them(line: str) -> None:
    from icalendar.parser import Contentline

    assert ics.folded(line) == Contentline(line).to_ical()


def test_an_invitation_is_the_calendar_icalendar_itself_would_write() -> None:
    from icalendar import Calendar

    booked = entry(utc(2026, 3, 30, 7), hours=4, resource_name='Rum "Ekbacken"; vid, fönstret')
    message = ics.invitation(booked, BASE, "sv", "grannskap@example.se", "a@b.se", "Åsa Öberg")
    parsed = Calendar.from_ical(message)
    assert parsed.to_ical() == message
    assert parsed["METHOD"] == "REQUEST"
    assert [c.name for c in parsed.subcomponents] == ["VTIMEZONE", "VEVENT"]
