# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""Hostile text in the forms and parameters added since the review's base (named calendar
links and their renewal, the lobby screen's link, the site assignments of a host, the
QR page's book-now): a NUL, another control character, over-long text, a wrong type, an
unknown or another site's id is a form error or a 4xx problem naming the field, never a
500 (PostgreSQL refuses NUL in text), and nothing is stored. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from service.container import Container
from service.registry.accounts import Accounts
from service.registry.tables import CalendarLinkRecord, SiteAssignmentRecord
from tests.e2e.conftest import DAY, assert_problem, new_events
from tests.e2e.test_web_pages import (  # noqa: F401
    accounts,
    csrf,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)

pytestmark = pytest.mark.both_stores

NO_SITE = "6f1c1b0e-0000-4000-8000-000000000001"  # fixed: parameters are the same in every worker
HOSTILE = ["Tele\u0000fon", "Tele\u0007fon", "Tele\u009bfon", "x" * 101, "x" * 5000, "  "]


def _count(container: Container, table: Any) -> int:
    with container.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar() or 0)


def _bearer(container: Container, email: str) -> dict[str, str]:
    member = container.members.by_email(email)
    assert member is not None
    _, token = container.members.create_token(member.id, "test")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_calendar_link_named_with_hostile_text_is_a_form_error_and_no_link(
    web: TestClient[Any], accounts: Accounts, seeded: Container, name: str
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")

    answer = web.post(
        "/my/calendar/links",
        data={"name": name, "_csrf_token": csrf(web, "/my/bookings")},
        follow_redirects=False,
    )

    assert answer.status_code == 400, answer.text[:2000]
    assert "/ical/" not in answer.text
    assert _count(seeded, CalendarLinkRecord.__table__) == 0


@pytest.mark.parametrize("seen", ["ab\u0000cd", "\u0007", "x" * 1024])
def test_renewing_a_calendar_link_with_a_hostile_mark_renews_nothing(
    web: TestClient[Any], accounts: Accounts, seeded: Container, seen: str
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    token = csrf(web, "/my/bookings")
    web.post("/my/calendar/links", data={"name": "Telefon", "_csrf_token": token})
    with seeded.engine.connect() as c:
        link_id, before = c.execute(
            select(CalendarLinkRecord.id, CalendarLinkRecord.token_hash)
        ).one()

    for path in (f"/my/calendar/links/{link_id}/rotate", "/my/calendar/rotate"):
        answer = web.post(
            path,
            data={"confirm": "1", "seen": seen, "_csrf_token": token},
            follow_redirects=False,
        )
        assert answer.status_code < 500, answer.text[:2000]
    with seeded.engine.connect() as c:
        after = c.execute(select(CalendarLinkRecord.token_hash)).scalar_one()
    assert after == before


@pytest.mark.parametrize("token", ["a%00b", "%00" * 32, "x" * 3000, "%07" * 32, "é" * 32])
def test_a_lobby_screen_link_of_hostile_text_is_not_found(web: TestClient[Any], token: str) -> None:
    answer = web.get(f"/screen/{token}")

    assert answer.status_code == 404, answer.text[:2000]


@pytest.mark.parametrize(
    "body",
    [
        {"site_ids": ["a\u0000b"]},
        {"site_ids": "not a list"},
        {"site_ids": [1, 2]},
        {"site_ids": [NO_SITE]},
        {"site_ids": [NO_SITE] * 1001},
        {"site_ids": [], "more": "\u0000"},
    ],
)
def test_hostile_site_assignments_are_refused_naming_the_field_and_change_nothing(
    web: TestClient[Any], seeded: Container, body: dict[str, Any]
) -> None:
    host = seeded.members.by_email("host@example.se")
    assert host is not None

    answer = web.put(
        f"/api/members/{host.id}/sites", json=body, headers=_bearer(seeded, "admin@example.se")
    )

    problem = answer.json()
    assert 400 <= answer.status_code < 500, answer.text
    assert "site_ids" in answer.text or "more" in answer.text, problem
    assert _count(seeded, SiteAssignmentRecord.__table__) == 0


@pytest.mark.parametrize("site", ["a\u0000b", NO_SITE])
def test_an_admin_assigning_a_host_to_a_hostile_or_unknown_site_assigns_nothing(
    web: TestClient[Any], accounts: Accounts, seeded: Container, site: str
) -> None:
    with_password(accounts, "admin@example.se")
    sign_in(web, "admin@example.se")
    host = seeded.members.by_email("host@example.se")
    assert host is not None
    path = f"/admin/members/{host.id}/sites"

    answer = web.post(
        path, data={"site_id": site, "_csrf_token": csrf(web, path)}, follow_redirects=False
    )

    assert answer.status_code < 500, answer.text[:2000]
    assert _count(seeded, SiteAssignmentRecord.__table__) == 0


def test_assigning_a_host_to_an_unknown_site_is_a_problem_naming_site_ids(
    web: TestClient[Any], seeded: Container
) -> None:
    host = seeded.members.by_email("host@example.se")
    assert host is not None

    answer = web.put(
        f"/api/members/{host.id}/sites",
        json={"site_ids": [str(uuid4())]},
        headers=_bearer(seeded, "admin@example.se"),
    )

    assert_problem(answer, 400, "site_ids")


@pytest.mark.parametrize(
    "end", ["2026-12-01T10:00\u0000", "2026-12-01T10:00", "9999-12-31T23:59:00+00:00", "x" * 40]
)
def test_booking_here_now_until_a_hostile_end_is_refused_in_words_and_books_nothing(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str, end: str
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    desk = next(r for r in seeded.queries.resources(UUID(office)) if r.kind == "desk")

    with new_events(seeded) as stored:
        answer = web.post(
            f"/r/{desk.id}/book-now",
            data={"end": end, "_csrf_token": csrf(web, f"/r/{desk.id}")},
            follow_redirects=False,
        )

    assert answer.status_code < 500, answer.text[:2000]
    if answer.status_code >= 400:
        assert not [t for t in stored if "Booked" in t or "Placed" in t]


def _host_of_one_site(web: TestClient[Any], accounts: Accounts, seeded: Container) -> UUID:
    """Signs in the demo's host, assigned to the neighbourhood office only; the other site."""
    sites = sorted((not s.name.startswith("Grannskap"), s.id) for s in seeded.queries.sites())
    own, other = sites[0][1], sites[1][1]
    host = seeded.members.by_email("host@example.se")
    assert host is not None
    seeded.ctx.sites.replace(host.id, [own])
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    return other


def test_a_host_makes_no_screen_link_for_another_or_an_unknown_site(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    other = _host_of_one_site(web, accounts, seeded)
    token = csrf(web, f"/host/sites/{office}/codes")

    refused = [
        web.post(f"/host/sites/{site}/screen", data={"_csrf_token": token}).status_code
        for site in (other, uuid4())
    ]

    assert refused == [403, 404]
    assert seeded.feed_tokens.issued_at("screen", other) is None


def test_a_host_books_nothing_on_another_sites_resource_through_their_own_sites_form(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    other = _host_of_one_site(web, accounts, seeded)
    elsewhere = next(r for r in seeded.queries.resources(other) if r.kind == "desk")

    with new_events(seeded) as stored:
        answer = web.post(
            f"/host/sites/{office}/book",
            data={
                "email": "anna.distans@example.se",
                "date": DAY,
                "start": "09:00",
                "end": "10:00",
                "resource_id": str(elsewhere.id),
                "_csrf_token": csrf(web, f"/host/sites/{office}"),
            },
            follow_redirects=False,
        )

    assert 400 <= answer.status_code < 500, answer.text[:2000]
    assert stored == []


@pytest.mark.parametrize(
    "expires_at", ["2027-01-01T10:00", "9999-12-31T23:59:59Z", "x\u0000", 12, ["2027-01-01"]]
)
def test_a_token_from_a_short_lived_token_with_a_hostile_expiry_is_refused_naming_it(
    web: TestClient[Any], seeded: Container, expires_at: Any
) -> None:
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None
    ends = seeded.now() + timedelta(minutes=5)
    _, short = seeded.members.create_token(anna.id, "fem minuter", expires_at=ends)
    before = sorted(t.name for t in seeded.members.tokens(anna.id))

    answer = web.post(
        "/api/members/me/tokens",
        json={"name": "barn", "expires_at": expires_at},
        headers={"Authorization": f"Bearer {short}"},
    )

    assert_problem(answer, answer.status_code, "expires_at")
    assert 400 <= answer.status_code < 500
    assert sorted(t.name for t in seeded.members.tokens(anna.id)) == before
