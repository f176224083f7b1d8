"""Members: personal data (name, e-mail) and credentials, kept outside the event store so
that they can be erased without rewriting history. Events carry only member ids."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine, String, Uuid, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from projections.db import UTCDateTime

ROLES = ("member", "host", "evaluator", "admin")


class RegistryBase(DeclarativeBase):
    """Tables that are not views: never dropped by a rebuild."""


class MemberRecord(RegistryBase):
    __tablename__ = "member"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


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

    def create_tables(self) -> None:
        RegistryBase.metadata.create_all(self.engine)

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
        return self._member(record), token

    def by_token(self, token: str) -> Member | None:
        with self.sessions() as session:
            record = session.scalar(
                select(MemberRecord).where(MemberRecord.token_hash == hash_token(token))
            )
            return self._member(record) if record else None

    def get(self, member_id: UUID) -> Member | None:
        with self.sessions() as session:
            record = session.get(MemberRecord, member_id)
            return self._member(record) if record else None

    def count(self) -> int:
        with self.sessions() as session:
            return len(session.scalars(select(MemberRecord.id)).all())

    @staticmethod
    def _member(record: MemberRecord) -> Member:
        return Member(id=record.id, email=record.email, name=record.name, role=record.role)
