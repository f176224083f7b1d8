"""HTTP figures against a real ``grannskap serve`` process: POST /api/bookings and GET
availability, from a concurrent asyncio client over keep-alive connections: by default
the small raw client of :mod:`benchmarks.rawhttp` (``--http-client httpx`` for httpx).

CPU: the client's from ``resource.getrusage`` of this process (which does nothing else
while it measures), the server's from ``/proc/<pid>/stat`` before and after each run.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx

from benchmarks import rawhttp
from benchmarks.common import Figure, Plan, Run, process_cpu
from benchmarks.seed import TZ, SlotWalker, availability_site, booking_site, first_hour_after
from service.container import Container
from service.settings import Settings

CONCURRENCY = 8
DESKS = 40
MEMBERS = 80
CLK_TCK = os.sysconf("SC_CLK_TCK")


class Answer(Protocol):
    status_code: int

    @property
    def text(self) -> str: ...


# send(method, path, headers, json_body) -> answer
Send = Callable[[str, str, dict[str, str], Any], Awaitable[Answer]]
Request = Callable[[Send], Awaitable[Answer]]


def http_figures(backend: str, url: str, plan: Plan, client: str = "raw") -> list[Figure]:
    container = Container.build(Settings(database_url=url))  # the real clock, as the server
    container.start_following()
    try:
        site = booking_site(container, desks=DESKS)
        day = datetime.now(TZ).date() + timedelta(days=5)
        avail = availability_site(container, day)
        tokens = {}
        for n in range(MEMBERS):
            member, token = container.members.add(email=f"bench{n}@example.se", name=f"Bench {n}")
            tokens[member.id] = token
    finally:
        container.close()

    walker = SlotWalker(site.desks, list(tokens), first_hour_after(datetime.now(UTC)))

    async def post_booking(send: Send) -> Answer:
        member, desk, interval = walker.next()
        body = {
            "resource_id": str(desk),
            "start": interval.start.isoformat(),
            "end": interval.end.isoformat(),
        }
        headers = {"Authorization": f"Bearer {tokens[member]}"}
        return await send("POST", "/api/bookings", headers, body)

    any_token = {"Authorization": f"Bearer {next(iter(tokens.values()))}"}
    path = f"/api/sites/{avail.site_id}/availability?date={avail.day.isoformat()}"

    async def get_availability(send: Send) -> Answer:
        return await send("GET", path, any_token, None)

    async def get_me(send: Send) -> Answer:
        return await send("GET", "/api/members/me", any_token, None)

    connections = f"{client} asyncio client, {CONCURRENCY} concurrent keep-alive connections"
    figures = []
    # PostgreSQL also as production runs it: the worker is woken by LISTEN/NOTIFY. (A worker
    # on SQLite polls the log, so a booking's wait for its views would measure the poll.)
    for worker in (False, True) if backend == "postgres" else (False,):
        with Server(url, worker=worker) as server:
            posts = drive(server, post_booking, 201, plan, client)
            gets = drive(server, get_availability, 200, plan, client)
            floor = drive(server, get_me, 200, plan, client) if not worker else None
        where = (
            "views and mail in a 'grannskap projections run' worker"
            if worker
            else "views and mail followed in the server process"
        )
        suffix = ", worker" if worker else ""
        figures += [
            Figure(
                backend,
                f"HTTP POST /api/bookings{suffix}",
                "req/s",
                posts,
                note=f"{connections}; one 'grannskap serve' process; {where}; "
                "each booking waits for its views",
            ),
            Figure(
                backend,
                f"HTTP GET availability ({avail.resources} res.){suffix}",
                "req/s",
                gets,
                note=f"{connections}; {where}; {avail.holds_that_day} holds that day",
            ),
        ]
        if floor is not None:
            figures.append(
                Figure(
                    backend,
                    "HTTP GET /api/members/me",
                    "req/s",
                    floor,
                    note=f"{connections}; the floor of an authenticated request: Litestar, "
                    "its middleware and the token's lookup, no view read",
                )
            )
    return figures


class Server:
    """``grannskap serve`` on a free port, in a process of its own, logging to a temp file."""

    def __init__(self, database_url: str, worker: bool = False) -> None:
        self.database_url = database_url
        self.worker = worker  # views and mail in 'grannskap projections run', as in production
        self.worker_process: subprocess.Popen[bytes] | None = None
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        # closed in __exit__
        self.log = tempfile.NamedTemporaryFile(prefix="grannskap-bench-serve-", suffix=".log")  # noqa: SIM115

    def __enter__(self) -> Server:
        executable = os.path.join(os.path.dirname(sys.executable), "grannskap")
        env = {**os.environ, "GRANNSKAP_DATABASE_URL": self.database_url}
        env.pop("GRANNSKAP_PROJECTIONS", None)
        if self.worker:
            env["GRANNSKAP_PROJECTIONS"] = "external"
            self.worker_process = subprocess.Popen(
                [executable, "projections", "run"],
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        command = [executable, "serve", "--port", str(self.port), "--log-level", "warning"]
        if os.environ.get("GRANNSKAP_BENCH_ASGI") == "granian":  # to compare ASGI servers
            command = [
                os.path.join(os.path.dirname(sys.executable), "granian"),
                *("--interface", "asgi", "--factory", "--port", str(self.port)),
                *("--workers", "1", "--log-level", "warning", "service.asgi:create_app"),
            ]
        self.process = subprocess.Popen(
            command,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.output()
                self.log.close()
                raise RuntimeError(f"grannskap serve exited early:\n{output}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError(f"grannskap serve did not answer /health:\n{self.output()}")

    def __exit__(self, *exc: Any) -> None:
        for process in (self.process, self.worker_process):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.log.close()

    def cpu_seconds(self) -> float:
        assert self.process is not None
        return _cpu_seconds(self.process.pid)

    def worker_cpu_seconds(self) -> float | None:
        if self.worker_process is None:
            return None
        return _cpu_seconds(self.worker_process.pid)

    def output(self) -> str:
        self.log.flush()
        with open(self.log.name, errors="replace") as f:
            return f.read()[-4000:]


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a process and the processes it started (an ASGI
    server's workers), from /proc."""
    children: dict[int, list[int]] = {}
    used: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += used.get(current, 0.0)
        todo += children.get(current, [])
    return total


