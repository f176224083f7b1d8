"""Erasing a member (GDPR art. 17): by the member themselves, by an admin, or from the
command line. The event history keeps only the pseudonymous member id, so the evaluators'
reports do not change; everything else that names the person goes, and everything that
would act on their behalf later is ended first.

Following a member's records to their end, in the order they are ended:

1. access: API tokens, browser sessions, the calendar feed token and named calendar links,
   the who's-in choice, the identities their municipality's sign-in (OIDC) gave them, live
   password-reset and e-mail-change links, and the invitation codes they made (withdrawn),
   so that nothing new is started for them while the rest is ended;
2. waitlist entries still waiting: left (a resource that frees goes to the next in line);
3. recurring series: cancelled from today (the minute job places no more of their days);
4. usual hours and favourite resources (every one starred): cleared at every site;
5. bookings that have not ended (from their schedule, which the store keeps, and from
   the views): cancelled with the reason "the account was erased", about which no message
   is sent; their resources are offered to the waitlists;
6. mail: every message to or about them in the outbox (pending ones and booking
   reminders included) and the ``.eml`` files of the mail folder;
7. the records that name them, in one transaction: member, account (password hash,
   preferences), sign-in failure records of their address, the sites they host or
   evaluate (and once more everything of step 1, for what was made meanwhile);
8. the storage: on SQLite the WAL is checkpointed and truncated, and deleted rows are
   overwritten (``secure_delete``), so that their address and name are in no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.booking import ACCOUNT_ERASED
from domain.errors import NotActive
from domain.ids import member_schedule_id, usual_id, waitlist_id
from domain.member import MemberSchedule
from domain.series import Series
from domain.time import local_date
from domain.usual import Usuals
from domain.vocabulary import HOLDING
from domain.waitlist import Waitlist
from service.application.access import require_admin
from service.application.context import Context
from service.application.disruptions import cancel_bookings
from service.application.errors import NotFound
from service.application.store import retrying
from service.application.waitlist import member_waits
from service.registry.erasure import erase_records, scrub_storage, stop_access
from service.registry.members import Member


@dataclass(frozen=True)
class Erased:
    member_id: UUID
    cancelled: int
    waitlist_entries: int = 0
    series: int = 0


def erase_member(ctx: Context, actor: Member, member_id: UUID) -> Erased:
    """The member themselves, or an admin, erases the account."""
    if actor.id != member_id:
        require_admin(actor)
    target = ctx.members.get(member_id)
    if target is None:
        raise NotFound("member")
    engine = ctx.members.engine
    stop_access(engine, member_id)
    ctx.wait_for_reads(ctx.store.position)
    left = _leave_waitlists(ctx, member_id)
    ended = _end_series(ctx, member_id)
    _clear_usuals(ctx, member_id)
    ctx.wait_for_reads(ctx.store.position)
    active = _bookings_ahead(ctx, member_id, ctx.now())
    cancelled = cancel_bookings(ctx, actor, active, ACCOUNT_ERASED) if active else 0
    ctx.forget_mail(member_id, target.email)
    erase_records(engine, member_id, target.email)
    # Once more: a message the mail job composed and delivered meanwhile (from an event
    # before the erasure) is found by its address.
    ctx.forget_mail(member_id, target.email)
    scrub_storage(engine)
    return Erased(member_id, cancelled, left, ended)


def _leave_waitlists(ctx: Context, member_id: UUID) -> int:
    store = ctx.store
    now = ctx.now()
    left = 0
    for entry in ctx.queries.member_waitlist(member_id, since=now):
        if entry.status != "waiting":
            continue

        key = waitlist_id(entry.site_id, entry.day)

        def attempt(entry_id: UUID = entry.id, key: UUID = key) -> int:
            waitlist = store.load(Waitlist, key, "entry")
            try:
                waitlist.leave(entry_id, store.clock())
            except NotActive:  # served or expired meanwhile
                return store.position
            waits = member_waits(store, member_id)
            waits.stop(entry_id, store.clock())
            return store.save_all(waitlist, waits)

        retrying(attempt)
        left += 1
    return left


def _end_series(ctx: Context, member_id: UUID) -> int:
    store = ctx.store
    now = ctx.now()
    ended = 0
    for view in ctx.queries.member_series(member_id):
        site = store.site(view.site_id)
        today = local_date(now, site.tz)
        if view.until < today or (view.cancelled_from is not None and view.cancelled_from <= today):
            continue

        def attempt(series_id: UUID = view.id, today: date = today) -> int:
            series = store.load(Series, series_id, "series")
            series.cancel_from(today, member_id, store.clock())
            return store.save_all(series)

        retrying(attempt)
        ended += 1
    return ended


def _clear_usuals(ctx: Context, member_id: UUID) -> None:
    store = ctx.store

    def attempt() -> int:
        usuals = store.load_or_none(Usuals, usual_id(member_id))
        if usuals is None or not usuals.sites():
            return store.position
        for site_id in usuals.sites():
            usuals.clear(site_id, store.clock())
        return store.save_all(usuals)

    retrying(attempt)


def _bookings_ahead(ctx: Context, member_id: UUID, now: datetime) -> list[UUID]:
    """The bookings that have not ended: those the member's schedule holds (the store's
    own record, which no view lag hides) and those the views show confirmed."""
    ids: dict[UUID, None] = {}
    schedule = ctx.store.load_or_none(MemberSchedule, member_schedule_id(member_id))
    if schedule is not None:
        ids.update((b, None) for b, (_, _, end) in schedule.holds.items() if end > now)
    for b in ctx.queries.member_bookings(member_id, since=now, limit=100_000):
        if b.status in HOLDING:
            ids[b.id] = None
    return list(ids)
