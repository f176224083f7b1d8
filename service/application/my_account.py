"""Accounts people own: a forgotten password reset by a single-use link, a new password,
name or e-mail address (confirmed by a link to the new address), their language and
reminders, their own API tokens, and an export of everything held about them. Admins give
roles and revoke anyone's tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from service.application.access import require_admin
from service.application.context import AccountMail, Context
from service.application.errors import InvalidRequest, NotFound
from service.registry.accounts import Preferences, SignUpRefused
from service.registry.links import Links
from service.registry.members import ApiToken, Member, MemberExists, check_email


def _links(ctx: Context) -> Links:
    if ctx.links is None:
        raise RuntimeError("the context has no links")
    return ctx.links


# -- passwords ---------------------------------------------------------------------------------


def request_password_reset(ctx: Context, email: str, client: str = "") -> None:
    """Asks for a single-use link (valid one hour) to be sent if a member has that address.
    Says nothing either way, and does the same work either way: the request is counted by
    the throttle (``Throttled`` while it makes the address or client wait) and put in the
    mail outbox, where the mail job composes the link for a member or drops the request.
    So neither the answer nor its time tells whether an address is known. Text that cannot
    be an address (control characters, too long) is refused: ``SignUpRefused``."""
    try:
        address = check_email(email)
    except ValueError:
        raise SignUpRefused("email-invalid", "email") from None
    ctx.accounts.throttle.claim(address, client, purpose="reset")
    ctx.ask_for_reset(address)


def reset_link_is_live(ctx: Context, token: str) -> bool:
    return _links(ctx).reset_member(token) is not None


def reset_password(ctx: Context, token: str, password: str) -> Member:
    """Sets a new password with a live reset link, once; every browser is signed out."""
    ctx.accounts.check_password_rules(password)
    member_id = _links(ctx).use_reset(token)
    member = ctx.members.get(member_id) if member_id else None
    if member is None:
        raise SignUpRefused("link-invalid", "token")
    ctx.accounts.set_password(member.id, password)
    return member


def change_password(ctx: Context, actor: Member, current: str, new: str) -> None:
    """A new password, given the current one; every other browser is signed out."""
    if not ctx.accounts.check_password(actor.id, current):
        raise SignUpRefused("wrong-password", "current_password")
    ctx.accounts.set_password(actor.id, new)


# -- name, e-mail address, language, reminders ----------------------------------------------------


def change_name(ctx: Context, actor: Member, name: str) -> None:
    try:
        ctx.members.set_name(actor.id, name)
    except ValueError:
        raise SignUpRefused("name-missing", "name") from None


def request_email_change(ctx: Context, actor: Member, new_email: str) -> None:
    """Sends a confirmation link to the new address; the address changes when it is
    followed (so nobody can put an address they do not own on an account)."""
    try:
        email = check_email(new_email)
    except ValueError:
        raise SignUpRefused("email-invalid", "email") from None
    if ctx.members.by_email(email) is not None:
        raise SignUpRefused("email-taken", "email")
    token = _links(ctx).new_email_change(actor.id, email)
    ctx.send_mail(
        AccountMail(
            kind="email-change",
            key=secrets.token_hex(8),
            to=email,
            name=actor.name,
            language=ctx.accounts.preferences(actor.id).language,
            link=f"{ctx.public_url}/confirm-email?token={token}",
            member_id=actor.id,
        )
    )


def confirm_email_change(ctx: Context, token: str) -> Member:
    change = _links(ctx).use_email_change(token)
    if change is None:
        raise SignUpRefused("link-invalid", "token")
    try:
        ctx.members.set_email(change.member_id, change.new_email)
    except MemberExists:
        raise SignUpRefused("email-taken", "email") from None
    member = ctx.members.get(change.member_id)
    if member is None:
        raise SignUpRefused("link-invalid", "token")
    return member


def set_preferences(
    ctx: Context,
    actor: Member,
    language: str | None = None,
    reminders: bool | None = None,
    reminder_same_day: bool | None = None,
    check_in_nudge: bool | None = None,
) -> None:
    """Changes the preferences given (None: kept)."""
    ctx.accounts.set_preferences(actor.id, language, reminders, reminder_same_day, check_in_nudge)


def preferences(ctx: Context, actor: Member) -> Preferences:
    return ctx.accounts.preferences(actor.id)


# -- API tokens ---------------------------------------------------------------------------------


def my_tokens(ctx: Context, actor: Member) -> list[ApiToken]:
    return ctx.members.tokens(actor.id)


def create_token(
    ctx: Context,
    actor: Member,
    name: str,
    expires_at: datetime | None = None,
    made_with: str | None = None,
) -> tuple[ApiToken, str]:
    """A new API token, shown once. Made with an API token (``made_with``), it cannot
    outlive that token: without an expiry it ends when that one does, and a later expiry
    is refused."""
    if made_with is not None:
        limit = ctx.members.token_expiry(made_with)
        if limit is not None:
            if expires_at is None:
                expires_at = limit
            elif expires_at > limit:
                raise InvalidRequest(
                    "a token cannot outlive the token that makes it", about="expires_at"
                )
    try:
        return ctx.members.create_token(actor.id, name, expires_at)
    except ValueError as error:
        about = "expires_at" if "expiry" in str(error) else "name"
        raise InvalidRequest(str(error), about=about) from None


def revoke_token(ctx: Context, actor: Member, token_id: UUID) -> None:
    if not ctx.members.revoke_token(actor.id, token_id):
        raise NotFound("token")


# -- admins -------------------------------------------------------------------------------------


def members(ctx: Context, actor: Member) -> list[Member]:
    require_admin(actor)
    return ctx.members.all()


def member(ctx: Context, actor: Member, member_id: UUID) -> Member:
    require_admin(actor)
    found = ctx.members.get(member_id)
    if found is None:
        raise NotFound("member")
    return found


def set_role(ctx: Context, actor: Member, member_id: UUID, role: str) -> Member:
    """Gives a member a role. An admin cannot take away their own admin role (so there
    is always one left to give it back)."""
    target = member(ctx, actor, member_id)
    if target.id == actor.id and role != "admin":
        raise InvalidRequest("you cannot take away your own admin role", about="role")
    try:
        ctx.members.set_role(member_id, role)
    except ValueError as error:
        raise InvalidRequest(str(error), about="role") from None
    return member(ctx, actor, member_id)


def revoke_tokens_of(ctx: Context, actor: Member, member_id: UUID) -> int:
    member(ctx, actor, member_id)
    return ctx.members.revoke_all(member_id)


# -- everything held about me -------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """Everything held about a member, as plain data."""

    data: dict[str, Any]


def export(ctx: Context, actor: Member) -> Export:
    from service.application.accounts import my_data

    mine = my_data(ctx, actor)
    account = mine.account
    preferences = ctx.accounts.preferences(actor.id)
    return Export(
        {
            "member": {
                "id": str(actor.id),
                "email": account.member.email,
                "name": account.member.name,
                "role": account.member.role,
            },
            "account": {
                "has_password": account.has_password,
                "home_site": mine.home_site_name,
                "invitation_code": account.invitation_code,
                "created_at": account.created_at.isoformat() if account.created_at else None,
                "language": preferences.language,
                "reminders": preferences.reminders,
            },
            "sessions": mine.sessions,
            "calendar_feed_since": mine.calendar_feed_since.isoformat()
            if mine.calendar_feed_since
            else None,
            "calendar_links": [
                {"id": str(k.id), "name": k.name, "issued_at": k.issued_at.isoformat()}
                for k in ctx.feed_tokens.links(actor.id)
            ],
            "shown_on_whos_in": ctx.presence.is_shown(actor.id),
            "sites_assigned": sorted(str(s) for s in ctx.sites.sites_of(actor.id)),
            "sign_in_identities": [
                {"issuer": issuer, "subject": subject}
                for issuer, subject in ctx.oidc_records.identities(actor.id)
            ],
            "api_tokens": [
                {
                    "id": str(t.id),
                    "name": t.name,
                    "created_at": t.created_at.isoformat(),
                    "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                }
                for t in ctx.members.tokens(actor.id)
            ],
            "bookings": [
                {
                    "id": str(b.id),
                    "site_id": str(b.site_id),
                    "resource_id": str(b.resource_id),
                    "kind": b.kind,
                    "start": b.start.isoformat(),
                    "end": b.end.isoformat(),
                    "quantity": b.quantity,
                    "status": b.status,
                    "placed_at": b.placed_at.isoformat(),
                    "checked_in_at": b.checked_in_at.isoformat() if b.checked_in_at else None,
                    "cancel_reason": b.cancel_reason,
                    "cancel_note": b.cancel_note,
                }
                for b in mine.bookings
            ],
        }
    )
