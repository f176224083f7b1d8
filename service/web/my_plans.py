"""What "my bookings" shows of the member's plans: recurring bookings, waitlist entries and
usuals, each said in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.vocabulary import WEEKDAYS, rule_category
from service.application import reads, series, usuals, waitlist
from service.application.context import Context
from service.presentation.i18n import Lang
from service.presentation.messages import kind_name, refusal
from service.registry.members import Member


@dataclass
class RecordedRefusal:
    """A recorded refusal, to be said in words as a live one would be."""

    rule: str
    message: str


@dataclass
class SeriesItem:
    id: UUID
    what: str
    when: str
    period: str
    next_text: str
    refused: list[str] = field(default_factory=list)  # upcoming days that could not be had


@dataclass
class EntryItem:
    id: UUID
    what: str
    when: str
    status: str
    status_text: str
    place: int | None
    booking_id: UUID | None
    site_name: str = ""


def my_plans(ctx: Context, member: Member, t: Lang) -> dict[str, Any]:
    """What "my bookings" shows of the member's plans: recurring bookings, waitlist entries
    (with their place in line, or the booking they got) and usuals."""
    now = ctx.now()
    tz = ZoneInfo(ctx.timezone)
    today = now.astimezone(tz).date()
    series_items = []
    for s in series.my_series(ctx, member, today):
        names = reads.resource_names(ctx, s.site_id)
        what = names.get(s.resource_id, "") if s.resource_id else kind_name(t, s.kind)
        days = ", ".join(t.weekday_name(WEEKDAYS.index(w), "abbreviated") for w in s.weekdays)
        ended = s.cancelled_from is not None
        full = reads.find_series(ctx, member, s.id)
        refused = [
            f"{t.short_day(d.day)}: {refusal(t, RecordedRefusal(d.rule or '', d.reason or ''))}"
            for d in (full.decided if full else [])
            if d.status == "refused" and d.day >= today and rule_category(d.rule or "") != "closed"
        ]
        series_items.append(
            SeriesItem(
                id=s.id,
                what=what,
                when=f"{days} {s.start}\N{EN DASH}{s.end}",
                period=f"{t.date(s.first_day)} \N{EN DASH} {t.date(s.until)}",
                next_text=t("Cancelled from %(day)s", day=t.date(s.cancelled_from))
                if ended and s.cancelled_from
                else "",
                refused=refused,
            )
        )
    entries = []
    for e in waitlist.my_entries(ctx, member, now - timedelta(days=1)):
        site = reads.find_site(ctx, e.site_id)
        site_tz = ZoneInfo(site.timezone) if site else tz
        names = reads.resource_names(ctx, e.site_id)
        what = names.get(e.resource_id, "") if e.resource_id else kind_name(t, e.kind)
        words = {
            "waiting": t("Waiting, number %(n)s in line", n=e.place or 1),
            "served": t("Booked for you from the waitlist"),
            "expired": t("Nothing freed in time"),
            "left": t("You left the waitlist"),
        }
        entries.append(
            EntryItem(
                id=e.id,
                what=what,
                when=t.when(e.start, e.end, site_tz),
                status=e.status,
                status_text=words.get(e.status, e.status),
                place=e.place,
                booking_id=e.booking_id,
                site_name=e.site_name,
            )
        )
    usual_items = []
    for site_id, u in usuals.my_usuals(ctx, member).items():
        site = reads.find_site(ctx, site_id)
        names = reads.resource_names(ctx, site_id)
        hours = f"{u.start}\N{EN DASH}{u.end}" if u.start and u.end else ""
        favourites = [(r, names.get(r, "")) for r in u.favourites]
        usual_items.append((site_id, site.name if site else "", hours, favourites))
    return {"series_items": series_items, "entries": entries, "usual_items": usual_items}
