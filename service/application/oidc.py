"""Signing in through an OpenID Connect provider (a municipality's Entra ID, an e-ID
broker), beside passwords: the authorization code flow (``service.registry.oidc_provider``
talks to the provider; these use cases block on it, so the adapters run them in a thread).

A person is known by (issuer, subject). The first time, they are linked to the member with
their e-mail address only when the provider says that the address is verified; otherwise a
new member is made, unless the address belongs to someone already (then the sign-in is
refused: it cannot be told whose it is). Roles come from a configured claim where the token
gives it: the highest of grannskap's roles it names, or member when it names none."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from domain import limits
from service.application.accounts import SignedIn
from service.application.context import Context
from service.registry.members import Member, MemberExists, check_email, check_name
from service.registry.oidc import Pending
from service.registry.oidc_provider import OidcConfig, OidcRefused, Provider

BY_POWER = ("member", "evaluator", "host", "admin")  # a claim naming several gives the last

# -- the use cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    """Where to send the browser, and the state to keep in its cookie."""

    url: str
    state: str


def begin(ctx: Context, next_path: str, client: str = "") -> Started:
    """A new sign-in at the provider: fresh state, nonce and PKCE verifier, kept once.
    Each start keeps a row, so starts are counted per client address as sign-ins are
    (``Throttled`` while it must wait)."""
    provider = _provider(ctx)
    ctx.accounts.throttle.claim_client(client, purpose="oidc")
    if len(next_path) > limits.LOCAL_PATH or not limits.is_clean(next_path):
        next_path = "/"  # the adapters give a local path; one that cannot be kept is none
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    url = provider.authorization_url(state, nonce, verifier)
    ctx.oidc_records.remember(state, Pending(nonce, verifier, next_path))
    return Started(url, state)


def complete(
    ctx: Context, state: str, browser_state: str | None, code: str, previous: str | None
) -> tuple[SignedIn, str]:
    """The provider sent the browser back: the state must be this browser's and unused;
    the code is exchanged and the ID token checked; the member signed in. Returns the new
    session and where to go next."""
    if not state or not browser_state or not secrets.compare_digest(state, browser_state):
        raise OidcRefused("state", "the state is not this browser's")
    pending = ctx.oidc_records.take(state)
    if pending is None:
        raise OidcRefused("state", "unknown, used or expired state")
    if not code:
        raise OidcRefused("provider", "no code")
    provider = _provider(ctx)
    answer = provider.exchange(code, pending.verifier)
    claims = provider.claims(answer["id_token"], pending.nonce)
    member = _member_for(ctx, provider.config, claims)
    token = ctx.accounts.start_session(member.id)
    if previous:
        ctx.accounts.end_session(previous)
    return SignedIn(member, token), pending.next_path


def _member_for(ctx: Context, config: OidcConfig, claims: dict[str, Any]) -> Member:
    records = ctx.oidc_records
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    if not (_fits(issuer, limits.OIDC_ISSUER) and _fits(subject, limits.OIDC_SUBJECT)):
        raise OidcRefused("token", "an issuer or subject that cannot be kept")
    known = records.member_of(issuer, subject)
    member = ctx.members.get(known) if known is not None else None
    if member is None:
        member = _first_time(ctx, claims)
        linked = records.link(issuer, subject, member.id)
        member = ctx.members.get(linked) or member
    role = _role(config, claims)
    if role is not None and role != member.role:
        ctx.members.set_role(member.id, role)
        member = Member(member.id, member.email, member.name, role)
    return member


def _fits(text: str, length: int) -> bool:
    return 0 < len(text) <= length and limits.is_clean(text)


def _first_time(ctx: Context, claims: dict[str, Any]) -> Member:
    raw = claims.get("email")
    try:
        email = check_email(raw) if isinstance(raw, str) else None
    except ValueError:
        email = None
    if email is None:
        raise OidcRefused("no-email", "the provider gave no usable e-mail address")
    existing = ctx.members.by_email(email)
    if existing is not None:
        if claims.get("email_verified") is True:
            return existing
        raise OidcRefused("email-taken", "an unverified address that a member has")
    try:
        name = check_name(str(claims.get("name") or email.split("@")[0]))
    except ValueError:
        name = email.split("@")[0]
    try:
        member, _ = ctx.members.add(email=email, name=name)
    except MemberExists:
        raise OidcRefused("email-taken", "the address was taken meanwhile") from None
    return member


def _role(config: OidcConfig, claims: dict[str, Any]) -> str | None:
    """The highest of grannskap's roles that the configured claim names, if it is given."""
    if not config.role_claim or config.role_claim not in claims:
        return None
    value = claims[config.role_claim]
    listed = value if isinstance(value, list) else [value]
    named = {v for v in listed if isinstance(v, str)}
    found = [r for r in BY_POWER if r in named]
    return found[-1] if found else "member"


def _provider(ctx: Context) -> Provider:
    if ctx.oidc is None:
        raise OidcRefused("provider", "no OIDC provider is configured")
    return ctx.oidc


def offered(ctx: Context) -> str | None:
    """The name the sign-in page gives the provider, or None when there is none."""
    return (ctx.oidc.config.name or "OpenID Connect") if ctx.oidc is not None else None


def passwords_allowed(ctx: Context) -> bool:
    return ctx.password_sign_in


__all__ = ["OidcConfig", "OidcRefused", "Started", "begin", "complete", "offered"]
