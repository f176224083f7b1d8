"""Accounts beside the member registry: password hashes, preferences, signing up and in
(with failed sign-ins slowed down), and, from their own modules, browser sessions and
invitation codes. The member table is only read and added to through ``MemberRegistry``."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from domain import limits
from service.registry.invitations import Invitation as Invitation
from service.registry.invitations import Invitations, normalise_code
from service.registry.members import (
    Member,
    MemberRegistry,
    check_email,
    check_name,
)
from service.registry.refusals import SignUpRefused as SignUpRefused
from service.registry.sessions import BrowserSessions, token_hash
from service.registry.tables import AccountRecord, SessionRecord
from service.registry.throttle import SignInThrottle
from service.registry.throttle import Throttled as Throttled  # the pages catch it here

MIN_PASSWORD = 10
MAX_PASSWORD = 256


_PREFERENCES = select(
    AccountRecord.language,
    AccountRecord.reminders,
    AccountRecord.reminder_same_day,
    AccountRecord.check_in_nudge,
).where(AccountRecord.member_id == bindparam("member_id"))


@dataclass(frozen=True)
class Account:
    member: Member
    has_password: bool
    home_site_id: UUID | None
    invitation_code: str | None
    created_at: datetime | None


@dataclass(frozen=True)
class Preferences:
    """How a member wants to be told: in which language, and whether reminders come (at
    16:00 the day before; on the day, before the start; a nudge to check in at the start)."""

    language: str = "sv"
    reminders: bool = True
    reminder_same_day: bool = False
    check_in_nudge: bool = True


LANGUAGES = ("sv", "en")


class Accounts(BrowserSessions, Invitations):
    """Passwords, sessions (``service.registry.sessions``), invitations and open sign-up
    (``service.registry.invitations``) and sign-in throttling."""

    def __init__(
        self,
        engine: Engine,
        members: MemberRegistry,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.engine = engine
        self.members = members
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.hasher = hasher or PasswordHasher()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._dummy: str | None = None  # made on first use: hashing is slow on purpose
        self.throttle = SignInThrottle(self.sessions, self.now)

    def now(self) -> datetime:
        return self._clock()

    @property
    def _dummy_hash(self) -> str:
        """A hash of nothing anyone knows, verified when there is no account, so that an
        unknown address costs as much as a known one. Made on first use, not at start-up."""
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_hex(16))
        return self._dummy

    # -- accounts and passwords -----------------------------------------------------------

    def account(self, member_id: UUID) -> Account | None:
        member = self.members.get(member_id)
        if member is None:
            return None
        with self.sessions() as s:
            record = s.get(AccountRecord, member_id)
        return Account(
            member=member,
            has_password=bool(record and record.password_hash),
            home_site_id=record.home_site_id if record else None,
            invitation_code=record.invitation_code if record else None,
            created_at=record.created_at if record else None,
        )

    def check_password_rules(self, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise SignUpRefused("password-too-short", "password")
        if len(password) > MAX_PASSWORD:
            raise SignUpRefused("password-too-long", "password")

    def set_password(self, member_id: UUID, password: str) -> None:
        self.check_password_rules(password)
        password_hash = self.hasher.hash(password)
        now = self.now()
        with self.sessions.begin() as s:
            record = s.get(AccountRecord, member_id)
            if record is None:
                s.add(
                    AccountRecord(
                        member_id=member_id,
                        password_hash=password_hash,
                        created_at=now,
                        password_changed_at=now,
                    )
                )
            else:
                record.password_hash = password_hash
                record.password_changed_at = now
            # A new password signs out every browser that was signed in.
            s.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))

    def sign_up(
        self,
        *,
        email: str,
        name: str,
        password: str,
        site_id: UUID | None,
        invitation_code: str,
    ) -> Member:
        """Creates a member with a password. Needs a valid invitation code, or a site that
        allows open sign-up."""
        self.check_password_rules(password)
        code = normalise_code(invitation_code) if invitation_code.strip() else None
        if code is None:
            if site_id is None or not self.open_sign_up(site_id):
                raise SignUpRefused("needs-invitation", "invitation_code")
        else:
            invitation = self.invitation(code)
            if (
                invitation is None
                or invitation.uses_left <= 0
                or invitation.expires_at <= self.now()
            ):
                raise SignUpRefused("invitation-invalid", "invitation_code")
            site_id = invitation.site_id
        try:
            check_email(email)
        except ValueError:
            raise SignUpRefused("email-invalid", "email") from None
        if not name.strip():
            raise SignUpRefused("name-missing", "name")
        try:
            check_name(name)
        except ValueError:
            raise SignUpRefused("name-invalid", "name") from None
        password_hash = self.hasher.hash(password)
        now = self.now()
        # The invitation's use, the member and the account are one transaction: a sign-up
        # that fails spends no use, and no use is spent without an account.
        try:
            with self.sessions.begin() as s:
                if code is not None and not self._use_invitation(s, code):
                    raise SignUpRefused("invitation-invalid", "invitation_code")
                member, _token = self.members.add_in(s, email=email, name=name, role="member")
                s.add(
                    AccountRecord(
                        member_id=member.id,
                        password_hash=password_hash,
                        home_site_id=site_id,
                        invitation_code=code,
                        created_at=now,
                        password_changed_at=now,
                    )
                )
        except IntegrityError:
            raise SignUpRefused("email-taken", "email") from None
        except ValueError as error:
            if isinstance(error, SignUpRefused):
                raise
            raise SignUpRefused("email-invalid", "email") from None
        return member

    def check_password(self, member_id: UUID, password: str) -> bool:
        """Whether ``password`` is the member's (for changes that need it again)."""
        with self.sessions() as s:
            record = s.get(AccountRecord, member_id)
            stored = record.password_hash if record else None
        try:
            self.hasher.verify(stored or self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return stored is not None

    def authenticate(self, email: str, password: str, client: str) -> Member | None:
        """The member if the password is right. Raises ``Throttled`` while too many recent
        failures for this e-mail address or this client make it wait."""
        email = email.strip().lower()
        if len(email) > limits.EMAIL or not limits.is_clean(email):
            # No one has such an address; it is counted (by its hash) like any other.
            email = "#" + token_hash(email)
        self.throttle.claim(email, client)  # counted before the password is checked
        member = None if email.startswith("#") else self._member_by_email(email)
        stored = None
        if member is not None:
            with self.sessions() as s:
                record = s.get(AccountRecord, member.id)
                stored = record.password_hash if record else None
        try:
            # Always verify one hash, so that unknown addresses take as long as known ones.
            self.hasher.verify(stored or self._dummy_hash, password)
            ok = stored is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            return None
        self.throttle.succeeded(email, client)
        if stored and self.hasher.check_needs_rehash(stored):
            self.set_password(member.id, password)  # type: ignore[union-attr]
        return member

    def _member_by_email(self, email: str) -> Member | None:
        return self.members.by_email(email)

    # -- preferences ----------------------------------------------------------------------

    def preferences(self, member_id: UUID) -> Preferences:
        with self.engine.connect() as connection:
            row = connection.execute(_PREFERENCES, {"member_id": member_id}).first()
        if row is None:
            return Preferences()
        return Preferences(
            row.language or "sv",
            bool(row.reminders),
            bool(row.reminder_same_day),
            bool(row.check_in_nudge),
        )

    def set_preferences(
        self,
        member_id: UUID,
        language: str | None = None,
        reminders: bool | None = None,
        reminder_same_day: bool | None = None,
        check_in_nudge: bool | None = None,
    ) -> None:
        if language is not None and language not in LANGUAGES:
            raise SignUpRefused("language", "language")
        with self.sessions.begin() as s:
            record = s.get(AccountRecord, member_id)
            if record is None:
                record = AccountRecord(member_id=member_id, created_at=self.now())
                s.add(record)
            if language is not None:
                record.language = language
            if reminders is not None:
                record.reminders = reminders
            if reminder_same_day is not None:
                record.reminder_same_day = reminder_same_day
            if check_in_nudge is not None:
                record.check_in_nudge = check_in_nudge
