"""The words of the domain that more than one part of grannskap lists: the kinds of
resources, the weekdays of opening hours, and the rules a refusal can name, grouped by what
they mean for a member and for the evaluators' demand figures."""

from __future__ import annotations

from typing import Literal

Kind = Literal["desk", "room", "equipment"]
KINDS: tuple[Kind, ...] = ("desk", "room", "equipment")

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS: tuple[Weekday, ...] = WEEKDAYS[:5]

# -- rules ------------------------------------------------------------------------------
# Taken, or nothing free: demand the capacity did not meet.
CAPACITY_RULES = frozenset({"slot-taken", "nothing-free"})
# Outside opening hours or on a closure day: demand the opening hours did not meet.
CLOSED_RULES = frozenset({"outside-opening-hours", "site-closed"})
# A booking rule of the site or a per-member limit.
POLICY_RULES = frozenset(
    {
        "member-desk-limit",
        "member-booking-limit",
        "outside-booking-window",
        "too-long",
        "resource-retired",
    }
)
# Refusals that concern the member, not the resource: no other resource would do better.
MEMBER_RULES = frozenset({"member-desk-limit", "member-booking-limit"})
# Refusals that concern one resource: another of the same kind may still be had.
RESOURCE_RULES = frozenset({"slot-taken", "resource-retired"})


def rule_category(rule: str) -> str:
    """capacity (taken or nothing free), closed (outside opening hours or a closure day),
    policy (a booking rule of the site or a member limit), or input (in the past, not on a
    quarter hour, an impossible request)."""
    if rule in CAPACITY_RULES:
        return "capacity"
    if rule in CLOSED_RULES:
        return "closed"
    if rule in POLICY_RULES:
        return "policy"
    return "input"
