"""The web pages through Litestar's test client: CSRF, sessions, sign-in throttling,
sign-up rules, roles, language, refusals said in words, and every page answering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from service.asgi import create_app
from service.cli import demo
from service.container import Container
from service.registry.accounts import Accounts
from tests.apps import app_for

PASSWORD = "ett-langt-losenord-2026"
DAY = "2026-12-01"  # a Tuesday; the shared clock stands on Monday 2026-11-30 07:00


@pytest.fixture
def seeded(container: Container) -> Container:
    demo.seed(container, today=container.now().date())
    container.views.catch_up_fully(container.store)
    return container


@pytest.fixture
def web(seeded: Container) -> Iterator[TestClient[Any]]:
    with TestClient(app=app_for(seeded)) as client:
        yield client


@pytest.fixture
def accounts(web: TestClient[Any]) -> Accounts:
    return web.app.state.container.accounts


@pytest.fixture
def office(seeded: Container) -> str:
    return str(next(s.id for s in seeded.queries.sites() if s.name.startswith("Grannskap")))


def with_password(accounts: Accounts, email: str) -> None:
    member = accounts._member_by_email(email)
    assert member is not None
    accounts.set_password(member.id, PASSWORD)


def csrf(client: TestClient[Any], path: str = "/sign-in") -> str:
    page = client.get(path)
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    return match.group(1)


def sign_in(client: TestClient[Any], email: str, password: str = PASSWORD) -> Any:
    token = csrf(client)
    return client.post(
        "/sign-in",
        data={"email": email, "password": password, "_csrf_token": token, "next": "/"},
        follow_redirects=False,
    )


def test_pages_skip_bearer_tokens_and_the_api_still_needs_them(web: TestClient[Any]) -> None:
    assert web.get("/sign-in").status_code == 200
    home = web.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/sign-in?next=/"
    assert web.get("/api/sites").status_code == 401
    assert web.get("/static/app.css").status_code == 200


def test_a_form_without_its_csrf_token_is_refused(web: TestClient[Any], accounts: Accounts) -> None:
    with_password(accounts, "anna.distans@example.se")
    csrf(web)  # the browser has the CSRF cookie
    bare = {"email": "anna.distans@example.se", "password": PASSWORD, "next": "/"}
    refused = web.post("/sign-in", data=bare, follow_redirects=False)
    assert refused.status_code == 403
    assert "Formuläret hade gått ut" in refused.text
    forged = web.post("/sign-in", data={**bare, "_csrf_token": "x" * 128}, follow_redirects=False)
    assert forged.status_code == 403
    assert sign_in(web, "anna.distans@example.se").status_code == 303


def test_signed_in_changes_need_the_token_too(
    web: TestClient[Any], accounts: Accounts, office: str
) -> None:
    with_password(accounts, "anna.distans@example.se")
    assert sign_in(web, "anna.distans@example.se").status_code == 303
    token = csrf(web, f"/sites/{office}?date={DAY}")
    form = {"date": DAY, "start": "09:00", "end": "12:00", "kind": "desk"}
    booked = web.post(
        f"/sites/{office}/book", data={**form, "_csrf_token": token}, follow_redirects=False
    )
    assert booked.status_code == 303 and "/my/bookings?booked=" in booked.headers["location"]
    booking_id = booked.headers["location"].split("booked=")[1]
    refused = web.post(f"/my/bookings/{booking_id}/cancel", follow_redirects=False)
    assert refused.status_code == 403
    assert "Bokad" in web.get("/my/bookings").text


def test_the_session_cookie_is_http_only_lax_and_secure_over_https(
    seeded: Container,
) -> None:
    with TestClient(app=create_app(container=seeded), base_url="https://testserver.local") as c:
        with_password(c.app.state.container.accounts, "anna.distans@example.se")
        signed_in = sign_in(c, "anna.distans@example.se")
        cookie = signed_in.headers["set-cookie"]
        assert "grannskap_session=" in cookie
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
        page = c.get("/my/data")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        signed_out = c.post(
            "/sign-out", data={"_csrf_token": csrf(c, "/my/data")}, follow_redirects=False
        )
        assert signed_out.status_code == 303
        assert c.get("/my/data", follow_redirects=False).status_code == 303


def test_repeated_failed_sign_ins_are_slowed_down(
    web: TestClient[Any], accounts: Accounts, seeded: Container, clock: Any
) -> None:
    with_password(accounts, "anna.distans@example.se")
    for _ in range(5):
        wrong = sign_in(web, "anna.distans@example.se", "fel-losenord-123")
        assert wrong.status_code == 400 and "Fel e-postadress eller lösenord" in wrong.text
    throttled = sign_in(web, "anna.distans@example.se")  # even the right password waits
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "1"
    assert "Vänta 1 sekund och" in throttled.text
    clock.advance(seconds=2)
    assert sign_in(web, "anna.distans@example.se", "fel-losenord-123").status_code == 400
    assert sign_in(web, "anna.distans@example.se").headers["retry-after"] == "2"
    clock.advance(seconds=3)
    assert sign_in(web, "anna.distans@example.se").status_code == 303
    # Another member from the same address is not locked out by someone else's failures.
    with_password(accounts, "erik.konsult@example.se")
    assert sign_in(web, "erik.konsult@example.se").status_code == 303


def test_sign_up_needs_an_invitation_or_a_site_open_to_all(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    host = accounts._member_by_email("host@example.se")
    assert host is not None
    code = accounts.create_invitation(seeded.queries.sites()[0].id, host.id, uses=1).code

    def sign_up(email: str, **extra: str) -> Any:
        form = {"name": "Ny Medlem", "email": email, "password": PASSWORD, **extra}
        return web.post(
            "/sign-up", data={**form, "_csrf_token": csrf(web, "/sign-up")}, follow_redirects=False
        )

    refused = sign_up("ny@example.se", invitation_code="AAAAA-BBBBB")
    assert refused.status_code == 400 and "Inbjudningskoden gäller inte" in refused.text
    assert "kräver en inbjudningskod" in sign_up("ny@example.se", site_id=office).text
    short = sign_up("ny@example.se", invitation_code=code, password="kort")
    assert "minst 10 tecken" in short.text
    joined = sign_up("ny@example.se", invitation_code=code.lower().replace("-", ""))
    assert joined.status_code == 303 and "welcome=1" in joined.headers["location"]
    web.cookies.clear()
    assert "gäller inte" in sign_up("ny2@example.se", invitation_code=code).text  # used up
    accounts.set_open_sign_up(seeded.queries.sites()[0].id, True)
    opened = sign_up("ny2@example.se", site_id=str(seeded.queries.sites()[0].id))
    assert opened.status_code == 303
    web.cookies.clear()
    taken = sign_up("ny2@example.se", site_id=str(seeded.queries.sites()[0].id))
    assert "finns redan ett konto" in taken.text
    member = accounts._member_by_email("ny@example.se")
    assert member is not None and member.role == "member"


def test_each_role_sees_only_its_pages(
    web: TestClient[Any], accounts: Accounts, office: str
) -> None:
    for email in ("anna.distans@example.se", "evaluator@example.se", "host@example.se"):
        with_password(accounts, email)
    sign_in(web, "anna.distans@example.se")
    for path in ("/host", f"/host/sites/{office}/resources", "/evaluate"):
        denied = web.get(path)
        assert denied.status_code == 403 and "Din roll ger inte tillgång" in denied.text
    web.cookies.clear()
    sign_in(web, "evaluator@example.se")
    assert web.get("/host").status_code == 403
    assert web.get("/evaluate").status_code == 200
    web.cookies.clear()
    sign_in(web, "host@example.se")
    assert web.get(f"/host/sites/{office}").status_code == 200


def test_swedish_by_default_english_by_choice(
    web: TestClient[Any], accounts: Accounts, office: str
) -> None:
    page = web.get("/sign-in")
    assert '<html lang="sv">' in page.text and "Logga in" in page.text
    english = web.get("/sign-in?lang=en")
    assert '<html lang="en">' in english.text and "Sign in" in english.text
    assert "lang=en" in english.headers["set-cookie"]
    assert '<html lang="en">' in web.get("/sign-in").text  # the cookie keeps it
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    day = web.get(f"/sites/{office}?date={DAY}").text
    assert "Tuesday, 1 December 2026" in day and "Open 07:00\N{EN DASH}19:00" in day
    swedish = web.get(f"/sites/{office}?date={DAY}&lang=sv").text
    assert "tisdag 1 december 2026" in swedish and "Öppet 07:00\N{EN DASH}19:00" in swedish
    assert "Vecka 49" in web.get(f"/sites/{office}/week?date={DAY}").text


def test_refusals_are_said_in_words_on_the_page(
    web: TestClient[Any], accounts: Accounts, office: str
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    token = csrf(web, f"/sites/{office}?date={DAY}")

    def book(**form: str) -> Any:
        data = {"date": DAY, "start": "09:00", "end": "12:00", "kind": "desk", **form}
        return web.post(f"/sites/{office}/book", data={**data, "_csrf_token": token})

    far = book(date="2027-06-01")
    assert far.status_code == 422 and "Den dagen går inte att boka än." in far.text
    early = book(start="05:00", end="06:00")
    assert early.status_code == 422 and "Platsen är inte öppen hela den tiden." in early.text
    assert "Bokat: Skrivbord" in book().text  # booked: my bookings say what and when
    twice = book()
    assert twice.status_code == 422 and "Du har redan ett skrivbord den tiden." in twice.text
    nothing = book(kind="room", feature="standing")  # no room has it: no match
    assert nothing.status_code == 409 and "Ingen resurs av det slaget har det du" in nothing.text


def test_every_page_a_host_can_open_answers(
    web: TestClient[Any], accounts: Accounts, office: str
) -> None:
    """Each page answers 200 with a booking on it (how fast: ``python -m benchmarks.pages``)."""
    for email in ("host@example.se",):
        with_password(accounts, email)
    sign_in(web, "host@example.se")
    token = csrf(web, f"/sites/{office}?date={DAY}")
    web.post(
        f"/sites/{office}/book",
        data={"date": DAY, "start": "09:00", "end": "12:00", "kind": "desk", "_csrf_token": token},
    )
    for path in host_pages(office):
        assert web.get(path).status_code == 200, path


def host_pages(office: str) -> list[str]:
    return [
        "/",
        f"/sites/{office}?date={DAY}",
        f"/sites/{office}?date={DAY}&kind=room",
        f"/sites/{office}/week?date={DAY}",
        "/my/bookings",
        "/my/data",
        "/host",
        f"/host/sites/{office}?date={DAY}",
        f"/host/sites/{office}/resources",
        f"/host/sites/{office}/hours",
        f"/host/sites/{office}/sign-up",
        "/evaluate",
        f"/evaluate/sites/{office}",
        f"/evaluate/sites/{office}?desk=8&room=2&equipment=4",
    ]


def test_every_message_has_a_swedish_translation() -> None:
    from service.presentation.catalog import extract
    from service.presentation.i18n import translations

    swedish = translations("sv")
    missing = [
        m.id
        for m in extract()
        if m.id
        and isinstance(m.id, str)
        and swedish.gettext(m.id) == m.id
        and m.id not in ("Status", "Period", "whiteboard", "USB-C", "HDMI")
    ]
    assert missing == []
