"""Bad input gets an RFC 9457 problem that names the field to blame, and stores nothing;
a refusal by a booking rule or for want of a free desk stores exactly one BookingRefused.

Each table runs as subtests of one test, so that a database is set up once per table and
per engine; every case reports on its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, REFUSED, Office, Person, assert_problem, new_events

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores

ZERO = "00000000-0000-0000-0000-000000000000"
TOO_BIG = 64 * 1024 + 1
GOOD = {"resource_id": "{desk}", "start": f"{DAY}T09:00", "end": f"{DAY}T10:00"}
ANY_DESK = {"site_id": "{site}", "kind": "desk", "start": f"{DAY}T09:00", "end": f"{DAY}T10:00"}


@dataclass(frozen=True)
class Case:
    says: str
    method: str
    path: str
    status: int
    blame: str | None = None
    json: Any = None
    content: bytes | None = None
    rule: str | None = None
    stores: tuple[str, ...] = ()
    detail_has: str = ""


def booking(says: str, body: Any, status: int, blame: str | None = None, **more: Any) -> Case:
    return Case(says, "POST", "/api/bookings", status, blame, json=body, **more)


def raw(says: str, method: str, path: str, content: bytes, status: int) -> Case:
    return Case(says, method, path, status, content=content)


BOOKINGS = [
    raw("malformed JSON", "POST", "/api/bookings", b'{"resource_id": ', 400),
    raw("a form instead of JSON", "POST", "/api/bookings", b"resource_id=1", 400),
    Case("an empty body", "POST", "/api/bookings", 400, content=b"", detail_has="body is required"),
    booking("a JSON array", [GOOD], 400),
    booking("a JSON string", "book me a desk", 400),
    booking("an unknown field", {**GOOD, "colour": "blue"}, 400, "colour"),
    booking("a missing start", {"resource_id": "{desk}", "end": f"{DAY}T10:00"}, 400, "start"),
    booking("an unknown resource", {**GOOD, "resource_id": ZERO}, 404, "resource_id"),
    booking("an unknown site", {**ANY_DESK, "site_id": ZERO}, 404, "site_id"),
    booking("a site id for a resource", {**GOOD, "resource_id": "{site}"}, 404, "resource_id"),
    booking("a resource id that is no UUID", {**GOOD, "resource_id": "desk-1"}, 400, "resource_id"),
    booking(
        "end before start", {**GOOD, "end": f"{DAY}T08:00"}, 400, "end", detail_has="after start"
    ),
    booking("end equal to start", {**GOOD, "end": f"{DAY}T09:00"}, 400, "end"),
    booking("a start that is no date-time", {**GOOD, "start": "tisdag 9"}, 400, "start"),
    booking("an impossible date", {**GOOD, "end": "2026-02-30T10:00"}, 400, "end"),
    booking("an impossible offset", {**GOOD, "start": f"{DAY}T09:00+25:00"}, 400, "start"),
    booking("a start far too long", {**GOOD, "start": f"{DAY}T09:00" + " " * 40}, 400, "start"),
    booking("a number for start", {**GOOD, "start": 900}, 400, "start"),
    booking("a string for features", {**ANY_DESK, "features": "window"}, 400, "features"),
    booking("too many features", {**ANY_DESK, "features": ["x"] * 21}, 400, "features"),
    booking("a word for quantity", {**GOOD, "quantity": "lots"}, 400, "quantity"),
    booking("no quantity at all", {**GOOD, "quantity": 0}, 400, "quantity"),
    booking("more than one desk", {**GOOD, "quantity": 2}, 422, "quantity"),
    booking("an unknown kind", {**ANY_DESK, "kind": "boat"}, 400, "kind"),
    booking("both a resource and a kind", {**GOOD, "kind": "desk"}, 400, "resource_id"),
    booking("neither a resource nor a site", {"start": GOOD["start"], "end": GOOD["end"]}, 400),
    booking(
        "a site without a kind", {k: v for k, v in ANY_DESK.items() if k != "kind"}, 400, "kind"
    ),
    booking(
        "a kind without a site",
        {k: v for k, v in ANY_DESK.items() if k != "site_id"},
        400,
        "site_id",
    ),
    booking(
        "a start off the quarter hour",
        {**GOOD, "start": f"{DAY}T09:07"},
        422,
        "start",
        rule="not-aligned",
        stores=(REFUSED,),
    ),
    booking(
        "an end off the quarter hour, with seconds",
        {**GOOD, "end": f"{DAY}T10:00:30"},
        422,
        "end",
        rule="not-aligned",
        stores=(REFUSED,),
    ),
    booking(
        "any desk, at a time the site is closed",
        {**ANY_DESK, "start": f"{DAY}T05:00", "end": f"{DAY}T06:00"},
        422,
        "start",
        rule="outside-opening-hours",
        stores=(REFUSED,),
    ),
    booking(
        "any desk, with a feature no desk has",
        {**ANY_DESK, "features": ["standing"]},
        409,
        "features",
        rule="no-match",
        stores=(REFUSED,),
    ),
    raw("a body over 64 KiB", "POST", "/api/bookings", b" " * TOO_BIG, 413),
]

READS = [
    Case("an unknown site", "GET", f"/api/sites/{ZERO}", 404, "site_id"),
    Case("resources of an unknown site", "GET", f"/api/sites/{ZERO}/resources", 404, "site_id"),
    Case("an unknown kind of resource", "GET", "/api/sites/{site}/resources?kind=boat", 400, "kind"),
    Case("availability with no date", "GET", "/api/sites/{site}/availability", 400, "date", detail_has="required"),
    Case("availability on a bad date", "GET", "/api/sites/{site}/availability?date=2026-13-01", 400, "date"),
    Case("availability on a word", "GET", "/api/sites/{site}/availability?date=imorgon", 400, "date"),
    Case("availability of a bad kind", "GET", f"/api/sites/{{site}}/availability?date={DAY}&kind=boat", 400, "kind"),
    Case("availability of an unknown site", "GET", f"/api/sites/{ZERO}/availability?date={DAY}", 404, "site_id"),
    Case("an unknown booking", "GET", f"/api/bookings/{ZERO}", 404, "booking_id"),
    Case("a booking id that is no UUID", "GET", "/api/bookings/42", 404),
    Case("cancelling an unknown booking", "POST", f"/api/bookings/{ZERO}/cancel", 404, "booking_id"),
    Case("cancelling a site", "POST", "/api/bookings/{site}/cancel", 404, "booking_id"),
    Case("a path that does not exist", "GET", "/api/desks", 404),
    Case("a method the path does not have", "DELETE", "/api/bookings", 405),
]  # fmt: skip

SITE = {"name": "Servicepunkt Storå", "address": "Bruksvägen 1"}
HOURS = "/api/sites/{site}/opening-hours"
POLICY = "/api/sites/{site}/policy"
CLOSURES = "/api/sites/{site}/closures"

HOSTS = [
    Case("a site with an unknown field", "POST", "/api/sites", 400, "phone", json={**SITE, "phone": "112"}),
    Case("a site without a name", "POST", "/api/sites", 400, "name", json={**SITE, "name": ""}),
    Case("a site without an address", "POST", "/api/sites", 400, "address", json={"name": "X"}),
    Case("a site in an unknown zone", "POST", "/api/sites", 422, "timezone", json={**SITE, "timezone": "Mars/Olympus"}, rule="invalid-setting"),
    Case("a site with a bad weekday", "POST", "/api/sites", 422, "opening_hours.funday", json={**SITE, "opening_hours": {"funday": [["08:00", "17:00"]]}}),
    Case("a site with an unknown policy", "POST", "/api/sites", 422, "policy.grace", json={**SITE, "policy": {"grace": 1}}),
    Case("a site as a list", "POST", "/api/sites", 400, json=[SITE]),
    raw("a site over 64 KiB", "POST", "/api/sites", json.dumps({**SITE, "address": "x" * TOO_BIG}).encode(), 413),
    Case("a resource of a bad kind", "POST", "/api/sites/{site}/resources", 400, "kind", json={"kind": "boat", "name": "Eka"}),
    Case("a room without seats", "POST", "/api/sites/{site}/resources", 422, "seats", json={"kind": "room", "name": "Rum"}),
    Case("seats as a word", "POST", "/api/sites/{site}/resources", 400, "seats", json={"kind": "room", "name": "Rum", "seats": "four"}),
    Case("a desk of quantity two", "POST", "/api/sites/{site}/resources", 422, "quantity", json={"kind": "desk", "name": "D", "quantity": 2}),
    Case("a resource at an unknown site", "POST", f"/api/sites/{ZERO}/resources", 404, "site_id", json={"kind": "desk", "name": "D"}),
    Case("hours closing before opening", "PUT", HOURS, 422, "opening_hours.mon[0]", json={"mon": [["17:00", "08:00"]]}),
    Case("hours off the quarter hour", "PUT", HOURS, 422, "opening_hours.tue[0]", json={"tue": [["08:10", "17:00"]]}),
    Case("hours that are no time", "PUT", HOURS, 422, "opening_hours.wed[0]", json={"wed": [["morgon", "17:00"]]}),
    Case("overlapping hours", "PUT", HOURS, 422, "opening_hours.thu", json={"thu": [["08:00", "12:00"], ["11:00", "17:00"]]}),
    Case("hours as a list", "PUT", HOURS, 400, json=[["08:00", "17:00"]]),
    Case("hours of an unknown site", "PUT", f"/api/sites/{ZERO}/opening-hours", 404, "site_id", json={"mon": [["08:00", "17:00"]]}),
    raw("hours over 64 KiB", "PUT", HOURS, b'{"mon": [["08:00", "17:00"]]' + b" " * TOO_BIG + b"}", 413),
    Case("a policy with no days ahead", "PUT", POLICY, 400, "days_ahead", json={"days_ahead": 0}),
    Case("a policy with days as a word", "PUT", POLICY, 400, "days_ahead", json={"days_ahead": "soon"}),
    Case("a policy with an unknown field", "PUT", POLICY, 400, "grace", json={"grace": 5}),
    Case("a policy of an unknown site", "PUT", f"/api/sites/{ZERO}/policy", 404, "site_id", json={}),
    Case("a closure on a day that does not exist", "POST", CLOSURES, 400, "first_day", json={"first_day": "2026-02-30"}),
    Case("a closure ending before it starts", "POST", CLOSURES, 422, "last_day", json={"first_day": "2026-12-05", "last_day": "2026-12-01"}),
    Case("a closure without days", "POST", CLOSURES, 400, "first_day", json={"reason": "Stängt"}),
    Case("holidays of a year long gone", "POST", CLOSURES, 400, "public_holidays[0]", json={"public_holidays": [1999]}),
    Case("days and holidays at once", "POST", CLOSURES, 400, "public_holidays", json={"first_day": DAY, "public_holidays": [2026]}),
    Case("a closure of an unknown site", "POST", f"/api/sites/{ZERO}/closures", 404, "site_id", json={"first_day": DAY}),
    Case("retiring an unknown resource", "POST", f"/api/resources/{ZERO}/retire", 404, "resource_id"),
    Case("retiring a site", "POST", "/api/resources/{site}/retire", 404, "resource_id"),
]  # fmt: skip


def _fill(template: Any, office: Office) -> Any:
    if isinstance(template, str):
        return template.replace("{site}", office.id).replace("{desk}", office.screen_desk)
    if isinstance(template, dict):
        return {key: _fill(value, office) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(value, office) for value in template]
    return template


def _check(
    client: TestClient[Any],
    container: Container,
    office: Office,
    who: Person,
    case: Case,
) -> None:
    headers = dict(who.auth)
    kwargs: dict[str, Any] = {}
    if case.content is not None:
        headers["content-type"] = "application/json"
        if case.content.startswith(b"resource_id="):
            headers["content-type"] = "application/x-www-form-urlencoded"
        kwargs["content"] = case.content
    elif case.json is not None:
        kwargs["json"] = _fill(case.json, office)
    container.wait_for_all(container.store.recorder.max_notification_id() or 0)
    views_before = client.get("/health").json()["views_position"]

    with new_events(container) as events:
        response = client.request(case.method, _fill(case.path, office), headers=headers, **kwargs)

    problem = assert_problem(response, case.status, field=case.blame, rule=case.rule)
    assert case.detail_has in problem["detail"]
    assert events == list(case.stores)
    if not case.stores:
        assert client.get("/health").json()["views_position"] == views_before


@pytest.fixture
def check(
    client: TestClient[Any], container: Container, office: Office, subtests: Any
) -> Iterator[Any]:
    def run(cases: list[Case], who: Person) -> None:
        for case in cases:
            with subtests.test(msg=case.says):
                _check(client, container, office, who, case)

    yield run


def test_bad_booking_requests_are_answered_with_a_problem_and_store_only_refused_demand(
    check: Any, client: TestClient[Any], anna: Person
) -> None:
    check(BOOKINGS, anna)
    assert client.get("/api/members/me/bookings", headers=anna.auth).json() == []


def test_bad_reads_are_answered_with_a_problem_naming_what_is_wrong(
    check: Any, anna: Person
) -> None:
    check(READS, anna)


def test_bad_changes_by_a_host_are_answered_with_a_problem_and_change_nothing(
    check: Any, client: TestClient[Any], office: Office, host: Person
) -> None:
    site_before = client.get(f"/api/sites/{office.id}", headers=host.auth).json()

    check(HOSTS, host)

    assert client.get("/api/sites", headers=host.auth).json() == [site_before]
    resources = client.get(f"/api/sites/{office.id}/resources", headers=host.auth).json()
    assert len(resources) == 3


def test_a_streamed_body_over_64_kib_is_refused_with_413(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(TOO_BIG // 4096 + 1):
            yield b" " * 4096

    with new_events(container) as events:
        response = client.post(
            "/api/bookings",
            content=chunks(),
            headers={**anna.auth, "content-type": "application/json"},
        )

    assert_problem(response, 413)
    assert events == []
