"""Signing in through an OpenID Connect provider, beside passwords: a real provider
(``oidc-provider-mock``) in the test process, and one of our own that forges the tokens a
careful client must refuse. The server's clock is the real one: tokens are about real time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey
from litestar.testing import TestClient

from service.asgi import create_app
from service.container import Container
from service.presentation.session import SESSION_COOKIE
from tests.e2e.oidc_providers import Forger, forging_provider, mock_provider
from tests.settings import fast_settings

CLIENT_ID = "grannskap-test"
ROLE_CLAIM = "grannskap_roles"


@contextmanager
def served(database_url: str, issuer: str, **settings: Any) -> Iterator[TestClient[Any]]:
    container = Container.build(
        fast_settings(
            database_url=database_url,
            oidc_issuer=issuer,
            oidc_client_id=CLIENT_ID,
            oidc_client_secret="hemligt-klientlosen",
            oidc_role_claim=ROLE_CLAIM,
            oidc_name="Lindesbergs kommun",
            **settings,
        )
    )
    container.start_following()
    try:
        with TestClient(app=create_app(container=container)) as client:
            yield client
    finally:
        container.close()


@pytest.fixture
def mock_issuer() -> Iterator[str]:
    with mock_provider() as issuer:
        yield issuer


@pytest.fixture
def web(database_url: str, mock_issuer: str) -> Iterator[TestClient[Any]]:
    with served(database_url, mock_issuer) as client:
        yield client


@pytest.fixture
def forger() -> Iterator[Forger]:
    with forging_provider() as provider:
        yield provider


@pytest.fixture
def forged_web(database_url: str, forger: Forger) -> Iterator[TestClient[Any]]:
    with served(database_url, forger.issuer) as client:
        yield client


def container_of(web: TestClient[Any]) -> Container:
    container: Container = web.app.state.container
    return container


def back_from(web: TestClient[Any], location: str) -> httpx.Response:
    """The browser follows the provider's redirect back to the callback."""
    url = urlsplit(location)
    return web.get(f"{url.path}?{url.query}", follow_redirects=False)


def through_mock(
    web: TestClient[Any], issuer: str, subject: str, claims: dict[str, Any]
) -> tuple[httpx.Response, str]:
    """Signs in at the package's provider as ``subject`` with ``claims``: the answer of the
    callback, and the address the provider sent the browser back to."""
    assert httpx.put(f"{issuer}/users/{subject}", json=claims).status_code == 204
    start = web.get("/sign-in/oidc", params={"next": "/my/data"}, follow_redirects=False)
    assert start.status_code == 303, start.text
    assert start.headers["location"].startswith(f"{issuer}/")
    consent = httpx.post(start.headers["location"], data={"sub": subject}, follow_redirects=False)
    assert consent.status_code == 302, consent.text
    return back_from(web, consent.headers["location"]), consent.headers["location"]


def through_forger(web: TestClient[Any]) -> httpx.Response:
    start = web.get("/sign-in/oidc", follow_redirects=False)
    assert start.status_code == 303, start.text
    consent = httpx.get(start.headers["location"], follow_redirects=False)
    return back_from(web, consent.headers["location"])


def signed_in_member(web: TestClient[Any], answer: httpx.Response) -> Any:
    token = answer.cookies.get(SESSION_COOKIE)
    return container_of(web).accounts.session_member(token) if token else None


def test_the_sign_in_page_offers_the_provider_beside_the_password(web: TestClient[Any]) -> None:
    page = web.get("/sign-in")

    assert "Logga in med Lindesbergs kommun" in page.text
    assert 'href="/sign-in/oidc?next=/"' in page.text or "/sign-in/oidc?next=%2F" in page.text
    assert 'name="password"' in page.text


def test_a_new_person_signs_in_through_the_provider_and_becomes_a_member(
    web: TestClient[Any], mock_issuer: str
) -> None:
    claims = {"email": "Ny.Person@Example.se", "email_verified": True, "name": "Ny Person"}

    answer, _ = through_mock(web, mock_issuer, "ny-1", claims)

    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/my/data"
    member = signed_in_member(web, answer)
    assert member is not None and member.email == "ny.person@example.se"
    assert member.name == "Ny Person" and member.role == "member"
    assert "Ny Person" in web.get("/my/data").text
    again, _ = through_mock(web, mock_issuer, "ny-1", claims)
    assert signed_in_member(web, again).id == member.id


def test_an_existing_verified_address_signs_into_their_own_account(
    web: TestClient[Any], mock_issuer: str
) -> None:
    anna, _ = container_of(web).members.add(email="anna@example.se", name="Anna Lindqvist")

    answer, _ = through_mock(
        web, mock_issuer, "anna-at-idp", {"email": "anna@example.se", "email_verified": True}
    )

    assert answer.status_code == 303, answer.text
    assert signed_in_member(web, answer).id == anna.id
    assert container_of(web).members.count() == 1


def test_an_unverified_address_does_not_sign_into_the_account_that_has_it(
    web: TestClient[Any], mock_issuer: str
) -> None:
    container_of(web).members.add(email="anna@example.se", name="Anna Lindqvist")

    answer, _ = through_mock(
        web, mock_issuer, "impostor", {"email": "anna@example.se", "email_verified": False}
    )

    assert answer.status_code == 400
    assert "inte bekräftat att adressen är din" in answer.text
    assert SESSION_COOKIE not in answer.cookies
    assert container_of(web).members.count() == 1


