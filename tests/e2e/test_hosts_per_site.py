"""Hosts per site: an admin assigns a host to sites (API, admin page, CLI); a host then
manages, reads and books on behalf only there; an evaluator reads only their sites'
reports; a host with no assignment acts at every site, as before; hosts find members by a
part of a name or an address."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from service.container import Container
from tests.apps import app_for
from tests.e2e.conftest import DAY, Person, assert_problem
from tests.e2e.test_cli import grannskap
from tests.e2e.test_web_pages import csrf, sign_in, with_password
from tests.settings import fast_settings

__all__ = ["accounts", "office", "seeded", "web"]
from tests.e2e.test_web_pages import accounts, office, seeded, web

CLOSURE = {"first_day": DAY, "last_day": DAY, "reason": "Städning"}


def _person(container: Container, email: str, name: str, role: str) -> Person:
    member, token = container.members.add(email=email, name=name, role=role)
    return Person(member, token)


def _sites(container: Container) -> tuple[str, str]:
    """The neighbourhood office and one other site of the demo."""
    ids = sorted((not s.name.startswith("Grannskap"), str(s.id)) for s in container.queries.sites())
    return ids[0][1], ids[1][1]


@pytest.fixture
def api(seeded: Container) -> Any:
    with TestClient(app=app_for(seeded)) as client:
        yield client


@pytest.fixture
def admin(seeded: Container) -> Person:
    return _person(seeded, "chef@example.se", "Chef Kommunen", "admin")


@pytest.fixture
def karin(seeded: Container) -> Person:
    return _person(seeded, "karin.vard@example.se", "Karin Värd", "host")


def _assign(api: TestClient[Any], admin: Person, who: Person, *site_ids: str) -> Any:
    return api.put(
        f"/api/members/{who.id}/sites", json={"site_ids": list(site_ids)}, headers=admin.auth
    )


def test_a_host_assigned_to_one_site_is_refused_a_closure_at_another_and_closes_their_own(
    api: TestClient[Any], seeded: Container, admin: Person, karin: Person
) -> None:
    own, other = _sites(seeded)
    assigned = _assign(api, admin, karin, own)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json() == {"member_id": karin.id, "site_ids": [own], "every_site": False}

    elsewhere = api.post(f"/api/sites/{other}/closures", json=CLOSURE, headers=karin.auth)
    at_home = api.post(f"/api/sites/{own}/closures", json=CLOSURE, headers=karin.auth)

    assert_problem(elsewhere, 403)
    assert at_home.status_code == 201, at_home.text


def test_a_host_with_no_site_assigned_acts_at_every_site_as_before(
    api: TestClient[Any], seeded: Container, admin: Person, karin: Person
) -> None:
    own, other = _sites(seeded)
    assert api.get(f"/api/members/{karin.id}/sites", headers=admin.auth).json()["every_site"]

    closed = api.post(f"/api/sites/{other}/closures", json=CLOSURE, headers=karin.auth)
    assert closed.status_code == 201, closed.text
    _assign(api, admin, karin, own)
    unassigned = _assign(api, admin, karin)
    assert unassigned.json()["every_site"] is True
    again = {**CLOSURE, "first_day": "2026-12-02", "last_day": "2026-12-02"}
    assert (
        api.post(f"/api/sites/{other}/closures", json=again, headers=karin.auth).status_code == 201
    )


def test_a_host_books_on_behalf_and_sees_a_day_only_at_their_sites(
    api: TestClient[Any], seeded: Container, admin: Person, karin: Person
) -> None:
    own, other = _sites(seeded)
    _assign(api, admin, karin, own)
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None

    def book_for(site: str) -> Any:
        body = {
            "site_id": site,
            "kind": "desk",
            "start": f"{DAY}T10:00",
            "end": f"{DAY}T11:00",
            "member_id": str(anna.id),
        }
        return api.post("/api/bookings", json=body, headers=karin.auth)

    assert_problem(book_for(other), 403)
    booked = book_for(own)
    assert booked.status_code == 201, booked.text
    booking = booked.json()["id"]
    assert api.get(f"/api/bookings/{booking}", headers=karin.auth).status_code == 200

    _assign(api, admin, karin, other)
    assert_problem(api.get(f"/api/bookings/{booking}", headers=karin.auth), 404)


def test_only_admins_assign_sites_and_an_unknown_site_is_named(
    api: TestClient[Any], seeded: Container, admin: Person, karin: Person
) -> None:
    own, _ = _sites(seeded)
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None
    unknown = "00000000-0000-4000-8000-000000000001"

    assert_problem(_assign(api, karin, karin, own), 403)
    assert_problem(_assign(api, admin, karin, unknown), 400, field="site_ids")
    member = api.put(f"/api/members/{anna.id}/sites", json={"site_ids": [own]}, headers=admin.auth)
    assert_problem(member, 400, field="role")


def test_an_evaluator_assigned_to_a_site_reads_only_its_reports(
    api: TestClient[Any], seeded: Container, admin: Person
) -> None:
    own, other = _sites(seeded)
    eva = _person(seeded, "eva.utvardering@example.se", "Eva Utvärdering", "evaluator")
    assert api.get(f"/api/reports/utilisation?site_id={other}", headers=eva.auth).status_code == 200
    _assign(api, admin, eva, own)

    assert api.get(f"/api/reports/utilisation?site_id={own}", headers=eva.auth).status_code == 200
    assert_problem(api.get(f"/api/reports/utilisation?site_id={other}", headers=eva.auth), 403)


def test_hosts_find_members_by_a_part_of_their_name_or_address(
    api: TestClient[Any], karin: Person, seeded: Container
) -> None:
    anna = _person(seeded, "a.l@example.se", "Anna-Lena Berg", "member")

    by_name = api.get("/api/members/search", params={"q": "lena b"}, headers=karin.auth)
    by_address = api.get("/api/members/search", params={"q": "A.L@EXAMPLE"}, headers=karin.auth)

    assert [m["id"] for m in by_name.json()] == [anna.id]
    asa = _person(seeded, "asa@example.se", "Åsa Öberg", "member")
    folded = api.get("/api/members/search", params={"q": "åsa ö"}, headers=karin.auth)
    assert [m["id"] for m in folded.json()] == [asa.id]
    assert [m["id"] for m in by_address.json()] == [anna.id]
    assert_problem(api.get("/api/members/search", params={"q": "a"}, headers=karin.auth), 400, "q")
    assert_problem(api.get("/api/members/search", params={"q": "ann"}, headers=anna.auth), 403)


def test_on_the_pages_an_admin_assigns_a_site_and_the_host_closes_only_there(
    web: TestClient[Any], accounts: Any, seeded: Container
) -> None:
    own, other = _sites(seeded)
    host = seeded.members.by_email("host@example.se")
    assert host is not None
    with_password(accounts, "admin@example.se")
    sign_in(web, "admin@example.se")
    assert f"/admin/members/{host.id}/sites" in web.get("/admin/members").text
    page = f"/admin/members/{host.id}/sites"
    saved = web.post(
        page, data={"site_id": own, "_csrf_token": csrf(web, page)}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    shown = web.get(saved.headers["location"]).text
    assert "Platserna är sparade." in shown
    assert f'value="{own}" checked' in shown and f'value="{other}" checked' not in shown
    web.post("/sign-out", data={"_csrf_token": csrf(web, "/my/data")})

    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")

    def close(site: str) -> Any:
        hours = f"/host/sites/{own}/hours"
        form = {"first_day": DAY, "reason": "Städning", "_csrf_token": csrf(web, hours)}
        return web.post(f"/host/sites/{site}/closures", data=form, follow_redirects=False)

    assert close(other).status_code == 403
    assert close(own).status_code == 303


def test_the_command_line_gives_a_host_a_site(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    with_sites = Container.build(fast_settings(database_url=url))
    try:
        from service.cli import demo

        demo.seed(with_sites)
        with_sites.views.catch_up_fully(with_sites.store)
        site = str(with_sites.queries.sites()[0].id)
    finally:
        with_sites.close()

    done = grannskap(
        "member",
        "role",
        "--email",
        "anna.distans@example.se",
        "--role",
        "host",
        "--site",
        site,
        database_url=url,
        cwd=tmp_path,
    )
    wrong = grannskap(
        "member",
        "role",
        "--email",
        "erik.konsult@example.se",
        "--role",
        "host",
        "--site",
        "00000000-0000-4000-8000-000000000001",
        database_url=url,
        cwd=tmp_path,
    )

    assert done.returncode == 0, done.stderr
    assert site in done.stdout
    assert wrong.returncode == 2 and "no site" in wrong.stderr
    after = Container.build(fast_settings(database_url=url))
    try:
        erik = after.members.by_email("erik.konsult@example.se")
        assert erik is not None and erik.role == "member"  # nothing changed for a wrong site
        anna = after.members.by_email("anna.distans@example.se")
        assert anna is not None and anna.role == "host"
        assert after.ctx.sites.sites_of(anna.id) == {UUID(site)}
    finally:
        after.close()


def test_a_host_with_one_site_sees_only_it_on_the_host_pages(
    web: TestClient[Any], accounts: Any, seeded: Container
) -> None:
    own, other = _sites(seeded)
    host = seeded.members.by_email("host@example.se")
    assert host is not None
    seeded.ctx.sites.replace(host.id, [UUID(own)])
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")

    index = web.get("/host").text

    assert f"/host/sites/{own}" in index and f"/host/sites/{other}" not in index
    assert web.get(f"/host/sites/{own}").status_code == 200
    assert web.get(f"/host/sites/{other}").status_code == 403


def test_an_evaluator_with_one_site_sees_only_it_among_the_localities(
    web: TestClient[Any], accounts: Any, seeded: Container
) -> None:
    own, other = _sites(seeded)
    evaluator = seeded.members.by_email("evaluator@example.se")
    assert evaluator is not None
    seeded.ctx.sites.replace(evaluator.id, [UUID(own)])
    with_password(accounts, "evaluator@example.se")
    sign_in(web, "evaluator@example.se")

    index = web.get("/evaluate")

    assert index.status_code == 200
    assert f"/evaluate/sites/{own}" in index.text
    assert f"/evaluate/sites/{other}" not in index.text
    assert web.get(f"/evaluate/sites/{other}").status_code == 403
