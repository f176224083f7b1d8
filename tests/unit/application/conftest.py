"""The use cases on eventsourcing's in-memory store, with the views in an in-memory SQLite
database kept up to date before each command returns, and the clock the test sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.application.context import Context
from service.container import Container
from service.registry.members import Member
from service.settings import MEMORY
from tests.builders import Office, open_office
from tests.conftest import Clock
from tests.settings import fast_settings


@pytest.fixture
def memory(clock: Clock) -> Iterator[Container]:
    container = Container.build(fast_settings(database_url=MEMORY), clock=clock)
    container.start_following()
    try:
        yield container
    finally:
        container.close()


@pytest.fixture
def ctx(memory: Container) -> Context:
    return memory.ctx


@pytest.fixture
def office(memory: Container) -> Office:
    return open_office(memory)


def member(memory: Container, name: str, role: str = "member") -> Member:
    person, _ = memory.members.add(email=f"{name.lower()}@example.se", name=name, role=role)
    return person


@pytest.fixture
def anna(memory: Container) -> Member:
    return member(memory, "Anna")


@pytest.fixture
def bo(memory: Container) -> Member:
    return member(memory, "Bo")


@pytest.fixture
def host(memory: Container) -> Member:
    return member(memory, "Host", "host")
