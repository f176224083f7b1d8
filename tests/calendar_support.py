"""Reading calendar feeds in the tests: with icalendar, with the independent strict parser
``ical``, and by evaluating a VTIMEZONE the way RFC 5545 defines it (an onset's DTSTART
is a wall-clock time in its TZOFFSETFROM offset)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
from ical.calendar import Calendar as IcalCalendar
from ical.calendar_stream import IcsCalendarStream


@dataclass
class Parsed:
    text: str
    icalendar: icalendar.Calendar
    ical: IcalCalendar

    def events(self) -> list[icalendar.Event]:
        return list(self.icalendar.walk("VEVENT"))

    def event(self, uid: str) -> icalendar.Event:
        (found,) = [e for e in self.events() if str(e["UID"]) == uid]
        return found

    def strict_event(self, uid: str) -> Any:
        (found,) = [e for e in self.ical.events if e.uid == uid]
        return found


def parse(body: bytes | str) -> Parsed:
    """Both parsers must accept the feed; the raw lines must be RFC 5545 lines."""
    raw = body if isinstance(body, bytes) else body.encode()
    assert raw.endswith(b"\r\n"), "content lines end in CRLF"
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character
        assert b"\n" not in line and b"\r" not in line
    text = raw.decode()
    return Parsed(
        text, icalendar.Calendar.from_ical(text), IcsCalendarStream.calendar_from_ics(text)
    )


def raw_lines(parsed: Parsed) -> list[str]:
    """The content lines, unfolded."""
    return parsed.text.replace("\r\n ", "").split("\r\n")


def _onsets(calendar: icalendar.Calendar, tzid: str) -> list[tuple[datetime, timedelta]]:
    onsets: list[tuple[datetime, timedelta]] = []
    (vtimezone,) = [tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == tzid]
    for observance in vtimezone.subcomponents:
        offset_from = observance["TZOFFSETFROM"].td
        offset_to = observance["TZOFFSETTO"].td
        walls = [observance["DTSTART"].dt]
        rdates = observance.get("RDATE")
        for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            walls.extend(d.dt for d in rdate.dts)
        onsets.extend((w.replace(tzinfo=UTC) - offset_from, offset_to) for w in walls)
    return sorted(onsets)


def vtimezone_offset(calendar: icalendar.Calendar, tzid: str, instant: datetime) -> timedelta:
    """The offset from UTC that the calendar's own VTIMEZONE gives at ``instant``."""
    applicable = [o for o in _onsets(calendar, tzid) if o[0] <= instant]
    assert applicable, f"the VTIMEZONE {tzid} does not cover {instant}"
    return applicable[-1][1]


def vtimezone_onsets(calendar: icalendar.Calendar, tzid: str) -> list[datetime]:
    """The UTC instants at which the VTIMEZONE changes offset."""
    onsets = _onsets(calendar, tzid)
    return [at for (at, to), (_, before) in zip(onsets[1:], onsets, strict=False) if to != before]


def instant(calendar: icalendar.Calendar, event: icalendar.Event, name: str) -> datetime:
    """DTSTART or DTEND as a UTC instant, read through the calendar's VTIMEZONE (as a
    client without a tz database of its own would), not through the TZID's name."""
    prop = event[name]
    value: datetime = prop.dt
    tzid = prop.params.get("TZID")
    if tzid is None:
        assert value.utcoffset() == timedelta(0), f"{name} is neither UTC nor with TZID"
        return value.astimezone(UTC)
    wall = value.replace(tzinfo=None)
    # The instants whose wall clock in the VTIMEZONE is ``wall``. RFC 5545 (3.3.5): a wall
    # time that occurs twice means the first occurrence.
    found = []
    for offset in {o for _, o in _onsets(calendar, str(tzid))}:
        candidate = (wall - offset).replace(tzinfo=UTC)
        if vtimezone_offset(calendar, str(tzid), candidate) == offset:
            found.append(candidate)
    assert found, f"{name} {wall} does not occur in {tzid}"
    return min(found)
