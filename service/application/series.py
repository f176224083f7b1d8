"""Recurring bookings: start a series, read it, cancel it from a day on, and the job that
places its days as the booking window opens.

Each day of a series is placed as its own booking through the same placement as
``bookings.book`` (a given resource, or the first free one of a kind with the features),
saved together with the series' record of it, so that two processes placing the same day
meet on the series' version and only one of them places it. A day that cannot be had is
recorded as refused demand (``BookingRefused``) and on the series (``OccurrenceRefused``: the
event a notice to the member follows), in one save.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate

from domain.booking import Booking
from domain.errors import DomainError, NotActive
from domain.ids import member_schedule_id, resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import cancel_booking, ledger_day
from domain.series import Recurrence, Series
from domain.site import Site
from domain.time import Interval, local_date
from projections.queries import SeriesDayView, SeriesView
from service.application import metrics
from service.application.access import may_see_booking
from service.application.bookings import booking_view
from service.application.context import Context
from service.application.errors import Busy, NotFound
from service.application.placing import place_first, place_one
from service.application.refusals import Asked, asked_of, check_some_match, record_refusal
from service.application.store import Grannskap, retrying
from service.application.wanted import resolve
from service.registry.members import Member

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartSeries:
    """Book ``resource_id`` (or any free one of ``kind`` at ``site_id`` with ``features``)
    from ``start`` to ``end`` (local clock times) on each of ``weekdays`` from
    ``first_day`` until ``until`` (both included)."""

    actor: Member
    weekdays: tuple[str, ...]
    first_day: date
    until: date
    start: time
    end: time
    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: str | None = None
    features: tuple[str, ...] = ()
    quantity: int = 1


# What became of one day of a series: placed, refused, pending (beyond the window until it
# opens) or cancelled; the same shape as the views give it.
Outcome = SeriesDayView


@dataclass(frozen=True)
class SeriesResult:
    series: SeriesView
    days: list[Outcome]
    position: int


def start_series(ctx: Context, command: StartSeries) -> SeriesResult:
    """Starts the series and places each day the booking window has reached; the others
    are placed as it opens. Refused days are reported one by one, not raised."""
    store = ctx.store
    wanted = resolve(
        store,
        command.resource_id,
        command.site_id,
        command.kind,
        command.features,
        command.quantity,
    )
    site, resource_id, kind, features = (
        wanted.site,
        wanted.resource_id,
        wanted.kind,
        wanted.features,
    )
    now = store.clock()
    first_day = max(command.first_day, local_date(now, site.tz))
    recurrence = Recurrence.of(
        command.weekdays, first_day, command.until, command.start, command.end
    )
    series = Series.start_for(
        member_id=command.actor.id,
        site_id=site.id,
        resource_id=resource_id,
        kind=kind,
        features=features,
        quantity=command.quantity,
        recurrence=recurrence,
        now=now,
    )
    store.save_all(series)
    metrics.SERIES_STARTED.inc()
    place_due_days(ctx, series.id)
    return read_series(ctx, command.actor, series.id, ctx.written(store.position))


# -- placing the days -----------------------------------------------------------------------


def last_open_day(site: Site, now: datetime) -> date:
    """The last local day the site's booking window has reached."""
    return local_date(now, site.tz) + timedelta(days=site.policy.days_ahead)


def place_due_days(ctx: Context, series_id: UUID) -> int:
    """Places (or records as refused) every day of the series that the booking window has
    reached; returns how many this call decided (another process may decide some of them
    first: optimistic concurrency lets only one record each day)."""
    store = ctx.store
    series = store.load(Series, series_id, "series", for_change=False)
    site = store.site(series.site_id)
    return sum(
        _decide_day(ctx, series_id, day) for day in series.due(last_open_day(site, store.clock()))
    )


def _decide_day(ctx: Context, series_id: UUID, day: date) -> bool:
    store = ctx.store
    series = store.load(Series, series_id, "series", for_change=False)
    site = store.site(series.site_id)
    interval = series.recurrence.interval_on(day, site.tz)

    def attach(booking: Booking) -> list[Aggregate]:
        fresh = store.load(Series, series_id, "series")
        fresh.placed(day, booking.id)  # NotActive when another process placed it first
        return [fresh]

    candidates: list[UUID] = []
    try:
        if series.resource_id is not None:
            resource = store.resource(series.resource_id)
            place_one(store, series.member_id, resource, site, interval, series.quantity, attach)
        else:
            candidates = ctx.queries.candidates(site.id, series.kind, interval, series.features)
            check_some_match(series.kind, list(series.features), candidates)
            place_first(
                store,
                series.member_id,
                site,
                series.kind,
                interval,
                series.quantity,
                candidates,
                attach,
                features=list(series.features),
            )
    except NotActive as decided:
        if decided.about == "series":
            return False  # decided by another process meanwhile
        asked = asked_of(
            store, series.kind, series.resource_id, series.features, series.quantity, candidates
        )
        return _refuse_day(store, series_id, day, interval, decided, asked)
    except DomainError as refusal:
        asked = asked_of(
            store, series.kind, series.resource_id, series.features, series.quantity, candidates
        )
        return _refuse_day(store, series_id, day, interval, refusal, asked)
    metrics.BOOKINGS_PLACED.labels(series.kind).inc()
    return True


