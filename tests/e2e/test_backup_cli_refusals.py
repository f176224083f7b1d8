"""``grannskap backup`` and ``restore`` given a file they cannot use (a folder that does
not exist, a file that only begins like a backup, a folder for a file) say so in a
sentence and exit 1, with no traceback and nothing written (SQLite; the PostgreSQL tools
answer for themselves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import grannskap


def test_a_backup_into_a_folder_that_does_not_exist_is_refused_in_words(
    sqlite_url: str, tmp_path: Path
) -> None:
    done = grannskap("backup", "missing/nightly.backup", database_url=sqlite_url, cwd=tmp_path)

    assert done.returncode == 1
    assert "Not backed up" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("content", [b"SQLite format 3\x00" + b"\x00" * 10, None])
def test_a_restore_from_something_that_is_not_a_backup_is_refused_in_words(
    tmp_path: Path, content: bytes | None
) -> None:
    source = tmp_path / "odd.backup"
    if content is None:
        source.mkdir()
    else:
        source.write_bytes(content)
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"

    done = grannskap("restore", str(source), database_url=fresh, cwd=tmp_path)

    assert done.returncode == 1
    assert "Not restored" in done.stderr and "Traceback" not in done.stderr, done.stderr
