"""Erasure on SQLite and PostgreSQL: the bookings ahead are cancelled first (their
resources free again), then every record that names the person goes, and the e-mail
address is found nowhere in the database: not in any table, not in the events."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import Engine, String, Text, inspect, text
from sqlalchemy.types import LargeBinary

from service.application import accounts, calendars, erasure, my_account
from service.application.access import SYSTEM
from service.application.errors import NotAllowed
from service.container import Container
from service.registry.accounts import SignUpRefused
from service.registry.members import Member
from tests.builders import TUESDAY, Office, slot
from tests.conftest import Clock
from tests.driver import Driver

ADDRESS = "erika.raderas@example.se"


def everything_that_holds(engine: Engine, needle: str) -> list[str]:
    """Every table and column in which ``needle`` occurs (text or bytes, any case)."""
    found = []
    wanted = needle.lower()
    inspector = inspect(engine)
    with engine.connect() as c:
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                if not isinstance(column["type"], String | Text | LargeBinary) and (
                    "bytea" not in str(column["type"]).lower()
                    and "blob" not in str(column["type"]).lower()
                ):
                    continue
                quoted = engine.dialect.identifier_preparer
                rows = c.execute(
                    text(f"SELECT {quoted.quote(column['name'])} FROM {quoted.quote(table)}")
                )
                for (value,) in rows:
                    if value is None:
                        continue
                    raw = bytes(value) if isinstance(value, bytes | memoryview) else None
                    textual = raw.decode("utf-8", "replace") if raw is not None else str(value)
                    if wanted in textual.lower():
                        found.append(f"{table}.{column['name']}")
                        break
    return found


def _erika(container: Container) -> tuple[Member, str]:
    member, token = container.members.add(email=ADDRESS, name="Erika Raderas")
    container.accounts.set_password(member.id, "ett-langt-losenord")
    container.accounts.start_session(member.id)
    container.accounts.set_preferences(member.id, language="en")
    calendars.my_feed(container.ctx, member)
    my_account.create_token(container.ctx, member, "mitt skript")
    my_account.request_password_reset(container.ctx, ADDRESS)
    my_account.request_email_change(container.ctx, member, "erika.ny@example.se")
    with pytest.raises(SignUpRefused):  # a failed sign-in leaves a record with the address
        accounts.sign_in(container.ctx, ADDRESS, "fel lösenord", "192.0.2.7", None)
    return member, token


def test_an_erased_member_is_found_nowhere_in_the_database(
    container: Container, office: Office
) -> None:
    erika, _ = _erika(container)
    driver = Driver(container)
    ahead = driver.book(erika.id, office.desk_a, slot(TUESDAY, "09:00", "12:00")).id
    container.mail.run_once()  # messages about her are in the outbox (and the .eml folder)
    assert everything_that_holds(container.engine, ADDRESS)  # the test can find it

    erased = erasure.erase_member(container.ctx, SYSTEM, erika.id)
    container.mail.run_once()
    container.wait_for_all(container.store.position)

    assert erased.cancelled == 1
    assert everything_that_holds(container.engine, ADDRESS) == []
    assert everything_that_holds(container.engine, "Erika Raderas") == []
    assert everything_that_holds(container.engine, "erika.ny@example.se") == []
    assert container.members.get(erika.id) is None
    booking = container.store.booking(ahead)
    assert (booking.status, booking.cancel_reason) == ("cancelled", "account-erased")
    again = Driver(container).book(uuid4(), office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    assert again.id != ahead  # the desk was free again


def test_an_erased_members_token_and_sessions_stop_and_past_bookings_stay_as_history(
    container: Container, office: Office, clock: Clock
) -> None:
    erika, token = _erika(container)
    past = Driver(container).book(erika.id, office.room, slot(TUESDAY, "09:00", "10:00")).id
    clock.now = slot(TUESDAY, "11:00", "12:00").start

    erasure.erase_member(container.ctx, SYSTEM, erika.id)

    assert container.members.by_token(token) is None
    assert container.accounts.session_count(erika.id) == 0
    kept = container.store.booking(past)
    assert kept.status == "confirmed" and kept.member_id == erika.id  # history, pseudonymous


def test_a_member_erases_their_own_account_but_not_anyone_elses(
    container: Container, office: Office
) -> None:
    erika, _ = _erika(container)
    other, _ = container.members.add(email="annan@example.se", name="Annan")
    with pytest.raises(NotAllowed):
        erasure.erase_member(container.ctx, erika, other.id)
    erasure.erase_member(container.ctx, erika, erika.id)
    assert container.members.get(erika.id) is None
    assert container.members.get(other.id) is not None
