"""Who may do what: the roles of members, decided once for every adapter."""

from __future__ import annotations

from uuid import UUID

from service.application.errors import NotAllowed
from service.registry.members import Member

# Who acts when the operator runs a command (demo data, the simulator's set-up).
SYSTEM = Member(id=UUID(int=0), email="", name="grannskap", role="admin")
SITE_MANAGERS = frozenset({"host", "admin"})
REPORT_READERS = frozenset({"evaluator", "host", "admin"})


def manages_sites(member: Member) -> bool:
    """Hosts and admins set up sites, resources, hours, closures and invitations, and may
    see and change any member's booking. (Hosts are not yet assigned to sites.)"""
    return member.role in SITE_MANAGERS


def reads_reports(member: Member) -> bool:
    """Evaluators, hosts and admins read the reports; members do not."""
    return member.role in REPORT_READERS


def require_site_manager(member: Member) -> None:
    if not manages_sites(member):
        raise NotAllowed("only hosts and admins may change sites and resources")


def require_report_reader(member: Member) -> None:
    if not reads_reports(member):
        raise NotAllowed("reports are for evaluators, hosts and admins")


def may_see_booking(member: Member, owner_id: object) -> bool:
    return owner_id == member.id or manages_sites(member)


def require_admin(member: Member) -> None:
    if member.role != "admin":
        raise NotAllowed("only admins may change members' roles, tokens and accounts")
