"""The registry's modules stay small enough to read in one sitting (under 400 lines each):
accounts, sessions and invitations are split by meaning."""

from __future__ import annotations

from pathlib import Path

import service.registry

LIMIT = 400


def test_every_registry_module_is_under_400_lines() -> None:
    folder = Path(service.registry.__file__).parent
    sizes = {p.name: len(p.read_text().splitlines()) for p in folder.glob("*.py")}

    assert {name: n for name, n in sizes.items() if n >= LIMIT} == {}
