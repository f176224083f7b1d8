"""A member's usuals: at each site, the resources they starred as favourites (in their order of
preference) and the hours they usually book, so that "book my favourite" is one click: it
takes the first of the favourites that is free.

Events stored when a member had one favourite per site (``UsualSet``) still replay: such an
event makes its resource the only favourite at its site, as it did then, and sets the hours.
"""

from __future__ import annotations

from datetime import datetime, time
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidSetting
from domain.ids import usual_id

FAVOURITES = 10  # the most favourites a member keeps at one site


def _check_hours(start: time, end: time) -> None:
    if end <= start:
        raise InvalidSetting("the end must be after the start", about="end")
    for name, clock in (("start", start), ("end", end)):
        if clock.minute % 15 or clock.second or clock.microsecond:
            raise InvalidSetting(f"{name} must be on a quarter hour", about=name)


class Usuals(Aggregate):
    """One member's favourites and usual hours per site (id: uuid5 of the member id)."""

    @staticmethod
    def create_id(member_id: UUID) -> UUID:
        return usual_id(member_id)

    class Started(Aggregate.Created):
        member_id: UUID

    @event(Started)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.favourites: dict[UUID, list[UUID]] = {}
        self.hours: dict[UUID, tuple[time, time]] = {}

    def sites(self) -> list[UUID]:
        """The sites where the member has favourites or usual hours."""
        return list(dict.fromkeys([*self.favourites, *self.hours]))

    # -- "make this my usual": the hours, and the resource first among the favourites ----

    def set(self, site_id: UUID, resource_id: UUID, start: time, end: time, now: datetime) -> None:
        """The resource becomes the first favourite at the site and the hours the usual
        ones (the other favourites stay, after it)."""
        _check_hours(start, end)
        starred = self.favourites.get(site_id, [])
        if resource_id not in starred:
            self.star(site_id, resource_id, now)
        self.arrange(site_id, [resource_id, *[r for r in starred if r != resource_id]], now)
        if self.hours.get(site_id) != (start, end):
            self._set_hours(
                self.member_id, site_id, start.strftime("%H:%M"), end.strftime("%H:%M"), now
            )

    class UsualSet(Aggregate.Event):
        """Stored before there were several favourites: the one favourite and the hours."""

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
        self.favourites[site_id] = [resource_id]
        self.hours[site_id] = (time.fromisoformat(start), time.fromisoformat(end))

    class HoursSet(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        start: str
        end: str
        at: datetime

    @event(HoursSet)
    def _set_hours(
        self, member_id: UUID, site_id: UUID, start: str, end: str, at: datetime
    ) -> None:
        self.hours[site_id] = (time.fromisoformat(start), time.fromisoformat(end))

    # -- favourites ----------------------------------------------------------------------

    def star(self, site_id: UUID, resource_id: UUID, now: datetime) -> None:
        """Adds the resource last among the site's favourites (nothing if it is one)."""
        starred = self.favourites.get(site_id, [])
        if resource_id in starred:
            return
        if len(starred) >= FAVOURITES:
            raise InvalidSetting(f"at most {FAVOURITES} favourites at a site", about="resource_id")
        self._star(self.member_id, site_id, resource_id, now)

    class Starred(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        resource_id: UUID
        at: datetime

    @event(Starred)
    def _star(self, member_id: UUID, site_id: UUID, resource_id: UUID, at: datetime) -> None:
        self.favourites.setdefault(site_id, []).append(resource_id)

    def unstar(self, site_id: UUID, resource_id: UUID, now: datetime) -> None:
        if resource_id in self.favourites.get(site_id, []):
            self._unstar(self.member_id, site_id, resource_id, now)

    class Unstarred(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        resource_id: UUID
        at: datetime

    @event(Unstarred)
    def _unstar(self, member_id: UUID, site_id: UUID, resource_id: UUID, at: datetime) -> None:
        starred = self.favourites[site_id]
        starred.remove(resource_id)
        if not starred:
            del self.favourites[site_id]

    def arrange(self, site_id: UUID, order: list[UUID], now: datetime) -> None:
        """The site's favourites become ``order``: those not in it are unstarred, new ones
        starred, and all put in its order."""
        if len(set(order)) != len(order):
            raise InvalidSetting("a resource is named twice", about="resource_ids")
        if len(order) > FAVOURITES:
            raise InvalidSetting(f"at most {FAVOURITES} favourites at a site", about="resource_ids")
        for resource_id in list(self.favourites.get(site_id, [])):
            if resource_id not in order:
                self.unstar(site_id, resource_id, now)
        for resource_id in order:
            self.star(site_id, resource_id, now)
        if order and self.favourites.get(site_id) != order:
            self._reorder(self.member_id, site_id, list(order), now)

    class Reordered(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        resource_ids: list[UUID]
        at: datetime

    @event(Reordered)
    def _reorder(
        self, member_id: UUID, site_id: UUID, resource_ids: list[UUID], at: datetime
    ) -> None:
        self.favourites[site_id] = list(resource_ids)

    # -- forgetting a site's usuals ------------------------------------------------------

    def clear(self, site_id: UUID, now: datetime) -> None:
        """Forgets the site's favourites and usual hours."""
        if site_id in self.favourites or site_id in self.hours:
            self._clear(self.member_id, site_id, now)

    class UsualCleared(Aggregate.Event):
        member_id: UUID
        site_id: UUID
        at: datetime

    @event(UsualCleared)
    def _clear(self, member_id: UUID, site_id: UUID, at: datetime) -> None:
        self.favourites.pop(site_id, None)
        self.hours.pop(site_id, None)
