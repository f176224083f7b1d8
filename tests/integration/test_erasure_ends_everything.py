"""Erasure ends everything that would act for the member later: after it, a desk freed for
their waitlist entry goes to nobody, the minute job places no more days of their series,
their usual is gone, and neither their address nor their name is found in any table, in the
SQLite WAL or file, or in the mail folder (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from uuid import uuid4

from service.application import erasure, jobs, my_account
from service.application.access import SYSTEM
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, slot
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.test_erasure import everything_that_holds

ADDRESS = "greta.glomd@example.se"
NAME = "Greta Glomd"


def _greta_with_plans(container: Container, office: Office) -> tuple[Member, Driver]:
    greta, _ = container.members.add(email=ADDRESS, name=NAME)
    container.accounts.set_password(greta.id, "ett-langt-losenord")
    container.accounts.start_session(greta.id)
    driver = Driver(container)
    driver.book(greta.id, office.room, slot(TUESDAY, "13:00", "14:00"))
    driver.start_series(
        greta.id,
        ["tue", "thu"],
        date(2026, 11, 30),
        date(2027, 2, 26),
        time(8),
        time(12),
        resource_id=office.desk_b,
    )
    driver.set_usual(greta.id, office.desk_a, time(9), time(12))
    my_account.request_password_reset(container.ctx, ADDRESS)
    container.wait_for_all(container.store.position)
    return greta, driver


def _active_bookings_of(container: Container, member: Member, now: datetime) -> list[str]:
    container.wait_for_all(container.store.position)
    return [
        f"{b.start} {b.status}"
        for b in container.queries.member_bookings(member.id, since=now, limit=1000)
        if b.status == "confirmed"
    ]


def test_after_erasure_a_freed_desk_and_the_minute_job_place_nothing_for_the_member(
    container: Container, office: Office, clock: Clock
) -> None:
    greta, driver = _greta_with_plans(container, office)
    holder = uuid4()
    held = driver.book(holder, office.desk_a, slot(TUESDAY, "14:00", "16:00"))
    driver.join_waitlist(greta.id, slot(TUESDAY, "14:00", "16:00"), resource_id=office.desk_a)
    invitation = container.accounts.create_invitation(office.site_id, greta.id, uses=3)
    assert _active_bookings_of(container, greta, clock())  # the test sees her bookings

    erasure.erase_member(container.ctx, SYSTEM, greta.id)
    driver.cancel(held.id, by=holder)  # the desk she waited for frees
    clock.advance(days=21)  # three more weeks of her series fall within the window
    jobs.run_once(container.ctx)

    assert _active_bookings_of(container, greta, clock()) == []
    assert container.queries.usuals(greta.id) == {}
    waiting = container.queries.member_waitlist(greta.id)
    assert [e.status for e in waiting] == ["left"]
    assert all(s.cancelled_from is not None for s in container.queries.member_series(greta.id))
    withdrawn = container.accounts.invitation(invitation.code)
    assert withdrawn is not None and withdrawn.uses_left == 0


def _raw_files(container: Container) -> list[Path]:
    path = container.settings.sqlite_path
    if path is None:
        return []
    files = [path, path.with_name(path.name + "-wal")]
    folder = container.settings.mail_folder
    if folder is not None and folder.exists():
        files += sorted(folder.iterdir())
    return files


def _files_holding(files: list[Path], needle: str) -> list[str]:
    wanted = needle.lower().encode()
    return [f.name for f in files if f.exists() and wanted in f.read_bytes().lower()]


def test_an_erased_member_is_found_in_no_table_no_wal_no_database_file_and_no_mail(
    container: Container, office: Office
) -> None:
    greta, _ = _greta_with_plans(container, office)
    container.mail.run_once()  # her messages are in the outbox (and as .eml files on SQLite)
    files = _raw_files(container)
    assert everything_that_holds(container.engine, ADDRESS)  # the test can find her
    if container.settings.sqlite_path is not None:
        assert _files_holding(_raw_files(container), ADDRESS)

    erasure.erase_member(container.ctx, SYSTEM, greta.id)
    container.mail.run_once()
    container.wait_for_all(container.store.position)

    for needle in (ADDRESS, NAME):
        assert everything_that_holds(container.engine, needle) == []
        assert _files_holding(_raw_files(container), needle) == []
    assert files is not None
