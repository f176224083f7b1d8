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

# How a check-in was made: the resource's QR code, the member's own button (on the pages or
# through the API), or a host for the member. A check-in from anywhere but the code says
# less about whether the member was there.
CHECK_IN_METHODS = ("code", "button", "host")
# The statuses of a booking that holds its resource: confirmed, or waiting for a host's
# approval (a resource may require it).
HOLDING = frozenset({"confirmed", "pending"})

# -- rules ------------------------------------------------------------------------------
# Taken, or nothing free: demand the capacity did not meet.
CAPACITY_RULES = frozenset({"slot-taken", "nothing-free"})
# No resource of the kind has the features asked for: demand for features, not for units.
NO_MATCH_RULES = frozenset({"no-match"})
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
    quarter hour, an impossible request), or no-match (no resource has the features asked
    for)."""
    if rule in CAPACITY_RULES:
        return "capacity"
    if rule in NO_MATCH_RULES:
        return "no-match"
    if rule in CLOSED_RULES:
        return "closed"
    if rule in POLICY_RULES:
        return "policy"
    return "input"


def pool_key(kind: str, equipment_name: str | None = None) -> str:
    """Desks are one pool and rooms another; each kind of equipment is a pool of its own
    ("equipment:Headset"), since a headset does not stand in for a projector."""
    if kind == "equipment" and equipment_name:
        return f"equipment:{equipment_name}"
    return kind


# -- features ---------------------------------------------------------------------------
# The fixed vocabulary of what a resource can have: a code (what events, views and the API
# carry) and the words people have typed for it, in English and Swedish, so that "skärm",
# "Monitor" and "screen" are one feature. The pages show each code with its label in the
# member's language (service.presentation.messages.feature_name).
FEATURES: dict[str, tuple[str, ...]] = {
    "screen": ("monitor", "display", "external screen", "skärm", "bildskärm", "extra skärm"),
    "height-adjustable": (
        "standing",
        "standing desk",
        "sit-stand",
        "höj- och sänkbar",
        "höj och sänkbar",
        "höj- och sänkbart",
        "höj och sänkbart",
        "ståbord",
    ),
    "window": ("by a window", "window seat", "fönster", "vid fönstret", "fönsterplats"),
    "dock": ("docking station", "dockningsstation", "docka"),
    "quiet": ("quiet zone", "silent", "tyst", "tyst zon"),
    "video meeting": ("video", "video-meeting", "videomöte", "videokonferens"),
    "whiteboard": ("white board", "whiteboardtavla", "skrivtavla"),
    "phone booth": ("phone-booth", "telefonbås", "telefonrum"),
    "projector": ("projektor",),
    "usb-c": ("usb c", "usbc"),
    "hdmi": (),
    "camera": ("webcam", "kamera", "webbkamera"),
    "speakerphone": ("conference phone", "konferenstelefon", "högtalartelefon"),
    "accessible": ("wheelchair", "wheelchair accessible", "tillgänglig", "tillgänglighetsanpassad"),
}
_FEATURE_WORDS = {
    word.casefold(): code for code, words in FEATURES.items() for word in (code, *words)
}


def feature_code(text: str) -> str | None:
    """The code of a feature as someone typed it (a code, or a word for one, in English or
    Swedish, in any case); None when the vocabulary has no such feature."""
    return _FEATURE_WORDS.get(" ".join(text.split()).casefold())


def known_features(features: list[str] | tuple[str, ...]) -> list[str]:
    """The codes of ``features``, without duplicates, in order; raises ``ValueError`` with
    the first word the vocabulary does not know."""
    codes: list[str] = []
    for text in features:
        if not text.strip():
            continue
        code = feature_code(text)
        if code is None:
            raise ValueError(text.strip())
        if code not in codes:
            codes.append(code)
    return sorted(codes)


def stored_features(features: list[str]) -> list[str]:
    """The features of a stored event as codes: words the vocabulary knows become its codes
    (the free text of resources added before the vocabulary), others are kept as they were
    (trimmed, lower case) until a host sets the resource's features again."""
    return sorted({feature_code(f) or f.strip().lower() for f in features if f.strip()})
