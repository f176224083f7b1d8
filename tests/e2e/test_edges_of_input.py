"""Bad input at the edges gets a 4xx that names what is wrong, never a 500: OPTIONS on the
guarded addresses, days near the ends of the calendar (the service reckons with 1900-2999),
a body nested 1,000 deep, a NUL after a start, a quantity that is no number, and changes
repeated when they are in effect already. Every 5xx is logged with a request id that the
answer carries too, and a lost database connection is a 503 with Retry-After."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy.exc import OperationalError

from service.container import Container
from tests.e2e.conftest import DAY, assert_problem
from tests.e2e.test_web_pages import csrf, sign_in, with_password

__all__ = ["accounts", "office", "seeded", "web"]
from tests.e2e.test_web_pages import accounts, office, seeded, web

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores


def _auth(container: Container, email: str) -> dict[str, str]:
    member = container.members.by_email(email)
    assert member is not None
    return {"Authorization": f"Bearer {container.members.create_token(member.id, 't')[1]}"}


def test_options_on_guarded_pages_and_api_addresses_says_which_methods_they_have(
    web: TestClient[Any], office: str
) -> None:
    for path in (
        "/",
        "/my/bookings",
        f"/sites/{office}",
        f"/host/sites/{office}",
        "/admin/members",
        "/api/sites",
        f"/api/sites/{office}/availability",
    ):
        answered = web.options(path)
        assert answered.status_code == 204, (path, answered.status_code)
        assert "GET" in answered.headers["allow"]
    both = web.options(f"/api/sites/{office}/resources").headers["allow"]
    assert both == "GET, OPTIONS, POST"  # handlers added to the address later are told too


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_availability_on_a_day_off_the_calendar_is_refused_naming_the_date(
    web: TestClient[Any], seeded: Container, office: str, day: str
) -> None:
    answered = web.get(
        f"/api/sites/{office}/availability?date={day}", headers=_auth(seeded, "host@example.se")
    )

    assert_problem(answered, 422, "date")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "9999-12-31T23:45+00:00", "end": "9999-12-31T23:59+00:00"}, "start"),
        ({"start": "0001-01-01T09:00", "end": "0001-01-01T10:00"}, "start"),
        ({"start": "0001-01-01T00:15+01:00", "end": "0001-01-01T01:00+01:00"}, "start"),
        ({"start": f"{DAY}T09:00\u0000", "end": f"{DAY}T10:00"}, "start"),
        ({"start": f"{DAY}T09:00", "end": f"{DAY}T10:00 "}, "end"),
    ],
)
def test_a_booking_at_the_ends_of_the_calendar_or_with_a_nul_is_refused(
    web: TestClient[Any], seeded: Container, office: str, body: dict[str, str], field: str
) -> None:
    anna = _auth(seeded, "anna.distans@example.se")

    answered = web.post(
        "/api/bookings", json={"site_id": office, "kind": "desk", **body}, headers=anna
    )

    assert 400 <= answered.status_code < 500, answered.text
    assert_problem(answered, answered.status_code, field)


def test_day_and_week_pages_of_days_off_the_calendar_are_refused_in_words(
    web: TestClient[Any], accounts: Any, office: str
) -> None:
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    for path in (f"/sites/{office}", f"/host/sites/{office}", f"/sites/{office}/week"):
        for day in ("9999-12-31", "0001-01-01"):
            answered = web.get(f"{path}?date={day}")
            assert answered.status_code == 422, (path, day)
            assert "1900-01-01" in answered.text


def test_a_booking_form_with_a_quantity_that_is_no_number_is_refused(
    web: TestClient[Any], accounts: Any, office: str
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    token = csrf(web, f"/sites/{office}?date={DAY}")
    form = {"date": DAY, "start": "09:00", "end": "10:00", "kind": "equipment"}

    answered = web.post(
        f"/sites/{office}/book", data={**form, "quantity": "²", "_csrf_token": token}
    )

    assert answered.status_code == 400


def test_a_body_nested_a_thousand_deep_is_a_malformed_request(
    web: TestClient[Any], seeded: Container
) -> None:
    host = _auth(seeded, "host@example.se")
    for path in ("/api/bookings", "/api/sites"):
        answered = web.post(
            path,
            content=b"[" * 1000 + b"]" * 1000,
            headers={**host, "content-type": "application/json"},
        )
        assert_problem(answered, 400)


def test_retiring_twice_and_closing_on_the_same_holidays_twice_answer_as_the_first_time(
    web: TestClient[Any], seeded: Container, office: str
) -> None:
    host = _auth(seeded, "host@example.se")
    desk = web.get(f"/api/sites/{office}/resources?kind=desk", headers=host).json()[-1]["id"]
    holidays = {"public_holidays": [2027]}

    retired = [web.post(f"/api/resources/{desk}/retire", headers=host) for _ in range(2)]
    closed = [
        web.post(f"/api/sites/{office}/closures", json=holidays, headers=host) for _ in range(2)
    ]

    assert [r.status_code for r in retired] == [200, 200]
    assert [r.status_code for r in closed] == [201, 201]
    assert closed[0].json()["closures"] == closed[1].json()["closures"]


def test_a_crash_is_logged_with_the_request_id_the_answer_carries(
    web: TestClient[Any],
    seeded: Container,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def crash(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(seeded.queries, "sites", crash)
    caplog.set_level(logging.ERROR)

    given = web.get(
        "/api/sites",
        headers={**_auth(seeded, "anna.distans@example.se"), "X-Request-ID": "trace-42"},
    )
    made = web.get("/api/sites", headers=_auth(seeded, "anna.distans@example.se"))

    body = assert_problem(given, 500)
    assert body["request_id"] == "trace-42" == given.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made.json()["request_id"])
    assert made.json()["request_id"] == made.headers["x-request-id"]
    logged = [r for r in caplog.records if "[request trace-42]" in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_a_lost_database_connection_is_a_503_with_retry_after(
    web: TestClient[Any], seeded: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost(*_: Any, **__: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(seeded.queries, "sites", lost)

    answered = web.get("/api/sites", headers=_auth(seeded, "anna.distans@example.se"))

    body = assert_problem(answered, 503)
    assert answered.headers["retry-after"] == "2"
    assert body["request_id"] == answered.headers["x-request-id"]
