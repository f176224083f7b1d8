"""The command line keeps the same limits and locks: a member's name no column holds is
refused with a message, and a rebuild is refused while another process follows the views."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.container import Container
from tests.builders import open_office
from tests.cli import grannskap
from tests.conftest import Clock
from tests.settings import fast_settings

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores


def test_a_member_name_longer_than_the_column_or_with_control_characters_is_refused(
    sqlite_url: str, tmp_path: Path
) -> None:
    for name in ("N" * 201, "Karin\x1b[31m Värd"):
        done = grannskap(
            "member", "add", "--email", "karin@example.se", "--name", name,
            database_url=sqlite_url, cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 2, done.stdout
        assert "error:" in done.stderr and "200" in done.stderr


def test_a_rebuild_is_refused_while_a_server_follows_the_views(
    database_url: str, tmp_path: Path, clock: Clock
) -> None:
    server = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        server.start_following()
        open_office(server)

        done = grannskap("projections", "rebuild", database_url=database_url, cwd=tmp_path)

        assert done.returncode == 1
        assert "Not rebuilt: another process follows these views" in done.stderr
        assert server.queries.sites()  # the live views are all there
    finally:
        server.close()

    done = grannskap("projections", "rebuild", database_url=database_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
