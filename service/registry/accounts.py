"""Accounts beside the member registry: password hashes, browser sessions, invitation
codes, which sites allow open sign-up, and failed sign-ins (for slowing them down). The
member table is only read and added to through ``MemberRegistry``."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain import limits
from service.registry.members import (
    Member,
    MemberRegistry,
    check_email,
    check_name,
)
from service.registry.tables import (
    AccountRecord,
    InvitationRecord,
    SessionRecord,
    SiteSignUpRecord,
)
from service.registry.throttle import SignInThrottle
from service.registry.throttle import Throttled as Throttled  # the pages catch it here

SESSION_DAYS = 14
SESSION_TOUCH = timedelta(minutes=10)
MIN_PASSWORD = 10
MAX_PASSWORD = 256
INVITATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


_PREFERENCES = select(AccountRecord.language, AccountRecord.reminders).where(
    AccountRecord.member_id == bindparam("member_id")
)


@dataclass(frozen=True)
class Account:
    member: Member
    has_password: bool
    home_site_id: UUID | None
    invitation_code: str | None
    created_at: datetime | None


@dataclass(frozen=True)
class Preferences:
    """How a member wants to be told: in which language, and whether reminders come."""

    language: str = "sv"
    reminders: bool = True


LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Invitation:
    code: str
    site_id: UUID
    created_at: datetime
    expires_at: datetime
    uses_left: int
    used: int


class SignUpRefused(ValueError):
    """Sign-up refused; ``reason`` is a stable code the pages translate."""

    def __init__(self, reason: str, field: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_invitation_code() -> str:
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """The code as stored (``ABCDE-FGHJK``); a text that cannot be a code (too long, or
    with control characters) becomes one that matches nothing."""
    if len(code) > 4 * limits.INVITATION_CODE or not limits.is_clean(code):
        return "-"
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else code.strip().upper()


class Accounts:
    """Passwords, sessions, invitations, open sign-up and sign-in throttling."""

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

    @staticmethod
    def _use_invitation(s: Session, code: str) -> bool:
        result = s.execute(
            update(InvitationRecord)
            .where(InvitationRecord.code == code, InvitationRecord.uses_left > 0)
            .values(uses_left=InvitationRecord.uses_left - 1, used=InvitationRecord.used + 1)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

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

    def end_sessions(self, member_id: UUID) -> None:
        with self.sessions.begin() as s:
            s.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))

    def authenticate(self, email: str, password: str, client: str) -> Member | None:
        """The member if the password is right. Raises ``Throttled`` while too many recent
        failures for this e-mail address or this client make it wait."""
        email = email.strip().lower()
        if len(email) > limits.EMAIL or not limits.is_clean(email):
            # No one has such an address; it is counted (by its hash) like any other.
            email = "#" + _hash(email)
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
        return Preferences(row.language or "sv", bool(row.reminders))

    def set_preferences(
        self, member_id: UUID, language: str | None = None, reminders: bool | None = None
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

    # -- sessions ---------------------------------------------------------------------------

    def start_session(self, member_id: UUID) -> str:
        """A new session (a new token every sign-in, so none can be planted beforehand)."""
        token = secrets.token_urlsafe(32)
        now = self.now()
        with self.sessions.begin() as s:
            s.add(
                SessionRecord(
                    token_hash=_hash(token),
                    member_id=member_id,
                    created_at=now,
                    seen_at=now,
                    expires_at=now + timedelta(days=SESSION_DAYS),
                )
            )
            s.execute(delete(SessionRecord).where(SessionRecord.expires_at < now))
        return token

    def session_member(self, token: str) -> Member | None:
        now = self.now()
        with self.sessions() as s:
            record = s.get(SessionRecord, _hash(token))
            if record is None or record.expires_at <= now:
                return None
            member_id, seen_at = record.member_id, record.seen_at
        if now - seen_at > SESSION_TOUCH:
            with self.sessions.begin() as s:
                s.execute(
                    update(SessionRecord)
                    .where(SessionRecord.token_hash == _hash(token))
                    .values(seen_at=now, expires_at=now + timedelta(days=SESSION_DAYS))
                )
        return self.members.get(member_id)

    def end_session(self, token: str) -> None:
        with self.sessions.begin() as s:
            s.execute(delete(SessionRecord).where(SessionRecord.token_hash == _hash(token)))

    def session_count(self, member_id: UUID) -> int:
        with self.sessions() as s:
            return len(
                s.scalars(
                    select(SessionRecord.token_hash).where(
                        SessionRecord.member_id == member_id,
                        SessionRecord.expires_at > self.now(),
                    )
                ).all()
            )

    # -- invitations and open sign-up -------------------------------------------------------

    def create_invitation(
        self, site_id: UUID, created_by: UUID, uses: int = 1, days: int = 30
    ) -> Invitation:
        if not 1 <= uses <= 500:
            raise SignUpRefused("invitation-uses", "uses")
        if not 1 <= days <= 365:
            raise SignUpRefused("invitation-days", "days")
        now = self.now()
        for _ in range(5):
            record = InvitationRecord(
                code=new_invitation_code(),
                site_id=site_id,
                created_by=created_by,
                created_at=now,
                expires_at=now + timedelta(days=days),
                uses_left=uses,
                used=0,
            )
            try:
                with self.sessions.begin() as s:
                    s.add(record)
                return self._invitation(record)
            except IntegrityError:
                continue
        raise RuntimeError("could not make a unique invitation code")

    def invitation(self, code: str) -> Invitation | None:
        with self.sessions() as s:
            record = s.get(InvitationRecord, normalise_code(code))
            return self._invitation(record) if record else None

    def invitations(self, site_id: UUID) -> list[Invitation]:
        with self.sessions() as s:
            records = s.scalars(
                select(InvitationRecord)
                .where(InvitationRecord.site_id == site_id)
                .order_by(InvitationRecord.created_at.desc())
                .limit(50)
            ).all()
            return [self._invitation(r) for r in records]

    def withdraw_invitation(self, site_id: UUID, code: str) -> None:
        with self.sessions.begin() as s:
            s.execute(
                update(InvitationRecord)
                .where(InvitationRecord.code == code, InvitationRecord.site_id == site_id)
                .values(uses_left=0)
            )

    @staticmethod
    def _invitation(r: InvitationRecord) -> Invitation:
        return Invitation(r.code, r.site_id, r.created_at, r.expires_at, r.uses_left, r.used)

    def open_sign_up(self, site_id: UUID) -> bool:
        with self.sessions() as s:
            record = s.get(SiteSignUpRecord, site_id)
            return bool(record and record.open_sign_up)

    def open_sign_up_sites(self) -> set[UUID]:
        with self.sessions() as s:
            return set(
                s.scalars(
                    select(SiteSignUpRecord.site_id).where(SiteSignUpRecord.open_sign_up.is_(True))
                )
            )

    def set_open_sign_up(self, site_id: UUID, open_: bool) -> None:
        with self.sessions.begin() as s:
            record = s.get(SiteSignUpRecord, site_id)
            if record is None:
                s.add(SiteSignUpRecord(site_id=site_id, open_sign_up=open_))
            else:
                record.open_sign_up = open_