def _refuse_day(
    store: Grannskap,
    series_id: UUID,
    day: date,
    interval: Interval,
    refusal: DomainError,
    asked: Asked,
) -> bool:
    """Records the refused day on the series and as unmet demand, in one save; False when
    another process decided the day first."""

    def attempt() -> bool:
        series = store.load(Series, series_id, "series")
        if not series.is_pending(day):
            return False
        series.refused(day, refusal.rule, refusal.message, store.clock())
        refused = record_refusal(
            store,
            series.member_id,
            series.site_id,
            series.resource_id,
            series.kind,
            interval,
            refusal,
            asked,
        )
        store.save_all(series, refused)
        return True

    recorded = retrying(attempt)
    if recorded:
        metrics.BOOKINGS_REFUSED.labels(refusal.rule).inc()
    return recorded


def place_due_series(ctx: Context) -> int:
    """The job: places the days of every series that the booking window has reached since
    it last ran (every minute in each server). Returns how many days it decided."""
    now = ctx.now()
    decided = 0
    horizon = local_date(now, ZoneInfo(ctx.timezone)) + timedelta(days=367)
    for series_id in ctx.queries.series_with_pending(horizon):
        try:
            decided += place_due_days(ctx, series_id)
        except (DomainError, NotFound, Busy):
            log.exception("could not place the days of series %s", series_id)
    return decided


# -- reading and cancelling -----------------------------------------------------------------


def _visible(ctx: Context, actor: Member, series_id: UUID) -> Series:
    series = ctx.store.load(Series, series_id, "series", for_change=False)
    if not may_see_booking(ctx, actor, series.member_id, series.site_id):
        raise NotFound("series")
    return series


def read_series(ctx: Context, actor: Member, series_id: UUID, position: int = 0) -> SeriesResult:
    """A series with what became of each of its days (the member's own, or any for a host)."""
    series = _visible(ctx, actor, series_id)
    days = [Outcome(o.day, o.status, o.booking_id, o.rule, o.reason) for o in series.occurrences()]
    view = ctx.queries.series(series_id) or _view_of(series)
    return SeriesResult(view, days, position or ctx.store.position)


def _view_of(series: Series) -> SeriesView:
    """The series as the store has it, before the view has caught up."""
    r = series.recurrence
    return SeriesView(
        id=series.id,
        member_id=series.member_id,
        site_id=series.site_id,
        resource_id=series.resource_id,
        kind=series.kind,
        features=list(series.features),
        quantity=series.quantity,
        weekdays=list(r.weekdays),
        first_day=r.first_day,
        until=r.until,
        start=r.start.strftime("%H:%M"),
        end=r.end.strftime("%H:%M"),
        started_at=series.started_at,
        cancelled_from=series.cancelled_from,
        next_pending=next(iter(series.pending()), None),
        decided=[
            SeriesDayView(o.day, o.status, o.booking_id, o.rule, o.reason)
            for o in series.occurrences()
            if o.status in ("placed", "refused")
        ],
    )


def my_series(ctx: Context, actor: Member, since: date | None) -> list[SeriesView]:
    return ctx.queries.member_series(actor.id, since)


@dataclass(frozen=True)
class CancelSeries:
    """Cancel the series from ``from_day`` on (today when not given): the bookings placed
    for those days are cancelled, and the days not yet placed will not be."""

    actor: Member
    series_id: UUID
    from_day: date | None = None


def cancel_series(ctx: Context, command: CancelSeries) -> SeriesResult:
    """Atomic: the series and every booking it cancels are saved together."""
    store = ctx.store
    series = _visible(ctx, command.actor, command.series_id)
    site = store.site(series.site_id)
    today = local_date(store.clock(), site.tz)
    from_day = max(command.from_day or today, today)

    cancelled: list[Booking] = []

    def attempt() -> int:
        now = store.clock()
        cancelled.clear()
        fresh = store.load(Series, command.series_id, "series")
        fresh.cancel_from(from_day, command.actor.id, now)
        changed: list[Aggregate] = [fresh]
        ledgers: dict[UUID, ResourceDay] = {}
        schedule = None
        if fresh.booking_ids_from(from_day):
            schedule = store.load(MemberSchedule, member_schedule_id(fresh.member_id), "booking")
        for booking_id in fresh.booking_ids_from(from_day):
            booking = store.load(Booking, booking_id, "booking")
            if not booking.is_active or booking.end <= now:
                continue
            day = ledger_day(site, Interval(booking.start, booking.end))
            ledger_key = resource_day_id(booking.resource_id, day)
            if ledger_key not in ledgers:
                ledgers[ledger_key] = store.load(ResourceDay, ledger_key, "booking")
            assert schedule is not None
            cancel_booking(
                booking=booking,
                ledger=ledgers[ledger_key],
                member_schedule=schedule,
                by=command.actor.id,
                now=now,
            )
            changed.append(booking)
            cancelled.append(booking)
        if schedule is not None:
            changed.append(schedule)
        return store.save_all(*changed, *ledgers.values())

    position = retrying(attempt)
    result = read_series(ctx, command.actor, command.series_id, ctx.written(position))
    for booking in cancelled:
        metrics.BOOKINGS_CANCELLED.inc()
        ctx.react(Booking.Cancelled, booking_view(booking))
    return result
