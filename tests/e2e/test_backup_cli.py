"""``grannskap backup`` and ``grannskap restore`` as an operator runs them (SQLite here; the
PostgreSQL path is held to the same result in tests/integration/test_backup_restore.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GRANNSKAP = Path(sys.executable).with_name("grannskap")


def grannskap(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRANNSKAP_DATABASE_URL": database_url}
    return subprocess.run(
        [str(GRANNSKAP), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_a_demo_database_backed_up_restores_into_an_empty_file_and_not_over_itself(
    tmp_path: Path,
) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert grannskap("demo", database_url=live, cwd=tmp_path).returncode == 0

    saved = grannskap("backup", "nightly.backup", database_url=live, cwd=tmp_path)
    restored = grannskap("restore", "nightly.backup", database_url=fresh, cwd=tmp_path)
    again = grannskap("restore", "nightly.backup", database_url=fresh, cwd=tmp_path)

    assert saved.returncode == 0, saved.stderr
    assert (tmp_path / "nightly.backup").stat().st_mode & 0o077 == 0
    assert restored.returncode == 0, restored.stderr
    assert "the views were rebuilt from" in restored.stdout
    assert again.returncode == 1
    assert "Not restored: the database is not empty" in again.stderr
