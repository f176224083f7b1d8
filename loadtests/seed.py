"""A fresh database for one load-test run: the pilot's demo data (``grannskap demo``), many
members with their API tokens, and the facts the locustfile needs (sites, open days, the
rush's popular days) written to one JSON file that the locust process reads.

This runs in the driver's process, never in locust's (locust patches the standard library
with gevent)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from service.cli import demo
from service.cli.operator import Operator
from service.container import Container
from service.settings import Settings

ALL_DAY = {d: [["00:00", "23:45"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
CHECK_IN_SITE = "Lasttest: incheckning dygnet runt"
CHECK_IN_DESKS = 40


@dataclass
class Seeding:
    data_file: Path
    members: int
    sites: int
    resources: int
    seconds: float


def seed(
    database_url: str,
    out: Path,
    *,
    members: int,
    evaluators: int = 5,
    extra_offices: int = 0,
    check_in_site: bool = True,
) -> Seeding:
    """Seeds the database at ``database_url`` and writes ``out/loadtest-data.json``."""
    started = time.perf_counter()
    container = Container.build(Settings.from_env({"GRANNSKAP_DATABASE_URL": database_url}))
    try:
        seeded = demo.seed(container)
        app = Operator(container)
        resources = seeded.resources
        sites = seeded.sites
        today = container.now().astimezone(demo_tz()).date()
        for n in range(1, extra_offices + 1):
            office = app.register_site(
                name=f"Grannskapskontor {n} (lasttest)",
                locality="Lindesberg",
                address=f"Lasttestgatan {n}",
                opening_hours=demo.OFFICE_HOURS,
                policy={
                    "days_ahead": 28,
                    "max_future_bookings": 10,
                    "max_minutes": {"desk": 720, "room": 240, "equipment": 720},
                },
            )
            app.close_on_public_holidays(office.id, [today.year, today.year + 1])
            for details in demo.OFFICE_RESOURCES:
                app.add_resource(office.id, **details)
                resources += 1
            sites += 1
        check_in = None
        if check_in_site:
            # The demo sites are closed at night and on Sundays, and the load test books
            # from the real clock: check-ins (from 15 minutes before the start) need a
            # site that is open whenever the test runs.
            check_in = app.register_site(
                name=CHECK_IN_SITE,
                locality="Frövi",
                address="Lasttestgatan 0",
                opening_hours=ALL_DAY,
                policy={"days_ahead": 28, "max_future_bookings": 10},
            ).id
            for n in range(1, CHECK_IN_DESKS + 1):
                app.add_resource(check_in, kind="desk", name=f"Incheckning {n}")
                resources += 1
            sites += 1

        tokens: dict[str, list[dict[str, str]]] = {"member": [], "evaluator": [], "host": []}
        for email, role, token in seeded.tokens:
            if role in tokens:
                tokens[role].append({"email": email, "token": token})
        for n in range(members):
            member, token = container.members.add(
                email=f"medlem{n:05}@lasttest.example", name=f"Medlem {n}", role="member"
            )
            tokens["member"].append({"id": str(member.id), "token": token})
        for n in range(evaluators):
            _, token = container.members.add(
                email=f"utvarderare{n:02}@lasttest.example",
                name=f"Utvärderare {n}",
                role="evaluator",
            )
            tokens["evaluator"].append({"token": token})
        container.views.catch_up_fully(container.store)
        data = _facts(container, today, check_in)
        data["tokens"] = tokens
        out.mkdir(parents=True, exist_ok=True)
        data_file = out / "loadtest-data.json"
        data_file.write_text(json.dumps(data, indent=1))
        return Seeding(
            data_file, len(tokens["member"]), sites, resources, time.perf_counter() - started
        )
    finally:
        container.close()


def demo_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


def _facts(container: Container, today: date, check_in: Any) -> dict[str, Any]:
    """Sites with their bookable resources and, for each of the coming days within the
    booking window, the local opening spans ("HH:MM"). Today is left out (a slot chosen
    now could be in the past when it arrives); the check-in site is used for today only."""
    sites = []
    for view in container.queries.sites():
        site = container.store.site(view.id)
        days = []
        for offset in range(1, site.policy.days_ahead + 1):
            day = today + timedelta(days=offset)
            spans = [
                [
                    i.start.astimezone(site.tz).strftime("%H:%M"),
                    i.end.astimezone(site.tz).strftime("%H:%M"),
                ]
                for i in site.open_intervals(day)
            ]
            if spans:
                days.append({"date": day.isoformat(), "open": spans})
        resources = container.queries.resources(view.id)
        sites.append(
            {
                "id": str(view.id),
                "name": view.name,
                "timezone": view.timezone,
                "max_minutes": site.policy.max_minutes,
                "office": view.name == demo.OFFICE[0],
                "check_in": check_in is not None and view.id == check_in,
                "kinds": sorted({r.kind for r in resources}),
                "desks": [str(r.id) for r in resources if r.kind == "desk"],
                "days": days,
            }
        )
    office = next(s for s in sites if s["office"])
    # The rush: the first two long opening days of the office, which every member wants.
    popular = [
        d["date"]
        for d in office["days"]
        if d["open"] and _minutes(d["open"][0][1]) - _minutes(d["open"][0][0]) >= 10 * 60
    ][:2]
    return {"today": today.isoformat(), "sites": sites, "popular_days": popular}


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
