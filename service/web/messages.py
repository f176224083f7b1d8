"""The words the pages use for the domain's refusals and for the kinds of resources."""

from __future__ import annotations

from typing import Any

from service.web.i18n import Lang


def refusal(t: Lang, error: Any, **details: Any) -> str:
    """A refusal (a ``DomainError`` with its stable ``rule``) said in the page's language."""
    rule = getattr(error, "rule", "")
    name = details.get("resource", "")
    messages = {
        "slot-taken": (
            t("Someone was quicker: %(resource)s was just booked for that time.", resource=name)
            + " "
            + t("Pick another one or another time.")
            if name
            else t("That time was just taken.") + " " + t("Pick another one or another time.")
        ),
        "nothing-free": t("Nothing of that kind is free at that time.")
        + " "
        + t("Try another time or fewer wanted features."),
        "invalid-interval": t("The end must be after the start."),
        "not-aligned": t("Bookings start and end on the quarter hour."),
        "in-the-past": t("That time has already passed."),
        "outside-booking-window": t("That day cannot be booked yet."),
        "outside-opening-hours": t("The site is not open all of that time."),
        "site-closed": t("The site is closed that day."),
        "too-long": t("That is longer than one booking may be."),
        "resource-retired": t("That is no longer in use."),
        "member-desk-limit": t("You already have a desk at that time."),
        "member-booking-limit": t("You have as many upcoming bookings as you may have."),
        "booking-not-active": t("That booking is no longer active."),
        "check-in-closed": t(
            "Check-in is open from 15 minutes before the start until shortly after it."
        ),
        "invalid-setting": t("That setting is not possible: %(detail)s", detail=_detail(error)),
        "invalid-value": t("That setting is not possible: %(detail)s", detail=_detail(error)),
    }
    return messages.get(rule, t("That was refused: %(detail)s", detail=_detail(error)))


def _detail(error: Any) -> str:
    return str(getattr(error, "message", None) or error)


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
        "invitation-uses": t("An invitation can be used 1 to 500 times."),
        "invitation-days": t("An invitation is valid for 1 to 365 days."),
    }.get(reason, t("That did not work."))


def kind_name(t: Lang, kind: str, plural: bool = False) -> str:
    if plural:
        return {"desk": t("Desks"), "room": t("Rooms"), "equipment": t("Equipment")}.get(kind, kind)
    return {"desk": t("Desk"), "room": t("Room"), "equipment": t("Equipment")}.get(kind, kind)


def feature_name(t: Lang, feature: str) -> str:
    return {
        "screen": t("screen"),
        "height-adjustable": t("height-adjustable"),
        "window": t("by a window"),
        "video meeting": t("video meeting"),
        "whiteboard": t("whiteboard"),
        "phone booth": t("phone booth"),
        "usb-c": t("USB-C"),
        "hdmi": t("HDMI"),
        "camera": t("camera"),
        "speakerphone": t("speakerphone"),
    }.get(feature, feature)


def status_name(t: Lang, status: str, checked_in: bool = False) -> str:
    if status == "confirmed" and checked_in:
        return t("Checked in")
    return {
        "confirmed": t("Booked"),
        "cancelled": t("Cancelled"),
        "completed": t("Completed"),
        "no-show": t("Released (no check-in)"),
    }.get(status, status)
