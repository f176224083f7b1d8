"""Settings: every environment variable grannskap reads, read here and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MEMORY = "memory:"


class SettingsError(ValueError):
    pass


def _number(
    env: Mapping[str, str], name: str, kind: type[int] | type[float], default: float, what: str
) -> Any:
    """The setting ``name`` read as ``kind`` (``default`` when unset); else SettingsError
    saying what it is."""
    try:
        return kind(env.get(name, default))
    except ValueError:
        raise SettingsError(f"{name} is {what}") from None


@dataclass(frozen=True)
class Settings:
    # sqlite:///FILE, postgresql://USER@HOST:PORT/DB, or "memory:" (the in-memory store of
    # the unit tests: eventsourcing's POPO recorders and SQLite views in memory)
    database_url: str = "sqlite:///grannskap.db"
    # "inprocess": this process follows the store and keeps the views up to date;
    # "external": a separate `grannskap projections run` worker does it (PostgreSQL).
    projections: str = "inprocess"
    # Where the evaluators' reports read the usage view: a streaming replica of the
    # PostgreSQL primary (postgresql://USER@HOST:PORT/DB); None: the main database.
    reports_database_url: str | None = None
    # The largest request body the HTTP server reads.
    max_body_bytes: int = 64 * 1024
    # The key that signs the pages' CSRF tokens; without one, a key is generated once and
    # kept beside the SQLite file or in the PostgreSQL database.
    secret_key: str | None = None
    # Read-your-writes: how long (seconds) a write's response waits at most for the views
    # a member reads next; a read of the calendar or usage view waits at most 2/5 of it.
    read_wait: float = 5.0
    # Readiness (/health/ready) fails when a view has not applied an event recorded more
    # than this many seconds ago (GRANNSKAP_READY_MAX_LAG, seconds, not events).
    ready_max_lag: float = 5.0
    # serve --workers N: how long (seconds) the supervisor waits for a server process to
    # answer its health check (while it starts, or later) before it replaces the process.
    worker_timeout: int = 60
    # How many requests of one process may wait for the views at once; the next ones
    # answer without waiting (so a lagging view cannot tie up every worker thread).
    max_waiting: int = 16
    # The bearer token Prometheus sends to scrape /metrics; without one, /metrics answers
    # 404 (it tells of bookings, positions and the process).
    metrics_token: str | None = None
    # The proxies whose X-Forwarded-For/-Proto are believed (comma-separated addresses or
    # "*"), as uvicorn's --forwarded-allow-ips; by default only 127.0.0.1.
    forwarded_allow_ips: str = "127.0.0.1"
    # The time zone of new sites, and of times shown without a site.
    timezone: str = "Europe/Stockholm"
    # "no" in processes started after the schema was made (serve --workers N): eventsourcing
    # re-creates its PostgreSQL functions at start-up, and two processes doing that at
    # once fail with "tuple concurrently updated".
    create_schema: bool = True
    # Where mail goes: smtp://[user:password@]host:port (plain), smtp+starttls://... (STARTTLS
    # required) or smtps://... (implicit TLS). Without one, each message is written as an
    # .eml file to mail_folder (beside the SQLite file: <db>.mail/).
    smtp_url: str | None = None
    mail_from: str = "grannskap <grannskap@localhost>"
    # The service's address in links sent by e-mail.
    public_url: str = "http://127.0.0.1:8000"
    # Days after which sign-in failure records (e-mail address, client address) are deleted.
    retention_days: int = 30
    # Hours a booking awaiting a host's approval waits for an answer before the service
    # declines it (at the booking's start at the latest).
    approval_hours: int = 48
    # argon2id's cost of a password hash: (time cost, memory in KiB, parallelism). The
    # product keeps argon2-cffi's defaults (RFC 9106's low-memory choice); no environment
    # variable changes them. Only the tests pass cheap ones, to keep fixtures fast.
    argon2_cost: tuple[int, int, int] = (3, 65536, 4)
    # OpenID Connect sign-in beside passwords: the provider's issuer URL (discovery at
    # <issuer>/.well-known/openid-configuration) and this service's client there. The
    # redirect URI to register is <public_url>/sign-in/oidc/callback.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # The ID token claim that names grannskap roles (member, host, evaluator, admin), if
    # any; the name the sign-in page gives the provider.
    oidc_role_claim: str | None = None
    oidc_name: str = ""
    # "no": password sign-in is switched off (only the OIDC provider signs people in).
    password_sign_in: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        max_body = _number(
            env, "GRANNSKAP_MAX_BODY_BYTES", int, cls.max_body_bytes, "a number of bytes"
        )
        read_wait = _number(env, "GRANNSKAP_READ_WAIT", float, cls.read_wait, "a number of seconds")
        ready_max_lag = _number(
            env, "GRANNSKAP_READY_MAX_LAG", float, cls.ready_max_lag, "a number of seconds"
        )
        worker_timeout = _number(
            env, "GRANNSKAP_WORKER_TIMEOUT", int, cls.worker_timeout, "a whole number of seconds"
        )
        max_waiting = _number(
            env, "GRANNSKAP_MAX_WAITING", int, cls.max_waiting, "a number of requests"
        )
        retention = _number(
            env, "GRANNSKAP_RETENTION_DAYS", int, cls.retention_days, "a number of days"
        )
        approval_hours = _number(
            env, "GRANNSKAP_APPROVAL_HOURS", int, cls.approval_hours, "a whole number of hours"
        )
        settings = cls(
            approval_hours=approval_hours,
            smtp_url=env.get("GRANNSKAP_SMTP_URL") or None,
            mail_from=env.get("GRANNSKAP_MAIL_FROM") or cls.mail_from,
            public_url=(env.get("GRANNSKAP_PUBLIC_URL") or cls.public_url).rstrip("/"),
            retention_days=retention,
            database_url=env.get("GRANNSKAP_DATABASE_URL", cls.database_url),
            projections=env.get("GRANNSKAP_PROJECTIONS", cls.projections),
            reports_database_url=env.get("GRANNSKAP_REPORTS_DATABASE_URL") or None,
            max_body_bytes=max_body,
            read_wait=read_wait,
            ready_max_lag=ready_max_lag,
            worker_timeout=worker_timeout,
            max_waiting=max_waiting,
            metrics_token=env.get("GRANNSKAP_METRICS_TOKEN") or None,
            forwarded_allow_ips=env.get("GRANNSKAP_FORWARDED_ALLOW_IPS") or cls.forwarded_allow_ips,
            secret_key=env.get("GRANNSKAP_SECRET_KEY") or None,
            timezone=env.get("GRANNSKAP_TIMEZONE", cls.timezone),
            create_schema=env.get("GRANNSKAP_CREATE_SCHEMA", "yes").lower() not in ("no", "0"),
            oidc_issuer=env.get("GRANNSKAP_OIDC_ISSUER") or None,
            oidc_client_id=env.get("GRANNSKAP_OIDC_CLIENT_ID") or None,
            oidc_client_secret=env.get("GRANNSKAP_OIDC_CLIENT_SECRET") or None,
            oidc_role_claim=env.get("GRANNSKAP_OIDC_ROLE_CLAIM") or None,
            oidc_name=env.get("GRANNSKAP_OIDC_NAME", ""),
            password_sign_in=env.get("GRANNSKAP_PASSWORD_SIGN_IN", "yes").lower()
            not in ("no", "0"),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.projections not in ("inprocess", "external"):
            raise SettingsError("GRANNSKAP_PROJECTIONS is 'inprocess' or 'external'")
        if not 1024 <= self.max_body_bytes <= 64 * 1024 * 1024:
            raise SettingsError("GRANNSKAP_MAX_BODY_BYTES is between 1024 and 67108864")
        if not 0 <= self.read_wait <= 60:
            raise SettingsError("GRANNSKAP_READ_WAIT is between 0 and 60 seconds")
        if not 0 <= self.ready_max_lag <= 3600:
            raise SettingsError("GRANNSKAP_READY_MAX_LAG is between 0 and 3600 seconds")
        if not 1 <= self.worker_timeout <= 3600:
            raise SettingsError("GRANNSKAP_WORKER_TIMEOUT is between 1 and 3600 seconds")
        if not 0 <= self.max_waiting <= 10_000:
            raise SettingsError("GRANNSKAP_MAX_WAITING is between 0 and 10000")
        if self.metrics_token is not None and len(self.metrics_token) < 16:
            raise SettingsError("GRANNSKAP_METRICS_TOKEN needs at least 16 characters")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(
                f"GRANNSKAP_TIMEZONE: unknown time zone {self.timezone!r}"
            ) from None
        self.eventsourcing_env()  # validates the URL
        if self.reports_database_url is not None:
            self._check_reports_url()
        if self.smtp_url is not None:
            smtp = urlsplit(self.smtp_url)
            if smtp.scheme not in ("smtp", "smtps", "smtp+starttls") or not smtp.hostname:
                raise SettingsError(
                    "GRANNSKAP_SMTP_URL is smtp://[user:password@]host:port, "
                    "smtp+starttls://... or smtps://..."
                )
            try:
                smtp.port  # noqa: B018 (a port that is not a number raises)
            except ValueError:
                raise SettingsError("GRANNSKAP_SMTP_URL has a port that is not a number") from None
        if "@" not in parseaddr(self.mail_from)[1]:
            raise SettingsError("GRANNSKAP_MAIL_FROM is an address such as grannskap@example.se")
        if urlsplit(self.public_url).scheme not in ("http", "https"):
            raise SettingsError("GRANNSKAP_PUBLIC_URL is http(s)://host[:port]")
        if not 1 <= self.approval_hours <= 24 * 60:
            raise SettingsError("GRANNSKAP_APPROVAL_HOURS is between 1 and 1440")
        if not 1 <= self.retention_days <= 3650:
            raise SettingsError("GRANNSKAP_RETENTION_DAYS is between 1 and 3650")
        oidc = (self.oidc_issuer, self.oidc_client_id, self.oidc_client_secret)
        if any(oidc) and not all(oidc):
            raise SettingsError(
                "GRANNSKAP_OIDC_ISSUER, GRANNSKAP_OIDC_CLIENT_ID and "
                "GRANNSKAP_OIDC_CLIENT_SECRET are given together"
            )
        if self.oidc_issuer and urlsplit(self.oidc_issuer).scheme not in ("http", "https"):
            raise SettingsError("GRANNSKAP_OIDC_ISSUER is the provider's http(s) URL")
        if not self.password_sign_in and not self.oidc_issuer:
            raise SettingsError("GRANNSKAP_PASSWORD_SIGN_IN=no needs an OIDC provider")

    @property
    def is_memory(self) -> bool:
        return self.database_url == MEMORY

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_postgres(self) -> bool:
        return not (self.is_memory or self.is_sqlite)

    @property
    def sqlite_path(self) -> Path | None:
        return Path(self.database_url[len("sqlite:///") :]) if self.is_sqlite else None

    @property
    def mail_folder(self) -> Path | None:
        """Where messages are written without an SMTP server: beside the SQLite file
        (``grannskap.db.mail/``). On PostgreSQL (and in memory) there is no such folder:
        without an SMTP server, messages wait in the outbox."""
        path = self.sqlite_path
        return path.with_name(path.name + ".mail") if path else None

    def sqlalchemy_url(self) -> str:
        if self.is_memory:
            return "sqlite://"
        if self.is_sqlite:
            return self.database_url
        parts = urlsplit(self.database_url)
        return "postgresql+psycopg" + self.database_url[len(parts.scheme) :]

    def _check_reports_url(self) -> None:
        wrong = SettingsError(
            "GRANNSKAP_REPORTS_DATABASE_URL is a replica of the main database, on the same "
            "engine: postgresql://USER@HOST:PORT/DB (or sqlite:///FILE beside SQLite)"
        )
        url = self.reports_database_url
        if url is None:
            return
        if self.is_memory or url == MEMORY:
            raise wrong
        replica = replace(self, database_url=url, reports_database_url=None)
        if replica.is_sqlite != self.is_sqlite:
            raise wrong
        try:
            replica.eventsourcing_env()
        except SettingsError:
            raise wrong from None

    def reports_sqlalchemy_url(self) -> str:
        """The URL the reports read the usage view from: the replica's, else the main one."""
        url = self.reports_database_url
        if url is None:
            return self.sqlalchemy_url()
        return replace(self, database_url=url, reports_database_url=None).sqlalchemy_url()

    def eventsourcing_env(self) -> dict[str, str]:
        """The same URL as settings of eventsourcing's sqlite or postgres persistence."""
        parts = urlsplit(self.database_url)
        if self.is_memory:
            env = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        elif parts.scheme == "sqlite":
            path = self.database_url[len("sqlite:///") :]
            if not path or path == ":memory:":
                raise SettingsError("GRANNSKAP_DATABASE_URL needs a SQLite file path")
            env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}
        elif parts.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            dbname = parts.path.lstrip("/")
            if not dbname:
                raise SettingsError("GRANNSKAP_DATABASE_URL needs a database name")
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": dbname,
                "POSTGRES_HOST": parts.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(parts.port or 5432),
                "POSTGRES_USER": unquote(parts.username or "postgres"),
                "POSTGRES_PASSWORD": unquote(parts.password or ""),
                # per server process: the event store's pool and the views' pool together
                # stay well below PostgreSQL's default of 100 connections for 2-3 processes
                "POSTGRES_POOL_SIZE": "5",
                "POSTGRES_MAX_OVERFLOW": "10",
            }
        else:
            raise SettingsError(
                "GRANNSKAP_DATABASE_URL is sqlite:///FILE or postgresql://USER@HOST:PORT/DB"
            )
        env["AGGREGATE_CACHE_MAXSIZE"] = "10000"
        env["CREATE_TABLE"] = "y" if self.create_schema else "n"
        env.update(self.extra_env)
        return env
