"""Members and their accounts: adding members, passwords, signing up and in and out,
invitation codes and open sign-up, and what is held about a member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode
from uuid import UUID

from projections.queries import BookingView
from service.application.access import require_manager_of
from service.application.context import AccountMail, Context
from service.application.errors import NotFound
from service.registry.accounts import Account, Invitation, SignUpRefused
from service.registry.members import Member, check_email


@dataclass(frozen=True)
class SignUp:
    email: str
    name: str
    password: str
    invitation_code: str = ""
    site_id: UUID | None = None
    language: str = "sv"  # of the page signed up on: what messages are sent in


@dataclass(frozen=True)
class SignedIn:
    member: Member
    session_token: str
    home_site_id: UUID | None = None


@dataclass(frozen=True)
class MyData:
    """Everything held about a member outside the event store, and their bookings."""

    account: Account
    home_site_name: str | None
    sessions: int
    calendar_feed_since: datetime | None
    bookings: list[BookingView]


def add_member(ctx: Context, email: str, name: str, role: str = "member") -> tuple[Member, str]:
    """Adds a member; returns it with its API token (shown once, kept only as a hash)."""
    return ctx.members.add(email=email, name=name, role=role)


def set_password(ctx: Context, email: str, password: str) -> Member:
    """Sets a member's password for the web pages; every browser of theirs is signed out."""
    member = ctx.members.by_email(email)
    if member is None:
        raise NotFound("member")
    ctx.accounts.set_password(member.id, password)
    return member


def sign_up(ctx: Context, command: SignUp) -> SignedIn:
    """A new member with a password, signed in. Needs a valid invitation code, or a site
    that allows open sign-up."""
    member = ctx.accounts.sign_up(
        email=command.email,
        name=command.name,
        password=command.password,
        site_id=command.site_id,
        invitation_code=command.invitation_code,
    )
    ctx.accounts.set_preferences(member.id, language=command.language)
    account = ctx.accounts.account(member.id)
    token = ctx.accounts.start_session(member.id)
    return SignedIn(member, token, account.home_site_id if account else None)


def sign_in(ctx: Context, email: str, password: str, client: str, previous: str | None) -> SignedIn:
    """A new session for the member whose password this is (``Throttled`` while recent
    failures make them wait; ``SignUpRefused("wrong-password")`` otherwise). A session the
    browser had before is ended."""
    member = ctx.accounts.authenticate(email, password, client)
    if member is None:
        raise SignUpRefused("wrong-password", "password")
    token = ctx.accounts.start_session(member.id)
    if previous:
        ctx.accounts.end_session(previous)
    return SignedIn(member, token)


def start_session(ctx: Context, actor: Member) -> str:
    """A new browser session for the member (after a change that signed them out)."""
    return ctx.accounts.start_session(actor.id)


def sign_out(ctx: Context, session_token: str) -> None:
    ctx.accounts.end_session(session_token)


def session_member(ctx: Context, session_token: str) -> Member | None:
    return ctx.accounts.session_member(session_token)


def token_member(ctx: Context, api_token: str) -> Member | None:
    """The member a live API token belongs to (looked up every time: a revoked token stops
    at once in every process)."""
    if len(api_token) > 200:
        return None
    return ctx.members.by_token(api_token)


def language_of(ctx: Context, member_id: UUID) -> str:
    """The language a member is told things in (Swedish unless they chose otherwise)."""
    return ctx.accounts.preferences(member_id).language


# -- who may sign up -------------------------------------------------------------------------


def create_invitation(
    ctx: Context, actor: Member, site_id: UUID, uses: int = 1, days: int = 30
) -> Invitation:
    require_manager_of(ctx, actor, site_id)
    ctx.store.site(site_id)
    return ctx.accounts.create_invitation(site_id, actor.id, uses=uses, days=days)


def invite_by_email(
    ctx: Context, actor: Member, site_id: UUID, email: str, language: str = "sv"
) -> Invitation:
    """An invitation code for one person, sent to their e-mail address with a link that
    fills it in (valid 30 days)."""
    require_manager_of(ctx, actor, site_id)
    site = ctx.queries.site(site_id)
    if site is None:
        raise NotFound("site")
    try:
        address = check_email(email)
    except ValueError:
        raise SignUpRefused("email-invalid", "email") from None
    invitation = ctx.accounts.create_invitation(site_id, actor.id, uses=1, days=30)
    ctx.send_mail(
        AccountMail(
            kind="invitation",
            key=invitation.code,
            to=address,
            name="",
            language=language,
            link=f"{ctx.public_url}/sign-up?{urlencode({'code': invitation.code, 'email': address})}",
            detail=site.name,
        )
    )
    return invitation


def withdraw_invitation(ctx: Context, actor: Member, site_id: UUID, code: str) -> None:
    require_manager_of(ctx, actor, site_id)
    ctx.accounts.withdraw_invitation(site_id, code)


def invitations(ctx: Context, actor: Member, site_id: UUID) -> list[Invitation]:
    require_manager_of(ctx, actor, site_id)
    return ctx.accounts.invitations(site_id)


def set_open_sign_up(ctx: Context, actor: Member, site_id: UUID, open_: bool) -> None:
    require_manager_of(ctx, actor, site_id)
    ctx.store.site(site_id)
    ctx.accounts.set_open_sign_up(site_id, open_)


def open_sign_up(ctx: Context, site_id: UUID) -> bool:
    return ctx.accounts.open_sign_up(site_id)


def open_sign_up_sites(ctx: Context) -> set[UUID]:
    return ctx.accounts.open_sign_up_sites()


def my_data_feed_since(ctx: Context, actor: Member) -> datetime | None:
    """When the member's calendar feed URL was issued (None: it never was)."""
    return ctx.feed_tokens.issued_at("member", actor.id)


# -- what is held about me -------------------------------------------------------------------


def my_data(ctx: Context, actor: Member) -> MyData:
    account = ctx.accounts.account(actor.id)
    if account is None:
        raise NotFound("member")
    home = ctx.queries.site(account.home_site_id) if account.home_site_id else None
    return MyData(
        account=account,
        home_site_name=home.name if home else None,
        sessions=ctx.accounts.session_count(actor.id),
        calendar_feed_since=ctx.feed_tokens.issued_at("member", actor.id),
        bookings=ctx.queries.member_bookings(actor.id, since=None, limit=5000),
    )
