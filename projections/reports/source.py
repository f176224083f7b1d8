"""Reading a report's input from the usage projection's tables."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import Engine, String, cast, func, select

from domain.time import local_instant
from projections.reports.facts import (
    BookingFacts,
    HoursSetting,
    RefusalFacts,
    ReportInput,
    ResourceFacts,
    SearchFacts,
    SiteFacts,
    WaitlistFacts,
)
from projections.tracking import Position
from projections.usage_tables import (
    UsageBookingRow,
    UsageClosureRow,
    UsageHoursRow,
    UsageRefusalRow,
    UsageResourceRow,
    UsageSearchRow,
    UsageSiteRow,
    UsageWaitlistRow,
)

B, R = UsageBookingRow, UsageRefusalRow
# Ids are read as text: turning tens of thousands of them into UUID objects costs more than
# the whole computation of a report. Resource ids are mapped back through the resources.
# The features asked for are read as JSON text too, each distinct text decoded once.
BOOKING_COLUMNS = (
    cast(B.booking_id, String),
    cast(B.resource_id, String),
    B.kind,
    B.quantity,
    B.start,
    B.end,
    B.placed_at,
    B.status,
    cast(B.member_id, String),
    B.checked_in_at,
    B.checked_out_at,
    B.cancelled_at,
    B.released_at,
    cast(B.features, String),
    B.drop_in,
    B.check_in_method,
)
REFUSAL_COLUMNS = (
    cast(R.refusal_id, String),
    cast(R.resource_id, String),
    R.kind,
    R.start,
    R.end,
    R.rule,
    R.at,
    cast(R.member_id, String),
    R.pool,
    cast(R.features, String),
    R.quantity,
)

S = UsageSearchRow
SEARCH_COLUMNS = (
    S.kind,
    S.start,
    S.end,
    S.at,
    cast(S.member_id, String),
    cast(S.features, String),
)
W = UsageWaitlistRow
WAITLIST_COLUMNS = (W.kind, W.start, W.end, W.status, cast(W.member_id, String))


class ReportSource:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def sites(self) -> list[tuple[UUID, str, str]]:
        """(id, name, time zone) of every site, by name."""
        with self.engine.connect() as c:
            rows = c.execute(
                select(UsageSiteRow.site_id, UsageSiteRow.name, UsageSiteRow.timezone).order_by(
                    UsageSiteRow.name
                )
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def find_site(self, name_or_id: str) -> UUID | None:
        """A site by its id, its exact name, or the one name containing the text."""
        text = name_or_id.strip()
        sites = self.sites()
        for site_id, name, _ in sites:
            if str(site_id) == text.lower() or name.lower() == text.lower():
                return site_id
        partial = [s for s in sites if text.lower() in s[1].lower()]
        return partial[0][0] if len(partial) == 1 else None

    def position(self) -> int:
        """How far the usage view has read the store: the reports of a period are the same
        while it stays (the key of the reports' cache)."""
        with self.engine.connect() as c:
            found = c.scalar(
                select(func.max(Position.notification_id)).where(Position.projection == "usage")
            )
        return int(found or 0)

    def timezone(self, site_id: UUID) -> str | None:
        with self.engine.connect() as c:
            return c.scalar(select(UsageSiteRow.timezone).where(UsageSiteRow.site_id == site_id))

    def load(
        self, site_id: UUID, first_day: date, last_day: date, as_of: datetime
    ) -> ReportInput | None:
        """The site and its bookings and refusals starting on a local day of the period."""
        with self.engine.connect() as c:
            site = c.execute(select(UsageSiteRow).where(UsageSiteRow.site_id == site_id)).first()
            if site is None:
                return None
            tz = ZoneInfo(site.timezone)
            since = local_instant(first_day, time(0), tz)
            until = local_instant(last_day + timedelta(days=1), time(0), tz)
            settings = c.execute(
                select(UsageHoursRow.effective_from, UsageHoursRow.opening_hours)
                .where(UsageHoursRow.site_id == site_id)
                .order_by(UsageHoursRow.version)
            ).all()
            closures = c.execute(
                select(UsageClosureRow.first_day, UsageClosureRow.last_day)
                .where(UsageClosureRow.site_id == site_id)
                .order_by(UsageClosureRow.version)
            ).all()
            resources = c.execute(
                select(UsageResourceRow).where(UsageResourceRow.site_id == site_id)
            ).all()
            bookings = c.execute(
                select(*BOOKING_COLUMNS)
                .where(B.site_id == site_id, B.start >= since, B.start < until)
                .order_by(B.start, B.booking_id)
            ).all()
            refusals = c.execute(
                select(*REFUSAL_COLUMNS)
                .where(R.site_id == site_id, R.start >= since, R.start < until)
                .order_by(R.at, R.refusal_id)
            ).all()
            searches = c.execute(
                select(*SEARCH_COLUMNS)
                .where(
                    UsageSearchRow.site_id == site_id,
                    UsageSearchRow.start >= since,
                    UsageSearchRow.start < until,
                )
                .order_by(UsageSearchRow.at, UsageSearchRow.search_id)
            ).all()
            waitlist = c.execute(
                select(*WAITLIST_COLUMNS)
                .where(W.site_id == site_id, W.start >= since, W.start < until)
                .order_by(W.start, W.entry_id)
            ).all()
        numbers: dict[str, int] = {}  # member ids stay here: computations see numbers

        def member(member_id: str) -> int:
            return numbers.setdefault(member_id, len(numbers))

        decoded: dict[str | None, tuple[str, ...]] = {None: ()}

        def features(text: str | None) -> tuple[str, ...]:
            found = decoded.get(text)
            if found is None:
                found = decoded[text] = tuple(msgspec.json.decode(text or "null") or ())
            return found

        resource_ids: dict[str | None, Any] = {None: None}
        for r in resources:
            resource_ids[str(r.resource_id)] = resource_ids[r.resource_id.hex] = r.resource_id

        return ReportInput(
            site=SiteFacts(
                id=site.site_id,
                name=site.name,
                timezone=site.timezone,
                hours=[HoursSetting(s[0], s[1]) for s in settings],
                closures=[(a, b) for a, b in closures],
            ),
            resources=[
                ResourceFacts(
                    id=r.resource_id,
                    kind=r.kind,
                    name=r.name,
                    features=list(r.features),
                    seats=r.seats,
                    quantity=r.quantity,
                    added_from=r.added_from,
                    retired_from=r.retired_from,
                )
                for r in resources
            ],
            bookings=[
                BookingFacts(
                    row[0],
                    resource_ids[row[1]],
                    *row[2:8],
                    member(row[8]),
                    checked_in_at=row[9],
                    checked_out_at=row[10],
                    cancelled_at=row[11],
                    released_at=row[12],
                    features=features(row[13]),
                    drop_in=bool(row[14]),
                    check_in_method=row[15],
                )
                for row in bookings
            ],
            refusals=[
                RefusalFacts(
                    row[0],
                    resource_ids[row[1]],
                    *row[2:7],
                    member(row[7]),
                    pool=row[8],
                    features=features(row[9]),
                    quantity=row[10] or 1,
                )
                for row in refusals
            ],
            searches=[SearchFacts(*s[:4], member(s[4]), features(s[5])) for s in searches],
            waitlist=[WaitlistFacts(*w[:4], member(w[4])) for w in waitlist],
            first_day=first_day,
            last_day=last_day,
            as_of=as_of,
        )
