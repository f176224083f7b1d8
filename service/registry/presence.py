"""Who chose to be seen ("who's in"): a member's opt-in to show their first name and where
they sit on a site's day page to other signed-in members. Off by default; kept here, out of
the events, like every other personal choice, and deleted with the member."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import sessionmaker

from service.registry.tables import PresenceRecord


class Presence:
    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def is_shown(self, member_id: UUID) -> bool:
        return bool(self.shown([member_id]))

    def shown(self, member_ids: Iterable[UUID]) -> set[UUID]:
        """Those of the members who chose to be seen."""
        wanted = list(set(member_ids))
        if not wanted:
            return set()
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(PresenceRecord.member_id).where(PresenceRecord.member_id.in_(wanted))
            )
            return {row[0] for row in rows}

    def set_shown(self, member_id: UUID, shown: bool) -> None:
        with self.sessions.begin() as session:
            record = session.get(PresenceRecord, member_id)
            if shown and record is None:
                session.add(PresenceRecord(member_id=member_id, since=self.now()))
            elif not shown and record is not None:
                session.execute(delete(PresenceRecord).where(PresenceRecord.member_id == member_id))
