"""``grannskap simulate-pilot`` is safe and repeatable: after ``demo`` on a fresh file it runs
(twice), and it will not add its members to a database with real members unless told."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import grannskap

pytestmark = pytest.mark.slow  # seconds of CPU each: make test runs it, make test-fast not


def test_demo_then_the_simulation_twice_on_a_fresh_file_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pilot.db'}"

    assert grannskap("demo", database_url=url, cwd=tmp_path).returncode == 0
    first = grannskap(
        "simulate-pilot", "--days", "3", "--seed", "2", database_url=url, cwd=tmp_path
    )
    again = grannskap(
        "simulate-pilot", "--days", "3", "--seed", "2", database_url=url, cwd=tmp_path
    )

    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    assert "members      90" in again.stdout
    # the progress bar counts the days of the period: its total never grows
    totals = {part.split("/")[1].split()[0] for part in first.stderr.split("]")[1:] if "/" in part}
    assert totals == {"3"}, first.stderr[-300:]


def test_a_database_with_real_members_is_refused_unless_forced(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    added = grannskap(
        "member",
        "add",
        "--email",
        "karin@lindesberg.se",
        "--name",
        "Karin",
        database_url=url,
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr

    refused = grannskap("simulate-pilot", "--days", "1", database_url=url, cwd=tmp_path)
    forced = grannskap("simulate-pilot", "--days", "1", "--force", database_url=url, cwd=tmp_path)

    assert refused.returncode == 2 and "1 real members" in refused.stderr
    # forced, it goes on, and asks for the demo's sites it drives
    assert forced.returncode == 2 and "demo sites are missing" in forced.stderr
