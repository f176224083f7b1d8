"""Delivering a composed message: by SMTP with the standard library's ``smtplib`` (plain,
STARTTLS or implicit TLS, as the URL says), or as an ``.eml`` file in a folder."""

from __future__ import annotations

import os
import smtplib
import ssl
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

TIMEOUT = 20.0


class Transport(Protocol):
    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None: ...


class SmtpTransport:
    """``smtp://[user:password@]host:port``, ``smtp+starttls://...`` or ``smtps://...``."""

    def __init__(self, url: str, context: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(url)
        self.scheme = parts.scheme
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password or "")
        self.context = context or ssl.create_default_context()

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None:
        client: smtplib.SMTP
        if self.scheme == "smtps":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=self.context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if self.scheme == "smtp+starttls":
                client.starttls(context=self.context)
                client.ehlo()
            if self.user:
                client.login(self.user, self.password)
            client.sendmail(sender, [recipient], message)


class FolderTransport:
    """Writes each message as ``<name>.eml`` (written whole, then renamed into place, so a
    second delivery of the same message replaces the file rather than adding one)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        target = self.folder / f"{safe}.eml"
        partial = target.with_suffix(".eml.part")
        partial.write_bytes(message)
        os.replace(partial, target)
