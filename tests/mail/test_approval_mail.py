"""Members are told by e-mail what becomes of a booking that waits for a host's approval:
that it waits (with a tentative calendar entry), then that it was approved (confirmed in
their calendar) or declined (with the host's words, and the entry cancelled)."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from service.application import approvals, jobs
from service.application.approvals import Decide, SetApproval
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at, slot
from tests.conftest import Clock
from tests.driver import Driver
from tests.mail.conftest import SmtpServer, calendar_part, text_of

pytestmark = pytest.mark.both_stores


def person(c: Container, name: str, role: str = "member") -> Member:
    member, _ = c.members.add(email=f"{name.lower()}@example.se", name=name, role=role)
    return member


def status_of(message: object) -> str:
    (event,) = Calendar.from_ical(calendar_part(message)).walk("VEVENT")  # type: ignore[arg-type]
    return str(event["STATUS"])


def test_a_pending_booking_then_its_approval_are_told_in_swedish_with_the_calendar(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna, host = person(mailing, "Anna"), person(mailing, "Värd", "host")
    approvals.set_approval(mailing.ctx, SetApproval(host, office.room, True))
    booking = Driver(mailing).book(anna.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    approvals.approve(mailing.ctx, Decide(host, booking))

    mailing.mail.run_once()

    asked, approved = smtp.inbox.to("anna@example.se")
    assert str(asked["Subject"]).startswith("Väntar på godkännande: Room Ljusnan")
    assert "en värd godkänner bokningar av det" in text_of(asked)
    assert status_of(asked) == "TENTATIVE"
    assert str(approved["Subject"]).startswith("Godkänd: Room Ljusnan")
    assert "En värd har godkänt din bokning:" in text_of(approved)
    assert status_of(approved) == "CONFIRMED"


def test_a_declined_booking_is_told_with_the_hosts_words_and_cancels_the_entry(
    mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    anna, host = person(mailing, "Anna"), person(mailing, "Värd", "host")
    approvals.set_approval(mailing.ctx, SetApproval(host, office.room, True))
    booking = Driver(mailing).book(anna.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    approvals.decline(mailing.ctx, Decide(host, booking, note="Rummet målas den dagen."))

    mailing.mail.run_once()

    _, declined = smtp.inbox.to("anna@example.se")
    assert str(declined["Subject"]).startswith("Nekad: Room Ljusnan")
    assert "Värden skriver: Rummet målas den dagen." in text_of(declined)
    cancel = Calendar.from_ical(calendar_part(declined))
    assert str(cancel["METHOD"]) == "CANCEL"
    assert status_of(declined) == "CANCELLED"


def test_a_booking_no_host_answered_is_declined_at_its_start_and_told_like_a_decline(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna, host = person(mailing, "Anna"), person(mailing, "Värd", "host")
    approvals.set_approval(mailing.ctx, SetApproval(host, office.room, True))
    Driver(mailing).book(anna.id, office.room, slot(TUESDAY, "09:00", "10:00"))
    clock.now = at(TUESDAY, "09:00")

    assert jobs.run_once(mailing.ctx).unanswered == 1
    mailing.mail.run_once()

    _, declined = smtp.inbox.to("anna@example.se")
    assert str(declined["Subject"]).startswith("Nekad: Room Ljusnan")
    assert "Ingen värd svarade på din förfrågan i tid, så den är nekad:" in text_of(declined)
    assert "En värd har nekat" not in text_of(declined)
    assert status_of(declined) == "CANCELLED"
