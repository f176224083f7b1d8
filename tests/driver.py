"""The tests drive the use cases as an operator's scripts do (``service.cli.operator``)."""

from __future__ import annotations

from service.cli.operator import Operator as Driver
from service.cli.operator import Written, as_member

__all__ = ["Driver", "Written", "as_member"]
