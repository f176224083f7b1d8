"""The ``grannskap`` command line."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time

from service.settings import Settings


def _container(args: argparse.Namespace):
    from service.container import Container

    return Container.build(Settings.from_env())


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings.from_env()
    if args.workers > 1 and settings.projections == "inprocess" and settings.is_sqlite:
        print("several workers need PostgreSQL (GRANNSKAP_DATABASE_URL)", file=sys.stderr)
        return 2
    if args.workers > 1:
        _create_schema(settings)  # once, before the processes start and would race on it
        os.environ["GRANNSKAP_CREATE_SCHEMA"] = "no"  # inherited by the server processes
    uvicorn.run(
        "service.http.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=False,
    )
    return 0


def _create_schema(settings: Settings) -> None:
    """Creates every table (event store, views, members, feeds, web accounts) in this one
    process, so that several server processes starting at once do not race to create them."""
    from service.container import Container
    from service.feeds import CalendarFeeds
    from service.web.accounts import Accounts

    container = Container.build(settings)
    try:
        CalendarFeeds(container.engine, container.now).create_tables()
        Accounts(container.engine, container.members).create_tables()
    finally:
        container.close()


def cmd_demo(args: argparse.Namespace) -> int:
    from service import demo

    container = _container(args)
    try:
        if args.if_empty and not demo.is_empty(container):
            print("The database has data already: not seeding demo data.")
            return 0
        seeded = demo.seed(container)
        print(f"Seeded {seeded.sites} sites and {seeded.resources} resources.")
        print("Demo members and their API tokens (Authorization: Bearer <token>):")
        for email, role, token in seeded.tokens:
            print(f"  {role:<10} {email:<28} {token}")
        return 0
    finally:
        container.close()


def cmd_member_add(args: argparse.Namespace) -> int:
    from service.members import MemberExists

    container = _container(args)
    try:
        member, token = container.members.add(email=args.email, name=args.name, role=args.role)
    except (MemberExists, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        container.close()
    print(f"Added {member.role} {member.email} ({member.id}). Their API token:")
    print(token)
    return 0


def cmd_member_password(args: argparse.Namespace) -> int:
    from service.web.passwords import set_password_from_cli

    return set_password_from_cli(_container(args), args.email)


def cmd_simulate_pilot(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from service import demo
    from service.container import Container
    from service.simulate import SimClock, simulate_pilot

    until = args.until or datetime.now(ZoneInfo("Europe/Stockholm")).date()
    container = Container.build(Settings.from_env(), clock=SimClock(datetime.now(UTC)))
    try:
        if demo.is_empty(container):
            seeded = demo.seed(container, today=until)
            print(f"Seeded the demo data first ({seeded.sites} sites).")
            container.views.catch_up_fully(container.app)
        container.start_following()
        started = time.perf_counter()
        outcome = simulate_pilot(container, args.days, args.seed, until)
        container.wait_for(container.app.recorder.max_notification_id() or 0, timeout=120)
        seconds = time.perf_counter() - started
        first = until - timedelta(days=args.days)
        print(f"Simulated {first} to {until - timedelta(days=1)} in {seconds:.1f} s:")
        for name, value in vars(outcome).items():
            print(f"  {name.replace('_', ' '):<12} {value}")
        return 0
    finally:
        container.close()


def cmd_projections_rebuild(args: argparse.Namespace) -> int:
    container = _container(args)
    try:
        started = time.perf_counter()
        events = container.views.rebuild(container.app)
        seconds = time.perf_counter() - started
        rate = events / seconds if seconds else 0.0
        print(f"Rebuilt the views from {events} events in {seconds:.2f} s ({rate:,.0f} events/s).")
        return 0
    finally:
        container.close()


def cmd_projections_run(args: argparse.Namespace) -> int:
    from projections.runner import run_listen_notify_workers
    from service.application import Grannskap

    settings = Settings.from_env()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    container = _container(args)
    if settings.is_sqlite:
        print("Following the SQLite store by polling its notification log.")
        container.start_following()
        stop.wait()
        container.close()
        return 0
    if args.runner == "batched":
        container.close()
        print("Following the PostgreSQL store by LISTEN/NOTIFY, applying events in batches.")
        from projections.runner import follow_with_listen_notify

        while not stop.is_set():
            container = _container(args)
            try:
                follow_with_listen_notify(
                    container.app, container.views, settings.database_url, stop
                )
            except Exception:  # a lost connection: follow again from the views' positions
                logging.getLogger("grannskap.projections").exception("restarting")
                stop.wait(2.0)
            finally:
                container.close()
        return 0
    container.close()
    print("Following the PostgreSQL store by LISTEN/NOTIFY, one eventsourcing runner per view.")
    from projections.db import make_engine

    engine = make_engine(settings.sqlalchemy_url())
    while not stop.is_set():
        try:
            run_listen_notify_workers(Grannskap, engine, settings.eventsourcing_env(), stop)
        except (
            Exception
        ):  # a lost connection, a refused one: follow again from the views' positions
            logging.getLogger("grannskap.projections").exception(
                "projection worker failed; restarting"
            )
            stop.wait(2.0)
    return 0


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grannskap",
        description="Booking service of the grannskapskontor pilot. Database: GRANNSKAP_DATABASE_URL "
        "(default sqlite:///grannskap.db).",
    )
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    serve.add_argument("--log-level", default="info")
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
        "--until", type=_date, default=None, help="first day not simulated (default today)"
    )
    sim.set_defaults(func=cmd_simulate_pilot)

    member = sub.add_parser("member", help="manage members").add_subparsers(
        dest="action", required=True
    )
    add = member.add_parser("add", help="add a member and print their API token (last line)")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", default="member", choices=["member", "host", "evaluator", "admin"])
    add.set_defaults(func=cmd_member_add)
    password = member.add_parser("password", help="set a member's password for the web pages")
    password.add_argument("--email", required=True)
    password.set_defaults(func=cmd_member_password)

    proj = sub.add_parser("projections", help="run or rebuild the views").add_subparsers(
        dest="action", required=True
    )
    run = proj.add_parser("run", help="follow the store and keep the views up to date (worker)")
    run.add_argument(
        "--runner",
        choices=["batched", "eventsourcing"],
        default="batched",
        help="PostgreSQL: 'batched' (default) applies what LISTEN/NOTIFY announces in batches; "
        "'eventsourcing' runs one eventsourcing ProjectionRunner per view, a transaction per event",
    )
    run.set_defaults(func=cmd_projections_run)
    proj.add_parser("rebuild", help="drop the views and replay every event").set_defaults(
        func=cmd_projections_rebuild
    )
    from service.report_cli import register as register_reports

    register_reports(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
