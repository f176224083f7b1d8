"""The mail outbox at work: a follower of the notification log that turns booking events
into messages (recorded with its new position in one transaction), and a sender that
delivers what is due, with retries and back-off. ``service.mail.job.MailJob`` runs both in a thread of the
server (and of ``grannskap projections run``); ``run_once`` does one round."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from email.utils import parseaddr
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.booking import check_in_window
from projections.queries import FeedEntry
from service.application.context import AccountMail
from service.application.errors import NotFound
from service.application.reactions import (
    OUTBOX,
    events_followed,
    reactions_to,
)
from service.application.store import Grannskap
from service.mail.compose import (
    BookingNews,
    Envelope,
    account_letter,
    booking_letter,
    message_id,
    mime,
)
from service.mail.news import LATER, WITH_CALENDAR, entry_of, news_of
from service.mail.transport import Transport
from service.presentation import ics
from service.presentation.i18n import Lang
from service.registry.accounts import Accounts
from service.registry.links import Links
from service.registry.members import MemberRegistry
from service.registry.outbox import Due, Outbox, Outgoing, PositionMoved

log = logging.getLogger(__name__)
BATCH = 500
# The events some mail follows (``service.application.reactions``).
TOPICS = frozenset(get_topic(event) for event in events_followed(OUTBOX))


@dataclass
class Mail:
    """Everything the outbox needs: the store, the members and their preferences, the
    outbox tables, where to deliver, and the addresses."""

    store: Grannskap
    members: MemberRegistry
    accounts: Accounts
    outbox: Outbox
    transport: Transport | None
    sender: str
    base_url: str
    links: Links | None = None

    # -- from events to messages ----------------------------------------------------------

    def catch_up(self, limit: int = BATCH) -> int:
        """Turns the next events into messages; returns how many notifications were read."""
        position = self.outbox.position()
        notifications = self.store.recorder.select_notifications(start=position + 1, limit=limit)
        if not notifications:
            return 0
        messages: list[Outgoing] = []
        for n in notifications:
            if n.topic in TOPICS:
                messages += self._messages(self.store.mapper.to_domain_event(n), n.id)
        try:
            self.outbox.record(messages, position, notifications[-1].id)
        except PositionMoved:
            log.info("mail outbox moved by another process")
        return len(notifications)

    def catch_up_fully(self) -> int:
        total = 0
        while read := self.catch_up():
            total += read
        return total

    def _messages(self, event: Any, notification_id: int) -> list[Outgoing]:
        booking_id: UUID = event.originator_id
        try:
            booking = self.store.booking(booking_id)
            site = self.store.site(booking.site_id)
            resource = self.store.resource(booking.resource_id)
        except NotFound:
            return []
        member = self.members.get(booking.member_id)
        if member is None:  # erased, or a member the registry never had
            return []
        language = self.accounts.preferences(member.id).language
        entry = entry_of(booking, site, resource, event)
        until = check_in_window(booking.start, booking.end, site.policy.grace)[1]
        news = [
            found
            for reaction in reactions_to(type(event), OUTBOX)
            if (found := news_of(reaction, event, booking, site, entry, member.name, until))
        ]
        t = Lang(language)
        out = []
        for item, not_before in news:
            key = f"grannskap.{notification_id}.{item.kind}"
            envelope = Envelope(
                self.sender, member.email, member.name, message_id(key, self.sender), not_before
            )
            calendar = None
            if item.kind in WITH_CALENDAR:
                calendar = ics.invitation(
                    item.entry,
                    self.base_url,
                    language,
                    _address(self.sender),
                    member.email,
                    member.name,
                )
            # A reminder is composed when it is due (most are, a day later, and some never:
            # the booking was cancelled); the rest now, once.
            reminder = item.kind in LATER
            body = (
                b""
                if reminder
                else mime(booking_letter(item, t, self.base_url), envelope, t, calendar)
            )
            out.append(
                Outgoing(
                    id=f"event-{notification_id:012d}-{item.kind}",
                    message_id=envelope.message_id,
                    kind=item.kind,
                    recipient=member.email,
                    body=body,
                    not_before=not_before,
                    member_id=member.id,
                    booking_id=booking_id,
                )
            )
        return out

    # -- messages no event stands behind ------------------------------------------------------

    def account_mail(self, mail: AccountMail) -> None:
        """Composes and adds a password reset, e-mail confirmation or invitation."""
        t = Lang(mail.language)
        key = f"grannskap.{mail.kind}.{mail.key}"
        now = self.store.clock()
        envelope = Envelope(self.sender, mail.to, mail.name, message_id(key, self.sender), now)
        letter = account_letter(mail.kind, mail.name, mail.link, t, mail.detail)
        self.outbox.add(
            [
                Outgoing(
                    id=f"{mail.kind}-{mail.key}"[:96],
                    message_id=envelope.message_id,
                    kind=mail.kind,
                    recipient=mail.to,
                    body=mime(letter, envelope, t),
                    not_before=now,
                    member_id=mail.member_id,
                )
            ]
        )

    def reset_requested(self, email: str) -> None:
        """A request for a password-reset link, kept uncomposed: the request costs one
        insert whether the address is known or not; ``prepare_resets`` does the rest."""
        key = secrets.token_hex(8)
        message = message_id(f"grannskap.password-reset.{key}", self.sender)
        self.outbox.add(
            [
                Outgoing(
                    id=f"password-reset-{key}",
                    message_id=message,
                    kind="password-reset",
                    recipient=email,
                    body=b"",
                    not_before=self.store.clock(),
                )
            ]
        )

    def prepare_resets(self, limit: int = 100) -> int:
        """Makes the link of each reset request whose address a member has and composes
        it in their language; a request for an address nobody has is deleted. Returns
        how many were composed."""
        composed = 0
        for request in self.outbox.uncomposed("password-reset", limit):
            member = self.members.by_email(request.recipient)
            if member is None or self.links is None:
                self.outbox.delete(request.id)
                continue
            token = self.links.new_reset(member.id)
            t = Lang(self.accounts.preferences(member.id).language)
            envelope = Envelope(
                self.sender, member.email, member.name, request.message_id, self.store.clock()
            )
            link = f"{self.base_url}/reset-password?token={token}"
            letter = account_letter("password-reset", member.name, link, t, "")
            self.outbox.composed(request, mime(letter, envelope, t), member.id)
            composed += 1
        return composed

    # -- delivering ---------------------------------------------------------------------------

    def deliver_due(self, limit: int = 20) -> int:
        """Sends what is due; returns how many were sent."""
        self.prepare_resets()
        if self.transport is None:
            return 0
        sent = 0
        for due in self.outbox.due(limit):
            if due.kind == "password-reset" and not due.body:
                continue  # asked for since ``prepare_resets``: composed next round
            if not self.outbox.claim(due):
                continue
            unwanted = self._unwanted(due)
            if unwanted == "erased":
                continue
            if unwanted:
                self.outbox.dropped(due, unwanted)
                continue
            if not due.body:
                body = self._reminder(due)
                if body is None:
                    self.outbox.dropped(due, "the booking or member is gone")
                    continue
                self.outbox.composed(due, body)  # a second delivery sends the same bytes
                due = replace(due, body=body)
            try:
                self.transport.send(_address(self.sender), due.recipient, due.body, due.id)
            except Exception as error:  # any failure: try again later
                log.warning("could not send %s (attempt %d): %s", due.id, due.attempts + 1, error)
                self.outbox.failed(due, f"{type(error).__name__}: {error}")
                continue
            self.outbox.sent(due)
            sent += 1
        return sent

    def _reminder(self, due: Due) -> bytes | None:
        """The reminder of a booking, composed now in the member's language."""
        if due.booking_id is None or due.member_id is None:
            return None
        try:
            booking = self.store.booking(due.booking_id)
            site = self.store.site(booking.site_id)
            resource = self.store.resource(booking.resource_id)
        except NotFound:
            return None
        member = self.members.get(due.member_id)
        if member is None:
            return None
        language = self.accounts.preferences(member.id).language
        entry = FeedEntry(
            booking_id=booking.id,
            kind=booking.kind,
            quantity=booking.quantity,
            resource_name=resource.name,
            site_name=site.name,
            address=site.address,
            locality=site.locality,
            timezone=site.timezone,
            start=booking.start,
            end=booking.end,
            status="confirmed",
            sequence=booking.version - 1,
            created=booking.placed_at,
            last_modified=booking.placed_at,
        )
        until = check_in_window(booking.start, booking.end, site.policy.grace)[1]
        news = BookingNews(due.kind, entry, member.name, until)
        t = Lang(language)
        envelope = Envelope(
            self.sender, member.email, member.name, due.message_id, self.store.clock()
        )
        return mime(booking_letter(news, t, self.base_url), envelope, t)

    def _unwanted(self, due: Due) -> str:
        """Why a message is no longer to be sent (empty when it is): its member was
        erased, or it is a reminder of a booking since cancelled or turned off."""
        if due.member_id is not None and self.members.get(due.member_id) is None:
            self.outbox.forget_member(due.member_id, due.recipient)
            return "erased"
        if due.kind not in LATER or due.booking_id is None or due.member_id is None:
            return ""
        try:
            booking = self.store.booking(due.booking_id)
        except NotFound:
            return "no such booking"
        if not booking.is_active:
            return "the booking is no longer active"
        chosen = self.accounts.preferences(due.member_id)
        wanted = {
            "booking-reminder": chosen.reminders,
            "booking-reminder-today": chosen.reminder_same_day,
            "booking-check-in-nudge": chosen.check_in_nudge,
        }
        if not wanted[due.kind]:
            return "the member turned these reminders off"
        if due.kind == "booking-check-in-nudge" and booking.checked_in_at is not None:
            return "already checked in"
        return ""

    def forget_member(self, member_id: UUID, email: str) -> None:
        """Erasure: every message to or about the member goes from the outbox, and from
        the mail folder when messages are delivered there."""
        names = self.outbox.message_ids_of(member_id, email)
        forget = getattr(self.transport, "forget", None)
        if forget is not None:
            forget(names, email)
        self.outbox.forget_member(member_id, email)

    def run_once(self) -> int:
        """One round: every new event into messages, then what is due sent."""
        self.catch_up_fully()
        return self.deliver_due(limit=200)


def _address(sender: str) -> str:
    return parseaddr(sender)[1]
