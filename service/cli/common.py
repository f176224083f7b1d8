"""What the commands share: building the container from the environment."""

from __future__ import annotations

import argparse
from datetime import date

from service.cli import preflight
from service.container import Container
from service.settings import Settings


def container() -> Container:
    """The container of the database in GRANNSKAP_DATABASE_URL, once a quick look has found
    it usable (``preflight.UnusableDatabase`` says why not)."""
    settings = Settings.from_env()
    preflight.check(settings)
    return Container.build(settings)


def a_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give it as YYYY-MM-DD, for example 2026-12-01"
        ) from None
