"""A closure's reason, in the host's words, reaches the members it cancels: in the mail,
in the cancellation their calendar applies from the mail, and in their calendar feed."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from service.application import sites
from service.container import Container
from service.presentation import ics
from tests.builders import TUESDAY, Office, slot
from tests.driver import Driver
from tests.mail.conftest import PUBLIC, SmtpServer, calendar_part, text_of
from tests.mail.test_booking_mail import person

pytestmark = pytest.mark.both_stores


def test_a_closure_tells_its_reason_in_the_mail_the_cancellation_and_the_feed(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna, host = person(mailing, "Anna"), person(mailing, "Värd", "host")
    booking = Driver(mailing).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00")).id

    sites.add_closure(
        mailing.ctx, sites.AddClosure(host, office.site_id, TUESDAY, TUESDAY, "Vattenläcka i köket")
    )
    mailing.mail.run_once()
    mailing.views.catch_up_fully(mailing.store)

    cancelled = smtp.inbox.to("anna@example.se")[-1]
    assert "avbokad eftersom platsen är stängd den dagen" in text_of(cancelled)
    assert "Orsak: Vattenläcka i köket" in text_of(cancelled)
    (event,) = Calendar.from_ical(calendar_part(cancelled)).walk("VEVENT")
    assert "Orsak: Vattenläcka i köket" in str(event["DESCRIPTION"])
    found = mailing.queries.feed_booking(booking)
    assert found is not None
    _, entry = found
    assert entry.status == "cancelled" and entry.note == "Vattenläcka i köket"
    fed = Calendar.from_ical(
        ics.member_event(entry, PUBLIC).decode().join(["BEGIN:VCALENDAR\r\n", "END:VCALENDAR\r\n"])
    )
    (in_feed,) = fed.walk("VEVENT")
    assert "Orsak: Vattenläcka i köket" in str(in_feed["DESCRIPTION"])


def test_a_host_cancelling_one_booking_is_not_said_to_close_the_site(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    from service.application import bookings

    anna, host = person(mailing, "Anna"), person(mailing, "Värd", "host")
    booking = Driver(mailing).book(anna.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    bookings.cancel(mailing.ctx, bookings.ChangeBooking(host, booking, note="Städning"))

    mailing.mail.run_once()

    cancelled = smtp.inbox.to("anna@example.se")[-1]
    assert "Värden skriver: Städning" in text_of(cancelled) and "Orsak:" not in text_of(cancelled)
