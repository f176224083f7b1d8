"""Erasure follows every registry record that names or acts for a member to its end, also
those that hold only the member's id and no address or name (a named calendar link, the
who's-in choice, an identity at the municipality's provider, a host's site): after it, no
registry table holds her id in any column (SQLite and PostgreSQL). The event history keeps
the pseudonymous id by design, and the views are rebuilt from it, so only the registry is
scanned. The invitation codes she made stay, withdrawn (no uses left), with her pseudonymous
id as their maker, as the events keep it."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Engine, String, Text, Uuid, func, inspect, select

from service.application import erasure
from service.application.access import SYSTEM
from service.container import Container
from service.registry.tables import RegistryBase
from tests.builders import Office

ADDRESS = "hedda.hemlig@example.se"
# Withdrawn at erasure (uses_left 0), kept so that a code sent out says withdrawn, not unknown.
KEPT = {"web_invitation.created_by"}


def registry_rows_holding(engine: Engine, member_id: UUID) -> list[str]:
    """Each registry table and column that holds ``member_id`` (as a uuid, or in text as
    its usual or its hex form)."""
    present = set(inspect(engine).get_table_names())
    found = []
    with engine.connect() as c:
        for table in RegistryBase.metadata.sorted_tables:
            if table.name not in present:
                continue
            for column in table.columns:
                if isinstance(column.type, Uuid):
                    where = column == member_id
                elif isinstance(column.type, String | Text):
                    where = column.contains(str(member_id)) | column.contains(member_id.hex)
                else:
                    continue
                if c.execute(select(func.count()).select_from(table).where(where)).scalar():
                    found.append(f"{table.name}.{column.name}")
    return found


def test_no_registry_table_holds_an_erased_members_id(container: Container, office: Office) -> None:
    hedda, _ = container.members.add(email=ADDRESS, name="Hedda Hemlig")
    container.accounts.set_password(hedda.id, "ett-langt-losenord")
    container.accounts.start_session(hedda.id)
    container.feed_tokens.issue_if_none("member", hedda.id)
    container.feed_tokens.add_link(hedda.id, "Telefon")
    container.ctx.presence.set_shown(hedda.id, True)
    container.ctx.sites.assign(hedda.id, office.site_id)
    container.ctx.oidc_records.link("https://login.example.se", "hedda-1", hedda.id)
    container.members.create_token(hedda.id, "skript")
    invitation = container.accounts.create_invitation(office.site_id, hedda.id, uses=2)
    held = set(registry_rows_holding(container.engine, hedda.id))
    assert {
        "calendar_link.member_id",
        "presence_shown.member_id",
        "site_assignment.member_id",
        "oidc_identity.member_id",
    } <= held  # the test sees her records

    erasure.erase_member(container.ctx, SYSTEM, hedda.id)

    assert set(registry_rows_holding(container.engine, hedda.id)) <= KEPT
    withdrawn = container.accounts.invitation(invitation.code)
    assert withdrawn is not None and withdrawn.uses_left == 0
