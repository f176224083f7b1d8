"""The post-run checks, on the store and the views the load test wrote, after the server
has stopped:

1. no resource has overlapping active bookings (from the Booking aggregates in the store;
   equipment never beyond its quantity), and the availability view holds exactly the
   active bookings;
2. every 201 the load test saw is a Booking in the store;
3. the views equal a rebuild: every view table is dumped, the views are dropped and
   replayed from the notification log, and the dumps must be equal.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from domain.booking import Booking
from projections.db import ViewBase
from projections.tables import HoldRow
from service.container import Container
from service.settings import Settings


@dataclass(frozen=True)
class Check:
    what: str
    ok: bool
    detail: str


def wait_for_views(database_url: str, timeout: float = 60.0) -> Check:
    """Waits until every projection has applied the whole store (a projection worker may
    still be catching up when locust stops)."""
    container = _container(database_url)
    started = time.monotonic()
    try:
        while True:
            store = container.store.recorder.max_notification_id() or 0
            positions = container.views.reload_positions()
            if min(positions.values(), default=0) >= store:
                waited = time.monotonic() - started
                return Check(
                    "the views caught up with the store",
                    True,
                    f"at {store} events, {waited:.1f} s after the load stopped",
                )
            if time.monotonic() - started > timeout:
                return Check(
                    "the views caught up with the store",
                    False,
                    f"after {timeout:.0f} s the views are at {positions}, the store at {store}",
                )
            time.sleep(0.2)
    finally:
        container.close()


def run_checks(database_url: str, booked_file: Path) -> list[Check]:
    container = _container(database_url)
    try:
        app = container.store
        booking_ids = _booking_ids(app)
        bookings = {bid: app.repository.get(bid) for bid in booking_ids}
        active = {bid: b for bid, b in bookings.items() if b.status == "confirmed"}
        checks = [_no_overlaps(container, active), _holds_view(container.engine, active)]
        seen = (
            [UUID(line) for line in booked_file.read_text().split()] if booked_file.exists() else []
        )
        missing = [b for b in seen if not isinstance(bookings.get(b), Booking)]
        checks.append(
            Check(
                "every 201 is a Booking in the store",
                bool(seen) and not missing,
                f"{len(seen)} booked, {len(missing)} missing"
                + (f" (e.g. {missing[0]})" if missing else "")
                + (" (the run booked nothing)" if not seen else ""),
            )
        )
        checks.append(_rebuild_equals_live(container))
        return checks
    finally:
        container.close()


def _container(database_url: str) -> Container:
    return Container.build(Settings.from_env({"GRANNSKAP_DATABASE_URL": database_url}))


def _booking_ids(app: Any) -> list[UUID]:
    ids, start = [], 1
    while True:
        notifications = app.recorder.select_notifications(start=start, limit=5000)
        if not notifications:
            return ids
        for n in notifications:
            if n.topic.rpartition(":")[2] == "Booking.Placed":
                ids.append(n.originator_id)
        start = notifications[-1].id + 1


def _no_overlaps(container: Container, active: dict[UUID, Booking]) -> Check:
    by_resource: dict[UUID, list[Booking]] = defaultdict(list)
    for booking in active.values():
        by_resource[booking.resource_id].append(booking)
    clashes = []
    for resource_id, held in by_resource.items():
        capacity = container.store.resource(resource_id).capacity
        changes = sorted(
            [(b.start, b.quantity) for b in held] + [(b.end, -b.quantity) for b in held],
            key=lambda c: (c[0], c[1]),  # at equal instants, releases before holds
        )
        level = 0
        for instant, delta in changes:
            level += delta
            if level > capacity:
                clashes.append(f"{resource_id} at {instant.isoformat()}: {level} > {capacity}")
                break
    return Check(
        "no resource has overlapping active bookings",
        not clashes,
        f"{len(active)} active bookings on {len(by_resource)} resources"
        + (f"; {len(clashes)} clash, e.g. {clashes[0]}" if clashes else ""),
    )


def _holds_view(engine: Engine, active: dict[UUID, Booking]) -> Check:
    with engine.connect() as c:
        held = set(c.scalars(select(HoldRow.booking_id)))
    extra, lacking = held - set(active), set(active) - held
    return Check(
        "the availability view holds exactly the active bookings",
        not extra and not lacking,
        f"{len(held)} holds; {len(extra)} not active, {len(lacking)} active not held",
    )


def dump_views(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as c:
        for table in ViewBase.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            dump[table.name] = [tuple(row) for row in c.execute(query)]
    return dump


def _as_text(rows: list[tuple[Any, ...]]) -> set[str]:
    """Rows as text, to compare as sets: JSON columns hold lists and dicts (unhashable)."""
    return {repr(row) for row in rows}


def _rebuild_equals_live(container: Container) -> Check:
    live = dump_views(container.engine)
    started = time.perf_counter()
    events = container.views.rebuild(container.store)
    seconds = time.perf_counter() - started
    rebuilt = dump_views(container.engine)
    differing = [
        f"{name} ({len(_as_text(live[name]) ^ _as_text(rebuilt.get(name, [])))} rows differ)"
        for name in live
        if live[name] != rebuilt.get(name)
    ]
    for name in live:
        if live[name] != rebuilt.get(name):
            only_live = _as_text(live[name]) - _as_text(rebuilt.get(name, []))
            only_rebuilt = _as_text(rebuilt.get(name, [])) - _as_text(live[name])
            for row in sorted(only_live)[:3]:
                differing.append(f"live only in {name}: {row}")
            for row in sorted(only_rebuilt)[:3]:
                differing.append(f"rebuilt only in {name}: {row}")
    rows = sum(len(v) for v in live.values())
    return Check(
        "the views equal a rebuild",
        not differing,
        f"{rows} rows in {len(live)} tables, rebuilt from {events} events in {seconds:.1f} s"
        + (f"; differ: {', '.join(differing)}" if differing else ""),
    )
