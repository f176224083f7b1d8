"""PostgreSQL for the load test: a uniquely named database per run (dropped afterwards),
and pgbench's built-in TPC-B-like script as the yardstick of what the database itself can
do on this machine."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return os.environ.get("GRANNSKAP_LOADTEST_PG", DEFAULT_ADMIN_URL)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def create_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def reachable(admin: str) -> bool:
    try:
        with psycopg.connect(admin, connect_timeout=3) as c:
            c.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def server_facts(admin: str) -> dict[str, str]:
    with psycopg.connect(admin) as c:
        facts = {"version": c.execute("SHOW server_version").fetchone()[0]}  # type: ignore[index]
        for setting in ("shared_buffers", "synchronous_commit", "fsync", "max_connections"):
            facts[setting] = c.execute(
                sql.SQL("SHOW {}").format(sql.Identifier(setting))
            ).fetchone()[0]  # type: ignore[index]
    return facts


def pgbench_binary() -> str | None:
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"))
    return candidates[-1] if candidates else None


@dataclass
class Pgbench:
    tps: float
    latency_ms: float
    clients: int
    jobs: int
    seconds: int
    scale: int
    transactions: int

    def describe(self) -> str:
        return (
            f"pgbench TPC-B-like, scale {self.scale}, {self.clients} clients, {self.jobs} jobs, "
            f"{self.seconds} s: {self.tps:,.0f} tps, latency {self.latency_ms:.1f} ms"
        )


def run_pgbench(
    admin: str, seconds: int, clients: int, jobs: int, scale: int, log: Path
) -> Pgbench:
    """``pgbench -i`` on a scratch database, a fixed-duration run, and the scratch dropped."""
    binary = pgbench_binary()
    if binary is None:
        raise FileNotFoundError("pgbench not found (apt-get install postgresql-client)")
    parts = urlsplit(admin)
    name = unique_name("grannskap_pgbench")
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    args += ["-U", parts.username or "postgres"]
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    create_database(admin, name)
    try:
        with log.open("w") as out:
            subprocess.run(
                [binary, *args, "-i", "-q", "-s", str(scale), name],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
            )
            done = subprocess.run(
                [binary, *args, "-c", str(clients), "-j", str(jobs), "-T", str(seconds), name],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            out.write(done.stdout + done.stderr)
    finally:
        drop_database(admin, name)
    text = done.stdout
    tps = re.search(r"tps = ([\d.]+)", text)
    latency = re.search(r"latency average = ([\d.]+) ms", text)
    transactions = re.search(r"number of transactions actually processed: (\d+)", text)
    if tps is None:
        raise RuntimeError(f"no tps in pgbench's output: {text[-500:]}")
    return Pgbench(
        tps=float(tps.group(1)),
        latency_ms=float(latency.group(1)) if latency else 0.0,
        clients=clients,
        jobs=jobs,
        seconds=seconds,
        scale=scale,
        transactions=int(transactions.group(1)) if transactions else 0,
    )


class ConnectionCounter:
    """Samples pg_stat_activity in a thread: the most connections the run's database had
    at once, and the most the server had in all (max_connections is the ceiling)."""

    def __init__(self, admin: str, database: str, interval: float = 0.5) -> None:
        import threading

        self.admin = admin
        self.database = database
        self.interval = interval
        self.peak_ours = 0
        self.peak_all = 0
        self.refused = 0  # samples lost because the server refused a connection
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-connections", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        connection = None
        while not self._stop.wait(self.interval):
            try:
                # A connection of its own, opened again when the server refused or lost it
                # (as it does when every connection slot is taken).
                connection = connection or psycopg.connect(self.admin, autocommit=True)
                ours, everyone = connection.execute(
                    "SELECT count(*) FILTER (WHERE datname = %s), count(*) "
                    "FROM pg_stat_activity WHERE backend_type = 'client backend'",
                    (self.database,),
                ).fetchone()  # type: ignore[misc]
            except psycopg.Error:
                self.refused += 1
                if connection is not None:
                    connection.close()
                connection = None
                continue
            self.peak_ours = max(self.peak_ours, ours)
            self.peak_all = max(self.peak_all, everyone)
        if connection is not None:
            connection.close()
