# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""Floor plans through the pages: every demo site's day page and lobby screen show its plan
with a legend; the host previews a plan (a POST that draws it and stores nothing) and a bad
placement is refused naming the cell or the field; the host's move picker offers only what
is free, and a move to a taken desk posted anyway is refused by name and moves nothing."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from litestar.testing import TestClient

from service.cli.operator import Operator
from service.container import Container
from service.registry.accounts import Accounts
from tests.builders import slot
from tests.e2e.conftest import assert_problem, new_events
from tests.e2e.test_web_pages import (  # noqa: F401
    DAY,
    accounts,
    csrf,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)


def _ids(seeded: Container, site: str) -> dict[str, str]:
    return {r.name: str(r.id) for r in seeded.queries.resources(UUID(site))}


def _as(web: TestClient[Any], accounts: Accounts, email: str) -> None:
    with_password(accounts, email)
    assert sign_in(web, email).status_code == 303


def _screen_link(web: TestClient[Any], site: str) -> str:
    codes = f"/host/sites/{site}/codes"
    made = web.post(f"/host/sites/{site}/screen", data={"_csrf_token": csrf(web, codes)})
    link = re.search(r'readonly value="[^"]*(/screen/[^"]+)"', made.text)
    assert link is not None, made.text[:500]
    return link.group(1)


