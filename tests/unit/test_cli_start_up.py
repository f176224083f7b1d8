"""The command line loads only what the command given uses: ``--version``, ``--help``, that of
``serve`` and the server processes that ``serve --workers N`` starts (which import the
command's module again) load neither the store nor the web framework."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "litestar", "eventsourcing", "alembic", "psycopg", "service.container")


def modules_loaded_by(*argv: str) -> set[str]:
    script = (
        "import sys\n"
        "from service.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("serve", "--help")])
def test_the_command_line_starts_without_loading_the_store_or_the_web_framework(
    argv: tuple[str, ...],
) -> None:
    loaded = modules_loaded_by(*argv)

    assert "service.cli" in loaded
    assert not [name for name in HEAVY if name in loaded]


def test_a_command_loads_what_it_uses() -> None:
    loaded = modules_loaded_by("db", "--help")

    assert "service.cli.db" in loaded
    assert "service.cli.members" not in loaded


def test_the_overview_of_the_commands_says_what_each_command_says_of_itself() -> None:
    from service.cli import COMMANDS, parser

    full = parser()
    registered = {
        choice.dest: choice.help
        for action in full._subparsers._group_actions  # type: ignore[union-attr]
        for choice in action._choices_actions  # type: ignore[attr-defined]
    }

    assert registered == {command: summary for command, (_, summary) in COMMANDS.items()}
