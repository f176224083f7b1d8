# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""The floor plan's preview and save and the host's move take hostile text like every other
form: a NUL, a control character, an over-long or non-ASCII number in any field is a 4xx
saying what is wrong, never a 500 (PostgreSQL refuses NUL in text), on SQLite and
PostgreSQL, and nothing is stored."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from service.cli.operator import Operator
from service.container import Container
from service.registry.accounts import Accounts
from tests.builders import slot
from tests.e2e.conftest import new_events
from tests.e2e.test_web_pages import (  # noqa: F401
    DAY,
    accounts,
    csrf,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)

pytestmark = pytest.mark.both_stores

HOSTILE = ["1\u0000", "\u0007", "9" * 400, "\uff11", "-1", "1 2", "\u0000" * 3000]


def _host(web: TestClient[Any], accounts: Accounts) -> None:
    with_password(accounts, "host@example.se")
    assert sign_in(web, "host@example.se").status_code == 303


@pytest.mark.parametrize("field", ["columns", "rows", "column", "row", "width", "height"])
@pytest.mark.parametrize("action", ["preview", "save"])
def test_hostile_text_in_any_field_of_the_plan_form_is_refused_and_stores_nothing(
    web: TestClient[Any],
    accounts: Accounts,
    seeded: Container,
    office: str,
    field: str,
    action: str,
) -> None:
    _host(web, accounts)
    desk = next(r for r in seeded.queries.resources(UUID(office)) if r.name == "Skrivbord 1")
    tab = f"/host/sites/{office}/plan"
    form = {
        "_csrf_token": csrf(web, tab),
        "columns": "16",
        "rows": "10",
        f"column-{desk.id}": "1",
        f"row-{desk.id}": "1",
        f"width-{desk.id}": "2",
        f"height-{desk.id}": "2",
    }
    key = field if field in ("columns", "rows") else f"{field}-{desk.id}"
    url = f"{tab}/preview" if action == "preview" else tab

    for text in HOSTILE:
        with new_events(seeded) as stored:
            answer = web.post(url, data={**form, key: text}, follow_redirects=False)
        assert answer.status_code in (400, 422), (text[:10], answer.status_code)
        assert "ett heltal" in answer.text or "ska ligga mellan" in answer.text, text[:10]
        assert stored == []


def test_hostile_names_of_plan_fields_are_ignored_and_the_rest_is_checked(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    _host(web, accounts)
    tab = f"/host/sites/{office}/plan"
    form = {"_csrf_token": csrf(web, tab), "columns": "8", "rows": "5"}
    for key in ("column-\u0000", "column-" + "a" * 500, "column-\u0007x"):
        answer = web.post(f"{tab}/preview", data={**form, key: "1"})
        assert answer.status_code == 200, key[:12]
        assert "Förhandsgranskning: inte sparad än" in answer.text


@pytest.mark.parametrize("target", ["x\u0000", "\u0007", "f" * 400, ""])
def test_a_move_to_hostile_text_is_refused_and_moves_nothing(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str, target: str
) -> None:
    desk = next(r for r in seeded.queries.resources(UUID(office)) if r.name == "Skrivbord 1")
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None
    held = Operator(seeded).book(anna.id, desk.id, slot(DAY, "09:00", "12:00"))
    seeded.wait_for_all(seeded.store.position)
    _host(web, accounts)
    today = f"/host/sites/{office}?date={DAY}"

    with new_events(seeded) as stored:
        answer = web.post(
            f"/host/sites/{office}/bookings/{held.id}/move?date={DAY}",
            data={"_csrf_token": csrf(web, today), "resource_id": target},
        )

    assert answer.status_code == 400
    assert "välj vart den ska flyttas" in answer.text
    assert stored == []
    assert seeded.store.booking(held.id).resource_id == desk.id
