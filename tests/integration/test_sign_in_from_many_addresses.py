"""Guesses at one account from many client addresses slow the guessers down without
locking the owner out of an address that has not failed (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from service.container import Container
from service.registry.accounts import Throttled
from service.registry.throttle import FREE

PASSWORD = "ett-langt-losenord-2026"
OWNER = "anna@example.se"


@pytest.fixture
def anna(container: Container) -> Container:
    member, _ = container.members.add(email=OWNER, name="Anna")
    container.accounts.set_password(member.id, PASSWORD)
    return container


def _attempt(container: Container, password: str, client: str) -> str:
    try:
        member = container.accounts.authenticate(OWNER, password, client)
    except Throttled:
        return "throttled"
    return "signed in" if member else "wrong"


def test_sixty_wrong_passwords_from_sixty_addresses_leave_the_owner_a_fresh_address(
    anna: Container,
) -> None:
    guesses = [_attempt(anna, f"fel-{i}", f"203.0.113.{i}") for i in range(60)]

    assert guesses == ["wrong"] * 60
    assert _attempt(anna, PASSWORD, "198.51.100.7") == "signed in"


def test_after_many_addresses_failed_their_next_guesses_are_held_back(anna: Container) -> None:
    clients = [f"203.0.113.{i}" for i in range(FREE["email"] + 10)]
    for client in clients:
        _attempt(anna, "fel", client)

    again = [_attempt(anna, "fel igen", client) for client in clients[:10]]

    assert again == ["throttled"] * 10
