"""The reminders are a member's preferences, in the API and on "Mina uppgifter": the day
before (on), on the day before the start (off) and a nudge to check in (on) by default."""

from __future__ import annotations

import html
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import Person, assert_problem
from tests.e2e.test_approval_pages import signed_in

PATH = "/api/members/me/preferences"


def test_a_member_reads_and_changes_the_reminders_over_the_api(
    client: TestClient[Any], anna: Person
) -> None:
    assert client.get(PATH, headers=anna.auth).json() == {
        "language": "sv",
        "reminders": True,
        "reminder_same_day": False,
        "check_in_nudge": True,
    }

    changed = client.put(
        PATH, json={"reminder_same_day": True, "check_in_nudge": False}, headers=anna.auth
    )

    assert changed.status_code == 200, changed.text
    assert changed.json() == {
        "language": "sv",
        "reminders": True,
        "reminder_same_day": True,
        "check_in_nudge": False,
    }
    assert_problem(
        client.put(PATH, json={"check_in_nudge": "ja"}, headers=anna.auth), 400, "check_in_nudge"
    )


def test_the_account_page_saves_the_reminders_with_its_checkboxes(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    token = signed_in(client, container, anna)
    page = html.unescape(client.get("/my/data").text)
    assert "Påminn mig om att checka in när en bokning börjar" in page

    saved = client.post(
        "/my/preferences",
        data={"_csrf_token": token, "language": "sv", "reminder_same_day": "on"},
        follow_redirects=False,
    )

    assert saved.status_code == 303, saved.text
    chosen = client.get(PATH, headers=anna.auth).json()
    assert (chosen["reminders"], chosen["reminder_same_day"], chosen["check_in_nudge"]) == (
        False,
        True,
        False,
    )
