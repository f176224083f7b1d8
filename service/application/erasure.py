"""Erasing a member (GDPR art. 17): by the member themselves, by an admin, or from the
command line. Access stops first (tokens revoked, browsers signed out), then the bookings
that have not ended are cancelled (their resources freed, with the reason "the account was
erased", about which no message is sent), then every record that names the person is
deleted. The event history keeps only the pseudonymous member id, so the evaluators'
reports do not change."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.booking import ACCOUNT_ERASED
from service.application.access import require_admin
from service.application.context import Context
from service.application.disruptions import cancel_bookings
from service.application.errors import NotFound
from service.registry.erasure import erase_records, stop_access
from service.registry.members import Member


@dataclass(frozen=True)
class Erased:
    member_id: UUID
    cancelled: int


def erase_member(ctx: Context, actor: Member, member_id: UUID) -> Erased:
    """The member themselves, or an admin, erases the account."""
    if actor.id != member_id:
        require_admin(actor)
    target = ctx.members.get(member_id)
    if target is None:
        raise NotFound("member")
    engine = ctx.members.engine
    stop_access(engine, member_id)
    ctx.wait_for_reads(ctx.store.position)
    now = ctx.now()
    active = [
        b.id
        for b in ctx.queries.member_bookings(member_id, since=now, limit=100_000)
        if b.status == "confirmed"
    ]
    cancelled = cancel_bookings(ctx, actor, active, ACCOUNT_ERASED) if active else 0
    erase_records(engine, member_id, target.email)
    ctx.sites.forget(member_id)
    ctx.oidc_records.forget(member_id)
    return Erased(member_id, cancelled)
