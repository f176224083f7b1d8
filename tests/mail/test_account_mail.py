"""Accounts by e-mail, through the pages and a real SMTP server: a forgotten password is
reset by a single-use link valid one hour (and the page never tells whether an address is
known); a new e-mail address is used once confirmed by a link sent to it; a host sends an
invitation to an e-mail address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from service.asgi import create_app
from service.container import Container
from tests.builders import Office
from tests.conftest import Clock
from tests.mail.conftest import PUBLIC, SmtpServer, text_of

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores

PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def web(mailing: Container, office: Office) -> Iterator[TestClient[Any]]:
    with TestClient(app=create_app(container=mailing)) as client:
        yield client


def csrf(client: TestClient[Any], path: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def post(client: TestClient[Any], path: str, form_page: str, **data: str) -> Any:
    return client.post(
        path, data={**data, "_csrf_token": csrf(client, form_page)}, follow_redirects=False
    )


def sign_in(client: TestClient[Any], email: str, password: str) -> int:
    response = post(client, "/sign-in", "/sign-in", email=email, password=password, next="/")
    return int(response.status_code)


def link_in(message: Any) -> str:
    match = re.search(re.escape(PUBLIC) + r"(/[^\s]+)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def test_a_forgotten_password_is_reset_once_by_a_link_and_no_page_tells_who_has_an_account(
    web: TestClient[Any], mailing: Container, smtp: SmtpServer
) -> None:
    anna, _ = mailing.members.add(email="anna@example.se", name="Anna")
    mailing.accounts.set_password(anna.id, PASSWORD)

    known = post(web, "/forgot-password", "/forgot-password", email="anna@example.se")
    unknown = post(web, "/forgot-password", "/forgot-password", email="nobody@example.se")
    mailing.mail.run_once()

    assert known.status_code == unknown.status_code == 200
    notice = re.compile(r'<p class="notice" role="status">([^<]+)</p>')
    assert notice.findall(known.text) == notice.findall(unknown.text) != []
    assert smtp.inbox.to("nobody@example.se") == []
    (message,) = smtp.inbox.to("anna@example.se")
    assert str(message["Subject"]) == "Välj ett nytt lösenord till grannskap"
    path = link_in(message)
    assert path.startswith("/reset-password?token=")
    token = path.split("=", 1)[1]
    assert web.get(path).status_code == 200
    done = post(web, "/reset-password", path, token=token, password="ett-nytt-losenord-99")
    assert done.status_code == 303 and done.headers["location"] == "/sign-in?reset=1"
    assert sign_in(web, "anna@example.se", PASSWORD) == 400
    assert sign_in(web, "anna@example.se", "ett-nytt-losenord-99") == 303
    again = post(web, "/reset-password", "/forgot-password", token=token, password="x" * 12)
    assert again.status_code == 400 and "gäller inte" in again.text


def test_a_reset_link_stops_working_after_an_hour(
    web: TestClient[Any], mailing: Container, smtp: SmtpServer, clock: Clock
) -> None:
    mailing.members.add(email="anna@example.se", name="Anna")
    post(web, "/forgot-password", "/forgot-password", email="anna@example.se")
    mailing.mail.run_once()
    path = link_in(smtp.inbox.to("anna@example.se")[0])
    clock.advance(minutes=61)
    assert web.get(path).status_code == 400


def test_a_new_email_address_is_used_once_confirmed_by_a_link_sent_to_it(
    web: TestClient[Any], mailing: Container, smtp: SmtpServer
) -> None:
    anna, _ = mailing.members.add(email="anna@example.se", name="Anna")
    mailing.accounts.set_password(anna.id, PASSWORD)
    assert sign_in(web, "anna@example.se", PASSWORD) == 303

    asked = post(web, "/my/email", "/my/data", email="anna.ny@example.se")
    assert asked.status_code == 303
    assert mailing.members.by_email("anna@example.se") == anna
    mailing.mail.run_once()
    (message,) = smtp.inbox.to("anna.ny@example.se")
    confirmed = web.get(link_in(message))

    assert confirmed.status_code == 200 and "anna.ny@example.se" in confirmed.text
    assert mailing.members.by_email("anna@example.se") is None
    assert mailing.members.by_email("anna.ny@example.se") is not None
    assert web.get(link_in(message)).status_code == 400  # once only


def test_a_host_sends_an_invitation_to_an_email_address(
    web: TestClient[Any], mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    host, _ = mailing.members.add(email="host@example.se", name="Värd", role="host")
    mailing.accounts.set_password(host.id, PASSWORD)
    assert sign_in(web, "host@example.se", PASSWORD) == 303
    page = f"/host/sites/{office.site_id}/sign-up"

    sent = post(web, f"{page.rsplit('/', 1)[0]}/invitations/by-email", page, email="ny@example.se")

    assert sent.status_code == 303
    mailing.mail.run_once()
    (message,) = smtp.inbox.to("ny@example.se")
    assert "Grannskapskontoret Frövi" in str(message["Subject"])
    assert link_in(message).startswith("/sign-up?code=")
