"""The ``grannskap`` command: its help as the installed command prints it (in a process of its
own), members added and the demo seeded (in this process, ``tests.cli``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from service.asgi import create_app
from service.container import Container
from tests.cli import grannskap, grannskap_process
from tests.settings import fast_settings


def test_help_lists_the_commands(sqlite_url: str, tmp_path: Path) -> None:
    done = grannskap_process("--help", database_url=sqlite_url, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    for command in ("serve", "demo", "member", "projections"):
        assert command in done.stdout


def test_member_add_prints_a_token_on_its_last_line_that_signs_the_member_in(
    sqlite_url: str, tmp_path: Path
) -> None:
    added = grannskap(
        "member",
        "add",
        "--email",
        "Karin.Vard@Example.se",
        "--name",
        "Karin Värd",
        "--role",
        "host",
        database_url=sqlite_url,
        cwd=tmp_path,
    )
    again = grannskap(
        "member",
        "add",
        "--email",
        "karin.vard@example.se",
        "--name",
        "Karin igen",
        database_url=sqlite_url,
        cwd=tmp_path,
    )

    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    assert " " not in token and len(token) >= 32
    assert again.returncode == 2
    assert "error:" in again.stderr
    container = Container.build(fast_settings(database_url=sqlite_url))
    try:
        with TestClient(app=create_app(container=container)) as client:
            me = client.get("/api/members/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        assert (me.json()["email"], me.json()["name"], me.json()["role"]) == (
            "karin.vard@example.se",
            "Karin Värd",
            "host",
        )
    finally:
        container.close()


def _demo_tokens(stdout: str) -> dict[str, str]:
    """email -> token, from the lines ``  <role> <email> <token>`` that demo prints."""
    tokens = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and "@" in parts[1]:
            tokens[parts[1]] = parts[2]
    return tokens


def test_demo_seeds_the_pilot_sites_once_with_members_who_can_sign_in(
    sqlite_url: str, tmp_path: Path
) -> None:
    seeded = grannskap("demo", database_url=sqlite_url, cwd=tmp_path)
    second = grannskap("demo", "--if-empty", database_url=sqlite_url, cwd=tmp_path)

    assert seeded.returncode == 0, seeded.stderr
    assert second.returncode == 0, second.stderr
    assert "not seeding" in second.stdout
    tokens = _demo_tokens(seeded.stdout)
    assert len(tokens) == 5
    container = Container.build(fast_settings(database_url=sqlite_url))
    try:
        with TestClient(app=create_app(container=container)) as client:
            container.wait_for_all(container.store.recorder.max_notification_id() or 0)
            auth = {"Authorization": f"Bearer {tokens['anna.distans@example.se']}"}
            sites: list[dict[str, Any]] = client.get("/api/sites", headers=auth).json()
        assert len(sites) == 5
        assert "Grannskapskontoret Frövi" in [s["name"] for s in sites]
    finally:
        container.close()
