"""Members: personal data (name, e-mail) and credentials, kept outside the event store so
that they can be erased without rewriting history. Events carry only member ids."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from service.registry.tables import MemberRecord

ROLES = ("member", "host", "evaluator", "admin")
REMEMBER_TOKENS = 30.0  # seconds a looked-up API token is remembered
MAX_REMEMBERED = 10_000


@dataclass(frozen=True)
class Member:
    id: UUID
    email: str
    name: str
    role: str

    def is_host(self) -> bool:
        return self.role in ("host", "admin")


class MemberExists(ValueError):
    pass


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class MemberRegistry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._tokens: dict[str, tuple[float, Member]] = {}

    def add(self, *, email: str, name: str, role: str = "member") -> tuple[Member, str]:
        """Creates a member; returns it with its API token (shown once, stored as a hash)."""
        if role not in ROLES:
            raise ValueError(f"role is one of {', '.join(ROLES)}")
        email = email.strip().lower()
        if "@" not in email or len(email) > 320:
            raise ValueError("not an e-mail address")
        if not name.strip():
            raise ValueError("a member needs a name")
        token = secrets.token_urlsafe(32)
        record = MemberRecord(
            id=uuid4(),
            email=email,
            name=name.strip(),
            role=role,
            token_hash=hash_token(token),
            created_at=datetime.now(UTC),
        )
        try:
            with self.sessions.begin() as session:
                session.add(record)
        except IntegrityError:
            raise MemberExists(f"a member with e-mail {email} exists") from None
        return _member(record), token

    def ensure(self, member: Member, token: str) -> None:
        """Adds the member with this id unless it is there (the simulator's members)."""
        with self.sessions.begin() as session:
            if session.get(MemberRecord, member.id) is None:
                session.add(
                    MemberRecord(
                        id=member.id,
                        email=member.email,
                        name=member.name,
                        role=member.role,
                        token_hash=hash_token(token),
                        created_at=datetime.now(UTC),
                    )
                )

    def by_token(self, token: str) -> Member | None:
        """The member of an API token; remembered for a while, so most requests skip the
        database (see :meth:`remembered`)."""
        with self.sessions() as session:
            record = session.scalar(
                select(MemberRecord).where(MemberRecord.token_hash == hash_token(token))
            )
        if record is None:
            return None
        member = _member(record)
        if len(self._tokens) >= MAX_REMEMBERED:
            self._tokens.clear()
        self._tokens[token] = (time.monotonic(), member)
        return member

    def remembered(self, token: str) -> Member | None:
        """The member of a token looked up less than 30 seconds ago, without any I/O."""
        hit = self._tokens.get(token)
        if hit is None or time.monotonic() - hit[0] >= REMEMBER_TOKENS:
            return None
        return hit[1]

    def by_email(self, email: str) -> Member | None:
        with self.sessions() as session:
            record = session.scalar(
                select(MemberRecord).where(MemberRecord.email == email.strip().lower())
            )
            return _member(record) if record else None

    def get(self, member_id: UUID) -> Member | None:
        with self.sessions() as session:
            record = session.get(MemberRecord, member_id)
            return _member(record) if record else None

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

    def count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(MemberRecord)) or 0)


def _member(record: MemberRecord) -> Member:
    return Member(id=record.id, email=record.email, name=record.name, role=record.role)
