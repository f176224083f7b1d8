"""Who's in, as the use case decides it on the in-memory store: only members who chose to
be seen, by first name; the place offered next to someone is the free one nearest on the
floor plan."""

from __future__ import annotations

from domain.floorplan import Place
from service.application import floorplan, presence, sites
from service.container import Container
from service.registry.members import Member
from tests.builders import TUESDAY, Office, slot
from tests.driver import Driver


def test_only_members_who_chose_it_are_in_and_next_to_is_the_nearest_free_place(
    memory: Container, office: Office, anna: Member, bo: Member, host: Member
) -> None:
    ctx = memory.ctx
    far = sites.add_resource(
        ctx, sites.AddResource(actor=host, site_id=office.site_id, kind="desk", name="Desk Far")
    ).id
    near = sites.add_resource(
        ctx, sites.AddResource(actor=host, site_id=office.site_id, kind="desk", name="Desk Near")
    ).id
    floorplan.set_places(
        ctx,
        floorplan.SetPlaces(
            host,
            office.site_id,
            10,
            10,
            {
                office.desk_a: Place(1, 1),
                office.desk_b: Place(10, 10),
                far: Place(8, 8),
                near: Place(2, 1),
            },
        ),
    )
    anna_lind, _ = memory.members.add(email="anna.l@example.se", name="Anna Lindqvist")
    Driver(memory).book(anna_lind.id, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    Driver(memory).book(bo.id, office.desk_b, slot(TUESDAY, "09:00", "12:00"))
    assert presence.whos_in(ctx, anna, office.site_id, TUESDAY) == []

    presence.show_me(ctx, anna_lind, True)

    (seen,) = presence.whos_in(ctx, anna, office.site_id, TUESDAY)
    assert (seen.first_name, seen.resource_name, seen.next_to) == ("Anna", "Desk A", near)
    presence.show_me(ctx, anna_lind, False)
    assert presence.whos_in(ctx, anna, office.site_id, TUESDAY) == []
