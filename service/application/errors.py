"""What a use case can refuse besides the domain's rules. Like the domain's errors, each
has a ``rule`` and says what it is ``about``; the adapters' one table gives the status."""

from __future__ import annotations


class ApplicationError(Exception):
    rule = "application"

    def __init__(self, message: str, about: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.about = about


class NotFound(ApplicationError):
    """No such thing, or not one the asking member may see (which is told the same way)."""

    rule = "not-found"

    def __init__(self, what: str) -> None:
        super().__init__(f"no such {what}", about=what)
        self.what = what


class NotAllowed(ApplicationError):
    """The member's role does not allow this."""

    rule = "not-allowed"


class InvalidRequest(ApplicationError):
    """The request cannot be acted on as given (a missing or contradictory part)."""

    rule = "invalid-request"


class Busy(ApplicationError):
    """Too many concurrent changes to the same aggregates; the client may try again."""

    rule = "busy"
