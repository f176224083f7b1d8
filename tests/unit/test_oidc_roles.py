"""Roles from the configured claim of an ID token: the highest grannskap role it names,
member when it names none, and nothing changed when the token does not have the claim."""

from __future__ import annotations

from typing import Any

import pytest

from service.application.oidc import _role
from service.registry.oidc_provider import OidcConfig

CONFIG = OidcConfig("https://idp.example", "c", "s", "https://g.example/cb", role_claim="roles")


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"roles": ["host", "evaluator"]}, "host"),
        ({"roles": "admin"}, "admin"),
        ({"roles": ["staff", {"odd": 1}]}, "member"),
        ({"roles": 7}, "member"),
        ({}, None),
    ],
)
def test_the_role_comes_from_the_configured_claim(claims: dict[str, Any], role: str | None) -> None:
    assert _role(CONFIG, claims) == role


def test_without_a_configured_claim_no_role_is_taken_from_tokens() -> None:
    unconfigured = OidcConfig("https://idp.example", "c", "s", "https://g.example/cb")

    assert _role(unconfigured, {"roles": ["admin"]}) is None
