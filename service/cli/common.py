"""What the commands share: building the container from the environment."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from service.cli import preflight
from service.settings import Settings

if TYPE_CHECKING:
    from service.container import Container


def container() -> Container:
    """The container of the database in GRANNSKAP_DATABASE_URL, once a quick look has found
    it usable (``preflight.UnusableDatabase`` says why not). In external mode a command
    that would wait for the views when no worker follows them ends with ``NobodyFollows``."""
    from service.container import Container

    settings = Settings.from_env()
    preflight.check(settings)
    built = Container.build(settings)
    # A command that waits for views no process follows says so, then gives up.
    built.unfollowed_is_error = True
    return built


def a_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give it as YYYY-MM-DD, for example 2026-12-01"
        ) from None
