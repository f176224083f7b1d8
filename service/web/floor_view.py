"""The floor plan as the day page draws it: one shape per placed resource, free, taken or
the member's own for the chosen time, each a link to that resource in the list. Drawn by
the server as SVG (no script), with a text alternative for every shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.time import Interval
from service.application.reads import Availability, BookingView, FloorPlanView
from service.presentation.i18n import Lang

CELL = 40  # user units per grid cell


@dataclass(frozen=True)
class Shape:
    id: UUID
    name: str
    kind: str
    status: str  # "free", "taken", "mine" or "closed"
    label: str  # what a screen reader says
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


@dataclass(frozen=True)
class PlanDrawing:
    width: int
    height: int
    shapes: list[Shape]
    background_url: str | None
    columns: int
    rows: int


def status_words(t: Lang) -> dict[str, str]:
    return {
        "free": t("free"),
        "taken": t("taken"),
        "mine": t("your booking"),
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
        if interval is None:
            status = "closed"
        elif any(
            b.resource_id == resource_id and b.start < interval.end and interval.start < b.end
            for b in mine
        ):
            status = "mine"
        elif any(s.start <= interval.start and interval.end <= s.end for s in r.free):
            status = "free"
        else:
            status = "taken"
        shapes.append(
            Shape(
                id=resource_id,
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
