"""What the commands share: building the container from the environment."""

from __future__ import annotations

import argparse
from datetime import date

from service.container import Container
from service.settings import Settings


def container() -> Container:
    return Container.build(Settings.from_env())


def a_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
