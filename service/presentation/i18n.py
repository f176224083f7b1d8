"""Languages of the pages: Swedish by default, English selectable.

UI strings are gettext messages (English msgids, translated in
``locale/<lang>/LC_MESSAGES/messages.po``); the catalogues are compiled with Babel's own
tools when first used, so no compiled file needs to be kept in the repository. Dates, times,
weekdays and numbers are formatted by Babel with the CLDR data of the chosen locale, always
in the site's time zone.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime, time, tzinfo
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
)
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "sv"
LANGUAGES = {"sv": "sv_SE", "en": "en_GB"}
NATIVE_NAMES = {"sv": "Svenska", "en": "English"}
COOKIE = "lang"
Day = date  # the type, where the method ``Lang.date`` hides the name


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (compiled in memory from its .po file)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=LANGUAGES.get(lang, lang))
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


def choose(query: str | None, cookie: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT


class Lang:
    """One language: messages and formatting. Templates call it as ``t``."""

    def __init__(self, code: str) -> None:
        self.code = code if code in LANGUAGES else DEFAULT
        self.locale = Locale.parse(LANGUAGES[self.code])
        self._t = translations(self.code)

    # -- messages ---------------------------------------------------------------------

    def gettext(self, message: str, **params: Any) -> str:
        text = self._t.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"n": self.number(n), **params}

    __call__ = gettext

    # -- formatting -------------------------------------------------------------------

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, value: float) -> str:
        return format_percent(value, locale=self.locale)

    def day(self, value: date) -> str:
        """Weekday, day and month: "tisdag 1 december" / "Tuesday 1 December"."""
        return format_date(value, "EEEE d MMMM", locale=self.locale)

    def day_year(self, value: date) -> str:
        return format_date(value, "full", locale=self.locale)

    def short_day(self, value: date) -> str:
        """ "tis 1 dec." / "Tue 1 Dec"."""
        return format_skeleton("MMMEd", value, locale=self.locale)

    def date(self, value: Day) -> str:
        return format_date(value, "medium", locale=self.locale)

    def weekday_name(self, index: int, width: str = "wide") -> str:
        """Monday is 0."""
        return str(self.locale.days["format"][width][index])

    def time(self, value: datetime | time, tz: tzinfo | None = None) -> str:
        if isinstance(value, datetime) and tz is not None:
            value = value.astimezone(tz)
        return format_time(value, "short", locale=self.locale)

    def span(self, start: datetime, end: datetime, tz: tzinfo) -> str:
        """A span such as 09:00-12:00 (with an en dash) in the site time zone."""
        return format_interval(start.astimezone(tz), end.astimezone(tz), "Hm", locale=self.locale)

    def when(self, start: datetime, end: datetime, tz: tzinfo) -> str:
        """The day and the span, such as "tis 1 dec. 09:00-12:00"."""
        return f"{self.short_day(start.astimezone(tz).date())} {self.span(start, end, tz)}"

    def zone(self, name: str) -> str:
        """A time zone as people say it ("Sverigetid"), not its IANA name."""
        try:
            return str(get_timezone_location(name, locale=self.locale))
        except LookupError:
            return name

    def datetime(self, value: datetime, tz: tzinfo) -> str:
        local = value.astimezone(tz)
        return f"{self.date(local.date())} {self.time(local)}"
