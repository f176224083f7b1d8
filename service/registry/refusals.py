"""Why a sign-up or a change to an account was refused, as a stable code."""

from __future__ import annotations


class SignUpRefused(ValueError):
    """Sign-up refused; ``reason`` is a stable code the pages translate."""

    def __init__(self, reason: str, field: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
