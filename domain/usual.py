"""A member's usual: the favourite resource at each site and the hours they usually book it,
so that "book my usual" is one click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidSetting
from domain.ids import usual_id


@dataclass(frozen=True)
class Usual:
    site_id: UUID
    resource_id: UUID
    start: time
    end: time


class Usuals(Aggregate):
    """One member's usual per site (id: uuid5 of the member id)."""

    @staticmethod
    def create_id(member_id: UUID) -> UUID:
        return usual_id(member_id)

    class Started(Aggregate.Created):
        member_id: UUID

    @event(Started)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.usual: dict[UUID, Usual] = {}

    def set(self, site_id: UUID, resource_id: UUID, start: time, end: time, now: datetime) -> None:
        if end <= start:
            raise InvalidSetting("the end must be after the start", about="end")
        for name, clock in (("start", start), ("end", end)):
            if clock.minute % 15 or clock.second or clock.microsecond:
                raise InvalidSetting(f"{name} must be on a quarter hour", about=name)
        if self.usual.get(site_id) == Usual(site_id, resource_id, start, end):
            return
        self._set(
            self.member_id,
            site_id,
            resource_id,
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
            now,
        )

    class UsualSet(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        resource_id: UUID
        start: str
        end: str
        at: datetime

    @event(UsualSet)
    def _set(
        self, member_id: UUID, site_id: UUID, resource_id: UUID, start: str, end: str, at: datetime
    ) -> None:
        self.usual[site_id] = Usual(
            site_id, resource_id, time.fromisoformat(start), time.fromisoformat(end)
        )

    def clear(self, site_id: UUID, now: datetime) -> None:
        if site_id in self.usual:
            self._clear(self.member_id, site_id, now)

    class UsualCleared(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        at: datetime

    @event(UsualCleared)
    def _clear(self, member_id: UUID, site_id: UUID, at: datetime) -> None:
        del self.usual[site_id]
