"""Hostile text in the OpenID Connect sign-in's parameters: where to go next, the state,
code and error the browser brings back, and a subject the provider signs. A NUL, another
control character or over-long text is refused (or, for where to go next, replaced by the
start page), never a 500 (PostgreSQL refuses NUL in text and text longer than its
column), and no pending sign-in, identity or member is stored from it. On SQLite and
PostgreSQL. Each start keeps a row, so starts are throttled per client as sign-ins are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from service.asgi import create_app
from service.container import Container
from service.presentation.session import SESSION_COOKIE
from service.registry.tables import MemberRecord, OidcIdentityRecord, OidcPendingRecord
from tests.conftest import Clock
from tests.e2e.oidc_providers import Forger
from tests.e2e.test_oidc_sign_in import (
    container_of,
    forged_web,
    forger,
    mock_issuer,
    served,
    through_forger,
)
from tests.settings import fast_settings

__all__ = ["forged_web", "forger", "mock_issuer"]

pytestmark = pytest.mark.both_stores


@pytest.fixture
def web(database_url: str, mock_issuer: str) -> Iterator[TestClient[Any]]:
    with served(database_url, mock_issuer) as client:
        yield client


def _pending_next_paths(web: TestClient[Any]) -> list[str]:
    with container_of(web).engine.connect() as c:
        return list(c.execute(select(OidcPendingRecord.next_path)).scalars())


@pytest.mark.parametrize(
    "next_", ["/my\u0000data", "/my\u0007data", "/my\u0085data", "/" + "a" * 1500]
)
def test_a_hostile_place_to_go_next_is_replaced_by_the_start_page(
    web: TestClient[Any], next_: str
) -> None:
    answer = web.get("/sign-in/oidc", params={"next": next_}, follow_redirects=False)

    assert answer.status_code == 303, answer.text[:2000]
    assert _pending_next_paths(web) == ["/"]


@pytest.mark.parametrize(
    "params",
    [
        {"state": "a\u0000b", "code": "c"},
        {"state": "s" * 5000, "code": "c"},
        {"state": "s", "code": "c\u0000" * 100},
        {"error": "access\u0000denied"},
        {"error": "e" * 5000},
    ],
)
def test_a_hostile_callback_is_refused_and_signs_nobody_in(
    web: TestClient[Any], params: dict[str, str]
) -> None:
    web.get("/sign-in/oidc", follow_redirects=False)  # the browser has a state cookie

    answer = web.get("/sign-in/oidc/callback", params=params, follow_redirects=False)

    assert answer.status_code in (400, 503), answer.text[:2000]
    assert SESSION_COOKIE not in answer.cookies


@pytest.mark.parametrize("subject", ["person\u0000one", "p" * 300])
def test_a_subject_the_columns_cannot_hold_is_refused_and_stores_nobody(
    forged_web: TestClient[Any], forger: Forger, subject: str
) -> None:
    forger.subject = subject
    forger.claims = {"email": "konstig@example.se", "email_verified": True}

    answer = through_forger(forged_web)

    assert answer.status_code == 400, answer.text[:2000]
    assert SESSION_COOKIE not in answer.cookies
    with container_of(forged_web).engine.connect() as c:
        assert list(c.execute(select(OidcIdentityRecord.subject))) == []
        emails = list(c.execute(select(MemberRecord.email)).scalars())
    assert "konstig@example.se" not in emails


def test_starting_sign_ins_at_the_provider_is_throttled_per_client_like_sign_in(
    database_url: str, mock_issuer: str, clock: Clock
) -> None:
    container = Container.build(
        fast_settings(
            database_url=database_url,
            oidc_issuer=mock_issuer,
            oidc_client_id="grannskap-test",
            oidc_client_secret="hemligt-klientlosen",
        ),
        clock=clock,
    )
    try:
        with TestClient(app=create_app(container=container)) as web:
            answers = [web.get("/sign-in/oidc", follow_redirects=False) for _ in range(51)]
            kept = len(_pending_next_paths(web))
    finally:
        container.close()

    assert [a.status_code for a in answers] == [303] * 50 + [429]
    assert answers[-1].headers["Retry-After"] == "1"
    assert kept == 50
