"""Accounts people own, through the API and the command line: API tokens listed, made and
revoked by their member (a revoked token stops at once, also in another server process),
an admin revokes anyone's, gives roles and erases; everything held about me as JSON;
``grannskap member token|revoke|role|erase``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from service.asgi import create_app
from service.container import Container
from tests.cli import grannskap
from tests.conftest import Clock
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores


def test_a_member_makes_lists_and_revokes_tokens_and_a_revoked_one_stops_in_every_process(
    client: TestClient[Any], container: Container, anna: Person
) -> None:
    made = client.post("/api/members/me/tokens", json={"name": "mitt skript"}, headers=anna.auth)
    assert made.status_code == 201, made.text
    assert made.headers["cache-control"] == "no-store"
    new = {"Authorization": f"Bearer {made.json()['token']}"}
    listed = client.get("/api/members/me/tokens", headers=new).json()
    assert [t["name"] for t in listed] == ["first token", "mitt skript"]
    assert all("token" not in t for t in listed)
    other = Container.build(container.settings)  # another server process on the same data
    try:
        with TestClient(app=create_app(container=other)) as elsewhere:
            assert elsewhere.get("/api/members/me", headers=new).status_code == 200
            revoked = client.delete(
                f"/api/members/me/tokens/{made.json()['id']}", headers=anna.auth
            )
            assert revoked.status_code == 204
            assert_problem(elsewhere.get("/api/members/me", headers=new), 401)
            assert_problem(client.get("/api/members/me", headers=new), 401)
            assert elsewhere.get("/api/members/me", headers=anna.auth).status_code == 200
    finally:
        other.close()
    again = client.delete(f"/api/members/me/tokens/{made.json()['id']}", headers=anna.auth)
    assert_problem(again, 404, field="token")


def test_a_token_with_an_expiry_stops_when_it_expires(
    client: TestClient[Any], anna: Person, clock: Clock
) -> None:
    until = (clock.now + timedelta(days=1)).isoformat()
    made = client.post(
        "/api/members/me/tokens", json={"name": "kort", "expires_at": until}, headers=anna.auth
    ).json()
    auth = {"Authorization": f"Bearer {made['token']}"}
    assert client.get("/api/members/me", headers=auth).status_code == 200
    clock.advance(days=1, seconds=1)
    assert_problem(client.get("/api/members/me", headers=auth), 401)
    past = client.post(
        "/api/members/me/tokens",
        json={"name": "för sent", "expires_at": "2020-01-01T00:00:00Z"},
        headers=anna.auth,
    )
    assert_problem(past, 400, field="expires_at")


def test_an_admin_gives_roles_revokes_tokens_and_erases_and_a_host_may_not(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    admin_member, admin_token = container.members.add(
        email="admin@example.se", name="Admin", role="admin"
    )
    admin = {"Authorization": f"Bearer {admin_token}"}
    placed = book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00").json()
    assert_problem(client.get("/api/members", headers=host.auth), 403)
    assert_problem(
        client.put(f"/api/members/{anna.id}/role", json={"role": "host"}, headers=host.auth), 403
    )

    role = client.put(f"/api/members/{anna.id}/role", json={"role": "evaluator"}, headers=admin)
    assert role.status_code == 200 and role.json()["role"] == "evaluator"
    bad = client.put(f"/api/members/{anna.id}/role", json={"role": "king"}, headers=admin)
    assert_problem(bad, 400, field="role")
    self_demotion = client.put(
        f"/api/members/{admin_member.id}/role", json={"role": "member"}, headers=admin
    )
    assert_problem(self_demotion, 400, field="role")
    revoked = client.delete(f"/api/members/{anna.id}/tokens", headers=admin)
    assert revoked.json() == {"revoked": 1}
    assert_problem(client.get("/api/members/me", headers=anna.auth), 401)

    erased = client.delete(f"/api/members/{anna.id}", headers=admin)
    assert erased.status_code == 200, erased.text
    assert erased.json() == {"id": anna.id, "cancelled_bookings": 1}
    seen = client.get(f"/api/bookings/{placed['id']}", headers=host.auth).json()
    assert (seen["status"], seen["cancel_reason"]) == ("cancelled", "account-erased")
    assert_problem(client.delete(f"/api/members/{anna.id}", headers=admin), 404, field="member")


def test_my_export_holds_everything_about_me(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    placed = book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00").json()
    exported = client.get("/api/members/me/export", headers=anna.auth)
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    data = exported.json()
    assert data["member"]["email"] == "anna.distans@example.se"
    assert [b["id"] for b in data["bookings"]] == [placed["id"]]
    assert [t["name"] for t in data["api_tokens"]] == ["first token"]
    assert data["account"]["language"] == "sv"


def test_the_member_commands_make_revoke_give_roles_and_erase(
    sqlite_url: str, tmp_path: Path
) -> None:
    def run(*args: str) -> Any:
        return grannskap("member", *args, database_url=sqlite_url, cwd=tmp_path)

    added = run("add", "--email", "ulla@example.se", "--name", "Ulla")
    assert added.returncode == 0, added.stderr
    token = run("token", "--email", "ulla@example.se", "--name", "skript", "--days", "30")
    assert token.returncode == 0, token.stderr
    assert "valid until" in token.stdout and len(token.stdout.splitlines()[-1]) >= 40
    role = run("role", "--email", "ulla@example.se", "--role", "host")
    assert role.returncode == 0 and "is now host" in role.stdout
    revoke = run("revoke", "--email", "ulla@example.se")
    assert revoke.returncode == 0 and "Revoked 2 API token(s)" in revoke.stdout
    refused = run("erase", "--email", "ulla@example.se")  # no terminal, no --yes: refused
    assert refused.returncode == 2 and "--yes" in refused.stderr
    erase = run("erase", "--email", "ulla@example.se", "--yes")
    assert erase.returncode == 0, erase.stderr
    again = run("erase", "--email", "ulla@example.se", "--yes")
    assert again.returncode == 2 and "no member" in again.stderr
