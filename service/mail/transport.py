"""Delivering a composed message: by SMTP with the standard library's ``smtplib`` (plain,
STARTTLS or implicit TLS, as the URL says), or as an ``.eml`` file in a folder."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from collections.abc import Iterable
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
    second delivery of the same message replaces the file rather than adding one). The
    messages hold live links (password resets), so the folder is its owner's alone (0700)
    and so is each file (0600), as the database is."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, sender: str, recipient: str, message: bytes, name: str) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)  # a folder made before (0755) is closed too
        target = self._path(name)
        partial = target.with_suffix(".eml.part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(message)
        os.chmod(partial, 0o600)  # a partial file left before keeps no wider mode
        os.replace(partial, target)

    def forget(self, names: Iterable[str], recipient: str) -> int:
        """Erasure: deletes the messages of these names, and every other one addressed to
        ``recipient`` (one whose outbox row is gone already). Returns how many."""
        if not self.folder.is_dir():
            return 0
        doomed = {self._path(n) for n in names}
        needle = recipient.lower().encode()
        for path in self.folder.glob("*.eml*"):
            if path not in doomed and needle and needle in path.read_bytes().lower():
                doomed.add(path)
        deleted = 0
        for path in doomed:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                deleted += 1
        return deleted

    def _path(self, name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        return self.folder / f"{safe}.eml"