def test_a_replayed_state_is_refused(web: TestClient[Any], mock_issuer: str) -> None:
    claims = {"email": "bo@example.se", "email_verified": True, "name": "Bo"}
    first, location = through_mock(web, mock_issuer, "bo", claims)
    assert first.status_code == 303

    replayed = back_from(web, location)

    assert replayed.status_code == 400
    assert "redan använts" in replayed.text
    assert SESSION_COOKIE not in replayed.cookies


def test_a_callback_without_this_browsers_state_cookie_is_refused(
    web: TestClient[Any], mock_issuer: str
) -> None:
    httpx.put(f"{mock_issuer}/users/eve", json={"email": "eve@example.se"})
    start = web.get("/sign-in/oidc", follow_redirects=False)
    consent = httpx.post(start.headers["location"], data={"sub": "eve"}, follow_redirects=False)
    web.cookies.clear()

    answer = back_from(web, consent.headers["location"])

    assert answer.status_code == 400
    assert SESSION_COOKIE not in answer.cookies


def test_roles_come_from_the_configured_claim_where_it_is_given(
    web: TestClient[Any], mock_issuer: str
) -> None:
    host_claims = {"email": "vard@example.se", "email_verified": True, ROLE_CLAIM: ["host"]}
    plain = {"email": "plain@example.se", "email_verified": True}

    host, _ = through_mock(web, mock_issuer, "vard", host_claims)
    assert signed_in_member(web, host).role == "host"
    member, _ = through_mock(web, mock_issuer, "plain", plain)
    assert signed_in_member(web, member).role == "member"


def test_signing_out_ends_the_session(web: TestClient[Any], mock_issuer: str) -> None:
    claims = {"email": "ut@example.se", "email_verified": True}
    answer, _ = through_mock(web, mock_issuer, "ut", claims)
    token = answer.cookies[SESSION_COOKIE]
    page = web.get("/my/data").text
    csrf = page.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]

    web.post("/sign-out", data={"_csrf_token": csrf}, follow_redirects=False)

    assert container_of(web).accounts.session_member(token) is None


def test_a_token_the_provider_signs_right_is_accepted(
    forged_web: TestClient[Any], forger: Forger
) -> None:
    answer = through_forger(forged_web)

    assert answer.status_code == 303, answer.text
    assert signed_in_member(forged_web, answer).email == "forged@example.se"


def test_a_key_the_provider_published_since_is_fetched_and_trusted(
    forged_web: TestClient[Any], forger: Forger
) -> None:
    assert through_forger(forged_web).status_code == 303
    rotated = RSAKey.generate_key(2048, parameters={"kid": "rotated"})
    forger.key = forger.signing_key = rotated

    answer = through_forger(forged_web)

    assert answer.status_code == 303, answer.text


FORGERIES: dict[str, Callable[[Forger], None]] = {
    "wrong audience": lambda f: setattr(f, "forge", lambda c: {**c, "aud": "another-client"}),
    "expired": lambda f: setattr(
        f, "forge", lambda c: {**c, "iat": c["iat"] - 3600, "exp": c["iat"] - 1800}
    ),
    "bad signature": lambda f: setattr(f, "signing_key", f.other_key),
    "nonce mismatch": lambda f: setattr(f, "forge", lambda c: {**c, "nonce": "another-nonce"}),
    "wrong issuer": lambda f: setattr(f, "forge", lambda c: {**c, "iss": "https://evil.example"}),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_a_forged_id_token_is_refused(
    forged_web: TestClient[Any], forger: Forger, forgery: str
) -> None:
    FORGERIES[forgery](forger)

    answer = through_forger(forged_web)

    assert answer.status_code == 400, answer.text
    assert "gick inte att lita på" in answer.text
    assert SESSION_COOKIE not in answer.cookies
    assert container_of(forged_web).members.count() == 0


def test_password_sign_in_can_be_switched_off(sqlite_url: str, mock_issuer: str) -> None:
    with served(sqlite_url, mock_issuer, password_sign_in=False) as web:
        container_of(web).members.add(email="anna@example.se", name="Anna")
        page = web.get("/sign-in")
        form = web.get("/sign-up").text  # any page with a form gives the CSRF token
        token = form.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
        tried = web.post(
            "/sign-in",
            data={"email": "anna@example.se", "password": "x" * 12, "_csrf_token": token},
            follow_redirects=False,
        )

    assert "Logga in med Lindesbergs kommun" in page.text
    assert 'name="password"' not in page.text
    assert tried.status_code == 403
    assert SESSION_COOKIE not in tried.cookies


def test_a_provider_that_cannot_be_reached_is_said_on_the_sign_in_page(sqlite_url: str) -> None:
    with forging_provider() as gone:
        issuer = gone.issuer
    with served(sqlite_url, issuer) as web:
        answer = web.get("/sign-in/oidc", follow_redirects=False)

    assert answer.status_code == 503
    assert "gick inte att nå" in answer.text


def test_an_erased_member_who_signs_in_again_is_a_new_member(
    web: TestClient[Any], mock_issuer: str
) -> None:
    from service.application import erasure
    from service.application.access import SYSTEM

    claims = {"email": "borta@example.se", "email_verified": True, "name": "Borta"}
    first, _ = through_mock(web, mock_issuer, "borta", claims)
    erased = signed_in_member(web, first)
    erasure.erase_member(container_of(web).ctx, SYSTEM, erased.id)

    again, _ = through_mock(web, mock_issuer, "borta", claims)

    assert again.status_code == 303, again.text
    back = signed_in_member(web, again)
    assert back is not None and back.id != erased.id
