"""What a request wants is resolved once, so booking, a recurring booking and the waitlist
answer the same request the same way: the same field blamed for what is missing or wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any
from uuid import UUID, uuid4

import pytest

from service.application import bookings, series, waitlist
from service.application.context import Context
from service.application.errors import InvalidRequest, NotFound
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at

Ask = Callable[[Context, Member, dict[str, Any]], object]


def book(ctx: Context, who: Member, wants: dict[str, Any]) -> object:
    return bookings.book(
        ctx, bookings.Book(who, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), **wants)
    )


def start_series(ctx: Context, who: Member, wants: dict[str, Any]) -> object:
    command = series.StartSeries(who, ("tue",), TUESDAY, TUESDAY, time(9), time(12), **wants)
    return series.start_series(ctx, command)


def join_waitlist(ctx: Context, who: Member, wants: dict[str, Any]) -> object:
    command = waitlist.JoinWaitlist(who, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), **wants)
    return waitlist.join(ctx, command)


ALL_THREE = pytest.mark.parametrize("ask", [book, start_series, join_waitlist])


def blamed(ask: Ask, ctx: Context, who: Member, wants: dict[str, Any]) -> str | None:
    with pytest.raises(InvalidRequest) as refused:
        ask(ctx, who, wants)
    return refused.value.about


@ALL_THREE
def test_a_request_naming_nothing_blames_the_resource_and_one_with_only_a_kind_the_site(
    ask: Ask, ctx: Context, anna: Member
) -> None:
    assert blamed(ask, ctx, anna, {}) == "resource"
    assert blamed(ask, ctx, anna, {"kind": "desk"}) == "site"


@ALL_THREE
def test_a_missing_or_unknown_kind_at_a_site_blames_the_kind(
    ask: Ask, ctx: Context, office: Office, anna: Member
) -> None:
    assert blamed(ask, ctx, anna, {"site_id": office.site_id}) == "kind"
    assert blamed(ask, ctx, anna, {"site_id": office.site_id, "kind": "sofa"}) == "kind"


@ALL_THREE
def test_a_resource_and_a_kind_together_blame_the_resource(
    ask: Ask, ctx: Context, office: Office, anna: Member
) -> None:
    assert blamed(ask, ctx, anna, {"resource_id": office.desk_a, "kind": "desk"}) == "resource"


@ALL_THREE
def test_an_unknown_feature_of_any_of_a_kind_blames_the_features(
    ask: Ask, ctx: Context, office: Office, anna: Member
) -> None:
    wants = {"site_id": office.site_id, "kind": "desk", "features": ("jetpack",)}
    assert blamed(ask, ctx, anna, wants) == "features"


@ALL_THREE
def test_a_quantity_outside_1_to_1000_blames_the_quantity_for_a_kind_and_a_resource(
    ask: Ask, ctx: Context, office: Office, anna: Member
) -> None:
    any_headset = {"site_id": office.site_id, "kind": "equipment", "quantity": 1001}
    assert blamed(ask, ctx, anna, any_headset) == "quantity"
    assert blamed(ask, ctx, anna, {"resource_id": office.headsets, "quantity": 0}) == "quantity"


@ALL_THREE
def test_a_resource_asked_for_at_another_site_is_not_found(
    ask: Ask, ctx: Context, office: Office, anna: Member
) -> None:
    elsewhere: UUID = uuid4()
    with pytest.raises(NotFound):
        ask(ctx, anna, {"resource_id": office.desk_a, "site_id": elsewhere})
