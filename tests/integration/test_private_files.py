"""The SQLite database holds personal data: it and its -wal and -shm files are readable by
their owner only, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from service.container import Container
from tests.builders import open_office
from tests.settings import fast_settings


def test_the_sqlite_file_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        c = Container.build(fast_settings(database_url=f"sqlite:///{tmp_path / 'g.db'}"))
        c.start_following()
        open_office(c)
        modes = {
            path.name: stat.S_IMODE(path.stat().st_mode)
            for path in tmp_path.iterdir()
            if path.name.startswith("g.db") and path.is_file()
        }
        c.close()
    finally:
        os.umask(old)

    assert {"g.db", "g.db-wal", "g.db-shm"} <= set(modes)
    assert all(mode == 0o600 for mode in modes.values()), modes
