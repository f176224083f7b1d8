"""The cluster of ``make cluster-test``, started in network namespaces of its own
(``tests.cluster.hosts``): a PostgreSQL primary and streaming replica, two projection
workers, two server hosts and haproxy in front of them, with a site, desks and members."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import psycopg

from service.container import Container
from tests.cluster import postgres
from tests.cluster.hosts import Host, Lan, lan, wait_until
from tests.driver import Driver
from tests.e2e.conftest import ALL_WEEK_7_TO_19
from tests.settings import fast_settings

GRANNSKAP = Path(sys.executable).with_name("grannskap")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
PG_PORT, REPLICA_PORT, SERVER_PORT, LB_PORT = 5441, 5442, 8000, 8080
DESKS, MEMBERS, DAYS = 12, 300, 6


def why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root (ip netns)"
    if shutil.which("ip") is None or shutil.which("haproxy") is None:
        return "needs iproute2 and haproxy (apt-get install haproxy)"
    return postgres.available()


@dataclass
class Cluster:
    root: Path
    net: Lan
    primary_url: str
    replica_url: str
    site_id: UUID
    desks: list[UUID]
    days: list[date]
    tokens: list[str]
    admin_token: str
    servers: dict[str, Host] = field(default_factory=dict)
    workers: dict[str, Host] = field(default_factory=dict)
    lb: Host | None = None

    @property
    def base(self) -> str:
        assert self.lb is not None
        return f"http://{self.lb.address}:{LB_PORT}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GRANNSKAP_")}
        env.update(
            GRANNSKAP_DATABASE_URL=self.primary_url,
            GRANNSKAP_REPORTS_DATABASE_URL=self.replica_url,
            GRANNSKAP_PROJECTIONS="external",
            GRANNSKAP_CREATE_SCHEMA="no",
            GRANNSKAP_SECRET_KEY="cluster-test-secret-key-of-both-hosts",
            # a shared 2-core machine: a worker a few seconds behind is busy, not gone
            GRANNSKAP_READY_MAX_LAG="30",
        )
        return env


def seed(primary_url: str) -> tuple[UUID, list[UUID], list[date], list[str], str]:
    """A site open every day, desks and members, written before any server starts; the
    schema is made here once (the hosts start with GRANNSKAP_CREATE_SCHEMA=no)."""
    container = Container.build(fast_settings(database_url=primary_url))
    try:
        app = Driver(container)
        site_id = app.register_site(
            name="Grannskapskontoret Fellingsbro",
            address="Kyrkvägen 2, 718 94 Fellingsbro",
            locality="Fellingsbro",
            opening_hours=ALL_WEEK_7_TO_19,
        ).id
        today = datetime.now(STOCKHOLM).date()
        app.close_on_public_holidays(site_id, [today.year, today.year + 1])
        desks = [
            app.add_resource(site_id, kind="desk", name=f"Skrivbord {n}").id for n in range(DESKS)
        ]
        site = container.store.site(site_id)
        days: list[date] = []
        day = today + timedelta(days=2)
        while len(days) < DAYS:
            if site.open_intervals(day):
                days.append(day)
            day += timedelta(days=1)
        tokens = [
            container.members.add(email=f"medlem{n}@example.se", name=f"Medlem {n}")[1]
            for n in range(MEMBERS)
        ]
        admin = container.members.add(
            email="utvardering@example.se", name="Utvärdering", role="admin"
        )
        container.catch_up_views()
        return site_id, desks, days, tokens, admin[1]
    finally:
        container.close()


HAPROXY = """
global
    stats socket {sock} mode 600 level admin
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch
    retry-on conn-failure
frontend api
    bind {lb}:{lb_port}
    default_backend servers
backend servers
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 500ms fall 3 rise 2
{servers}
"""


def haproxy_stats(sock: Path) -> dict[str, dict[str, str]]:
    """``show stat`` of the servers' backend: status and sessions per server."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(str(sock))
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {r["svname"]: r for r in rows if r["pxname"] == "servers"}


def active_worker(c: Cluster) -> str | None:
    """The worker whose connection holds an advisory lock (the views' lock) on the primary."""
    by_address = {h.address: name for name, h in c.workers.items()}
    with psycopg.connect(c.primary_url, connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted"
        ).fetchall()
    holders = {by_address[r[0]] for r in rows if r[0] in by_address}
    assert len(holders) <= 1, f"two workers hold the views' lock: {holders}"
    return next(iter(holders), None)


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Starts the whole cluster; stops it and removes every namespace and folder after."""
    root = Path(tempfile.mkdtemp(prefix="grannskap-cluster-"))
    root.chmod(0o755)
    try:
        with lan(f"gk{os.getpid() % 10000}") as net:
            pg1, pg2 = net.add("pg1", 11), net.add("pg2", 12)
            primary_url = postgres.start_primary(pg1, root, PG_PORT)
            site_id, desks, days, tokens, admin_token = seed(primary_url)
            replica_url = postgres.start_replica(pg2, pg1, PG_PORT, root, REPLICA_PORT)
            c = Cluster(
                root, net, primary_url, replica_url, site_id, desks, days, tokens, admin_token
            )
            for n in (1, 2):
                worker = c.workers[f"w{n}"] = net.add(f"w{n}", 20 + n)
                worker.start([str(GRANNSKAP), "projections", "run"], root / f"w{n}.log", c.env())
            wait_until("a worker holds the views' lock", lambda: active_worker(c), 60, 0.5)
            for n in (1, 2):
                server = c.servers[f"s{n}"] = net.add(f"s{n}", 30 + n)
                server.start(
                    [
                        str(GRANNSKAP),
                        "serve",
                        "--host",
                        server.address,
                        "--port",
                        str(SERVER_PORT),
                        "--workers",
                        "1",
                        "--log-level",
                        "warning",
                    ],
                    root / f"s{n}.log",
                    c.env(),
                )
            c.lb = net.add("lb", 40)
            config = root / "haproxy.cfg"
            config.write_text(
                HAPROXY.format(
                    sock=root / "haproxy.sock",
                    lb=c.lb.address,
                    lb_port=LB_PORT,
                    servers="\n".join(
                        f"    server {name} {h.address}:{SERVER_PORT} check"
                        for name, h in c.servers.items()
                    ),
                )
            )
            c.lb.start(["haproxy", "-f", str(config), "-db"], root / "haproxy.log")
            wait_until(
                "haproxy sees both servers ready",
                lambda: (
                    (root / "haproxy.sock").exists()
                    and all(
                        s["status"] == "UP" for s in haproxy_stats(root / "haproxy.sock").values()
                    )
                ),
                120,
                0.5,
            )
            yield c
    except BaseException:
        for log in sorted(root.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        raise
    finally:
        shutil.rmtree(root, ignore_errors=True)
