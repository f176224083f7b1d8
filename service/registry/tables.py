"""The tables that are not rebuilt from events: members and their credentials, browser
sessions, invitations, sign-up settings, sign-in failures, secrets and calendar feed tokens.

They hold personal data and credentials, which must be erasable and are not history, so
they live beside the event store rather than in it. They share one metadata, and change
only by the Alembic migrations in ``service/registry/migrations`` (``grannskap db upgrade``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text, Uuid, false, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from projections.db import UTCDateTime


class RegistryBase(DeclarativeBase):
    """Tables kept by migrations, never dropped by a rebuild of the views."""


class MemberRecord(RegistryBase):
    __tablename__ = "member"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiTokenRecord(RegistryBase):
    """One API token of a member (a member may have several), as a hash."""

    __tablename__ = "api_token"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AccountRecord(RegistryBase):
    __tablename__ = "web_account"
    member_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    home_site_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    invitation_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    reminder_same_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    check_in_nudge: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class SessionRecord(RegistryBase):
    """A signed-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "web_session"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InvitationRecord(RegistryBase):
    __tablename__ = "web_invitation"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    created_by: Mapped[UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    uses_left: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)


class SiteSignUpRecord(RegistryBase):
    __tablename__ = "web_site_sign_up"
    site_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    open_sign_up: Mapped[bool] = mapped_column(Boolean, default=False)


class FailureRecord(RegistryBase):
    """Recent failed sign-ins per key (an e-mail address or a client address)."""

    __tablename__ = "web_sign_in_failure"
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SecretRecord(RegistryBase):
    """A generated secret (the key that signs the pages' CSRF tokens), when it is kept in
    the database."""

    __tablename__ = "web_secret"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class CalendarFeedRecord(RegistryBase):
    """The live token of one calendar feed, as a hash."""

    __tablename__ = "calendar_feed"
    feed_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarLinkRecord(RegistryBase):
    """One of a member's named calendar links (phone, laptop), as a hash: each opens the
    member's feed and is revoked or renewed without touching the others."""

    __tablename__ = "calendar_link"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PresenceRecord(RegistryBase):
    """A member who chose to be seen on the sites' day pages ("who's in"); no row: not."""

    __tablename__ = "presence_shown"
    member_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class DropInVisitorRecord(RegistryBase):
    """The name a host gave a walk-in visitor, shown on that day's host page only; deleted
    once the day is over (``forget_at``: the next local midnight at the site) or the drop-in
    is cancelled. Never in an event, a view, a feed or a report."""

    __tablename__ = "drop_in_visitor"
    booking_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(String(100))
    forget_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PasswordResetRecord(RegistryBase):
    __tablename__ = "password_reset"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class EmailChangeRecord(RegistryBase):
    __tablename__ = "email_change"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    new_email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OutboxRecord(RegistryBase):
    """One message to send: composed once (so a second delivery after a crash is the same
    message, with the same Message-ID), sent with retries and back-off."""

    __tablename__ = "mail_outbox"
    id: Mapped[str] = mapped_column(String(96), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    booking_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    recipient: Mapped[str] = mapped_column(String(320))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class MailPositionRecord(RegistryBase):
    """How far the mail outbox has read the event log (never rebuilt: that would send
    every message again)."""

    __tablename__ = "mail_position"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    notification_id: Mapped[int] = mapped_column(Integer)


class SiteAssignmentRecord(RegistryBase):
    """A host (or an evaluator) assigned to one site. A host manages only the sites they
    are assigned to; an evaluator with no assignment reads the whole pilot."""

    __tablename__ = "site_assignment"
    member_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True, index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OidcIdentityRecord(RegistryBase):
    """Who a person is at an OpenID Connect provider (issuer and subject), and which member
    that is here."""

    __tablename__ = "oidc_identity"
    issuer: Mapped[str] = mapped_column(String(500), primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OidcPendingRecord(RegistryBase):
    """A sign-in sent to the OIDC provider and not yet back: the hash of its state, its
    nonce and PKCE verifier. Used once (deleted when the browser comes back)."""

    __tablename__ = "oidc_pending"
    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64))
    verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(500))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
