"""The hosts' use cases on the in-memory store."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidSetting
from service.application import reads, sites
from service.application.context import Context
from service.application.errors import NotAllowed, NotFound
from service.container import Container
from service.registry.members import Member
from tests.builders import Office


def policy(ctx: Context, office: Office) -> dict[str, object]:
    return reads.site(ctx, office.site_id).policy


def test_a_partial_policy_change_keeps_every_other_setting(
    ctx: Context, office: Office, host: Member
) -> None:
    sites.change_policy(ctx, sites.ChangePolicy(host, office.site_id, {"grace_minutes": 15}))
    sites.change_policy(ctx, sites.ChangePolicy(host, office.site_id, {"days_ahead": 14}))
    sites.change_policy(
        ctx, sites.ChangePolicy(host, office.site_id, {"max_minutes": {"room": 120}})
    )

    assert policy(ctx, office) == {
        "days_ahead": 14,
        "max_minutes": {"desk": 600, "room": 120, "equipment": 600},
        "max_future_bookings": 10,
        "grace_minutes": 15,
    }


def test_a_policy_change_that_changes_nothing_stores_nothing(
    ctx: Context, memory: Container, office: Office, host: Member
) -> None:
    before = memory.store.position
    sites.change_policy(ctx, sites.ChangePolicy(host, office.site_id, {"days_ahead": 28}))
    assert memory.store.position == before


def test_an_impossible_policy_is_refused_and_the_old_one_kept(
    ctx: Context, office: Office, host: Member
) -> None:
    before = policy(ctx, office)
    with pytest.raises(InvalidSetting) as refused:
        sites.change_policy(ctx, sites.ChangePolicy(host, office.site_id, {"grace_minutes": 1}))
    assert refused.value.about == "policy.grace_minutes"
    assert policy(ctx, office) == before


def test_a_member_may_change_no_site(ctx: Context, office: Office, anna: Member) -> None:
    with pytest.raises(NotAllowed):
        sites.register_site(ctx, sites.RegisterSite(anna, "Mitt kontor", "Hemma"))
    with pytest.raises(NotAllowed):
        sites.add_closure(
            ctx, sites.AddClosure(anna, office.site_id, date(2026, 12, 24), date(2026, 12, 24))
        )


def test_a_new_site_is_in_the_default_time_zone(ctx: Context, host: Member) -> None:
    changed = sites.register_site(
        ctx, sites.RegisterSite(host, "Servicepunkt Storå", "Bruksvägen 1")
    )
    assert reads.site(ctx, changed.id).timezone == "Europe/Stockholm"


def test_retiring_twice_and_closing_on_the_same_holidays_twice_change_nothing_more(
    ctx: Context, memory: Container, office: Office, host: Member
) -> None:
    retire = sites.RetireResource(host, office.desk_b)
    holidays = sites.CloseOnPublicHolidays(host, office.site_id, (2026, 2026))
    sites.retire_resource(ctx, retire)
    sites.close_on_public_holidays(ctx, holidays)
    after_once = memory.store.position
    closures = len(reads.site(ctx, office.site_id).closures)

    sites.retire_resource(ctx, retire)
    sites.close_on_public_holidays(ctx, holidays)

    assert memory.store.position == after_once
    assert closures == 13
    assert [r.name for r in ctx.queries.resources(office.site_id, "desk")] == ["Desk A"]


def test_retiring_a_resource_of_another_site_is_not_found(
    ctx: Context, office: Office, host: Member
) -> None:
    other = sites.register_site(ctx, sites.RegisterSite(host, "Servicepunkt Storå", "Bruksvägen 1"))
    with pytest.raises(NotFound):
        sites.retire_resource(ctx, sites.RetireResource(host, office.desk_a, site_id=other.id))
