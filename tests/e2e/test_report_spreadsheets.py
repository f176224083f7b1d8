"""The evaluators' spreadsheets open right in a Swedish Excel (a UTF-8 byte order mark,
semicolons, decimal commas, Swedish headers, the site and the period in the file name) and
hold the same numbers as the JSON API; the pilot's Kravspecifikation has a "Nu" column,
totals and a download."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from service.container import Container
from tests.apps import app_for
from tests.conftest import Clock
from tests.e2e.test_web_pages import sign_in, with_password
from tests.report_history import History, build_history

PERIOD = "from=2026-03-26&to=2026-03-29"


@pytest.fixture
def history(container: Container, clock: Clock) -> History:
    return build_history(container, clock)


@pytest.fixture
def client(container: Container, history: History) -> Iterator[TestClient[Any]]:
    """Signed in as an evaluator in the browser's way; ``client.token`` for the API."""
    _, token = container.members.add(email="eva@example.se", name="Eva", role="evaluator")
    with TestClient(app=app_for(container)) as test_client:
        with_password(container.accounts, "eva@example.se")
        sign_in(test_client, "eva@example.se")
        test_client.token = token  # type: ignore[attr-defined]
        yield test_client


def api_json(client: TestClient[Any], report: str, site: str) -> Any:
    response = client.get(
        f"/api/reports/{report}?site_id={site}&{PERIOD}",
        headers={"Authorization": f"Bearer {client.token}"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 200, response.text
    return response.json()


def sheet(client: TestClient[Any], path: str) -> tuple[str, list[list[str]]]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    disposition = response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    return disposition, list(csv.reader(io.StringIO(text), delimiter=";"))


def number(cell: str) -> float:
    return float(cell.replace(",", "."))


def table(rows: list[list[str]], title: str) -> list[list[str]]:
    """The header and rows under ``title``, up to the next empty line."""
    start = rows.index([title]) + 1
    end = next((n for n in range(start, len(rows)) if not rows[n]), len(rows))
    return rows[start:end]


def test_the_utilisation_spreadsheet_has_swedish_headers_decimal_commas_and_the_apis_numbers(
    client: TestClient[Any], history: History
) -> None:
    site = str(history.site_id)
    disposition, rows = sheet(client, f"/evaluate/sites/{site}/csv/utilisation?{PERIOD}")
    report = api_json(client, "utilisation", site)

    # the period asked for, Thursday to Sunday, is served as its whole ISO week
    assert 'filename="nyttjande-grannskapskontoret-frovi-2026-03-23-2026-03-29.csv"' in disposition
    header, total, *by_kind = table(rows, "Per typ")
    assert header[:4] == ["Vad", "Öppna timmar", "Bokade timmar", "Incheckade timmar"]
    assert total[0] == "Alla tillsammans"
    expected = report["total"]
    assert number(total[1]) == pytest.approx(expected["open_hours"], abs=1e-4)
    assert number(total[2]) == pytest.approx(expected["booked_hours"], abs=1e-4)
    assert number(total[4]) == pytest.approx(expected["utilisation"], abs=1e-4)
    assert int(total[6]) == expected["bookings"]
    assert "," in total[4] and "." not in ";".join(total)
    assert len(by_kind) == len(report["rows"])


def test_the_specification_spreadsheet_holds_the_apis_advice(
    client: TestClient[Any], history: History
) -> None:
    site = str(history.site_id)
    _, rows = sheet(client, f"/evaluate/sites/{site}/csv/specification?{PERIOD}")
    report = api_json(client, "specification", site)

    header, *pools = table(
        rows, "Rekommenderad kapacitet: 95\N{NO-BREAK SPACE}% av förfrågningarna tillgodosedda"
    )
    assert header[:4] == ["Vad", "Förfrågningar", "Efterfrågade timmar", "Kapacitet"]
    assert "Nu" in header
    by_name = {r[0]: r for r in pools}
    desk = next(p for p in report["pools"] if p["pool"] == "desk")
    if desk["capacity"] is None:
        assert by_name["Skrivbord"][3] == "dolt"
    else:
        row = by_name["Skrivbord"]
        assert int(row[1]) == desk["capacity"]["requests"]
        assert int(row[3]) == desk["capacity"]["capacity"]
        assert int(row[header.index("Nu")]) == desk["capacity"]["recorded_capacity"]


def test_the_pilots_kravspecifikation_has_now_totals_and_a_spreadsheet(
    client: TestClient[Any], history: History
) -> None:
    page = client.get(f"/evaluate/specification?{PERIOD}")
    assert page.status_code == 200
    assert 'data-label="Nu"' in page.text and "Alla platser" in page.text
    week = "from=2026-03-23&to=2026-03-29"  # the whole ISO week of the period asked for
    assert f'href="/evaluate/specification/csv?{week}"' in html.unescape(page.text)

    disposition, rows = sheet(client, f"/evaluate/specification/csv?{PERIOD}")

    assert "kravspecifikation-piloten-2026-03-23-2026-03-29.csv" in disposition
    header, *sites, total = table(rows, "Rekommenderade skrivbord och rum per plats")
    assert header[:3] == ["Plats", "Skrivbord nu", "Rekommenderade skrivbord"]
    assert total[0] == "Alla platser"
    now = [int(r[1]) for r in sites if r[1] not in ("\N{EN DASH}", "dolt")]
    assert int(total[1]) == sum(now)


LONG = "from=2026-03-02&to=2026-04-05"  # long enough for the busiest four weeks


def test_the_spreadsheets_hold_the_busiest_four_weeks_and_the_withdrawn_bookings_of_the_api(
    client: TestClient[Any], history: History
) -> None:
    site = str(history.site_id)
    response = client.get(
        f"/api/reports/specification?site_id={site}&{LONG}",
        headers={"Authorization": f"Bearer {client.token}"},  # type: ignore[attr-defined]
    )
    desk = next(p for p in response.json()["pools"] if p["pool"] == "desk")["capacity"]
    assert desk["busiest"] is not None

    _, rows = sheet(client, f"/evaluate/sites/{site}/csv/specification?{LONG}")
    header, *pools = table(
        rows, "Rekommenderad kapacitet: 95\N{NO-BREAK SPACE}% av förfrågningarna tillgodosedda"
    )
    row = {r[0]: r for r in pools}["Skrivbord"]
    assert int(row[header.index("De fyra mest belastade veckorna")]) == desk["busiest"]["capacity"]
    assert row[header.index("De fyra mest belastade veckorna från")] == desk["busiest"]["first_day"]
    assert row[header.index("De fyra mest belastade veckorna till")] == desk["busiest"]["last_day"]
    assert int(row[header.index("Bokningar som togs tillbaka")]) == desk["withdrawn"]

    _, rows = sheet(client, f"/evaluate/specification/csv?{LONG}")
    header, *sites, total = table(rows, "Rekommenderade skrivbord och rum per plats")
    frovi = {r[0]: r for r in sites}["Grannskapskontoret Frövi"]
    busiest = header.index("Skrivbord: de fyra mest belastade veckorna")
    withdrawn = header.index("Skrivbord: bokningar som togs tillbaka")
    assert int(frovi[busiest]) == desk["busiest"]["capacity"]
    assert frovi[busiest + 1] == desk["busiest"]["first_day"]
    assert int(frovi[withdrawn]) == desk["withdrawn"]
    assert int(total[busiest]) == sum(int(r[busiest]) for r in sites)
    assert int(total[withdrawn]) == sum(int(r[withdrawn]) for r in sites)
    assert total[header.index("Rum: bokningar som togs tillbaka")] == "dolt"  # one room member
