"""Sign-in throttling holds under a parallel burst and locks no one out who should not be:
each attempt is counted before its password is checked, so 40 guesses at once get no more
than the free attempts checked; the owner still signs in from another address, and others
behind the guessing address still sign in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from service.container import Container
from service.registry.accounts import Throttled
from service.registry.throttle import FREE

PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def members(container: Container) -> Container:
    for email, name in (("anna@example.se", "Anna"), ("erik@example.se", "Erik")):
        member, _ = container.members.add(email=email, name=name)
        container.accounts.set_password(member.id, PASSWORD)
    return container


def _attempt(container: Container, email: str, password: str, client: str) -> str:
    try:
        member = container.accounts.authenticate(email, password, client)
    except Throttled:
        return "throttled"
    return "signed in" if member else "wrong"


def test_a_parallel_burst_of_guesses_gets_no_more_than_the_free_attempts_checked(
    members: Container,
) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(
            pool.map(
                lambda i: _attempt(members, "anna@example.se", f"fel-{i}", "203.0.113.9"),
                range(40),
            )
        )

    assert outcomes.count("wrong") == FREE["pair"]
    assert outcomes.count("throttled") == 40 - FREE["pair"]


def test_the_owner_signs_in_from_another_address_during_a_burst_against_their_account(
    members: Container,
) -> None:
    for i in range(20):
        _attempt(members, "anna@example.se", f"fel-{i}", "203.0.113.9")

    assert _attempt(members, "anna@example.se", PASSWORD, "198.51.100.7") == "signed in"
    assert _attempt(members, "anna@example.se", PASSWORD, "203.0.113.9") == "throttled"


def test_guesses_from_one_address_do_not_keep_others_behind_it_out(members: Container) -> None:
    for i in range(30):
        _attempt(members, "anna@example.se", f"fel-{i}", "203.0.113.9")
    for i in range(10):
        _attempt(members, f"nobody{i}@example.se", "fel", "203.0.113.9")

    assert _attempt(members, "erik@example.se", PASSWORD, "203.0.113.9") == "signed in"
