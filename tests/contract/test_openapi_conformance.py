"""The OpenAPI document tells the truth: schemathesis generates requests for every
operation from the document (as a member and as an admin, on SQLite and PostgreSQL) and
every response must be documented (status, media type, body and headers) and none a 5xx.

Bounded so that it runs in a few minutes: a fixed seed (derandomized), a few examples per
operation and role, and no stateful sequences."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from litestar.testing import TestClient

from service.asgi import create_app
from service.cli import demo
from service.container import Container

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = [pytest.mark.both_stores, pytest.mark.slow]

EXAMPLES = int(os.environ.get("GRANNSKAP_CONTRACT_EXAMPLES", "10"))
# Every check of schemathesis but one: a body the schema allows may still be refused by a
# booking rule (a day that is closed, a desk that is taken) with a 422 problem.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def app(container: Container) -> Iterator[Any]:
    demo.seed(container, today=container.now().date())
    container.views.catch_up_fully(container.store)
    app = create_app(container=container)
    with TestClient(app=app):  # runs the lifespan: the app's container is set
        yield app


def _token(container: Container, email: str) -> str:
    member = container.members.by_email(email)
    assert member is not None
    return container.members.create_token(member.id, "schemathesis")[1]


@pytest.mark.parametrize("email", ["anna.distans@example.se", "admin@example.se"])
def test_every_response_is_documented_and_none_is_a_server_error(
    app: Any, container: Container, email: str
) -> None:
    if container.members.by_email(email) is None:
        email = "host@example.se"
    headers = {"Authorization": f"Bearer {_token(container, email)}"}
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        def check(case: Any) -> None:
            # The Kravspecifikation's PDF computes every site's reports of up to two years
            # the first time (then they are cached): seconds of CPU on a shared machine
            patience = {"timeout": 120} if case.operation.path.endswith(".pdf") else {}
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED, **patience)

        try:
            check()
        except (Exception, BaseExceptionGroup) as failure:  # every operation is tried
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}"[:1500])
    assert operations > 50
    assert not failures, "\n\n".join(failures)
