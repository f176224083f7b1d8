"""Domain errors. Each carries a stable ``rule`` code that the HTTP layer and the
rejected-demand events use, and a ``field`` where one input field is to blame."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused by a rule of the domain."""

    rule = "domain-rule"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(DomainError):
    """Refused because the resource is taken or nothing is free (HTTP 409)."""

    rule = "conflict"


class SlotTaken(Conflict):
    rule = "slot-taken"


class NothingFree(Conflict):
    rule = "nothing-free"


class RuleViolation(DomainError):
    """Refused by a booking rule (HTTP 422)."""

    rule = "rule"


class InvalidInterval(RuleViolation):
    rule = "invalid-interval"


class NotAligned(RuleViolation):
    rule = "not-aligned"


class InThePast(RuleViolation):
    rule = "in-the-past"


class OutsideBookingWindow(RuleViolation):
    rule = "outside-booking-window"


class OutsideOpeningHours(RuleViolation):
    rule = "outside-opening-hours"


class SiteClosed(RuleViolation):
    rule = "site-closed"


class TooLong(RuleViolation):
    rule = "too-long"


class ResourceRetired(RuleViolation):
    rule = "resource-retired"


class MemberDeskLimit(RuleViolation):
    rule = "member-desk-limit"


class MemberBookingLimit(RuleViolation):
    rule = "member-booking-limit"


class NotActive(RuleViolation):
    rule = "booking-not-active"


class CheckInClosed(RuleViolation):
    rule = "check-in-closed"


class InvalidSetting(DomainError):
    """A host supplied an impossible setting (HTTP 422)."""

    rule = "invalid-setting"
