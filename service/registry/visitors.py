"""Walk-in visitors' names: a host may give one when registering a drop-in, to tell the
day's visitors apart on the host's page. Kept here, never in an event, a view, a feed, a
report or an export, and only until the day is over (the minute's job deletes them) or the
drop-in is cancelled."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine, delete, insert, select

from service.registry.tables import DropInVisitorRecord


class Visitors:
    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now

    def keep(self, booking_id: UUID, site_id: UUID, name: str, forget_at: datetime) -> None:
        with self.engine.begin() as c:
            c.execute(
                insert(DropInVisitorRecord).values(
                    booking_id=booking_id, site_id=site_id, name=name, forget_at=forget_at
                )
            )

    def names(self, booking_ids: Iterable[UUID]) -> dict[UUID, str]:
        """The names still kept of these drop-ins (those past their day are not shown even
        before the job has deleted them)."""
        wanted = list(set(booking_ids))
        if not wanted:
            return {}
        query = select(DropInVisitorRecord.booking_id, DropInVisitorRecord.name).where(
            DropInVisitorRecord.booking_id.in_(wanted),
            DropInVisitorRecord.forget_at > self.now(),
        )
        with self.engine.connect() as c:
            return {booking_id: name for booking_id, name in c.execute(query)}

    def forget(self, booking_id: UUID) -> None:
        with self.engine.begin() as c:
            c.execute(
                delete(DropInVisitorRecord).where(DropInVisitorRecord.booking_id == booking_id)
            )

    def forget_past(self) -> int:
        """Deletes the names whose day is over; returns how many."""
        with self.engine.begin() as c:
            return c.execute(
                delete(DropInVisitorRecord).where(DropInVisitorRecord.forget_at <= self.now())
            ).rowcount
