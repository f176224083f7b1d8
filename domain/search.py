"""A search that found nothing: a member looked for a free resource of a kind at a time of
their choosing and none was free. Kept as a demand signal for the evaluators, counted apart
from booking requests (a member who finds nothing often does not try) and never shown per
person."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event


class EmptySearch(Aggregate):
    class Recorded(Aggregate.Created):
        member_id: UUID
        site_id: UUID
        kind: str
        start: datetime
        end: datetime
        at: datetime
        features: list[str] | None = None
        # where it was looked for: "day-page" or "api"
        channel: str = ""

    @event(Recorded)
    def __init__(
        self,
        member_id: UUID,
        site_id: UUID,
        kind: str,
        start: datetime,
        end: datetime,
        at: datetime,
        features: list[str] | None = None,
        channel: str = "",
    ) -> None:
        self.member_id = member_id
        self.site_id = site_id
        self.kind = kind
        self.start = start
        self.end = end
        self.at = at
        self.features = list(features or [])
        self.channel = channel
