"""Hosts per site: an admin assigns hosts (and evaluators) to sites; hosts find members by
name or address to book on their behalf."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from domain import limits
from projections.queries import SiteView
from service.application import my_account
from service.application.access import (
    ASSIGNABLE,
    managed_sites,
    require_admin,
    require_manager_of,
    require_site_manager,
)
from service.application.context import Context
from service.application.errors import InvalidRequest, NotFound
from service.registry.members import Member

MIN_SEARCH = 2
MAX_FOUND = 20


def _target(ctx: Context, member_id: UUID) -> Member:
    found = ctx.members.get(member_id)
    if found is None:
        raise NotFound("member")
    return found


def sites_of(ctx: Context, actor: Member, member_id: UUID) -> frozenset[UUID]:
    """The sites a host or evaluator is assigned to (admins)."""
    require_admin(actor)
    return ctx.sites.sites_of(_target(ctx, member_id).id)


def assign_sites(
    ctx: Context, actor: Member, member_id: UUID, site_ids: Iterable[UUID], *, keep: bool = False
) -> frozenset[UUID]:
    """The host's (or evaluator's) sites become these; with ``keep``, these are added to
    the ones they have. Only hosts and evaluators are assigned to sites."""
    require_admin(actor)
    target = _target(ctx, member_id)
    wanted = _checked(ctx, target.role, site_ids)
    if keep:
        wanted |= ctx.sites.sites_of(target.id)
    return ctx.sites.replace(target.id, wanted)


def _checked(ctx: Context, role: str, site_ids: Iterable[UUID]) -> frozenset[UUID]:
    if role not in ASSIGNABLE:
        raise InvalidRequest("only hosts and evaluators are assigned to sites", about="role")
    wanted = frozenset(site_ids)
    known = {s.id for s in ctx.queries.sites()}
    unknown = sorted(str(s) for s in wanted - known)
    if unknown:
        raise InvalidRequest(f"no site {unknown[0]}", about="site_ids")
    return wanted


def give_role_at(
    ctx: Context, actor: Member, member_id: UUID, role: str, site_ids: Iterable[UUID]
) -> tuple[Member, frozenset[UUID]]:
    """A role, and (for a host or evaluator) sites added to theirs; the sites are checked
    before anything changes."""
    require_admin(actor)
    wanted = frozenset(site_ids)
    if wanted:
        _checked(ctx, role, wanted)
    changed = my_account.set_role(ctx, actor, member_id, role)
    if not wanted:
        return changed, ctx.sites.sites_of(member_id)
    return changed, assign_sites(ctx, actor, member_id, wanted, keep=True)


def find_members(ctx: Context, actor: Member, text: str) -> list[Member]:
    """Members whose name or e-mail address contains the text (hosts and admins, to book
    on a member's behalf); at most 20, by name."""
    require_site_manager(actor)
    wanted = " ".join(limits.one_line(text, about="q", length=limits.EMAIL).split())
    if len(wanted) < MIN_SEARCH:
        raise InvalidRequest(f"give at least {MIN_SEARCH} characters", about="q")
    return ctx.members.search(wanted, MAX_FOUND)


def member_for_host(ctx: Context, actor: Member, text: str) -> Member:
    """The one member an e-mail address, or a part of a name or address, points to."""
    require_site_manager(actor)
    text = limits.one_line(text, about="email", length=limits.EMAIL)
    exact = ctx.members.by_email(text) if "@" in text else None
    if exact is not None:
        return exact
    found = find_members(ctx, actor, text)
    if not found:
        raise InvalidRequest("no member has that name or e-mail address", about="email")
    if len(found) > 1:
        raise InvalidRequest(
            "several members match: give more of the name or the e-mail address", about="email"
        )
    return found[0]


@dataclass(frozen=True)
class Assignment:
    """A host's or evaluator's sites as the admin page shows them."""

    member: Member
    sites: list[SiteView]
    assigned: frozenset[UUID]


def assignment(ctx: Context, actor: Member, member_id: UUID) -> Assignment:
    require_admin(actor)
    target = _target(ctx, member_id)
    return Assignment(target, ctx.queries.sites(), ctx.sites.sites_of(target.id))


def hosted_sites(ctx: Context, actor: Member) -> list[SiteView]:
    """The sites the host manages (every site for admins and pilot-wide hosts)."""
    require_site_manager(actor)
    sites = managed_sites(ctx, actor)
    return [s for s in ctx.queries.sites() if sites is None or s.id in sites]


def hosted_site(ctx: Context, actor: Member, site_id: UUID) -> SiteView:
    """One site of the host's (404 for no site, 403 for another host's)."""
    found = ctx.queries.site(site_id)
    if found is None:
        raise NotFound("site")
    require_manager_of(ctx, actor, site_id)
    return found
