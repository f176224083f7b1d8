"""Settings, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///grannskap.db"
    # "inprocess": this process follows the store and keeps the views up to date;
    # "external": a separate `grannskap projections run` worker does it (PostgreSQL).
    projections: str = "inprocess"
    max_body_bytes: int = 64 * 1024
    # "no" in processes started after the schema was made (serve --workers N): eventsourcing
    # re-creates its PostgreSQL functions at start-up, and two processes doing that at
    # once fail with "tuple concurrently updated".
    create_schema: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("GRANNSKAP_DATABASE_URL", cls.database_url),
            projections=env.get("GRANNSKAP_PROJECTIONS", cls.projections),
            create_schema=env.get("GRANNSKAP_CREATE_SCHEMA", "yes").lower() not in ("no", "0"),
        )
        if settings.projections not in ("inprocess", "external"):
            raise SettingsError("GRANNSKAP_PROJECTIONS is 'inprocess' or 'external'")
        settings.eventsourcing_env()  # validates the URL
        return settings

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlalchemy_url(self) -> str:
        if self.is_sqlite:
            return self.database_url
        parts = urlsplit(self.database_url)
        return "postgresql+psycopg" + self.database_url[len(parts.scheme) :]

    def eventsourcing_env(self) -> dict[str, str]:
        """The same URL as settings of eventsourcing's sqlite or postgres persistence."""
        parts = urlsplit(self.database_url)
        if parts.scheme == "sqlite":
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
