"""The one table from a refusal's rule to what the adapters answer: the HTTP status, a
title, and the sentence a member reads (an English message id, translated by the catalogue
of ``service/presentation/locale``), and from what a refusal is ``about`` to the name of the
field that the API and the pages blame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.errors import Conflict, DomainError, RuleViolation
from service.application.errors import ApplicationError


def _(message: str) -> str:
    """Marks a message id for the catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Outcome:
    status: int
    title: str
    message: str | None = None  # None: the error's own words (with the detail)


TAKEN = _("That time was just taken.")
OUTCOMES: dict[str, Outcome] = {
    # taken or nothing free
    "slot-taken": Outcome(409, _("Not available"), TAKEN),
    "nothing-free": Outcome(
        409, _("Not available"), _("Nothing of that kind is free at that time.")
    ),
    "no-match": Outcome(
        409, _("Not available"), _("No resource of that kind has the features asked for.")
    ),
    # booking rules
    "invalid-interval": Outcome(
        422, _("Refused by a booking rule"), _("The end must be after the start.")
    ),
    "not-aligned": Outcome(
        422, _("Refused by a booking rule"), _("Bookings start and end on the quarter hour.")
    ),
    "in-the-past": Outcome(422, _("Refused by a booking rule"), _("That time has already passed.")),
    "outside-booking-window": Outcome(
        422, _("Refused by a booking rule"), _("That day cannot be booked yet.")
    ),
    "outside-opening-hours": Outcome(
        422, _("Refused by a booking rule"), _("The site is not open all of that time.")
    ),
    "site-closed": Outcome(422, _("Refused by a booking rule"), _("The site is closed that day.")),
    "too-long": Outcome(
        422, _("Refused by a booking rule"), _("That is longer than one booking may be.")
    ),
    "resource-retired": Outcome(
        422, _("Refused by a booking rule"), _("That is no longer in use.")
    ),
    "member-desk-limit": Outcome(
        422, _("Refused by a booking rule"), _("You already have a desk at that time.")
    ),
    "member-booking-limit": Outcome(
        422,
        _("Refused by a booking rule"),
        _("You have as many upcoming bookings as you may have."),
    ),
    "already-booked": Outcome(
        422,
        _("Refused by a booking rule"),
        _(
            "You already have a booking of that kind at that time: the waitlist is for what you do not have."
        ),
    ),
    "waitlist-limit": Outcome(
        422,
        _("Refused by a booking rule"),
        _("You wait for as many things as you may at once: leave a waitlist first."),
    ),
    "booking-not-active": Outcome(
        422, _("Refused by a booking rule"), _("That booking is no longer active.")
    ),
    "check-in-closed": Outcome(
        422,
        _("Refused by a booking rule"),
        _("Check-in is open from 15 minutes before the start until shortly after it."),
    ),
    "already-waiting": Outcome(
        409, _("Already waiting"), _("You are already on the waitlist for that.")
    ),
    "invalid-setting": Outcome(422, _("Invalid setting")),
    # what the use cases refuse themselves
    "invalid-request": Outcome(400, _("Invalid request")),
    "not-found": Outcome(404, _("Not found")),
    "not-allowed": Outcome(403, _("Forbidden")),
    "busy": Outcome(503, _("Busy")),
}

# What an error is about, as the API and the pages name the field.
FIELDS = {
    "resource": "resource_id",
    "booking": "booking_id",
    "site": "site_id",
    "series": "series_id",
    "entry": "entry_id",
}


def outcome(error: DomainError | ApplicationError) -> Outcome:
    found = OUTCOMES.get(error.rule)
    if found is not None:
        return found
    if isinstance(error, Conflict):
        return Outcome(409, _("Not available"))
    if isinstance(error, RuleViolation):
        return Outcome(422, _("Refused by a booking rule"))
    return Outcome(422, _("Refused"))


def field_of(error: Any) -> str | None:
    about = getattr(error, "about", None)
    return FIELDS.get(about, about) if about else None
