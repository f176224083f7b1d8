"""The day-of reminder and the check-in nudge, each a member's preference: the reminder comes
two hours before the start to members who chose it; the nudge comes at the start unless the
member turned it off, checked in already, or cancelled."""

from __future__ import annotations

import pytest

from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at, slot
from tests.conftest import Clock
from tests.driver import Driver
from tests.mail.conftest import SmtpServer, text_of

pytestmark = pytest.mark.both_stores


def person(c: Container, name: str) -> Member:
    member, _ = c.members.add(email=f"{name.lower()}@example.se", name=name)
    return member


def test_a_day_of_reminder_comes_two_hours_before_the_start_to_those_who_chose_it(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna, bo = person(mailing, "Anna"), person(mailing, "Bo")
    mailing.accounts.set_preferences(anna.id, reminder_same_day=True)
    driver = Driver(mailing)
    driver.book(anna.id, office.desk_a, slot(TUESDAY, "11:00", "12:00"))
    driver.book(bo.id, office.desk_b, slot(TUESDAY, "11:00", "12:00"))

    clock.now = at(TUESDAY, "08:59")
    mailing.mail.run_once()
    assert not any(s.startswith("I dag") for s in smtp.inbox.subjects("anna@example.se"))
    clock.now = at(TUESDAY, "09:00")
    mailing.mail.run_once()

    today = [m for m in smtp.inbox.to("anna@example.se") if str(m["Subject"]).startswith("I dag")]
    assert [str(m["Subject"]) for m in today] == ["I dag: Desk A, tis 1 dec. 11:00\N{EN DASH}12:00"]
    assert "En påminnelse om din bokning i dag:" in text_of(today[0])
    assert not any(s.startswith("I dag") for s in smtp.inbox.subjects("bo@example.se"))


def test_a_check_in_nudge_comes_at_the_start_unless_turned_off_or_checked_in(
    mailing: Container, office: Office, smtp: SmtpServer, clock: Clock
) -> None:
    anna, bo, cid = person(mailing, "Anna"), person(mailing, "Bo"), person(mailing, "Cid")
    mailing.accounts.set_preferences(bo.id, check_in_nudge=False)
    driver = Driver(mailing)
    driver.book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    driver.book(bo.id, office.desk_b, slot(TUESDAY, "09:00", "12:00"))
    early = driver.book(cid.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    clock.now = at(TUESDAY, "08:50")
    driver.check_in(early, by=cid.id)

    clock.now = at(TUESDAY, "09:00")
    mailing.mail.run_once()

    nudged = {
        who: [s for s in smtp.inbox.subjects(f"{who}@example.se") if s.startswith("Checka in")]
        for who in ("anna", "bo", "cid")
    }
    assert nudged == {
        "anna": ["Checka in: Desk A, tis 1 dec. 09:00\N{EN DASH}12:00"],
        "bo": [],
        "cid": [],
    }
