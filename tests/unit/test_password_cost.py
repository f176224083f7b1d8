"""The product hashes passwords at argon2-cffi's default cost; only the tests make it cheap."""

from __future__ import annotations

import argon2
from argon2.low_level import Type

from service.container import Container
from service.registry.tables import AccountRecord
from service.settings import MEMORY, Settings
from tests.settings import CHEAP_ARGON2, fast_settings


def test_the_product_hashes_passwords_at_argon2s_default_cost() -> None:
    container = Container.build(Settings.from_env({"GRANNSKAP_DATABASE_URL": MEMORY}))
    try:
        member, _ = container.members.add(email="a@example.se", name="A", role="member")
        container.accounts.set_password(member.id, "ett långt lösenord")
        with container.accounts.sessions() as session:
            stored = session.get(AccountRecord, member.id).password_hash  # type: ignore[union-attr]
    finally:
        container.close()
    parameters = argon2.extract_parameters(stored)
    default = argon2.PasswordHasher()
    assert parameters.type is Type.ID
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (
        default.time_cost,
        default.memory_cost,
        default.parallelism,
    )
    assert (parameters.time_cost, parameters.memory_cost) == (3, 65536)


def test_no_environment_variable_lowers_the_cost() -> None:
    settings = Settings.from_env(
        {"GRANNSKAP_DATABASE_URL": MEMORY, "GRANNSKAP_ARGON2_COST": "1,8,1"}
    )
    assert settings.argon2_cost == (3, 65536, 4)


def test_the_tests_cheap_cost_still_checks_passwords() -> None:
    container = Container.build(fast_settings(database_url=MEMORY))
    try:
        member, _ = container.members.add(email="b@example.se", name="B", role="member")
        container.accounts.set_password(member.id, "ett långt lösenord")
        assert container.accounts.check_password(member.id, "ett långt lösenord")
        assert not container.accounts.check_password(member.id, "ett annat lösenord")
        assert container.accounts.hasher.memory_cost == CHEAP_ARGON2[1]
    finally:
        container.close()
