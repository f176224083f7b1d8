"""Swedish public holidays, for closing a site on them in one step."""

from __future__ import annotations

from datetime import date

import holidays


def swedish_public_holidays(year: int) -> dict[date, str]:
    """Public holidays of Sweden in ``year`` (not ordinary Sundays), with Swedish names."""
    calendar = holidays.country_holidays("SE", years=year, language="sv", include_sundays=False)
    return dict(calendar.items())
