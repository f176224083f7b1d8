"""Drop-ins on the host's day page: a form registers a walk-in at a resource until a time
today; the day's table lists it as a walk-in visitor, with no name."""

from __future__ import annotations

import html
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.conftest import Clock
from tests.e2e.conftest import DAY, Office, Person
from tests.e2e.test_approval_pages import csrf_of, signed_in
from tests.integration.conftest import at


def test_a_host_registers_a_walk_in_on_todays_page_and_it_is_listed_without_a_name(
    client: TestClient[Any], container: Container, clock: Clock, office: Office, host: Person
) -> None:
    clock.now = at(DAY, "09:40")
    signed_in(client, container, host)
    page = client.get(f"/host/sites/{office.id}")
    assert "En besökare utan bokning" in html.unescape(page.text)

    registered = client.post(
        f"/host/sites/{office.id}/drop-ins",
        data={"_csrf_token": csrf_of(page.text), "resource_id": office.window_desk, "end": "12:00"},
        follow_redirects=False,
    )

    assert registered.status_code == 303, registered.text
    after = html.unescape(client.get(registered.headers["location"]).text)
    assert "Besökaren är registrerad" in after
    assert "Drop-in-besökare" in after and "Skrivbord 2" in after
    refused = client.post(
        f"/host/sites/{office.id}/drop-ins",
        data={"_csrf_token": csrf_of(page.text), "resource_id": office.window_desk, "end": "11:00"},
    )
    assert refused.status_code == 409
