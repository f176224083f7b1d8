"""An API token cannot create a token that outlives it: asked for no expiry, the new token
ends when the one that made it does; asked for a later one, it is refused naming
``expires_at``. A token without an expiry still makes tokens as asked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import Person, assert_problem

TOKENS = "/api/members/me/tokens"


def _short_lived(client: TestClient[Any], container: Container, anna: Person) -> tuple[str, str]:
    ends = (container.now() + timedelta(minutes=5)).isoformat()
    made = client.post(TOKENS, json={"name": "fem minuter", "expires_at": ends}, headers=anna.auth)
    assert made.status_code == 201, made.text
    return made.json()["token"], made.json()["expires_at"]


def test_a_token_made_by_a_five_minute_token_ends_with_it(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    short, ends = _short_lived(client, container, anna)

    made = client.post(TOKENS, json={"name": "barn"}, headers={"Authorization": f"Bearer {short}"})

    assert made.status_code == 201, made.text
    assert made.json()["expires_at"] == ends


def test_a_five_minute_token_cannot_make_one_that_ends_later_or_never(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    short, _ = _short_lived(client, container, anna)
    later = (container.now() + timedelta(days=365)).isoformat()

    refused = client.post(
        TOKENS,
        json={"name": "för länge", "expires_at": later},
        headers={"Authorization": f"Bearer {short}"},
    )

    assert_problem(refused, 400, "expires_at")


def test_a_token_without_an_expiry_makes_tokens_as_asked(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    made = client.post(TOKENS, json={"name": "skript"}, headers=anna.auth)

    assert made.status_code == 201 and made.json()["expires_at"] is None
