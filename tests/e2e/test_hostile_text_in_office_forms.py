"""The forms of office life take hostile input like every other field, on SQLite and
PostgreSQL: the approval's decline note, the drop-in (visitor name, resource, times), the
reminder preferences, several days of a week (API and page) and the favourites (API and page).
A NUL, a control character, over-long text, a wrong type, an unknown id or a resource of
another site is a 4xx (a problem naming the field on the API), never a 5xx, and nothing is
stored."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar.testing import TestClient

from service.application import approvals, sites
from service.container import Container
from tests.conftest import Clock
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book, new_events
from tests.e2e.test_approval_pages import csrf_of, signed_in
from tests.integration.conftest import at

pytestmark = pytest.mark.both_stores

HOSTILE_LINES = ["Nul\x00l", "Bell\x07", "Esc\x1b[31m", "Del\x7f", "x" * 2001]


@pytest.fixture
def other_site(container: Container, host: Person) -> tuple[str, str]:
    """Another site of the same host, and a desk there."""
    ctx = container.ctx
    site_id = sites.register_site(
        ctx,
        sites.RegisterSite(
            actor=host.member,
            name="Servicepunkt Vedevåg",
            address="Byvägen 2, Vedevåg",
            locality="Vedevåg",
            opening_hours={d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
        ),
    ).id
    command = sites.AddResource(actor=host.member, site_id=site_id, kind="desk", name="Bord 1")
    return str(site_id), str(sites.add_resource(ctx, command).id)


@pytest.fixture
def elsewhere(other_site: tuple[str, str]) -> str:
    """A desk at another site (of the same host)."""
    return other_site[1]


def clean(container: Container, before: int) -> bool:
    """No event stored since ``before`` holds a NUL or another control character."""
    recorder = container.store.recorder
    states = [
        n.state.decode() for n in recorder.select_notifications(start=before + 1, limit=10_000)
    ]
    return not any(re.search(r"\\u00(0[0-9a-f]|1[0-9a-f]|7f)", s) for s in states)


def pending(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> str:
    approvals.set_approval(
        container.ctx, approvals.SetApproval(host.member, UUID(office.room), True)
    )  # type: ignore[arg-type]
    placed = book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00")
    assert placed.status_code == 201, placed.text
    return str(placed.json()["id"])


# -- the decline note ------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["Nul\x00l", "Bell\x07", "x" * 501, 42, ["a"]], ids=repr)
def test_a_hostile_decline_note_on_the_api_is_a_problem_naming_note(
    client: TestClient[Any],
    container: Container,
    office: Office,
    host: Person,
    anna: Person,
    note: Any,
) -> None:
    booking = pending(client, container, office, host, anna)
    with new_events(container) as stored:
        answer = client.post(
            f"/api/bookings/{booking}/decline", json={"note": note}, headers=host.auth
        )
    assert_problem(answer, answer.status_code, "note")
    assert 400 <= answer.status_code < 500 and stored == []
    assert client.get(f"/api/bookings/{booking}", headers=anna.auth).json()["status"] == "pending"


@pytest.mark.parametrize("note", ["Nul\x00l", "Bell\x07", "x" * 1999])
def test_a_hostile_decline_note_on_the_approvals_tab_is_refused_and_nothing_is_stored(
    client: TestClient[Any],
    container: Container,
    office: Office,
    host: Person,
    anna: Person,
    note: str,
) -> None:
    booking = pending(client, container, office, host, anna)
    signed_in(client, container, host)
    page = client.get(f"/host/sites/{office.id}/approvals")
    with new_events(container) as stored:
        answer = client.post(
            f"/host/sites/{office.id}/approvals/{booking}/decline",
            data={"_csrf_token": csrf_of(page.text), "note": note},
            follow_redirects=False,
        )
    assert 400 <= answer.status_code < 500, answer.text
    assert stored == []


def test_deciding_an_unknown_booking_or_one_of_another_site_is_not_found(
    client: TestClient[Any],
    container: Container,
    office: Office,
    host: Person,
    anna: Person,
    other_site: tuple[str, str],
) -> None:
    assert_problem(client.post(f"/api/bookings/{uuid4()}/decline", json={}, headers=host.auth), 404)
    booking = pending(client, container, office, host, anna)
    signed_in(client, container, host)
    page = client.get(f"/host/sites/{office.id}/approvals")
    answer = client.post(
        f"/host/sites/{other_site[0]}/approvals/{booking}/approve",
        data={"_csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 404


# -- the drop-in -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*HOSTILE_LINES, "Två\nrader"], ids=repr)
def test_a_hostile_visitor_name_on_the_api_is_a_problem_naming_it(
    client: TestClient[Any],
    container: Container,
    clock: Clock,
    office: Office,
    host: Person,
    name: str,
) -> None:
    clock.now = at(DAY, "09:40")
    with new_events(container) as stored:
        answer = client.post(
            f"/api/sites/{office.id}/drop-ins",
            json={"kind": "desk", "end": f"{DAY}T11:00", "visitor_name": name},
            headers=host.auth,
        )
    assert_problem(answer, 400, "visitor_name")
    assert stored == []


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"kind": "desk", "end": f"{DAY}T11:00", "visitor_name": 7}, "visitor_name", 400),
        ({"kind": "desk", "end": 1100}, "end", 400),
        ({"kind": "desk", "end": f"{DAY}T25:00"}, "end", 400),
        ({"kind": "desk", "start": "\x00", "end": f"{DAY}T11:00"}, "start", 400),
        ({"resource_id": "not-an-id", "end": f"{DAY}T11:00"}, "resource_id", 400),
        ({"resource_id": str(uuid4()), "end": f"{DAY}T11:00"}, "resource_id", 404),
    ],
    ids=["name-number", "end-number", "end-25", "start-nul", "resource-text", "resource-unknown"],
)
def test_bad_drop_in_input_on_the_api_is_a_problem_naming_the_field(
    client: TestClient[Any],
    container: Container,
    clock: Clock,
    office: Office,
    host: Person,
    body: dict[str, Any],
    field: str,
    status: int,
) -> None:
    clock.now = at(DAY, "09:40")
    with new_events(container) as stored:
        answer = client.post(f"/api/sites/{office.id}/drop-ins", json=body, headers=host.auth)
    assert_problem(answer, status, field)
    assert stored == []


def test_a_drop_in_at_a_resource_of_another_site_is_not_found(
    client: TestClient[Any],
    container: Container,
    clock: Clock,
    office: Office,
    host: Person,
    elsewhere: str,
) -> None:
    clock.now = at(DAY, "09:40")
    with new_events(container) as stored:
        answer = client.post(
            f"/api/sites/{office.id}/drop-ins",
            json={"resource_id": elsewhere, "end": f"{DAY}T11:00"},
            headers=host.auth,
        )
    assert_problem(answer, 404, "resource_id")
    assert stored == []


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Nul\x00l"},
        {"name": "Bell\x07"},
        {"name": "x" * 101},
        {"end": "\x00"},
        {"end": "25:00"},
        {"resource_id": "inte-ett-id"},
        {"resource_id": str(uuid4())},
    ],
    ids=[
        "name-nul",
        "name-bell",
        "name-long",
        "end-nul",
        "end-25",
        "resource-text",
        "resource-unknown",
    ],
)
def test_a_hostile_drop_in_form_is_refused_and_nothing_is_stored(
    client: TestClient[Any],
    container: Container,
    clock: Clock,
    office: Office,
    host: Person,
    fields: dict[str, str],
) -> None:
    clock.now = at(DAY, "09:40")
    signed_in(client, container, host)
    page = client.get(f"/host/sites/{office.id}")
    form = {"resource_id": office.window_desk, "end": "12:00", "_csrf_token": csrf_of(page.text)}
    with new_events(container) as stored:
        answer = client.post(
            f"/host/sites/{office.id}/drop-ins", data=form | fields, follow_redirects=False
        )
    assert 400 <= answer.status_code < 500, answer.text
    assert stored == []
    assert container.ctx.visitors.forget_past() == 0


def test_a_drop_in_form_for_a_resource_of_another_site_is_not_found(
    client: TestClient[Any],
    container: Container,
    clock: Clock,
    office: Office,
    host: Person,
    elsewhere: str,
) -> None:
    clock.now = at(DAY, "09:40")
    signed_in(client, container, host)
    page = client.get(f"/host/sites/{office.id}")
    form = {
        "resource_id": elsewhere,
        "end": "12:00",
        "name": "Eva",
        "_csrf_token": csrf_of(page.text),
    }
    with new_events(container) as stored:
        answer = client.post(f"/host/sites/{office.id}/drop-ins", data=form, follow_redirects=False)
    assert answer.status_code == 404
    assert stored == []


# -- reminder preferences --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reminders": "ja"}, "reminders"),
        ({"reminder_same_day": [True]}, "reminder_same_day"),
        ({"check_in_nudge": "\x00"}, "check_in_nudge"),
        ({"language": "sv\x00"}, "language"),
    ],
)
def test_bad_reminder_preferences_on_the_api_are_a_problem_naming_the_field(
    client: TestClient[Any], anna: Person, body: dict[str, Any], field: str
) -> None:
    before = client.get("/api/members/me/preferences", headers=anna.auth).json()
    answer = client.put("/api/members/me/preferences", json=body, headers=anna.auth)
    assert_problem(answer, 400, field)
    assert client.get("/api/members/me/preferences", headers=anna.auth).json() == before


@pytest.mark.parametrize(
    "fields",
    [{"reminders": "\x00"}, {"reminder_same_day": "x" * 3000}, {"language": "xx\x07"}],
    ids=["nul", "long", "bell"],
)
def test_a_hostile_preferences_form_is_never_a_server_error(
    client: TestClient[Any], container: Container, anna: Person, fields: dict[str, str]
) -> None:
    token = signed_in(client, container, anna)
    answer = client.post(
        "/my/account/preferences", data={"_csrf_token": token} | fields, follow_redirects=False
    )
    assert answer.status_code < 500, answer.text
    prefs = client.get("/api/members/me/preferences", headers=anna.auth).json()
    assert prefs["language"] in ("sv", "en")


# -- several days of a week ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": ["2026-12-01\x00"]}, "days[0]"),
        ({"days": "2026-12-01"}, "days"),
        ({"days": []}, "days"),
        ({"days": ["2026-12-01"] * 8}, "days"),
        ({"start": "09:00\x00"}, "start"),
        ({"end": 10}, "end"),
        ({"resource_id": "\x00"}, "resource_id"),
        ({"features": ["\x00" * 70]}, "features[0]"),
    ],
    ids=[
        "day-nul",
        "days-text",
        "days-none",
        "days-eight",
        "start-nul",
        "end-number",
        "resource-nul",
        "feature-long",
    ],
)
def test_bad_input_to_several_days_on_the_api_is_a_problem_naming_the_field(
    client: TestClient[Any],
    container: Container,
    office: Office,
    anna: Person,
    change: dict[str, Any],
    field: str,
) -> None:
    body = {"resource_id": office.window_desk, "days": [DAY], "start": "09:00", "end": "10:00"}
    with new_events(container) as stored:
        answer = client.post("/api/bookings/days", json=body | change, headers=anna.auth)
    assert_problem(answer, 400, field)
    assert stored == []


def test_several_days_of_an_unknown_resource_is_not_found(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    body = {"resource_id": str(uuid4()), "days": [DAY], "start": "09:00", "end": "10:00"}
    with new_events(container) as stored:
        answer = client.post("/api/bookings/days", json=body, headers=anna.auth)
    assert_problem(answer, 404, "resource_id")
    assert stored == []


@pytest.mark.parametrize(
    "fields",
    [
        {"day": ["2026-12-01\x00"]},
        {"day": ["x" * 3000]},
        {"start": "\x00"},
        {"end": "99:99"},
        {"kind": "desk\x07"},
        {"resource_id": "\x00"},
        {"feature": ["\x00"]},
    ],
    ids=["day-nul", "day-long", "start-nul", "end-bad", "kind-bell", "resource-nul", "feature-nul"],
)
def test_a_hostile_several_days_form_is_never_a_server_error_and_stores_nothing_unclean(
    client: TestClient[Any],
    container: Container,
    office: Office,
    anna: Person,
    fields: dict[str, Any],
) -> None:
    signed_in(client, container, anna)
    week = client.get(f"/sites/{office.id}/week?date={DAY}")
    form = {
        "_csrf_token": csrf_of(week.text),
        "day": [DAY],
        "kind": "desk",
        "start": "09:00",
        "end": "10:00",
    }
    before = container.store.recorder.max_notification_id() or 0
    with new_events(container):
        answer = client.post(
            f"/sites/{office.id}/book-days", data=form | fields, follow_redirects=False
        )
    assert answer.status_code < 500, answer.text
    # A value that is not one falls back as the page's own choices do (the first kind, any
    # resource, no feature); whatever was booked holds only clean values.
    assert clean(container, before)


def test_a_several_days_form_of_an_unknown_kind_is_refused_by_name_and_books_nothing(
    client: TestClient[Any], container: Container, office: Office, anna: Person
) -> None:
    signed_in(client, container, anna)
    week = client.get(f"/sites/{office.id}/week?date={DAY}")
    form = {
        "_csrf_token": csrf_of(week.text),
        "day": [DAY],
        "kind": "desk\x07",
        "start": "09:00",
        "end": "10:00",
    }
    with new_events(container) as stored:
        answer = client.post(f"/sites/{office.id}/book-days", data=form)

    assert answer.status_code == 400
    assert "Välj ett skrivbord, ett rum eller utrustning." in answer.text
    assert stored == []


# -- favourites ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "body", "status", "field"),
    [
        ("post", "", {"resource_id": "\x00"}, 400, "resource_id"),
        ("post", "", {"resource_id": 5}, 400, "resource_id"),
        ("post", "", {"resource_id": str(uuid4())}, 404, "resource_id"),
        ("put", "", {"resource_ids": "x"}, 400, "resource_ids"),
        ("put", "", {"resource_ids": ["\x00"]}, 400, "resource_ids[0]"),
        ("put", "", {"resource_ids": [str(uuid4())] * 11}, 400, "resource_ids"),
        ("put", "", {"resource_ids": [str(uuid4())]}, 400, "resource_ids"),
    ],
    ids=[
        "star-nul",
        "star-number",
        "star-unknown",
        "order-text",
        "order-nul",
        "order-eleven",
        "order-unknown",
    ],
)
def test_bad_favourites_on_the_api_are_a_problem_naming_the_field(
    client: TestClient[Any],
    container: Container,
    office: Office,
    anna: Person,
    method: str,
    suffix: str,
    body: dict[str, Any],
    status: int,
    field: str,
) -> None:
    path = f"/api/members/me/usuals/{office.id}/favourites{suffix}"
    with new_events(container) as stored:
        answer = getattr(client, method)(path, json=body, headers=anna.auth)
    assert_problem(answer, status, field)
    assert stored == []


def test_a_resource_of_another_site_is_no_favourite_here(
    client: TestClient[Any], container: Container, office: Office, anna: Person, elsewhere: str
) -> None:
    path = f"/api/members/me/usuals/{office.id}/favourites"
    with new_events(container) as stored:
        starred = client.post(path, json={"resource_id": elsewhere}, headers=anna.auth)
        ordered = client.put(
            path, json={"resource_ids": [office.window_desk, elsewhere]}, headers=anna.auth
        )
    assert_problem(starred, 404, "resource_id")
    assert_problem(ordered, 400, "resource_ids")
    assert stored == []


def test_the_favourites_forms_refuse_unknown_and_foreign_resources(
    client: TestClient[Any], container: Container, office: Office, anna: Person, elsewhere: str
) -> None:
    token = signed_in(client, container, anna)
    with new_events(container) as stored:
        for resource in (str(uuid4()), elsewhere):
            answer = client.post(
                f"/sites/{office.id}/favourites/{resource}/star",
                data={"_csrf_token": token, "date": "\x00", "kind": "x" * 3000, "start": "\x07"},
                follow_redirects=False,
            )
            assert answer.status_code == 404, answer.text
        moved = client.post(
            f"/my/favourites/{office.id}/{uuid4()}/up",
            data={"_csrf_token": token},
            follow_redirects=False,
        )
        assert moved.status_code == 404, moved.text
    assert stored == []


def test_the_star_form_goes_back_to_the_day_without_carrying_hostile_values(
    client: TestClient[Any], container: Container, office: Office, anna: Person
) -> None:
    token = signed_in(client, container, anna)
    starred = client.post(
        f"/sites/{office.id}/favourites/{office.window_desk}/star",
        data={
            "_csrf_token": token,
            "date": "2026-12-01\x00",
            "kind": "desk\r\nX: y",
            "start": "09:00",
            "end": "10:00",
        },
        follow_redirects=False,
    )
    assert starred.status_code == 303
    location = starred.headers["location"]
    assert (
        location
        == f"/sites/{office.id}?date={DAY}&start=09%3A00&end=10%3A00#resource-{office.window_desk}"
    )
    favourites = client.get("/api/members/me/usuals", headers=anna.auth).json()
    assert [f["favourites"] for f in favourites] == [[office.window_desk]]