def _since(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def _senders(server: Server, client: str) -> AsyncIterator[list[Send]]:
    """One sender per concurrent worker: a raw connection each, or a shared httpx client."""
    if client == "httpx":
        limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
        async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=30) as c:

            async def send(method: str, path: str, headers: dict[str, str], body: Any) -> Answer:
                return await c.request(method, path, headers=headers, json=body)

            yield [send] * CONCURRENCY
        return
    connections = [rawhttp.Connection("127.0.0.1", server.port) for _ in range(CONCURRENCY)]
    try:
        yield [c.request for c in connections]
    finally:
        for c in connections:
            await c.close()


def drive(server: Server, request: Request, expected: int, plan: Plan, client: str) -> list[Run]:
    return asyncio.run(_drive(server, request, expected, plan, client))


async def _drive(
    server: Server, request: Request, expected: int, plan: Plan, client: str
) -> list[Run]:
    async with _senders(server, client) as senders:
        shown: list[str] = []

        async def worker(
            send: Send, deadline: float, latencies: list[float], errors: list[int]
        ) -> None:
            now = time.perf_counter()
            while now < deadline:
                response = await request(send)
                after = time.perf_counter()
                if response.status_code == expected:
                    latencies.append(after - now)
                else:
                    errors.append(response.status_code)
                    if len(shown) < 3:
                        shown.append(f"{response.status_code} {response.text[:300]}")
                        print(f"  unexpected answer: {shown[-1]}", file=sys.stderr)
                now = after

        async def run(seconds: float) -> Run:
            latencies: list[float] = []
            errors: list[int] = []
            cpu_client, cpu_server = process_cpu(), server.cpu_seconds()
            cpu_worker = server.worker_cpu_seconds()
            started = time.perf_counter()
            await asyncio.gather(
                *(worker(send, started + seconds, latencies, errors) for send in senders)
            )
            elapsed = time.perf_counter() - started
            return Run(
                len(latencies),
                elapsed,
                latencies,
                client_cpu=process_cpu() - cpu_client,
                server_cpu=server.cpu_seconds() - cpu_server,
                worker_cpu=_since(server.worker_cpu_seconds(), cpu_worker),
                errors=len(errors),
            )

        await run(max(0.5, plan.seconds / 4))  # warm-up: connections, caches
        return [await run(plan.seconds) for _ in range(plan.runs)]
