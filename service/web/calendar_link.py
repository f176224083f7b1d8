"""The pages' side of the calendar feeds (``service.feeds``, served at ``/ical/...``).

A feed URL is shown only when it is issued (only its hash is kept), so the page offers
"get my calendar link", which issues a new URL and shows it once; any older one stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from projections.queries import BookingView
from service.application import NotFound
from service.container import Container


@dataclass(frozen=True)
class FeedLink:
    https_url: str
    webcal_url: str


def _feeds(container: Container, request: Any = None) -> Any:
    feeds = getattr(request.app.state, "calendar_feeds", None) if request is not None else None
    if feeds is None:
        from service.feeds import CalendarFeeds

        feeds = CalendarFeeds(container.engine, container.now)
    return feeds


def _base(request: Any) -> str:
    from service.http.calendar import public_base

    return public_base(request)  # type: ignore[no-any-return]


def has_feed(container: Container, member_id: UUID, request: Any = None) -> bool:
    from service.feeds import CalendarFeedRecord

    with _feeds(container, request).sessions() as session:
        return session.get(CalendarFeedRecord, ("member", member_id)) is not None


def issued_at(container: Container, member_id: UUID, request: Any = None) -> Any:
    from service.feeds import CalendarFeedRecord

    with _feeds(container, request).sessions() as session:
        record = session.get(CalendarFeedRecord, ("member", member_id))
        return record.issued_at if record else None


def rotate(container: Container, member_id: UUID, request: Any) -> FeedLink:
    issued = _feeds(container, request).rotate("member", member_id)
    https = f"{_base(request)}/ical/{issued.token}.ics"
    return FeedLink(https, "webcal://" + https.split("://", 1)[1])


def booking_ics(container: Container, booking: BookingView, request: Any) -> bytes:
    from service import ics

    found = _feeds(container, request).booking(booking.id)
    if found is None or found[0] != booking.member_id:
        raise NotFound("booking", "booking_id")
    return ics.single_booking(found[1], _base(request))  # type: ignore[no-any-return]
