"""Which sites a host (or an evaluator) is assigned to.

A host manages, reads and books on behalf only at the sites assigned to them (an admin
assigns them; a host who registers a site is assigned to it). An evaluator with no
assignment reads the whole pilot; one with assignments reads only those sites."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.orm import sessionmaker

from service.registry.tables import SiteAssignmentRecord


class SiteAssignments:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock = clock or (lambda: datetime.now(UTC))

    def sites_of(self, member_id: UUID) -> frozenset[UUID]:
        with self.engine.connect() as connection:
            return frozenset(connection.scalars(_SITES_OF, {"member_id": member_id}))

    def assign(self, member_id: UUID, site_id: UUID) -> None:
        """Adds one site to the member's (assigning it twice changes nothing)."""
        with self.sessions.begin() as session:
            if session.get(SiteAssignmentRecord, (member_id, site_id)) is None:
                session.add(
                    SiteAssignmentRecord(
                        member_id=member_id, site_id=site_id, assigned_at=self.clock()
                    )
                )

    def replace(self, member_id: UUID, site_ids: Iterable[UUID]) -> frozenset[UUID]:
        """The member's sites become exactly these."""
        wanted = frozenset(site_ids)
        now = self.clock()
        with self.sessions.begin() as session:
            session.execute(
                delete(SiteAssignmentRecord).where(SiteAssignmentRecord.member_id == member_id)
            )
            session.add_all(
                SiteAssignmentRecord(member_id=member_id, site_id=s, assigned_at=now)
                for s in sorted(wanted)
            )
        return wanted


_SITES_OF = select(SiteAssignmentRecord.site_id).where(
    SiteAssignmentRecord.member_id == bindparam("member_id")
)
