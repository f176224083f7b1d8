"""The one set of input limits: how long each kind of text may be and which characters it
may hold. The domain checks them when a command is given (an event that a view column
could not hold would stop that view for everyone), the adapters describe the same limits
at the edge (``LINE_PATTERN``, ``TEXT_PATTERN`` in the API's structs), and the registry of
members uses them for names, e-mail addresses and invitation codes.

No text holds NUL or another control character (C0, DEL or C1); only a multi-line text (an
address) keeps its line breaks. Every length here fits the view and registry columns
(``projections/tables.py``, ``service/registry/tables.py``)."""

from __future__ import annotations

from datetime import date

from domain.errors import InvalidSetting

NAME = 200  # site, resource and member names: String(200)
LOCALITY = 200  # String(200)
ADDRESS = 500  # Text; a few lines
TIMEZONE = 64  # String(64)
REASON = 200  # a closure's reason
NOTE = 500  # a host's words to a member
EMAIL = 320  # String(320)
INVITATION_CODE = 32  # String(32)
TOKEN_NAME = 100  # String(100)
VISITOR_NAME = 100  # a walk-in visitor's name, kept for the day only: String(100)
LOCAL_PATH = 500  # where to go after signing in (oidc_pending.next_path): String(500)
OIDC_SUBJECT = 255  # who a person is at the provider (OIDC Core: at most 255): String(255)
OIDC_ISSUER = 500  # the provider's issuer URL (oidc_identity.issuer): String(500)

# The days the service reckons with: a date outside them is refused as input, so that no
# arithmetic on a day (the next day, a week, a time zone) runs off the calendar's ends.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)

_CONTROL = frozenset([*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
_LINE_BREAKS = frozenset([0x0A, 0x0D])

# The same rules as regular expressions, for the edge (msgspec ``Meta(pattern=...)`` and
# the OpenAPI document). A JSON body cannot carry a lone surrogate (msgspec refuses it),
# and :func:`is_clean` refuses one from anywhere else: it cannot be stored as UTF-8.
LINE_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
TEXT_PATTERN = "^[^\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"


def check_day(day: date, about: str = "date") -> date:
    """``day`` if it lies between ``FIRST_DAY`` and ``LAST_DAY``; else ``InvalidSetting``."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidSetting(
            f"{about} is between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}", about=about
        )
    return day


def is_clean(text: str, *, line_breaks: bool = False) -> bool:
    """Whether ``text`` holds no control character (nor a lone surrogate); with
    ``line_breaks``, CR and LF are allowed."""
    allowed = _LINE_BREAKS if line_breaks else frozenset()
    return not any(
        (code in _CONTROL and code not in allowed) or 0xD800 <= code <= 0xDFFF
        for code in map(ord, text)
    )


def one_line(text: str, *, about: str, length: int, required: bool = False) -> str:
    """``text`` with its surrounding spaces removed, if it is one line of at most
    ``length`` characters without control characters; otherwise ``InvalidSetting`` about
    ``about``. ``required``: it must not be empty either."""
    if not isinstance(text, str):
        raise InvalidSetting("a text is expected", about=about)
    cleaned = text.strip()
    if required and not cleaned:
        raise InvalidSetting(f"{about} must not be empty", about=about)
    if len(cleaned) > length:
        raise InvalidSetting(f"{about} is at most {length} characters", about=about)
    if not is_clean(cleaned):
        raise InvalidSetting(f"{about} must be one line without control characters", about=about)
    return cleaned


def lines(text: str, *, about: str, length: int) -> str:
    """Like :func:`one_line`, but line breaks (normalised to LF) are kept."""
    if not isinstance(text, str):
        raise InvalidSetting("a text is expected", about=about)
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(cleaned) > length:
        raise InvalidSetting(f"{about} is at most {length} characters", about=about)
    if not is_clean(cleaned, line_breaks=True):
        raise InvalidSetting(f"{about} must not hold control characters", about=about)
    return cleaned


def paragraph(text: str, *, about: str, length: int) -> str:
    """A text of words: runs of white space (line breaks too) become one space, then it is
    checked as :func:`one_line`."""
    if not isinstance(text, str):
        raise InvalidSetting("a text is expected", about=about)
    return one_line(" ".join(text.split()), about=about, length=length)
