"""The words the pages use for the domain's refusals and for the kinds of resources."""

from __future__ import annotations

import re
from typing import Any

from service.presentation.i18n import Lang
from service.presentation.outcomes import TAKEN, outcome


def refusal(t: Lang, error: Any, **details: Any) -> str:
    """A refusal (a ``DomainError`` or an application error with its stable ``rule``) said
    in the page's language, from the one table of outcomes."""
    rule = getattr(error, "rule", "")
    name = details.get("resource", "")
    if rule == "slot-taken" and name:
        return (
            t("Someone was quicker: %(resource)s was just booked for that time.", resource=name)
            + " "
            + t("Pick another one or another time.")
        )
    if rule == "slot-taken":
        return t(TAKEN) + " " + t("Pick another one or another time.")
    if rule == "nothing-free":
        return (
            t("Nothing of that kind is free at that time.")
            + " "
            + t("Try another time or fewer wanted features.")
        )
    message = outcome(error).message if hasattr(error, "rule") else None
    if message is not None:
        return t(message)
    if rule in ("invalid-setting", "invalid-value", "invalid-request"):
        return t("That setting is not possible: %(detail)s", detail=_detail(t, error))
    return t("That was refused: %(detail)s", detail=_detail(t, error))


# The input limits' words carry values (a field, a length, the calendar's ends): said in the
# page's language by pattern, the field named in words where the catalogue knows it.
_WITH_VALUES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(?P<field>[\w.]+) is between (?P<low>\S+) and (?P<high>\S+)$"),
        "%(field)s lies between %(low)s and %(high)s",
    ),
    (
        re.compile(r"^(?P<field>[\w.]+) is at most (?P<n>\d+) characters$"),
        "%(field)s is at most %(n)s characters",
    ),
    (
        re.compile(r"^(?P<field>[\w.]+) must be one line without control characters$"),
        "%(field)s must be one line without control characters",
    ),
    (re.compile(r"^(?P<field>[\w.]+) must not be empty$"), "%(field)s must not be empty"),
    (
        re.compile(r"^(?P<field>[\w.]+) is (?P<low>\d+)\.\.(?P<high>\d+)$"),
        "%(field)s lies between %(low)s and %(high)s",
    ),
    (
        re.compile(r"^two resources share a cell \(column (?P<column>\d+), row (?P<row>\d+)\)$"),
        "two resources share a cell (column %(column)s, row %(row)s)",
    ),
]
FIELD_NAMES = {
    "date": "the date",
    "name": "the name",
    "address": "the address",
    "locality": "the locality",
    "reason": "the reason",
    "note": "the note",
    "email": "the e-mail address",
    "start": "the start",
    "end": "the end",
    "first_day": "the first day",
    "last_day": "the last day",
    "columns": "the number of columns",
    "rows": "the number of rows",
}


def _detail(t: Lang, error: Any) -> str:
    """The refusal's own words (the domain's and the use cases' are English) in the page's
    language; words with values in them are said by pattern, and what no pattern or catalogue
    entry holds is not shown on a page in another language: it asks to check the field
    instead (which the page marks)."""
    detail = str(getattr(error, "message", None) or error)
    said = t(detail)
    if said != detail or t.code == "en":
        return said
    for pattern, message in _WITH_VALUES:
        found = pattern.match(detail)
        if found is not None:
            values = found.groupdict()
            if "field" in values:
                field = values["field"]
                values["field"] = t(FIELD_NAMES[field]) if field in FIELD_NAMES else field
            return t(message, **values)
    return t("check the value of that field")


def status_of(error: Any) -> int:
    """The HTTP status of a refusal, from the one table of outcomes."""
    return outcome(error).status


def sign_up_refusal(t: Lang, reason: str) -> str:
    return {
        "password-too-short": t("The password needs at least 10 characters."),
        "password-too-long": t("The password is too long."),
        "needs-invitation": t(
            "That site needs an invitation code. Ask the host at the service point for one."
        ),
        "invitation-invalid": t("That invitation code is not valid (any more)."),
        "email-invalid": t("That is not an e-mail address."),
        "email-taken": t("There is already an account with that e-mail address. Sign in instead."),
        "name-missing": t("Please give your name."),
        "name-invalid": t("A name is one line of at most 200 characters."),
        "invitation-uses": t("An invitation can be used 1 to 500 times."),
        "invitation-days": t("An invitation is valid for 1 to 365 days."),
    }.get(reason, t("That did not work."))


def role_name(t: Lang, role: str) -> str:
    return {
        "member": t("Member"),
        "host": t("Host"),
        "evaluator": t("Evaluator"),
        "admin": t("Admin"),
    }.get(role, role)


def kind_name(t: Lang, kind: str, plural: bool = False) -> str:
    if plural:
        return {"desk": t("Desks"), "room": t("Rooms"), "equipment": t("Equipment")}.get(kind, kind)
    return {"desk": t("Desk"), "room": t("Room"), "equipment": t("Equipment")}.get(kind, kind)


def feature_name(t: Lang, feature: str) -> str:
    """The label of a feature of the vocabulary (``domain.vocabulary.FEATURES``) in the
    page's language; a word from before the vocabulary is shown as it was typed."""
    return {
        "screen": t("screen"),
        "height-adjustable": t("height-adjustable"),
        "window": t("by a window"),
        "dock": t("docking station"),
        "quiet": t("quiet zone"),
        "video meeting": t("video meeting"),
        "whiteboard": t("whiteboard"),
        "phone booth": t("phone booth"),
        "projector": t("projector"),
        "usb-c": t("USB-C"),
        "hdmi": t("HDMI"),
        "camera": t("camera"),
        "speakerphone": t("speakerphone"),
        "accessible": t("wheelchair accessible"),
    }.get(feature, feature)


def status_name(t: Lang, status: str, checked_in: bool = False) -> str:
    if status == "confirmed" and checked_in:
        return t("Checked in")
    return {
        "confirmed": t("Booked"),
        "cancelled": t("Cancelled"),
        "completed": t("Completed"),
        "no-show": t("Released (no check-in)"),
        "pending": t("Awaiting a host's approval"),
        "declined": t("Declined by a host"),
    }.get(status, status)


def cancel_reason(t: Lang, reason: str | None, note: str = "") -> str:
    """Why a booking was cancelled, in a few words (and a host's note after it)."""
    said = {
        "member": t("cancelled by the member"),
        "host": t("cancelled by a host"),
        "site-closed": t("the site is closed that day"),
        "opening-hours": t("the opening hours changed"),
        "resource-retired": t("it is no longer in use"),
        "account-erased": t("the account was erased"),
        "approval-expired": t("no host answered in time"),
    }.get(reason or "", "")
    return f"{said}: {note}" if said and note else said or note
