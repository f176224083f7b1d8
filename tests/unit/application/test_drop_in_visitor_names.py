"""A walk-in visitor's optional name: the host sees it on the day's list, nowhere else; it is
in no event, and it is deleted when the day is over or the drop-in is cancelled; a name that
is not one clean line of at most 100 characters is refused and nothing is placed."""

from __future__ import annotations

import pytest

from domain.errors import InvalidSetting
from service.application import bookings, dropins, jobs, reads
from service.application.bookings import ChangeBooking
from service.application.context import Context
from service.application.dropins import RegisterDropIn
from service.registry.members import Member
from tests.builders import TUESDAY, WEDNESDAY, Office, at
from tests.conftest import Clock

NAME = "Märta Ek-Visitör"


@pytest.fixture
def at_ten(clock: Clock) -> None:
    clock.now = at(TUESDAY, "10:07")


def drop_in(ctx: Context, host: Member, office: Office, name: str = NAME) -> object:
    command = RegisterDropIn(
        host, office.site_id, at(TUESDAY, "12:00"), resource_id=office.desk_a, visitor_name=name
    )
    return dropins.register(ctx, command).booking


def day_names(ctx: Context, host: Member, office: Office) -> list[str | None]:
    return [line.member_name for line in reads.site_day(ctx, host, office.site_id, TUESDAY)]


def test_the_host_sees_the_name_on_the_days_list_and_no_event_holds_it(
    ctx: Context, at_ten: None, office: Office, host: Member
) -> None:
    drop_in(ctx, host, office)

    assert day_names(ctx, host, office) == [NAME]
    stored = [n.state.decode("utf-8") for n in ctx.store.recorder.select_notifications(1, 1000)]
    assert stored and not any("rta Ek" in s for s in stored)


def test_a_drop_in_without_a_name_is_a_walk_in_visitor(
    ctx: Context, at_ten: None, office: Office, host: Member
) -> None:
    drop_in(ctx, host, office, name="  ")
    assert day_names(ctx, host, office) == [None]


def test_the_name_is_deleted_when_the_day_is_over(
    ctx: Context, clock: Clock, at_ten: None, office: Office, host: Member
) -> None:
    drop_in(ctx, host, office)
    clock.now = at(TUESDAY, "23:59")
    assert jobs.run_once(ctx).visitor_names == 0
    assert day_names(ctx, host, office) == [NAME]

    clock.now = at(WEDNESDAY, "00:00")
    assert jobs.run_once(ctx).visitor_names == 1
    assert ctx.visitors.forget_past() == 0
    assert day_names(ctx, host, office) == [None]


def test_the_name_is_deleted_when_the_drop_in_is_cancelled(
    ctx: Context, at_ten: None, office: Office, host: Member
) -> None:
    placed = drop_in(ctx, host, office)
    bookings.cancel(ctx, ChangeBooking(host, placed.id))  # type: ignore[attr-defined]

    assert ctx.visitors.names([placed.id]) == {}  # type: ignore[attr-defined]
    assert ctx.visitors.forget_past() == 0


@pytest.mark.parametrize(
    "name", ["Nul\x00l", "Tab\tbed", "Line\nbreak", "Del\x7f", "x" * 101], ids=repr
)
def test_a_name_that_is_not_one_clean_short_line_is_refused_and_nothing_is_placed(
    ctx: Context, at_ten: None, office: Office, host: Member, name: str
) -> None:
    with pytest.raises(InvalidSetting) as refused:
        drop_in(ctx, host, office, name)
    assert refused.value.about == "name"
    assert reads.site_day(ctx, host, office.site_id, TUESDAY) == []
