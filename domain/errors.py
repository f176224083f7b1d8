"""Domain errors. Each carries a stable ``rule`` code (what the adapters turn into a status and
a message, and what rejected-demand events record) and ``about``: what in the request the
rule is about, in the domain's words ("start", "end", "quantity", "resource", "member",
"booking", or the name of a setting such as "policy.days_ahead"). Adapters decide which
field of their own input that is."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused by a rule of the domain."""

    rule = "domain-rule"

    def __init__(self, message: str, *, about: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.about = about


class Conflict(DomainError):
    """Refused because the resource is taken or nothing is free."""

    rule = "conflict"


class SlotTaken(Conflict):
    rule = "slot-taken"


class NothingFree(Conflict):
    rule = "nothing-free"


class NoMatch(Conflict):
    """No resource of the kind has what was asked for: no capacity would help, only a
    resource with those features."""

    rule = "no-match"


class RuleViolation(DomainError):
    """Refused by a booking rule."""

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


class AlreadyBooked(RuleViolation):
    """The member already holds a booking of that kind at that time: a waitlist entry for it
    would only queue for what they have."""

    rule = "already-booked"


class NotActive(RuleViolation):
    rule = "booking-not-active"


class CheckInClosed(RuleViolation):
    rule = "check-in-closed"


class InvalidSetting(DomainError):
    """A host supplied an impossible setting, or a request an impossible value."""

    rule = "invalid-setting"
