"""``grannskap member erase``, run as an operator runs it (a process of its own that keeps
no views), ends what would act for the member later and leaves their address and name
nowhere: a desk freed for their waitlist entry and the minute job afterwards place
nothing for them, and no table, WAL, database file or mail holds them (SQLite and
PostgreSQL). The server-side pieces run on the real clock, so days are a few days ahead."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.time import Interval
from service.application import jobs, my_account
from service.container import Container
from tests.driver import Driver
from tests.e2e.conftest import ALL_WEEK_7_TO_19
from tests.e2e.test_cli import grannskap
from tests.integration.test_erasure import everything_that_holds
from tests.settings import fast_settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ADDRESS = "greta.glomd@example.se"
NAME = "Greta Glomd"


def _files_holding(container: Container, needle: str) -> list[str]:
    path = container.settings.sqlite_path
    if path is None:
        return []
    files = [path, path.with_name(path.name + "-wal")]
    folder = container.settings.mail_folder
    if folder is not None and folder.is_dir():
        files += sorted(folder.iterdir())
    wanted = needle.lower().encode()
    return [f.name for f in files if f.exists() and wanted in f.read_bytes().lower()]


def test_member_erase_on_the_command_line_ends_her_plans_and_leaves_her_nowhere(
    database_url: str, tmp_path: Path
) -> None:
    container = Container.build(fast_settings(database_url=database_url))
    container.start_following()
    app = Driver(container)
    site = app.register_site(
        name="Grannskapskontoret Frövi", address="Storgatan 1", opening_hours=ALL_WEEK_7_TO_19
    ).id
    today = datetime.now(STOCKHOLM).date()
    app.close_on_public_holidays(site, [today.year, today.year + 1])
    desk_a = app.add_resource(site, kind="desk", name="Skrivbord A").id
    desk_b = app.add_resource(site, kind="desk", name="Skrivbord B").id
    day = today + timedelta(days=3)
    while not container.store.site(site).open_intervals(day):
        day += timedelta(days=1)
    start = datetime.combine(day, time(9), STOCKHOLM)
    end = datetime.combine(day, time(11), STOCKHOLM)
    greta, _ = container.members.add(email=ADDRESS, name=NAME)
    holder, _ = container.members.add(email="holder@example.se", name="Holder")
    held = app.book(holder.id, desk_a, Interval(start, end))
    app.join_waitlist(greta.id, Interval(start, end), resource_id=desk_a)
    app.start_series(
        greta.id,
        ["mon", "tue", "wed", "thu", "fri"],
        day,
        day + timedelta(days=120),
        time(13),
        time(15),
        resource_id=desk_b,
    )
    my_account.request_password_reset(container.ctx, ADDRESS)
    container.mail.run_once()
    container.wait_for_all(container.store.position)
    container.close()

    erased = grannskap(
        "member", "erase", "--email", ADDRESS, "--yes", database_url=database_url, cwd=tmp_path
    )
    assert erased.returncode == 0, erased.stderr
    assert "1 waitlist entr(y/ies) left, 1 series ended" in erased.stdout

    container = Container.build(fast_settings(database_url=database_url))
    container.start_following()
    try:
        Driver(container).cancel(held.id, by=holder.id)
        jobs.run_once(container.ctx)
        container.mail.run_once()
        container.wait_for_all(container.store.position)
        mine = container.queries.member_bookings(greta.id, since=None, limit=1000)
        assert [b for b in mine if b.status == "confirmed"] == []
        for needle in (ADDRESS, NAME):
            assert everything_that_holds(container.engine, needle) == []
            assert _files_holding(container, needle) == []
    finally:
        container.close()
