"""Use cases on the in-memory store: a preview of a change saves nothing; the day a day
can be booked from; the outbox's messages for a booking; retention of sign-in failures;
password resets work once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from service.application import accounts, my_account, reads, sites
from service.application.context import Context
from service.container import Container
from service.registry.accounts import SignUpRefused
from service.registry.members import Member
from service.registry.tables import FailureRecord, OutboxRecord
from tests.builders import MONDAY, TUESDAY, Office, slot
from tests.conftest import Clock
from tests.driver import Driver


def test_a_preview_of_a_closure_says_what_it_would_cancel_and_changes_nothing(
    memory: Container, ctx: Context, office: Office, anna: Member, host: Member
) -> None:
    booking = Driver(ctx).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "10:00")).id
    before = memory.store.position
    command = sites.AddClosure(host, office.site_id, TUESDAY, TUESDAY, "Läcka")

    preview = sites.add_closure(ctx, command, preview=True)

    assert [line.booking.id for line in preview.cancelled] == [booking]
    assert [line.member_name for line in preview.cancelled] == ["Anna"]
    assert memory.store.position == before
    assert reads.site(ctx, office.site_id).closures == []


def test_a_day_beyond_the_window_says_from_when_it_can_be_booked(
    ctx: Context, office: Office
) -> None:
    site = reads.site(ctx, office.site_id)
    far = MONDAY + timedelta(days=40)
    assert reads.day_state(ctx, site, far).opens_on == far - timedelta(days=28)
    assert reads.day_state(ctx, site, MONDAY - timedelta(days=1)).passed
    today = reads.day_state(ctx, site, MONDAY)
    assert today.bookable and today.not_before == ctx.now()


def test_a_booking_gives_a_confirmation_now_and_a_reminder_at_four_the_day_before(
    memory: Container, ctx: Context, office: Office, anna: Member
) -> None:
    Driver(ctx).book(anna.id, office.desk_a, slot(TUESDAY, "09:00", "10:00"))

    memory.mail.catch_up_fully()

    with memory.engine.connect() as c:
        rows = c.execute(
            select(OutboxRecord.kind, OutboxRecord.not_before, OutboxRecord.recipient).order_by(
                OutboxRecord.not_before
            )
        ).all()
    assert [(kind, recipient) for kind, _, recipient in rows] == [
        ("booking-confirmed", "anna@example.se"),
        ("booking-reminder", "anna@example.se"),
        ("booking-reminder-today", "anna@example.se"),
        ("booking-check-in-nudge", "anna@example.se"),
    ]
    assert rows[1][1] == slot(MONDAY, "16:00", "16:15").start
    # Sent when due only if the member chose it (the nudge unless turned off or checked in).
    assert [r[1] for r in rows[2:]] == [
        slot(TUESDAY, "07:00", "07:15").start,
        slot(TUESDAY, "09:00", "09:15").start,
    ]


def test_sign_in_failure_records_go_after_the_retention_days(
    memory: Container, ctx: Context, anna: Member, clock: Clock
) -> None:
    with pytest.raises(SignUpRefused):
        accounts.sign_in(ctx, "anna@example.se", "fel", "192.0.2.1", None)
    clock.advance(days=29)
    memory.housekeeping()
    with memory.engine.connect() as c:
        assert len(c.execute(select(FailureRecord.key)).all()) == 3  # pair, e-mail, client
    clock.advance(days=2)
    memory.housekeeping()
    with memory.engine.connect() as c:
        assert c.execute(select(FailureRecord.key)).all() == []


def test_a_reset_link_works_once_and_signs_out_every_browser(
    memory: Container, ctx: Context, anna: Member
) -> None:
    memory.accounts.set_password(anna.id, "ett-gammalt-losenord")
    memory.accounts.start_session(anna.id)
    assert ctx.links is not None
    token = ctx.links.new_reset(anna.id)

    my_account.reset_password(ctx, token, "ett-nytt-losenord")

    assert memory.accounts.session_count(anna.id) == 0
    assert memory.accounts.check_password(anna.id, "ett-nytt-losenord")
    with pytest.raises(SignUpRefused) as refused:
        my_account.reset_password(ctx, token, "ett-tredje-losenord")
    assert refused.value.reason == "link-invalid"


def test_a_too_short_new_password_leaves_the_link_usable(ctx: Context, anna: Member) -> None:
    assert ctx.links is not None
    token = ctx.links.new_reset(anna.id)
    with pytest.raises(SignUpRefused):
        my_account.reset_password(ctx, token, "kort")
    assert my_account.reset_link_is_live(ctx, token)
