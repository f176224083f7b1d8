"""What every use case works with: the event store, the read API, the registry of members
and their accounts, the clock, and how to wait until the views show a write."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import DomainEvent
from sqlalchemy import Engine

from projections.queries import BookingView, Queries
from service.application.reactions import AFTER_COMMAND, Reaction, reactions_to
from service.application.store import Grannskap
from service.registry.accounts import Accounts
from service.registry.feeds import FeedTokens
from service.registry.hosting import SiteAssignments
from service.registry.links import Links
from service.registry.members import MemberRegistry
from service.registry.oidc import OidcRecords
from service.registry.oidc_provider import Provider
from service.registry.presence import Presence
from service.registry.visitors import Visitors

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountMail:
    """A message about an account that no event stands behind: ``password-reset``,
    ``email-change`` or ``invitation``. ``key`` makes its Message-ID (and keeps a second
    send of the same message one message)."""

    kind: str
    key: str
    to: str
    name: str
    language: str
    link: str
    detail: str = ""
    member_id: UUID | None = None


def _no_mail(_: AccountMail) -> None:
    return None


def _no_reset(_email: str) -> None:
    return None


def _nothing_to_forget(_member_id: UUID, _email: str) -> None:
    return None


@dataclass
class Context:
    store: Grannskap
    queries: Queries
    members: MemberRegistry
    accounts: Accounts
    feed_tokens: FeedTokens
    # Which sites each host (and evaluator) is assigned to (service.application.access).
    sites: SiteAssignments
    # Who chose to be seen on the day pages ("who's in").
    presence: Presence
    # The names hosts gave walk-in visitors, kept for the day only.
    visitors: Visitors
    # OpenID Connect sign-in: its records, and the provider when one is configured.
    oidc_records: OidcRecords
    # Read-your-writes: returns once the views a member reads right after a write
    # (catalogue, availability, my bookings) show the write at a position (bounded).
    wait_for_reads: Callable[[int], None]
    # Before reading a view that responses do not wait for (calendar, usage): returns once
    # it shows everything the store had when asked (bounded).
    wait_for_view: Callable[[str], None]
    # The time zone of new sites, and of times shown without a site.
    timezone: str = "Europe/Stockholm"
    # Single-use links sent by e-mail (password resets, new e-mail addresses).
    links: Links | None = None
    # Adds a message about an account to the mail outbox (composed in service.mail).
    send_mail: Callable[[AccountMail], None] = _no_mail
    # Puts a request for a password-reset link to an address in the outbox (the mail job
    # makes the link and composes it if a member has that address, else drops it).
    ask_for_reset: Callable[[str], None] = _no_reset
    # Deletes every message to or about a member, sent or not (erasure).
    forget_mail: Callable[[UUID, str], None] = _nothing_to_forget
    # The service's own address, for links in messages.
    public_url: str = "http://127.0.0.1:8000"
    oidc: Provider | None = None
    # Where the reports read the usage view (GRANNSKAP_REPORTS_DATABASE_URL, a replica);
    # None: the views' own database.
    reports_engine: Engine | None = None
    # How long a booking awaiting a host's approval waits for an answer before it is
    # declined (GRANNSKAP_APPROVAL_HOURS); at its start at the latest.
    approval_wait: timedelta = timedelta(hours=48)
    # False when GRANNSKAP_PASSWORD_SIGN_IN=no: only the OIDC provider signs people in.
    password_sign_in: bool = True
    # The handlers of the reactions that run right after a command (``reactions.REACTIONS``),
    # bound by the composition root; the minute's sweeps catch up on any that fail or are
    # not bound (a process stopped between a command and its reaction).
    handlers: dict[Reaction, Callable[[Context, BookingView], object]] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.store.clock()

    def written(self, position: int) -> int:
        """Waits until the views a member reads next show the write; returns its position."""
        self.wait_for_reads(position)
        return position

    def react(self, event: type[DomainEvent], booking: BookingView) -> None:
        """Runs what follows ``event`` of ``booking`` right after the command that wrote it
        (``reactions.REACTIONS``). The command has succeeded already: a handler that fails
        is logged, not raised."""
        for reaction in reactions_to(event, AFTER_COMMAND):
            handler = self.handlers.get(reaction)
            if handler is None:
                continue
            try:
                handler(self, booking)
            except Exception:
                log.exception("%s after booking %s", reaction.name, booking.id)
