"""Members are told what happens to their bookings, by e-mail through a real SMTP server,
exactly as the events say: booked (with an invitation their calendar adds), cancelled (by
them, by a host with the host's words, by a closure) with a cancellation their calendar
applies, released as a no-show, and reminded the day before. None is lost while the mail
server is down, and a crash sends at most one duplicate, with the same Message-ID."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from sqlalchemy import select

from service.application import bookings, sites
from service.container import Container
from service.registry.members import Member
from service.registry.tables import OutboxRecord
from tests.builders import MONDAY, TUESDAY, Office, at, slot
from tests.conftest import Clock
from tests.driver import Driver
from tests.mail.conftest import PUBLIC, SmtpServer, calendar_part, html_of, text_of

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores


def person(c: Container, name: str, role: str = "member") -> Member:
    member, _ = c.members.add(email=f"{name.lower()}@example.se", name=name, role=role)
    return member


def test_a_booking_is_confirmed_in_swedish_with_an_invitation_the_calendar_adds(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna = person(mailing, "Anna")
    booking = Driver(mailing).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00")).id

    mailing.mail.run_once()

    (message,) = smtp.inbox.to("anna@example.se")
    assert str(message["Subject"]) == "Bokat: Desk A, tis 1 dec. 09:00\N{EN DASH}12:00"
    assert message["From"] == "grannskap <grannskap@lindesberg.example>"
    assert message["Message-ID"].endswith("@lindesberg.example>")
    text = text_of(message)
    assert "Hej Anna!" in text
    assert "Checka in senast 09:30, annars släpps platsen till andra." in text
    assert f"{PUBLIC}/my/bookings#booking-{booking}" in text
    assert f'href="{PUBLIC}/my/bookings#booking-{booking}"' in html_of(message)
    invitation = Calendar.from_ical(calendar_part(message))
    assert str(invitation["METHOD"]) == "REQUEST"
    (event,) = invitation.walk("VEVENT")
    assert str(event["UID"]) == str(booking)
    assert str(event["ATTENDEE"]) == "mailto:anna@example.se"
    assert str(event["ORGANIZER"]) == "mailto:grannskap@lindesberg.example"
    assert event.decoded("DTSTART") == at(TUESDAY, "09:00")


def test_a_cancellation_by_a_host_carries_the_hosts_words_and_cancels_the_calendar_entry(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna, host = person(mailing, "Anna"), person(mailing, "Värd", "host")
    booking = Driver(mailing).book(anna.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    bookings.cancel(
        mailing.ctx, bookings.ChangeBooking(host, booking, note="Rummet behövs för en träff.")
    )

    mailing.mail.run_once()

    booked, cancelled = smtp.inbox.to("anna@example.se")
    assert str(cancelled["Subject"]).startswith("Avbokat: Room Ljusnan")
    assert "En värd har avbokat din bokning:" in text_of(cancelled)
    assert "Värden skriver: Rummet behövs för en träff." in text_of(cancelled)
    first = next(iter(Calendar.from_ical(calendar_part(booked)).walk("VEVENT")))
    cancel = Calendar.from_ical(calendar_part(cancelled))
    assert str(cancel["METHOD"]) == "CANCEL"
    (event,) = cancel.walk("VEVENT")
    assert str(event["UID"]) == str(first["UID"]) and event["SEQUENCE"] > first["SEQUENCE"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert cancelled["Message-ID"] != booked["Message-ID"]


def test_a_closure_tells_each_member_their_booking_is_cancelled_because_the_site_is_closed(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna, bo, host = person(mailing, "Anna"), person(mailing, "Bo"), person(mailing, "Värd", "host")
    driver = Driver(mailing)
    driver.book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    driver.book(bo.id, office.desk_b, slot(TUESDAY, "13:00", "16:00"))
    sites.add_closure(
        mailing.ctx, sites.AddClosure(host, office.site_id, TUESDAY, TUESDAY, "Läcka")
    )

    mailing.mail.run_once()

    for address in ("anna@example.se", "bo@example.se"):
        cancelled = smtp.inbox.to(address)[-1]
        assert "avbokad eftersom platsen är stängd den dagen" in text_of(cancelled)
        assert str(Calendar.from_ical(calendar_part(cancelled))["METHOD"]) == "CANCEL"


def test_a_member_who_chose_english_is_told_in_english(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna = person(mailing, "Anna")
    mailing.accounts.set_preferences(anna.id, language="en")
    Driver(mailing).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))

    mailing.mail.run_once()

    (message,) = smtp.inbox.to("anna@example.se")
    assert str(message["Subject"]) == "Booked: Desk A, Tue 1 Dec 09:00\N{EN DASH}12:00"
    assert "Check in by 09:30 at the latest" in text_of(message)


def test_a_no_show_is_told_it_was_released(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna = person(mailing, "Anna")
    booking = Driver(mailing).book(anna.id, office.desk_a, slot(MONDAY, "08:00", "12:00")).id
    clock.now = at(MONDAY, "08:45")
    assert Driver(mailing).release_if_no_show(booking)

    mailing.mail.run_once()

    assert [s.split(":")[0] for s in smtp.inbox.subjects("anna@example.se")] == [
        "Bokat",
        "Släppt",
    ]


def test_a_reminder_comes_the_day_before_unless_turned_off_or_cancelled(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna, bo, cid = person(mailing, "Anna"), person(mailing, "Bo"), person(mailing, "Cid")
    mailing.accounts.set_preferences(bo.id, reminders=False)
    driver = Driver(mailing)
    driver.book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    driver.book(bo.id, office.desk_b, slot(TUESDAY, "09:00", "12:00"))
    gone = driver.book(cid.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    mailing.mail.run_once()
    assert smtp.inbox.subjects("anna@example.se") == [
        "Bokat: Desk A, tis 1 dec. 09:00\N{EN DASH}12:00"
    ]

    driver.cancel(gone, by=cid.id)
    clock.now = at(MONDAY, "16:00")
    mailing.mail.run_once()

    assert (
        smtp.inbox.subjects("anna@example.se")[-1]
        == "I morgon: Desk A, tis 1 dec. 09:00\N{EN DASH}12:00"
    )
    assert not any(s.startswith("I morgon") for s in smtp.inbox.subjects("bo@example.se"))
    assert not any(s.startswith("I morgon") for s in smtp.inbox.subjects("cid@example.se"))


def test_no_message_is_lost_while_the_mail_server_is_down(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna = person(mailing, "Anna")
    smtp.stop()
    Driver(mailing).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))

    assert mailing.mail.run_once() == 0
    with mailing.engine.connect() as c:
        (attempts, last_error) = c.execute(
            select(OutboxRecord.attempts, OutboxRecord.last_error).where(
                OutboxRecord.kind == "booking-confirmed"
            )
        ).one()
    assert attempts == 1 and last_error
    smtp.start()
    assert mailing.mail.run_once() == 0  # not before the pause (30 s) has passed
    clock.advance(seconds=31)
    assert mailing.mail.run_once() == 1
    assert len(smtp.inbox.to("anna@example.se")) == 1


def test_after_a_crash_between_sending_and_marking_sent_one_duplicate_goes_with_the_same_id(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna = person(mailing, "Anna")
    Driver(mailing).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    mail = mailing.mail
    mail.catch_up_fully()
    (due,) = [d for d in mail.outbox.due() if d.kind == "booking-confirmed"]
    assert mail.outbox.claim(due)
    assert mail.transport is not None
    mail.transport.send("grannskap@lindesberg.example", due.recipient, due.body, due.id)
    # the process dies here: the message went out but was never marked sent

    assert mail.run_once() == 0  # still claimed by the process that died
    clock.advance(minutes=3)
    assert mail.run_once() == 1
    clock.advance(minutes=3)
    assert mail.run_once() == 0

    first, second = smtp.inbox.to("anna@example.se")
    assert first["Message-ID"] == second["Message-ID"]
    assert first.as_bytes() == second.as_bytes()


def test_each_event_gives_its_messages_once_when_two_processes_follow_the_log(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna = person(mailing, "Anna")
    Driver(mailing).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    other = Container.build(mailing.settings, clock=clock)
    try:
        other.mail.catch_up_fully()
        mailing.mail.catch_up_fully()
        other.mail.deliver_due()
        mailing.mail.deliver_due()
    finally:
        other.close()
    assert len(smtp.inbox.to("anna@example.se")) == 1


def test_names_outside_ascii_arrive_whole_in_the_headers(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    asa, _ = mailing.members.add(email="asa@example.se", name="Åsa Öberg")
    Driver(mailing).book(asa.id, office.room, slot(TUESDAY, "09:00", "10:00"))

    mailing.mail.run_once()

    (message,) = smtp.inbox.to("asa@example.se")
    assert message["To"].addresses[0].display_name == "Åsa Öberg"
    assert "Hej Åsa Öberg!" in text_of(message)
    assert str(message["Subject"]) == "Bokat: Room Ljusnan, tis 1 dec. 09:00\N{EN DASH}10:00"
