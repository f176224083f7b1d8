"""Calendar subscriptions: secret feed URLs for members and hosts, what a feed shows, and
one booking as a calendar entry.

A feed is opened by its token alone. The token is looked up first, with one indexed query,
so an unknown token is answered at once and never waits for anything; only a known feed
waits (bounded) for the calendar view to show what the store had when it was asked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain import limits
from projections.queries import FeedEntry
from service.application.access import may_see_booking, require_manager_of, require_site_manager
from service.application.context import Context
from service.application.errors import NotFound
from service.registry.feeds import Issued, Link
from service.registry.members import Member

# Bumped when the rendering changes, so that clients fetch every feed again.
RENDERING = "3"


@dataclass(frozen=True)
class FeedState:
    """What a conditional request needs: enough to tell whether anything changed."""

    feed_kind: str
    subject_id: UUID
    version: int
    last_modified: datetime
    last_expiry: datetime | None

    language: str = "sv"

    def etag(self, base_url: str) -> str:
        expiry = self.last_expiry.isoformat() if self.last_expiry else "-"
        key = (
            f"{RENDERING}|{self.feed_kind}|{self.subject_id}|{self.version}|{expiry}|{base_url}"
            f"|{self.language}"
        )
        return hashlib.sha256(key.encode()).hexdigest()[:24]


def my_feed(ctx: Context, actor: Member) -> Issued:
    """The member's feed: issued on first asking; afterwards only when it was issued."""
    return ctx.feed_tokens.issue_if_none("member", actor.id)


def rotate_my_feed(ctx: Context, actor: Member) -> Issued:
    """A new feed URL for the member; the old one stops at once."""
    return ctx.feed_tokens.rotate("member", actor.id)


@dataclass(frozen=True)
class MyLinks:
    """The member's calendar links: the first one (if it was issued) and the named ones.
    Their URLs are shown only when issued."""

    first: Link | None
    named: list[Link]


def my_links(ctx: Context, actor: Member, first_name: str = "") -> MyLinks:
    return MyLinks(
        ctx.feed_tokens.first_link(actor.id, first_name), ctx.feed_tokens.links(actor.id)
    )


def add_my_link(ctx: Context, actor: Member, name: str) -> Issued | None:
    """A new named link to the member's feed; None when one of that name exists already
    (the same form sent again) or the member has as many as allowed."""
    cleaned = limits.one_line(name, about="name", length=100, required=True)
    return ctx.feed_tokens.add_link(actor.id, cleaned)


def renew_my_link(ctx: Context, actor: Member, link_id: UUID | None, seen: str) -> Issued | None:
    """A new URL for one link (``None``: the first), only if it is still the one ``seen``
    (``Link.mark``; "" for a first link not issued yet): a confirmation sent again (a
    reloaded page) renews nothing and gives None."""
    if link_id is None:
        return ctx.feed_tokens.rotate_seen("member", actor.id, seen)
    return ctx.feed_tokens.rotate_link(actor.id, link_id, seen)


def revoke_my_link(ctx: Context, actor: Member, link_id: UUID | None) -> None:
    """Stops one link (``None``: the first); the others keep working."""
    if link_id is None:
        ctx.feed_tokens.revoke("member", actor.id)
    else:
        ctx.feed_tokens.revoke_link(actor.id, link_id)


def rotate_busy_feed(ctx: Context, actor: Member, feed_kind: str, subject_id: UUID) -> Issued:
    """A new busy-block feed URL for a resource or a site (hosts)."""
    require_site_manager(actor)
    if feed_kind == "site":
        if ctx.queries.site(subject_id) is None:
            raise NotFound("site")
        require_manager_of(ctx, actor, subject_id)
    elif feed_kind == "resource":
        require_manager_of(ctx, actor, ctx.store.resource(subject_id).site_id)
    else:
        raise NotFound("calendar feed")
    return ctx.feed_tokens.rotate(feed_kind, subject_id)


def feed(ctx: Context, token: str) -> FeedState:
    """The state of the feed a token opens; ``NotFound`` at once for any other token.
    A feed is read anonymously (the token is the credential), so it never waits for the
    calendar view: it shows what the view has, and the calendar asks again later."""
    key = ctx.feed_tokens.lookup(token)
    if key is None or key.feed_kind not in ("member", "resource", "site"):  # not a screen's
        raise NotFound("calendar feed")
    version = ctx.queries.feed_version(key.feed_kind, key.subject_id, ctx.now())
    last_modified = version.last_modified or key.issued_at
    if version.last_expiry is not None:
        last_modified = max(last_modified, version.last_expiry)
    return FeedState(
        key.feed_kind,
        key.subject_id,
        version.version,
        last_modified,
        version.last_expiry,
        key.language,
    )


def feed_entries(ctx: Context, state: FeedState) -> list[FeedEntry]:
    return ctx.queries.feed_entries(state.feed_kind, state.subject_id, ctx.now())


def feed_name(ctx: Context, state: FeedState) -> str:
    return ctx.queries.feed_subject_name(state.feed_kind, state.subject_id) or "grannskap"


def _hosts_booking(ctx: Context, actor: Member, booking_id: UUID) -> bool:
    view = ctx.queries.booking(booking_id)
    return view is not None and may_see_booking(ctx, actor, view.member_id, view.site_id)


def booking_entry(ctx: Context, actor: Member, booking_id: UUID) -> FeedEntry:
    """One booking as a calendar entry: the member's own, or any for a host."""
    ctx.wait_for_view("calendar")
    found = ctx.queries.feed_booking(booking_id)
    if found is None or (found[0] != actor.id and not _hosts_booking(ctx, actor, booking_id)):
        raise NotFound("booking")
    return found[1]
