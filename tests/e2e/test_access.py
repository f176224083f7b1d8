"""Who may do what: a token is needed for the API, members see only their own bookings
(tested with the journeys) and only hosts change sites and resources."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.conftest import METRICS_AUTH
from tests.e2e.conftest import DAY, Office, Person, assert_problem, new_events
from tests.settings import fast_settings

ZERO = "00000000-0000-0000-0000-000000000000"

API = [
    ("GET", "/api/sites", None),
    ("GET", "/api/sites/{site}", None),
    ("GET", "/api/sites/{site}/resources", None),
    ("GET", "/api/sites/{site}/availability?date=" + DAY, None),
    ("GET", "/api/members/me", None),
    ("GET", "/api/members/me/bookings", None),
    ("GET", f"/api/bookings/{ZERO}", None),
    ("POST", f"/api/bookings/{ZERO}/cancel", None),
    (
        "POST",
        "/api/bookings",
        {"resource_id": "{desk}", "start": f"{DAY}T09:00", "end": f"{DAY}T10:00"},
    ),
    ("POST", "/api/sites", {"name": "Ny plats", "address": "Vägen 1"}),
]

HOSTS_ONLY = [
    ("POST", "/api/sites", {"name": "Ny plats", "address": "Vägen 1"}),
    ("POST", "/api/sites/{site}/resources", {"kind": "desk", "name": "Skrivbord 9"}),
    ("PUT", "/api/sites/{site}/opening-hours", {"mon": [["09:00", "10:00"]]}),
    ("PUT", "/api/sites/{site}/policy", {"days_ahead": 3}),
    ("POST", "/api/sites/{site}/closures", {"first_day": DAY}),
    ("POST", "/api/sites/{site}/closures", {"public_holidays": [2026]}),
    ("POST", "/api/resources/{desk}/retire", None),
]


def _fill(template: Any, office: Office) -> Any:
    if isinstance(template, str):
        return template.format(site=office.id, desk=office.screen_desk)
    if isinstance(template, dict):
        return {key: _fill(value, office) for key, value in template.items()}
    return template


def _request(
    client: TestClient[Any], method: str, path: str, body: Any, office: Office, **kwargs: Any
) -> Any:
    if body is not None:
        kwargs["json"] = _fill(body, office)
    return client.request(method, _fill(path, office), **kwargs)


BAD_CREDENTIALS = {
    "no header": None,
    "an unknown token": "Bearer not-a-token",
    "an empty token": "Bearer ",
    "basic auth": "Basic YW5uYTpzZWNyZXQ=",
    "no scheme": "not-a-scheme",
}


def test_the_api_answers_401_without_a_valid_bearer_token(
    client: TestClient[Any], container: Container, office: Office, subtests: Any
) -> None:
    for says, authorization in BAD_CREDENTIALS.items():
        headers = {} if authorization is None else {"Authorization": authorization}
        for method, path, body in API:
            with subtests.test(msg=f"{says}: {method} {path}"):
                with new_events(container) as events:
                    response = _request(client, method, path, body, office, headers=headers)

                assert_problem(response, 401)
                assert response.headers["www-authenticate"].startswith("Bearer")
                assert events == []


def test_members_may_not_change_sites_or_resources(
    client: TestClient[Any], container: Container, office: Office, anna: Person, subtests: Any
) -> None:
    site_before = client.get(f"/api/sites/{office.id}", headers=anna.auth).json()
    resources_before = client.get(f"/api/sites/{office.id}/resources", headers=anna.auth).json()

    for method, path, body in HOSTS_ONLY:
        with subtests.test(msg=f"{method} {path} {body}"):
            with new_events(container) as events:
                response = _request(client, method, path, body, office, headers=anna.auth)

            assert_problem(response, 403)
            assert events == []

    assert client.get(f"/api/sites/{office.id}", headers=anna.auth).json() == site_before
    assert client.get("/api/sites", headers=anna.auth).json() == [site_before]
    resources = client.get(f"/api/sites/{office.id}/resources", headers=anna.auth).json()
    assert resources == resources_before


def test_health_and_schema_need_no_token_and_metrics_need_theirs(
    client: TestClient[Any], anna: Any
) -> None:
    for path in ("/health", "/schema/openapi.json"):
        assert client.get(path).status_code == 200, path
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=anna.auth).status_code == 401  # a member's token
    assert client.get("/metrics", headers=METRICS_AUTH).status_code == 200


def test_metrics_are_not_served_without_a_metrics_token_set(database_url: str) -> None:
    from service.asgi import create_app

    with TestClient(app=create_app(fast_settings(database_url=database_url))) as bare:
        assert bare.get("/metrics").status_code == 404
