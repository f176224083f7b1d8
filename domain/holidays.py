"""Swedish public holidays, for closing a site on them in one step."""

from __future__ import annotations

from datetime import date

import holidays


def swedish_public_holidays(year: int) -> dict[date, str]:
    """Public holidays of Sweden in ``year`` (not ordinary Sundays), with Swedish names."""
    calendar = holidays.country_holidays("SE", years=year, language="sv", include_sundays=False)
    return dict(calendar.items())


# Days that are not public holidays but on which offices in Sweden are closed all the same;
# a host chooses which of them the site is closed on.
EVES = ("julafton", "nyarsafton", "midsommarafton")
EVE_NAMES = {"julafton": "Julafton", "nyarsafton": "Nyårsafton", "midsommarafton": "Midsommarafton"}


def midsummer_eve(year: int) -> date:
    """The Friday between 19 and 25 June."""
    first = date(year, 6, 19)
    return date(year, 6, 19 + (4 - first.weekday()) % 7)


def swedish_eves(year: int, chosen: tuple[str, ...] = EVES) -> dict[date, str]:
    """The chosen de facto closed days of ``year`` (``EVES``), with Swedish names."""
    days = {
        "julafton": date(year, 12, 24),
        "nyarsafton": date(year, 12, 31),
        "midsommarafton": midsummer_eve(year),
    }
    return {days[key]: EVE_NAMES[key] for key in EVES if key in chosen}
