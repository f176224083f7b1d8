"""``grannskap report ...`` on the command line, over the same store as the application."""

from __future__ import annotations

import csv
import io
import json

import pytest

from service.cli import main
from service.container import Container
from tests.conftest import Clock
from tests.report_history import History, build_history

PERIOD = ["--from", "2026-03-26", "--to", "2026-03-29"]


@pytest.fixture
def history(container: Container, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> History:
    monkeypatch.setenv("GRANNSKAP_DATABASE_URL", container.settings.database_url)
    return build_history(container, clock)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_utilisation_report_prints_as_a_table(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "report", "utilisation", "--site", "Frövi", *PERIOD)

    assert code == 0
    assert "Utilisation by kind" in out
    total = next(line for line in out.splitlines() if line.startswith("total"))
    # the week of 26-29 March: Monday to Wednesday add 60 open resource-hours to the 30
    assert "90.00" in total and "14.00" in total


def test_the_utilisation_report_by_day_prints_as_csv(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "report",
        "utilisation",
        "--site",
        "Frövi",
        *PERIOD,
        "--group",
        "day",
        "--format",
        "csv",
    )

    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0
    assert rows["2026-03-29"]["open_hours"] == "10.0"


def test_the_demand_report_prints_as_json(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "report", "demand", "--site", str(history.site_id), *PERIOD, "--format", "json"
    )

    assert code == 0
    assert json.loads(out)["totals"]["unmet_hours"] == 5.0


def test_the_specification_report_writes_an_html_page(
    history: History, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    page = tmp_path / "spec.html"

    code, _, _ = run(
        capsys,
        "report",
        "specification",
        "--site",
        "Frövi",
        *PERIOD,
        "--format",
        "html",
        "-o",
        str(page),
    )

    assert code == 0
    html = page.read_text(encoding="utf-8")
    # the same templates as the evaluators' pages, Swedish by default
    assert '<html lang="sv">' in html and "Öppettider som lönar sig" in html
    assert "@media print" in html and "Utnyttjande" not in html.split("<main>")[0]


def test_what_if_takes_a_capacity_per_pool(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "report",
        "what-if",
        "--site",
        "Frövi",
        *PERIOD,
        "--capacity",
        "desk=0,room=0,equipment=0",
        "--format",
        "json",
    )

    assert code == 0
    assert json.loads(out)["total"]["served"] == 0


def test_an_unknown_site_is_an_error_naming_the_sites(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "report", "demand", "--site", "Nowhere")

    assert code == 2
    assert "Grannskapskontoret Frövi" in err
