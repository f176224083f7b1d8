"""Links in mail point at the address actually served: ``grannskap serve --port N``
without ``GRANNSKAP_PUBLIC_URL`` sends a reset link to port N, and the setting, when given,
still wins. Messages in the mail folder are their owner's alone (folder 0700, files 0600)."""

from __future__ import annotations

import email
import email.policy
import re
import stat
import time
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from service.cli.run import served_url
from service.container import Container
from service.mail.transport import FolderTransport
from service.settings import Settings
from tests.e2e.test_real_server import grannskap_serve
from tests.mail.conftest import text_of
from tests.settings import fast_settings

ADDRESS = "anna.glomsk@example.se"


def _ask_for_a_reset(base: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/forgot-password")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert token, page.text[:300]
        answer = client.post(
            "/forgot-password", data={"email": ADDRESS, "_csrf_token": token.group(1)}
        )
        assert answer.status_code == 200, answer.text[:300]


def _first_message(folder: Path) -> EmailMessage:
    deadline = time.monotonic() + 60  # the server's mail job runs every few seconds
    while not (found := sorted(folder.glob("*.eml")) if folder.is_dir() else []):
        assert time.monotonic() < deadline, "no message was written"
        time.sleep(0.2)
    message = email.message_from_bytes(found[0].read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_a_server_on_another_port_sends_reset_links_to_that_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRANNSKAP_PUBLIC_URL", raising=False)
    database = tmp_path / "grannskap.db"
    url = f"sqlite:///{database}"
    container = Container.build(fast_settings(database_url=url))
    container.members.add(email=ADDRESS, name="Anna Glömsk")
    container.close()

    with grannskap_serve(url, tmp_path) as base:
        _ask_for_a_reset(base)
        message = _first_message(database.with_name("grannskap.db.mail"))

    assert f"{base}/reset-password?token=" in text_of(message)
    assert base != "http://127.0.0.1:8000"


def test_the_served_address_is_the_default_public_url_and_the_setting_still_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert served_url("127.0.0.1", 8001) == "http://127.0.0.1:8001"
    assert served_url("0.0.0.0", 8001) == "http://localhost:8001"
    assert served_url("::1", 8001) == "http://[::1]:8001"
    monkeypatch.setenv("GRANNSKAP_PUBLIC_URL", "https://grannskap.lindesberg.se/")
    assert Settings.from_env().public_url == "https://grannskap.lindesberg.se"


def test_the_mail_folder_is_0700_and_its_messages_0600_even_when_made_wider_before(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "grannskap.db.mail"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)

    FolderTransport(folder).send("a@example.se", ADDRESS, b"Subject: x\r\n\r\nhej", "m-1")

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (written,) = folder.iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
