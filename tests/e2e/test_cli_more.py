"""The ``grannskap`` command as a user meets it: its version, help on every option,
invitation codes, QR codes, the minute's jobs, and a database it cannot use explained in a
line or two within seconds (no traceback, no token hash)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from service.cli import parser
from tests.cli import grannskap, grannskap_process


def test_the_version_is_printed(sqlite_url: str, tmp_path: Path) -> None:
    done = grannskap_process("--version", database_url=sqlite_url, cwd=tmp_path)
    assert done.returncode == 0 and re.fullmatch(r"grannskap \d+\.\d+\.\d+\n", done.stdout)


def test_every_option_of_every_command_has_help() -> None:
    missing = []

    def walk(p: object, path: str) -> None:
        for action in p._actions:  # type: ignore[attr-defined]
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif action.option_strings and not action.help:
                missing.append(f"{path} {action.option_strings[0]}")

    walk(parser(), "grannskap")
    assert missing == []


def test_a_bad_date_says_which_format_it_wants(sqlite_url: str, tmp_path: Path) -> None:
    done = grannskap(
        "report", "demand", "--site", "x", "--from", "1/12", database_url=sqlite_url, cwd=tmp_path
    )
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
    assert "Traceback" not in done.stderr


def test_invitation_codes_from_the_command_line(sqlite_url: str, tmp_path: Path) -> None:
    assert grannskap("demo", database_url=sqlite_url, cwd=tmp_path).returncode == 0
    made = grannskap(
        "invitation",
        "create",
        "--site",
        "Frövi",
        "--uses",
        "3",
        database_url=sqlite_url,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    listed = grannskap(
        "invitation", "list", "--site", "Frövi", database_url=sqlite_url, cwd=tmp_path
    )
    assert code in listed.stdout and "3 left" in listed.stdout
    withdrawn = grannskap(
        "invitation",
        "withdraw",
        "--site",
        "Frövi",
        "--code",
        code,
        database_url=sqlite_url,
        cwd=tmp_path,
    )
    assert withdrawn.returncode == 0
    listed = grannskap(
        "invitation", "list", "--site", "Frövi", database_url=sqlite_url, cwd=tmp_path
    )
    assert "0 left" in listed.stdout
    unknown = grannskap(
        "invitation", "create", "--site", "Kiruna", database_url=sqlite_url, cwd=tmp_path
    )
    assert unknown.returncode == 2 and "no single site" in unknown.stderr


def test_qr_codes_to_print_and_the_jobs_once(sqlite_url: str, tmp_path: Path) -> None:
    assert grannskap("demo", database_url=sqlite_url, cwd=tmp_path).returncode == 0
    done = grannskap(
        "codes",
        "--site",
        "Grannskapskontoret",
        "--base-url",
        "https://boka.example.se",
        "-o",
        "codes.html",
        database_url=sqlite_url,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "codes.html").read_text()
    assert page.count("<svg") == 18 and "https://boka.example.se/r/" in page
    jobs = grannskap("jobs", "run-once", database_url=sqlite_url, cwd=tmp_path)
    assert jobs.returncode == 0 and "Released 0 no-show" in jobs.stdout


def assert_explained(done: object, *words: str) -> None:
    stderr = done.stderr  # type: ignore[attr-defined]
    assert done.returncode == 2, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) <= 2, stderr
    for word in words:
        assert word in stderr, stderr


def test_a_missing_sqlite_folder_is_explained(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'grannskap.db'}"
    done = grannskap("demo", database_url=url, cwd=tmp_path)
    assert_explained(done, "does not exist", str(tmp_path / "no" / "such"))


def test_a_file_that_is_no_database_is_explained(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("shopping list\n" * 100)
    done = grannskap(
        "member",
        "add",
        "--email",
        "a@b.se",
        "--name",
        "A",
        database_url=f"sqlite:///{tmp_path / 'notes.db'}",
        cwd=tmp_path,
    )
    assert_explained(done, "not a database")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_read_only_sqlite_folder_is_explained(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = grannskap("demo", database_url=f"sqlite:///{folder / 'g.db'}", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert_explained(done, "read-only")


def test_unreachable_postgresql_is_explained(tmp_path: Path) -> None:
    """Refused at once here; an address that does not answer at all is given up after
    ``preflight.CONNECT_SECONDS`` (3 s), not the store's pool timeout (30 s)."""
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = grannskap_process(
        "demo", database_url=f"postgresql://postgres:hemligt@127.0.0.1:{port}/x", cwd=tmp_path
    )
    assert_explained(done, f"127.0.0.1:{port}", "postgres:***@")
    assert "hemligt" not in done.stderr


@pytest.mark.postgres
def test_a_missing_postgresql_database_is_explained(pg_server: str, tmp_path: Path) -> None:
    url = pg_server.rsplit("/", 1)[0] + "/grannskap_no_such_database"
    done = grannskap(
        "member", "add", "--email", "a@b.se", "--name", "A", database_url=url, cwd=tmp_path
    )
    assert_explained(done, '"grannskap_no_such_database" does not exist', "createdb")
