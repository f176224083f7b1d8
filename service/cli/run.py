"""``grannskap serve``, ``demo`` and ``simulate-pilot``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.cli import preflight
from service.cli.common import a_date, container
from service.settings import Settings


def served_url(host: str, port: int) -> str:
    """The address a server listening on ``host``:``port`` is reached at from this machine
    (all interfaces: ``localhost``), for links in mail when ``GRANNSKAP_PUBLIC_URL`` is unset."""
    if host in ("", "0.0.0.0", "::"):
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # Links in mail point where this server answers, unless GRANNSKAP_PUBLIC_URL says
    # otherwise (set in the environment, so that every server process reads it).
    if not os.environ.get("GRANNSKAP_PUBLIC_URL"):
        os.environ["GRANNSKAP_PUBLIC_URL"] = served_url(args.host, args.port)
    settings = Settings.from_env()
    preflight.check(settings)
    if args.workers > 1 and settings.projections == "inprocess" and settings.is_sqlite:
        print("several workers need PostgreSQL (GRANNSKAP_DATABASE_URL)", file=sys.stderr)
        return 2
    if args.workers > 1:
        from service.container import Container

        # Every table is made once, here, before the processes start and would race on it.
        Container.build(settings).close()
        os.environ["GRANNSKAP_CREATE_SCHEMA"] = "no"  # inherited by the server processes
    options: dict[str, Any] = {
        "factory": True,
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "log_level": args.log_level,
        "access_log": False,
        # X-Forwarded-For/-Proto are believed from these proxies only (the client address
        # that sign-in throttling counts, and https for Secure cookies and HSTS).
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips or settings.forwarded_allow_ips,
    }
    if args.workers > 1:
        from service.cli.supervisor import serve_workers

        serve_workers("service.asgi:create_app", settings.worker_timeout, **options)
    else:
        uvicorn.run("service.asgi:create_app", **options)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from service.cli import demo

    c = container()
    try:
        if args.if_empty and not demo.is_empty(c):
            print("The database has data already: not seeding demo data.")
            return 0
        c.require_followed()  # before the first write, not half way through the seed
        seeded = demo.seed(c)
        print(f"Seeded {seeded.sites} sites and {seeded.resources} resources.")
        print("Demo members and their API tokens (Authorization: Bearer <token>):")
        for email, role, token in seeded.tokens:
            print(f"  {role:<10} {email:<28} {token}")
        return 0
    finally:
        c.close()


def cmd_simulate_pilot(args: argparse.Namespace) -> int:
    from service.cli import demo
    from service.cli.simulate import MissingSites, SimClock, real_members, simulate_pilot
    from service.container import Container

    settings = Settings.from_env()
    preflight.check(settings)
    until = args.until or datetime.now(ZoneInfo(settings.timezone)).date()
    c = Container.build(settings, clock=SimClock(datetime.now(UTC)))
    try:
        real = real_members(c)
        if real and not args.force:
            print(
                f"The database has {real} real members: the simulation would add 90 members "
                "and their bookings to it for good (the store is append-only). Point "
                "GRANNSKAP_DATABASE_URL at a file of its own, or give --force.",
                file=sys.stderr,
            )
            return 2
        c.start_following()
        if demo.is_empty(c):
            seeded = demo.seed(c, today=until)
            print(f"Seeded the demo data first ({seeded.sites} sites).")
        started = time.perf_counter()
        try:
            outcome = simulate_pilot(c, args.days, args.seed, until)
        except MissingSites as missing:
            print(f"{missing} (run `grannskap demo` first)", file=sys.stderr)
            return 2
        c.wait_for_all(c.store.position, timeout=120)
        seconds = time.perf_counter() - started
        first = until - timedelta(days=args.days)
        print(f"Simulated {first} to {until - timedelta(days=1)} in {seconds:.1f} s:")
        for name, value in vars(outcome).items():
            print(f"  {name.replace('_', ' '):<12} {value}")
        return 0
    finally:
        c.close()


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    serve.add_argument("--log-level", default="info", help="uvicorn's log level")
    serve.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="proxies whose X-Forwarded-* headers are trusted (comma-separated, or '*'); "
        "default GRANNSKAP_FORWARDED_ALLOW_IPS or 127.0.0.1",
    )
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="seed the pilot's demo sites and members")
    demo.add_argument("--if-empty", action="store_true", help="only if the database is empty")
    demo.set_defaults(func=cmd_demo)

    sim = sub.add_parser(
        "simulate-pilot", help="drive a plausible pilot history through the domain"
    )
    sim.add_argument("--days", type=int, default=365, help="how many days up to --until")
    sim.add_argument("--seed", type=int, default=1, help="the same seed gives the same history")
    sim.add_argument(
        "--until", type=a_date, default=None, help="first day not simulated (default today)"
    )
    sim.add_argument(
        "--force",
        action="store_true",
        help="simulate even into a database with real members (their data stays, for good)",
    )
    sim.set_defaults(func=cmd_simulate_pilot)
