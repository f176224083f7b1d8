"""How the figures of the activity report are counted (check-ins by method, the waitlist's
outcomes, the empty searches per week or month), in words an official reads; English msgids
translated in ``locale/sv/.../messages.po``. ``Method`` is the shape of every method text."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

# Marks a message for translation where it is written; Lang translates it when shown.
N_: Callable[[str], str] = str


class Method(NamedTuple):
    key: str  # the figure's field in the JSON API
    label: str  # its name on the pages (a msgid)
    text: str  # how it is counted (a msgid)


GRAIN = Method(
    "grain",
    N_("Weeks and months"),
    N_(
        "A period of up to 92 days is shown per week (Monday to Sunday), a longer one per "
        "calendar month; the first and the last are cut at the ends of the period. Each "
        "booking, waitlist entry or search goes to the day of the time it was for."
    ),
)

HIDDEN = Method(
    "privacy",
    N_("Hidden weeks and months"),
    N_(
        "A week or month is hidden when fewer than three members are behind it, when it "
        "holds a day hidden in the other reports of the period, or when it must be hidden "
        "so that the others cannot be subtracted from the total."
    ),
)

ACTIVITY = {
    "activity_check_ins": (
        Method(
            "check_ins",
            N_("Check-ins by method"),
            N_(
                "Bookings checked in, by how: with the site's code or its QR code, with the "
                "button on the member's own page, or by a host. Check-ins made before the "
                "method was recorded are shown as not recorded."
            ),
        ),
        GRAIN,
        HIDDEN,
    ),
    "activity_waitlist": (
        Method(
            "waitlist",
            N_("What became of waitlist entries"),
            N_(
                "Members who asked to be told when something became free: served (they got "
                "a booking from the list), expired (nothing became free before the time "
                "began), left the list, or still waiting."
            ),
        ),
        GRAIN,
        HIDDEN,
    ),
    "activity_empty_searches": (
        Method(
            "empty_searches",
            N_("Searches that found nothing free"),
            N_(
                "Searches for a time within the opening hours that found nothing free, each "
                "member, kind and time once, by the kind looked for: a hint of demand that "
                "may never have become a request."
            ),
        ),
        GRAIN,
        HIDDEN,
    ),
}
