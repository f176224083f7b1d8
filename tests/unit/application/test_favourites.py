"""Several favourites per site: a member stars resources in an order of preference; "book my
favourite" takes the first of them that is free; a usual stored when there was one favourite
per site still replays; erasure forgets them all."""

from __future__ import annotations

from datetime import time
from uuid import uuid4

import pytest

from domain.errors import InvalidSetting, NothingFree
from domain.ids import usual_id
from domain.usual import FAVOURITES, Usuals
from service.application import bookings, erasure, usuals
from service.application.bookings import Book
from service.application.context import Context
from service.application.errors import InvalidRequest, NotFound
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at, open_office
from tests.unit.application.conftest import member


def test_starred_resources_are_kept_in_the_order_they_were_starred_and_can_be_reordered(
    ctx: Context, office: Office, anna: Member
) -> None:
    usuals.star(ctx, anna, office.desk_b)
    usuals.star(ctx, anna, office.desk_a)
    usuals.star(ctx, anna, office.desk_b)  # once is enough
    assert usuals.favourites_at(ctx, anna, office.site_id) == [office.desk_b, office.desk_a]

    usuals.move_up(ctx, anna, office.site_id, office.desk_a)
    assert usuals.favourites_at(ctx, anna, office.site_id) == [office.desk_a, office.desk_b]

    usuals.arrange(ctx, anna, office.site_id, [office.room, office.desk_b])
    assert usuals.favourites_at(ctx, anna, office.site_id) == [office.room, office.desk_b]

    usuals.unstar(ctx, anna, office.site_id, office.room)
    assert usuals.favourites_at(ctx, anna, office.site_id) == [office.desk_b]


def test_book_my_favourite_takes_the_first_that_is_free_at_the_usual_hours(
    ctx: Context, office: Office, anna: Member, bo: Member
) -> None:
    usuals.set_usual(ctx, usuals.SetUsual(anna, office.desk_a, time(9), time(12)))
    usuals.star(ctx, anna, office.desk_b)
    bookings.book(
        ctx, Book(bo, at(TUESDAY, "11:00"), at(TUESDAY, "13:00"), resource_id=office.desk_a)
    )

    placed = usuals.book_usual(ctx, anna, office.site_id, TUESDAY).booking

    assert placed.resource_id == office.desk_b
    assert (placed.start, placed.end) == (at(TUESDAY, "09:00"), at(TUESDAY, "12:00"))


def test_book_my_favourite_is_refused_when_every_favourite_is_taken(
    ctx: Context, memory: Container, office: Office, anna: Member, bo: Member
) -> None:
    usuals.star(ctx, anna, office.desk_a)
    usuals.star(ctx, anna, office.desk_b)
    cia = member(memory, "Cia")
    for who, desk in ((bo, office.desk_a), (cia, office.desk_b)):
        bookings.book(ctx, Book(who, at(TUESDAY, "08:00"), at(TUESDAY, "17:00"), resource_id=desk))

    with pytest.raises(NothingFree):
        usuals.book_usual(ctx, anna, office.site_id, TUESDAY)  # the opening hours: none set


def test_a_resource_of_another_site_or_a_retired_one_is_no_favourite_here(
    ctx: Context, memory: Container, office: Office, anna: Member, host: Member
) -> None:
    elsewhere = open_office(memory)
    with pytest.raises(NotFound):
        usuals.star(ctx, anna, elsewhere.desk_a, office.site_id)
    with pytest.raises(InvalidRequest):
        usuals.arrange(ctx, anna, office.site_id, [office.desk_a, elsewhere.desk_a])
    with pytest.raises(NotFound):
        usuals.star(ctx, anna, uuid4())
    with pytest.raises(InvalidSetting):
        usuals.arrange(ctx, anna, office.site_id, [office.desk_a, office.desk_a])
    assert usuals.favourites_at(ctx, anna, office.site_id) == []


def test_no_more_than_ten_favourites_at_a_site() -> None:
    kept = Usuals(member_id=uuid4())
    site = uuid4()
    now = at(TUESDAY, "08:00")
    for _ in range(FAVOURITES):
        kept.star(site, uuid4(), now)
    with pytest.raises(InvalidSetting):
        kept.star(site, uuid4(), now)


def test_a_usual_stored_when_there_was_one_favourite_per_site_still_replays(
    ctx: Context, office: Office, anna: Member
) -> None:
    old = Usuals(member_id=anna.id)
    old._set(anna.id, office.site_id, office.desk_b, "08:30", "15:00", ctx.now())  # as stored then
    ctx.store.save_all(old)
    ctx.written(ctx.store.position)

    replayed = ctx.store.load(Usuals, usual_id(anna.id), "usual")
    assert replayed.favourites == {office.site_id: [office.desk_b]}
    assert replayed.hours == {office.site_id: (time(8, 30), time(15))}
    view = usuals.usual(ctx, anna, office.site_id)
    assert (view.resource_id, view.favourites, view.start, view.end) == (
        office.desk_b,
        [office.desk_b],
        "08:30",
        "15:00",
    )
    usuals.star(ctx, anna, office.desk_a)
    assert usuals.favourites_at(ctx, anna, office.site_id) == [office.desk_b, office.desk_a]


def test_erasure_forgets_every_favourite(ctx: Context, office: Office, anna: Member) -> None:
    usuals.star(ctx, anna, office.desk_a)
    usuals.star(ctx, anna, office.desk_b)

    erasure.erase_member(ctx, anna, anna.id)

    assert ctx.queries.usuals(anna.id) == {}
    assert ctx.store.load(Usuals, usual_id(anna.id), "usual").sites() == []
