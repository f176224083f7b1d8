"""What the OpenAPI document says beyond what the handlers' types give: the bearer token
and where none is needed, the problems each operation can answer, and the bodies that are
not JSON (calendars, CSV, SVG)."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from service.asgi import create_app
from tests.settings import fast_settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    with TestClient(app=create_app(fast_settings(database_url="memory:"))) as client:
        return client.get("/schema/openapi.json").json()


def _content(document: dict[str, Any], path: str, method: str, status: str) -> set[str]:
    return set(document["paths"][path][method]["responses"][status].get("content", {}))


def test_the_api_needs_a_bearer_token_except_at_the_public_addresses(
    document: dict[str, Any],
) -> None:
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["security"] == [{"bearer": []}]
    assert document["paths"]["/health"]["get"]["security"] == []
    assert document["paths"]["/ical/{file}"]["get"]["security"] == []
    assert document["paths"]["/metrics"]["get"]["security"] == [{"metricsToken": []}]


def test_every_operation_documents_its_problems_as_problem_json(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = operation["responses"]
            assert "500" in statuses, (method, path)
            for status, response in statuses.items():
                if status.startswith(("4", "5")):
                    assert set(response["content"]) == {"application/problem+json"}, (
                        method,
                        path,
                        status,
                    )
    booking = document["paths"]["/api/bookings"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "422", "503"} <= set(booking)


def test_calendars_csv_and_drawings_are_documented_as_what_they_are(
    document: dict[str, Any],
) -> None:
    assert _content(document, "/ical/{file}", "get", "200") == {"text/calendar"}
    reports = [p for p in document["paths"] if p.startswith("/api/reports/")]
    assert any("text/csv" in _content(document, p, "get", "200") for p in reports)
    svgs = [p for p in document["paths"] if p.endswith(".svg")]
    assert svgs and all(_content(document, p, "get", "200") == {"image/svg+xml"} for p in svgs)


def test_a_booking_body_names_a_resource_or_a_site_and_a_kind(document: dict[str, Any]) -> None:
    one_of = document["components"]["schemas"]["BookingRequest"]["oneOf"]

    assert [sorted(branch["required"]) for branch in one_of] == [
        ["resource_id"],
        ["kind", "site_id"],
    ]
