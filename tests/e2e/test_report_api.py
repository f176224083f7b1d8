"""The reports over HTTP: JSON, CSV, the what-if replay and the report page, for evaluators,
hosts and admins only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from service.container import Container
from tests.apps import app_for
from tests.conftest import Clock
from tests.report_history import History, build_history

PERIOD = "from=2026-03-26&to=2026-03-29"


@pytest.fixture
def history(container: Container, clock: Clock) -> History:
    return build_history(container, clock)


@pytest.fixture
def api(container: Container, history: History) -> Iterator[TestClient[Any]]:
    with TestClient(app=app_for(container)) as test_client:
        yield test_client


def bearer(container: Container, role: str) -> dict[str, str]:
    _, token = container.members.add(email=f"{role}@example.se", name=role.title(), role=role)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def evaluator(container: Container) -> dict[str, str]:
    return bearer(container, "evaluator")


def test_an_evaluator_reads_utilisation_as_json(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    response = api.get(
        f"/api/reports/utilisation?site_id={history.site_id}&{PERIOD}&group=day", headers=evaluator
    )

    assert response.status_code == 200
    body = response.json()
    # Thursday to Sunday is widened to the whole ISO week (the privacy rule's grid); Monday
    # to Wednesday add 4 open hours for each of the five units, and no bookings
    assert body["scope"]["from"] == "2026-03-23" and body["scope"]["to"] == "2026-03-29"
    assert body["total"]["open_hours"] == 90.0 and body["total"]["booked_hours"] == 14.0
    assert [r["key"] for r in body["rows"]] == [
        "2026-03-23",
        "2026-03-24",
        "2026-03-25",
        "2026-03-26",
        "2026-03-27",
        "2026-03-28",
        "2026-03-29",
    ]
    assert "open_hours" in body["method"]


def test_utilisation_comes_as_csv_when_asked_for(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    response = api.get(
        f"/api/reports/utilisation?site_id={history.site_id}&{PERIOD}",
        headers={**evaluator, "Accept": "text/csv"},
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["key"] == "total" and rows[0]["booked_hours"] == "14.0"
    assert {r["key"] for r in rows} == {"total", "desk", "room", "equipment"}


def test_demand_and_specification_come_as_json_or_csv(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    query = f"site_id={history.site_id}&{PERIOD}"
    demand = api.get(f"/api/reports/demand?{query}", headers=evaluator).json()
    spec = api.get(f"/api/reports/specification?{query}&service_level=0.9", headers=evaluator)
    spec_csv = api.get(
        f"/api/reports/specification?{query}", headers={**evaluator, "Accept": "text/csv"}
    )

    assert demand["totals"]["unmet_hours"] == 5.0
    desk = next(p for p in spec.json()["pools"] if p["pool"] == "desk")
    assert desk["capacity"]["service_level"] == 0.9
    # 7 requests within opening hours; two desks replayed serve 5 of them, as happened
    curve = {p["capacity"]: p["served_share"] for p in desk["capacity"]["curve"]}
    assert (curve[2], curve[3], desk["capacity"]["capacity"]) == (round(5 / 7, 4), 1.0, 3)
    assert spec_csv.status_code == 200 and "Features ranked by use" in spec_csv.text


def test_what_if_replays_the_period_against_another_capacity(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    body = {"site_id": str(history.site_id), "from": "2026-03-26", "to": "2026-03-29"}

    recorded = api.post("/api/reports/what-if", json={**body, "capacity": {}}, headers=evaluator)
    none = api.post(
        "/api/reports/what-if",
        json={**body, "capacity": {"desk": 0, "room": 0, "equipment": 0}},
        headers=evaluator,
    )

    assert recorded.status_code == 200
    assert recorded.json()["total"]["served"] == recorded.json()["total"]["recorded_served"] == 9
    assert none.json()["total"]["served"] == 0


def test_the_report_page_is_html_with_inline_svg_charts(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    response = api.get(f"/reports/{history.site_id}?{PERIOD}", headers=evaluator)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.count("<svg") >= 3
    assert "@media print" in response.text
    assert "http://" not in response.text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in response.text


@pytest.mark.parametrize("role", ["host", "admin"])
def test_hosts_and_admins_read_reports_too(
    api: TestClient[Any], container: Container, history: History, role: str
) -> None:
    response = api.get(
        f"/api/reports/demand?site_id={history.site_id}&{PERIOD}", headers=bearer(container, role)
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/reports/utilisation?site_id={site}",
        "/api/reports/demand?site_id={site}",
        "/api/reports/specification?site_id={site}",
        "/reports/{site}",
    ],
)
def test_members_are_forbidden_the_reports(
    api: TestClient[Any], container: Container, history: History, path: str
) -> None:
    response = api.get(path.format(site=history.site_id), headers=bearer(container, "member"))

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_members_are_forbidden_the_what_if(
    api: TestClient[Any], container: Container, history: History
) -> None:
    response = api.post(
        "/api/reports/what-if",
        json={"site_id": str(history.site_id), "capacity": {"desk": 1}},
        headers=bearer(container, "member"),
    )

    assert response.status_code == 403


def test_reports_need_a_token(api: TestClient[Any], history: History) -> None:
    assert api.get(f"/api/reports/utilisation?site_id={history.site_id}").status_code == 401
    assert api.get(f"/reports/{history.site_id}").status_code == 401


def test_a_period_ending_before_it_starts_is_a_bad_request(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    response = api.get(
        f"/api/reports/demand?site_id={history.site_id}&from=2026-03-29&to=2026-03-26",
        headers=evaluator,
    )

    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "to"


@pytest.mark.parametrize(
    ("query", "blamed"),
    [
        ("to=0001-01-05", "to"),
        ("from=9999-12-30", "from"),
        ("from=9999-12-30&to=9999-12-31", "from"),
        ("from=0001-01-01&to=0001-01-02", "from"),
    ],
)
def test_a_period_at_the_ends_of_the_calendar_is_a_bad_request_not_an_error(
    api: TestClient[Any], evaluator: dict[str, str], history: History, query: str, blamed: str
) -> None:
    for path in ("/api/reports/demand", "/api/reports/specification", "/api/reports/utilisation"):
        response = api.get(f"{path}?site_id={history.site_id}&{query}", headers=evaluator)
        assert response.status_code == 400, (path, response.text)
        assert response.json()["invalid_params"][0]["name"] == blamed
    body: dict[str, Any] = {"site_id": str(history.site_id), "capacity": {"desk": 2}}
    for part in query.split("&"):
        key, value = part.split("=")
        body[key] = value
    what_if = api.post("/api/reports/what-if", json=body, headers=evaluator)
    assert what_if.status_code == 400, what_if.text
    page = api.get(f"/reports/{history.site_id}?{query}", headers=evaluator)
    assert page.status_code == 400, page.text


def test_an_unknown_group_or_capacity_is_a_bad_request(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    group = api.get(
        f"/api/reports/utilisation?site_id={history.site_id}&group=member", headers=evaluator
    )
    capacity = api.post(
        "/api/reports/what-if",
        json={"site_id": str(history.site_id), "capacity": {"sofa": 2}},
        headers=evaluator,
    )

    assert group.status_code == 400
    assert capacity.status_code == 400
    assert capacity.json()["invalid_params"][0]["name"] == "capacity.sofa"


def test_an_unknown_site_is_not_found(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    response = api.get(
        "/api/reports/utilisation?site_id=00000000-0000-4000-8000-000000000000", headers=evaluator
    )

    assert response.status_code == 404


def test_without_a_period_the_reports_cover_the_four_weeks_up_to_this_one(
    api: TestClient[Any], evaluator: dict[str, str], history: History
) -> None:
    scope = api.get(
        f"/api/reports/utilisation?site_id={history.site_id}", headers=evaluator
    ).json()["scope"]

    # today is Monday 30 March: its week and the three before it
    assert (scope["from"], scope["to"], scope["days"]) == ("2026-03-09", "2026-04-05", 28)
