"""Browser tests: a real ``grannskap serve`` on a free port over a temp SQLite database with
the pilot's demo data, driven by Debian's Chromium through Playwright.

Without /usr/bin/chromium (or Playwright) they are skipped with the reason; in CI
(``CI=true``) they must run, and fail instead. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.settings import fast_settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("GRANNSKAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 780}
PASSWORD = "ett-langt-losenord-2026"


def _unavailable() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    problem = _unavailable()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {problem}")
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bookable_day(today: date) -> date:
    """The next weekday after today that is not a Swedish public holiday or eve."""
    from domain.holidays import swedish_eves, swedish_public_holidays

    day = today + timedelta(days=1)
    while (
        day.weekday() >= 5
        or day in swedish_public_holidays(day.year)
        or day in swedish_eves(day.year)
    ):
        day += timedelta(days=1)
    return day


@dataclass
class Server:
    url: str
    database_url: str
    office_id: str
    invitation: str
    process: subprocess.Popen[bytes]
    desk_id: str = ""  # Skrivbord 1 at the office


def _seed(database_url: str) -> tuple[str, str, str]:
    """Demo data, passwords for the demo host and evaluator, and an invitation code."""
    from service.cli import demo
    from service.container import Container

    container = Container.build(fast_settings(database_url=database_url))
    try:
        demo.seed(container)
        container.views.catch_up_fully(container.store)
        accounts = container.accounts
        office = next(s for s in container.queries.sites() if s.name.startswith("Grannskap"))
        host = None
        for email in ("host@example.se", "evaluator@example.se"):
            member = accounts._member_by_email(email)
            assert member is not None
            accounts.set_password(member.id, PASSWORD)
            host = host or member
        assert host is not None
        code = accounts.create_invitation(office.id, host.id, uses=20).code
        desk = next(r for r in container.queries.resources(office.id) if r.name == "Skrivbord 1")
        return str(office.id), code, str(desk.id)
    finally:
        container.close()


@pytest.fixture(scope="session")
def server(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("browser")
    database_url = f"sqlite:///{folder / 'grannskap.db'}"
    office_id, code, desk_id = _seed(database_url)
    port = _free_port()
    env = {
        **os.environ,
        "GRANNSKAP_DATABASE_URL": database_url,
        "GRANNSKAP_SECRET_KEY": "browser-tests-secret-key-0123456789",
    }
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("grannskap serve did not start: " + (folder / "server.log").read_text())
        time.sleep(0.2)
    try:
        yield Server(url, database_url, office_id, code, process, desk_id)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_ready: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A phone-sized page (360 px wide) in a fresh context, Swedish by default."""
    context = browser.new_context(
        viewport=PHONE,
        base_url=server.url,
        locale="sv-SE",
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(10_000)
    p = context.new_page()
    try:
        yield p
    finally:
        context.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page (WCAG 2.x A and AA)."""
    import axe_playwright_python

    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    page.evaluate(source)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
