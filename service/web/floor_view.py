"""The floor plan as the day page, the lobby screen and the host's preview draw it: one
shape per placed resource, free, taken, the member's own or checked in for the chosen time,
each a link to that resource in the list. Drawn by the server as SVG (no script), with a
text alternative for every shape. A shape carries its full name when it fits and a short
code otherwise (the legend beneath says which is which); each state has its own pattern or
mark besides its colour."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.time import Interval
from service.application.reads import Availability, BookingView, FloorPlanView
from service.presentation.i18n import Lang

CELL = 40  # user units per grid cell
FONT = 22  # user units of a label at most: about 12 px on a 390 px phone for 16 columns
GLYPH = 0.68  # a character's width in units of the font size, at most about (600 weight)
NUMBERED = re.compile(r"^(?P<words>.*?)\s*(?P<number>\d+)$")


def fitting(name: str, width: int, font: float) -> bool:
    return len(name) * GLYPH * font <= width - 10


def short_code(name: str, width: int, font: float) -> str:
    """The name when it fits the shape, else a code: the initials and number of a numbered
    name ("Skrivbord 11": "S11"), or the last word, cut to fit with a full stop."""
    if fitting(name, width, font):
        return name
    numbered = NUMBERED.match(name)
    if numbered is not None:
        initials = "".join(word[0].upper() for word in numbered["words"].split())
        return initials + numbered["number"]
    last = name.split()[-1] if name.split() else name
    last = last[:1].upper() + last[1:]
    if fitting(last, width, font):
        return last
    room = max(int((width - 10) / (GLYPH * font)) - 1, 1)
    return last[:room] + "."


@dataclass(frozen=True)
class Shape:
    id: UUID
    name: str
    kind: str
    status: str  # "free", "taken", "mine", "checked-in" or "closed"
    label: str  # what a screen reader says
    code: str  # what the shape shows: the name, or a short code the legend explains
    href: str
    x: int
    y: int
    width: int
    height: int

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2

    @property
    def font(self) -> float:
        return min(FONT, self.height * 0.45)

    @property
    def mark_x(self) -> float:
        """Where the mark of the member's own or checked-in booking sits: the top right."""
        return self.x + self.width - 13

    @property
    def mark_y(self) -> float:
        return self.y + 13


@dataclass(frozen=True)
class PlanDrawing:
    width: int
    height: int
    shapes: list[Shape]
    background_url: str | None
    columns: int
    rows: int

    @property
    def coded(self) -> list[Shape]:
        """The shapes that show a short code instead of their name, in reading order."""
        return sorted((s for s in self.shapes if s.code != s.name), key=lambda s: (s.y, s.x))


def status_words(t: Lang) -> dict[str, str]:
    return {
        "free": t("free"),
        "taken": t("taken"),
        "mine": t("your booking"),
        "checked-in": t("you are checked in"),
        "closed": t("closed"),
    }


def drawing(
    plan: FloorPlanView,
    availability: Availability,
    mine: list[BookingView],
    interval: Interval | None,
    link: str,
    t: Lang,
) -> PlanDrawing | None:
    """The plan for the chosen time (``interval``; None when the site is closed that day);
    ``link`` is the day page's query, to which each shape adds its kind and anchor."""
    if not plan.places:
        return None
    words = status_words(t)
    resources = {r.resource_id: r for r in availability.resources}
    shapes = []
    for resource_id, (column, row, width, height) in plan.places.items():
        r = resources.get(resource_id)
        if r is None:
            continue
        own = [
            b
            for b in mine
            if interval is not None
            and b.resource_id == resource_id
            and b.start < interval.end
            and interval.start < b.end
        ]
        if interval is None:
            status = "closed"
        elif own:
            status = "checked-in" if any(b.checked_in_at for b in own) else "mine"
        elif any(s.start <= interval.start and interval.end <= s.end for s in r.free):
            status = "free"
        else:
            status = "taken"
        font = min(FONT, height * CELL * 0.45)
        shapes.append(
            Shape(
                id=resource_id,
                code=short_code(r.name, width * CELL, font),
                name=r.name,
                kind=r.kind,
                status=status,
                label=f"{r.name}: {words[status]}",
                href=f"{link}&kind={r.kind}#resource-{resource_id}",
                x=(column - 1) * CELL,
                y=(row - 1) * CELL,
                width=width * CELL,
                height=height * CELL,
            )
        )
    background = None
    if plan.background_version is not None:
        background = f"/sites/{plan.site_id}/plan/background.svg?v={plan.background_version}"
    return PlanDrawing(
        plan.columns * CELL, plan.rows * CELL, shapes, background, plan.columns, plan.rows
    )


def day_link(site_id: UUID, day: date, start: str, end: str) -> str:
    return f"/sites/{site_id}?date={day.isoformat()}&start={start}&end={end}"