def test_every_demo_site_shows_its_plan_and_legend_on_its_day_page_and_lobby_screen(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    _as(web, accounts, "host@example.se")
    sites = seeded.queries.sites()
    assert len(sites) == 5
    for site in sites:
        resources = seeded.queries.resources(site.id)
        day = web.get(f"/sites/{site.id}?date={DAY}&start=09:00&end=12:00").text
        assert 'class="floor"' in day, site.name
        shapes = re.findall(r'<a href="[^"]*" class="place free"', day)
        assert len(shapes) == len(resources), site.name
        assert 'aria-label="Skrivbord 1: ledig"' in day
        assert "<b>S1</b> Skrivbord 1" in day  # the short code explained beneath
        assert "upptaget" in day and "din bokning" in day and "du är incheckad" in day

        screen = web.get(_screen_link(web, str(site.id)))
        assert screen.status_code == 200
        assert 'class="floor"' in screen.text and "<b>S1</b> Skrivbord 1" in screen.text
        drawing = re.search(r'<image href="(/screen/[^"]+)"', screen.text)
        assert drawing is not None
        walls = web.get(drawing.group(1).replace("&amp;", "&"))
        assert walls.headers["content-type"].startswith("image/svg+xml")
        assert b"<line" in walls.content and b"<polygon" in walls.content
    assert web.get("/screen/" + "A" * 43 + "/plan.svg").status_code == 404


def test_the_members_own_booking_and_a_taken_desk_are_marked_on_the_plan(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    ids = _ids(seeded, office)
    anna = seeded.members.by_email("anna.distans@example.se")
    erik = seeded.members.by_email("erik.konsult@example.se")
    assert anna is not None and erik is not None
    Operator(seeded).book(anna.id, UUID(ids["Skrivbord 3"]), slot(DAY, "09:00", "12:00"))
    Operator(seeded).book(erik.id, UUID(ids["Skrivbord 4"]), slot(DAY, "08:00", "17:00"))
    seeded.wait_for_all(seeded.store.position)
    _as(web, accounts, "anna.distans@example.se")

    day = web.get(f"/sites/{office}?date={DAY}&start=09:00&end=12:00").text

    assert 'aria-label="Skrivbord 3: din bokning"' in day
    assert 'aria-label="Skrivbord 4: upptaget"' in day
    mine = day.split('aria-label="Skrivbord 3: din bokning"')[1].split("</a>")[0]
    taken = day.split('aria-label="Skrivbord 4: upptaget"')[1].split("</a>")[0]
    assert 'class="mark"' in mine  # a mark, not only a colour
    assert 'class="hatching"' in taken


def _plan_form(token: str, ids: dict[str, str], **places: tuple[int, int]) -> dict[str, str]:
    form = {"_csrf_token": token, "columns": "16", "rows": "10"}
    for name, (column, row) in places.items():
        rid = ids[name.replace("_", " ")]
        form |= {f"column-{rid}": str(column), f"row-{rid}": str(row)}
        form |= {f"width-{rid}": "2", f"height-{rid}": "2"}
    return form


def test_a_preview_draws_the_posted_places_and_stores_nothing(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    _as(web, accounts, "host@example.se")
    ids = _ids(seeded, office)
    tab = f"/host/sites/{office}/plan"
    form = _plan_form(csrf(web, tab), ids, Skrivbord_1=(9, 9), Skrivbord_2=(13, 9))

    with new_events(seeded) as stored:
        preview = web.post(f"{tab}/preview", data=form)

    assert preview.status_code == 200, preview.text[:300]
    assert stored == []
    assert "Förhandsgranskning: inte sparad än" in preview.text
    drawn = re.findall(r'<g class="place [a-z-]+" role="img" aria-label="([^"]+)"', preview.text)
    assert sorted(drawn) == ["Skrivbord 1: ledig", "Skrivbord 2: ledig"]  # only what was posted
    assert f'name="column-{ids["Skrivbord 1"]}" value="9"' in preview.text  # the form as posted
    assert f'formaction="{tab}/preview#preview"' in preview.text
    again = web.get(tab).text
    assert f'name="column-{ids["Skrivbord 1"]}" value="5"' in again  # the stored plan stands
    assert "Förhandsgranskning" not in again

    saved = web.post(tab, data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert f'name="column-{ids["Skrivbord 1"]}" value="9"' in web.get(tab).text


def test_a_preview_or_save_with_two_resources_on_one_cell_is_refused_naming_the_cell(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    _as(web, accounts, "host@example.se")
    ids = _ids(seeded, office)
    tab = f"/host/sites/{office}/plan"
    form = _plan_form(csrf(web, tab), ids, Skrivbord_1=(3, 3), Skrivbord_2=(4, 4))

    with new_events(seeded) as stored:
        preview = web.post(f"{tab}/preview", data=form)
        saved = web.post(tab, data=form)
        outside = web.post(f"{tab}/preview", data={**form, "columns": "4"})
        letters = web.post(f"{tab}/preview", data={**form, f"row-{ids['Skrivbord 1']}": "tre"})

    assert stored == []
    for refused in (preview, saved):
        assert refused.status_code == 422
        assert "två resurser delar en ruta (kolumn 4, rad 4)" in refused.text
    assert outside.status_code == 422 and "platsen ligger utanför rutnätet" in outside.text
    assert letters.status_code == 400 and "ett heltal" in letters.text
    assert "Förhandsgranskning" not in preview.text


def test_the_api_names_the_place_that_shares_a_cell(
    web: TestClient[Any], seeded: Container, office: str
) -> None:
    host = seeded.members.by_email("host@example.se")
    assert host is not None
    _, token = seeded.members.create_token(host.id, "test")
    ids = _ids(seeded, office)
    plan = {
        "columns": 8,
        "rows": 5,
        "places": {
            ids["Skrivbord 1"]: {"column": 1, "row": 1, "width": 2, "height": 2},
            ids["Skrivbord 2"]: {"column": 2, "row": 2},
        },
    }

    answer = web.put(
        f"/api/sites/{office}/floor-plan", json=plan, headers={"Authorization": f"Bearer {token}"}
    )

    body = assert_problem(answer, 422, f"floor_plan.places.{ids['Skrivbord 2']}")
    assert "column 2, row 2" in body["detail"]


def test_the_move_picker_offers_only_free_desks_and_a_crafted_move_to_a_taken_one_is_refused(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    ids = _ids(seeded, office)
    anna = seeded.members.by_email("anna.distans@example.se")
    erik = seeded.members.by_email("erik.konsult@example.se")
    assert anna is not None and erik is not None
    held = Operator(seeded).book(anna.id, UUID(ids["Skrivbord 1"]), slot(DAY, "09:00", "12:00"))
    Operator(seeded).book(erik.id, UUID(ids["Skrivbord 2"]), slot(DAY, "11:00", "13:00"))
    seeded.wait_for_all(seeded.store.position)
    _as(web, accounts, "host@example.se")
    today = f"/host/sites/{office}?date={DAY}"

    page = web.get(today).text
    picker = page.split(f'id="move-{held.id}"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="([^"]+)">([^<]+)</option>', picker)
    names = [name for _, name in offered]
    assert "Skrivbord 2" not in names and "Skrivbord 1" not in names
    assert "Skrivbord 3" in names and not any(n.startswith("Mötesrum") for n in names)

    move = f"/host/sites/{office}/bookings/{held.id}/move?date={DAY}"
    with new_events(seeded) as stored:
        crafted = web.post(
            move, data={"_csrf_token": csrf(web, today), "resource_id": ids["Skrivbord 2"]}
        )
    assert crafted.status_code == 409
    assert "Skrivbord 2 är inte ledig under hela bokningen: inget flyttades." in crafted.text
    assert stored == []
    assert seeded.store.booking(held.id).resource_id == UUID(ids["Skrivbord 1"])

    moved = web.post(
        move,
        data={"_csrf_token": csrf(web, today), "resource_id": ids["Skrivbord 3"]},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/host/sites/{office}?date={DAY}&done=moved"
    assert seeded.store.booking(held.id).resource_id == UUID(ids["Skrivbord 3"])
