"""Who may do what: the roles of members, and the sites of hosts and evaluators, decided
once for every adapter.

Admins manage every site. Hosts and evaluators alike are pilot-wide until an admin assigns
them sites, and from then on act only at those: a host manages, reads and books on behalf
at their sites, an evaluator reads their sites' reports. A host with no assignment is
therefore what every host was before assignments existed, so nothing changes for a
deployment until an admin assigns sites; a host with sites who registers a new one is
assigned to it too."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from service.application.errors import NotAllowed
from service.registry.members import Member

if TYPE_CHECKING:
    from service.application.context import Context

# Who acts when the operator runs a command (demo data, the simulator's set-up).
SYSTEM = Member(id=UUID(int=0), email="", name="grannskap", role="admin")
SITE_MANAGERS = frozenset({"host", "admin"})
REPORT_READERS = frozenset({"evaluator", "host", "admin"})
ASSIGNABLE = frozenset({"host", "evaluator"})


def manages_sites(member: Member) -> bool:
    """Hosts and admins set up sites, resources, hours, closures and invitations (a host
    only at their sites: see :func:`manages_site`)."""
    return member.role in SITE_MANAGERS


def reads_reports(member: Member) -> bool:
    """Evaluators, hosts and admins read the reports; members do not."""
    return member.role in REPORT_READERS


def managed_sites(ctx: Context, member: Member) -> frozenset[UUID] | None:
    """The sites the member manages: ``None`` for every site (admins, and hosts with no
    assignment), empty for none."""
    if member.role == "admin":
        return None
    if member.role != "host":
        return frozenset()
    return ctx.sites.sites_of(member.id) or None


def manages_site(ctx: Context, member: Member, site_id: UUID) -> bool:
    if not manages_sites(member):
        return False
    sites = managed_sites(ctx, member)
    return sites is None or site_id in sites


def report_sites(ctx: Context, member: Member) -> frozenset[UUID] | None:
    """The sites whose reports the member reads: ``None`` for the whole pilot."""
    if member.role == "admin":
        return None
    if member.role in ("evaluator", "host"):
        return ctx.sites.sites_of(member.id) or None
    return frozenset()


def require_site_manager(member: Member) -> None:
    if not manages_sites(member):
        raise NotAllowed("only hosts and admins may change sites and resources")


def require_manager_of(ctx: Context, member: Member, site_id: UUID) -> None:
    """Hosts of the site and admins; a host of other sites is refused (403)."""
    require_site_manager(member)
    if not manages_site(ctx, member, site_id):
        raise NotAllowed("hosts manage only the sites they are assigned to")


def require_report_reader(member: Member) -> None:
    if not reads_reports(member):
        raise NotAllowed("reports are for evaluators, hosts and admins")


def require_report_reader_of(ctx: Context, member: Member, site_id: UUID | None) -> None:
    """``site_id`` None: the whole pilot's reports."""
    require_report_reader(member)
    sites = report_sites(ctx, member)
    if sites is not None and (site_id is None or site_id not in sites):
        raise NotAllowed("this evaluator or host reads only the reports of their sites")


def may_see_booking(ctx: Context, member: Member, owner_id: object, site_id: UUID) -> bool:
    return owner_id == member.id or manages_site(ctx, member, site_id)


def require_admin(member: Member) -> None:
    if member.role != "admin":
        raise NotAllowed("only admins may change members' roles, tokens and accounts")
