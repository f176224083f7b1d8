"""Members: personal data (name, e-mail) and credentials, kept outside the event store so
that they can be erased without rewriting history. Events carry only member ids.

API tokens are kept as hashes in a table of their own (a member may have several, each
with a name and an optional expiry). A token is looked up in the database on every
request, with one indexed query and no cache, so that a revoked token stops working at
once in every server process; the query is a prepared Core statement, so the lookup
costs about a tenth of a millisecond."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain import limits
from service.registry.tables import ApiTokenRecord, MemberRecord

ROLES = ("member", "host", "evaluator", "admin")
MAX_TOKENS = 20
TOKEN_NAME = 100


def rowcount(result: object) -> int:
    """How many rows a DELETE or UPDATE touched."""
    return int(getattr(result, "rowcount", 0))


@dataclass(frozen=True)
class Member:
    id: UUID
    email: str
    name: str
    role: str

    def is_host(self) -> bool:
        return self.role in ("host", "admin")


@dataclass(frozen=True)
class ApiToken:
    """An API token as its member sees it (never the token itself, only when created)."""

    id: UUID
    name: str
    created_at: datetime
    expires_at: datetime | None


class MemberExists(ValueError):
    pass


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email(email: str) -> str:
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not (local and at and domain) or len(email) > limits.EMAIL:
        raise ValueError("not an e-mail address")
    if (
        any(c.isspace() for c in email)
        or not limits.is_clean(email)
        or "<" in email
        or ">" in email
    ):
        raise ValueError("not an e-mail address")
    return email


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a member needs a name")
    if len(cleaned) > limits.NAME or not limits.is_clean(cleaned):
        raise ValueError(f"a name is one line of at most {limits.NAME} characters")
    return cleaned


class MemberRegistry:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock = clock or (lambda: datetime.now(UTC))

    def add(self, *, email: str, name: str, role: str = "member") -> tuple[Member, str]:
        """Creates a member; returns it with its API token (shown once, stored as a hash)."""
        try:
            with self.sessions.begin() as session:
                return self.add_in(session, email=email, name=name, role=role)
        except IntegrityError:
            raise MemberExists(f"a member with e-mail {email.strip().lower()} exists") from None

    def add_in(
        self, session: Session, *, email: str, name: str, role: str = "member"
    ) -> tuple[Member, str]:
        """:meth:`add` inside the caller's transaction (which commits it, or not at all);
        an e-mail address taken raises ``IntegrityError`` there."""
        if role not in ROLES:
            raise ValueError(f"role is one of {', '.join(ROLES)}")
        email, name = check_email(email), check_name(name)
        token = secrets.token_urlsafe(32)
        now = self.clock()
        record = MemberRecord(id=uuid4(), email=email, name=name, role=role, created_at=now)
        session.add(record)
        session.flush()
        session.add(self._token_record(record.id, token, "first token", now, None))
        return _member(record), token

    @staticmethod
    def _token_record(
        member_id: UUID, token: str, name: str, now: datetime, expires_at: datetime | None
    ) -> ApiTokenRecord:
        return ApiTokenRecord(
            id=uuid4(),
            member_id=member_id,
            token_hash=hash_token(token),
            name=name,
            created_at=now,
            expires_at=expires_at,
        )

    def ensure(self, member: Member, token: str) -> None:
        """Adds the member with this id unless it is there (the simulator's members)."""
        with self.sessions.begin() as session:
            if session.get(MemberRecord, member.id) is None:
                now = self.clock()
                session.add(
                    MemberRecord(
                        id=member.id,
                        email=member.email,
                        name=member.name,
                        role=member.role,
                        created_at=now,
                    )
                )
                session.flush()
                session.add(self._token_record(member.id, token, "first token", now, None))

    # -- API tokens --------------------------------------------------------------------

    def by_token(self, token: str) -> Member | None:
        """The member of a live API token (not revoked, not expired): one indexed query,
        run as a Core statement (a seventh of what the same query cost through an ORM
        session, and every API request asks it)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                _BY_TOKEN, {"token_hash": hash_token(token), "now": self.clock()}
            ).first()
        return Member(*row) if row else None

    def token_expiry(self, token: str) -> datetime | None:
        """When a token stops working (None: never, or no such token)."""
        with self.sessions() as session:
            return session.scalar(
                select(ApiTokenRecord.expires_at).where(
                    ApiTokenRecord.token_hash == hash_token(token)
                )
            )

    def tokens(self, member_id: UUID) -> list[ApiToken]:
        with self.sessions() as session:
            records = session.scalars(
                select(ApiTokenRecord)
                .where(ApiTokenRecord.member_id == member_id)
                .order_by(ApiTokenRecord.created_at, ApiTokenRecord.name, ApiTokenRecord.id)
            ).all()
            return [ApiToken(r.id, r.name, r.created_at, r.expires_at) for r in records]

    def create_token(
        self, member_id: UUID, name: str, expires_at: datetime | None = None
    ) -> tuple[ApiToken, str]:
        """A new token for the member; returned once, kept only as a hash."""
        name = " ".join(name.split()) or "token"
        if len(name) > TOKEN_NAME or not limits.is_clean(name):
            raise ValueError(f"a token's name is one line of at most {TOKEN_NAME} characters")
        now = self.clock()
        if expires_at is not None and expires_at <= now:
            raise ValueError("the expiry must be in the future")
        token = secrets.token_urlsafe(32)
        record = self._token_record(member_id, token, name, now, expires_at)
        with self.sessions.begin() as session:
            count = session.scalar(
                select(func.count()).where(ApiTokenRecord.member_id == member_id)
            )
            if (count or 0) >= MAX_TOKENS:
                raise ValueError(f"a member has at most {MAX_TOKENS} tokens")
            session.add(record)
        return ApiToken(record.id, name, now, expires_at), token

    def revoke_token(self, member_id: UUID, token_id: UUID) -> bool:
        with self.sessions.begin() as session:
            result = session.execute(
                delete(ApiTokenRecord).where(
                    ApiTokenRecord.id == token_id, ApiTokenRecord.member_id == member_id
                )
            )
            return bool(rowcount(result))

    def revoke_all(self, member_id: UUID) -> int:
        with self.sessions.begin() as session:
            result = session.execute(
                delete(ApiTokenRecord).where(ApiTokenRecord.member_id == member_id)
            )
            return rowcount(result)

    # -- reading and changing members ---------------------------------------------------

    def by_email(self, email: str) -> Member | None:
        with self.sessions() as session:
            record = session.scalar(
                select(MemberRecord).where(MemberRecord.email == email.strip().lower())
            )
            return _member(record) if record else None

    def get(self, member_id: UUID) -> Member | None:
        with self.engine.connect() as connection:
            row = connection.execute(_BY_ID, {"member_id": member_id}).first()
        return Member(*row) if row else None

    def created_at(self, member_id: UUID) -> datetime | None:
        with self.sessions() as session:
            record = session.get(MemberRecord, member_id)
            return record.created_at if record else None

    def names(self, member_ids: Iterable[UUID]) -> dict[UUID, str]:
        """The names of the given members (those that exist)."""
        wanted = set(member_ids)
        if not wanted:
            return {}
        with self.sessions() as session:
            rows = session.execute(
                select(MemberRecord.id, MemberRecord.name).where(MemberRecord.id.in_(wanted))
            )
            return {member_id: name for member_id, name in rows}

    def search(self, text: str, limit: int = 20) -> list[Member]:
        """Members whose name or e-mail address contains the text, in any case (Å as å:
        compared by Python's casefold, since SQLite's lower() knows only ASCII). Hosts
        search seldom, and a municipality's members are thousands, so the names are read
        in one pass."""
        wanted = text.casefold()
        found: list[Member] = []
        with self.engine.connect() as connection:
            for row in connection.execute(select(*_COLUMNS).order_by(MemberRecord.name)):
                member = Member(*row)
                if wanted in member.name.casefold() or wanted in member.email.casefold():
                    found.append(member)
                    if len(found) >= limit:
                        break
        return found

    def all(self, limit: int = 1000) -> list[Member]:
        with self.sessions() as session:
            records = session.scalars(
                select(MemberRecord).order_by(MemberRecord.name, MemberRecord.email).limit(limit)
            ).all()
            return [_member(r) for r in records]

    def count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(MemberRecord)) or 0)

    def set_role(self, member_id: UUID, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"role is one of {', '.join(ROLES)}")
        self._set(member_id, role=role)

    def set_name(self, member_id: UUID, name: str) -> None:
        self._set(member_id, name=check_name(name))

    def set_email(self, member_id: UUID, email: str) -> None:
        try:
            self._set(member_id, email=check_email(email))
        except IntegrityError:
            raise MemberExists("a member with that e-mail exists") from None

    def _set(self, member_id: UUID, **values: str) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(MemberRecord).where(MemberRecord.id == member_id).values(**values)
            )

    def delete(self, member_id: UUID) -> None:
        """Deletes the member and their API tokens (erasure: see the accounts)."""
        with self.sessions.begin() as session:
            session.execute(delete(ApiTokenRecord).where(ApiTokenRecord.member_id == member_id))
            session.execute(delete(MemberRecord).where(MemberRecord.id == member_id))


_COLUMNS = (MemberRecord.id, MemberRecord.email, MemberRecord.name, MemberRecord.role)
_BY_TOKEN = (
    select(*_COLUMNS)
    .join(ApiTokenRecord, ApiTokenRecord.member_id == MemberRecord.id)
    .where(
        ApiTokenRecord.token_hash == bindparam("token_hash"),
        or_(ApiTokenRecord.expires_at.is_(None), ApiTokenRecord.expires_at > bindparam("now")),
    )
)
_BY_ID = select(*_COLUMNS).where(MemberRecord.id == bindparam("member_id"))


def _member(record: MemberRecord) -> Member:
    return Member(id=record.id, email=record.email, name=record.name, role=record.role)
