"""What follows an event is read from one table (``service.application.reactions``): the
handlers that run right after a command, the mail outbox's events and the minute's jobs all
take it from there."""

from __future__ import annotations

import logging

import pytest
from eventsourcing.utils import get_topic

from domain.booking import Booking
from service.application import bookings, jobs, reactions
from service.application.bookings import Book, ChangeBooking
from service.application.context import Context
from service.application.reads import BookingView
from service.mail.follower import TOPICS
from service.registry.members import Member
from tests.builders import TUESDAY, Office, at


def test_a_cancellation_runs_the_handler_the_table_names_for_it_with_the_cancelled_booking(
    ctx: Context, office: Office, anna: Member
) -> None:
    seen: list[BookingView] = []
    ctx.handlers[reactions.OFFER_FREED] = lambda _ctx, booking: seen.append(booking)
    held = bookings.book(ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), office.desk_a))

    bookings.cancel(ctx, ChangeBooking(anna, held.booking.id))

    assert [(b.id, b.status) for b in seen] == [(held.booking.id, "cancelled")]


def test_a_reaction_that_fails_is_logged_and_the_command_it_follows_still_succeeds(
    ctx: Context, office: Office, anna: Member, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_ctx: Context, _booking: BookingView) -> None:
        raise RuntimeError("the waitlist is unreachable")

    ctx.handlers[reactions.OFFER_FREED] = broken
    held = bookings.book(ctx, Book(anna, at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), office.desk_a))

    with caplog.at_level(logging.ERROR):
        changed = bookings.cancel(ctx, ChangeBooking(anna, held.booking.id))

    assert changed.booking.status == "cancelled"
    assert "waitlist-offer after booking" in caplog.text


def test_every_event_that_frees_a_booking_is_followed_by_an_offer_to_the_waitlist() -> None:
    freeing = (
        Booking.Cancelled,
        Booking.CheckedOut,
        Booking.Moved,
        Booking.ReleasedAsNoShow,
        Booking.Declined,
    )
    offered = [e for e in freeing if reactions.OFFER_FREED in reactions.reactions_to(e)]
    assert offered == list(freeing)
    assert reactions.OFFER_FREED not in reactions.reactions_to(Booking.Placed)


def test_the_mail_outbox_follows_exactly_the_events_the_table_gives_mail_to() -> None:
    assert {
        get_topic(Booking.Placed),
        get_topic(Booking.Cancelled),
        get_topic(Booking.ReleasedAsNoShow),
        get_topic(Booking.Approved),
        get_topic(Booking.Declined),
    } == TOPICS


def test_the_minutes_jobs_run_in_the_tables_order_and_one_failing_does_not_stop_the_next(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def job(reaction: reactions.Reaction, fails: bool) -> jobs.Job:
        def run(_ctx: Context, _swept: jobs.Swept) -> None:
            ran.append(reaction.name)
            if fails:
                raise RuntimeError("down")

        return run

    first, *rest = reactions.EACH_MINUTE
    handlers = {first: job(first, True)} | {r: job(r, False) for r in rest}
    monkeypatch.setattr(jobs, "HANDLERS", handlers)

    jobs.run_once(ctx)

    assert ran == [
        "no-show-release",
        "approval-expiry",
        "series-days",
        "waitlist-sweep",
        "visitor-names",
    ]
