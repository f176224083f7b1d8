"""Mail tests: a real SMTP server (aiosmtpd) in the test process, and the whole back end
on SQLite and PostgreSQL sending to it. Messages are read back with the standard library's
e-mail parser and icalendar."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from service.container import Container
from tests.builders import Office, open_office
from tests.conftest import Clock
from tests.settings import fast_settings

SENDER = "grannskap <grannskap@lindesberg.example>"
PUBLIC = "https://grannskap.lindesberg.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server received: the envelope and the parsed message."""

    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for _, rcpt, m in self.received if address in rcpt]

    def subjects(self, address: str) -> list[str]:
        return [str(m["Subject"]) for m in self.to(address)]


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox
    controller: Controller

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.controller.stop()

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    server = SmtpServer(port, inbox, controller)
    try:
        yield server
    finally:
        with contextlib.suppress(AssertionError, RuntimeError):
            server.controller.stop()


@pytest.fixture
def mailing(database_url: str, clock: Clock, smtp: SmtpServer) -> Iterator[Container]:
    """The back end on a real store, sending through the SMTP server of the test (the
    outbox is run by the test, one round at a time)."""
    settings = fast_settings(
        database_url=database_url, smtp_url=smtp.url, mail_from=SENDER, public_url=PUBLIC
    )
    c = Container.build(settings, clock=clock)
    c.start_following()
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def office(mailing: Container) -> Office:
    return open_office(mailing)


def calendar_part(message: EmailMessage) -> bytes | None:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    return None


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def html_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("html",))
    assert body is not None
    return str(body.get_content())
