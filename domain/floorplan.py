"""A site's floor plan: a grid on which hosts place the site's resources, and an optional
background drawing (an SVG the host uploads, kept only after it is cleaned)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidSetting
from domain.ids import floor_plan_id

MAX_CELLS = 60  # columns and rows of the grid, each
MAX_BACKGROUND = 256 * 1024  # characters of a cleaned SVG background


@dataclass(frozen=True)
class Place:
    """Where a resource is on the grid: its top-left cell (columns and rows count from 1)
    and how many cells it covers."""

    column: int
    row: int
    width: int = 1
    height: int = 1

    def cells(self) -> set[tuple[int, int]]:
        return {
            (self.column + dx, self.row + dy)
            for dx in range(self.width)
            for dy in range(self.height)
        }


def check_plan(columns: int, rows: int, places: dict[UUID, Place]) -> None:
    """A grid of 1..60 by 1..60 cells; every place inside it; no two places overlapping
    (the refusal names the cell they share and is about the later of the two)."""
    for name, value in (("columns", columns), ("rows", rows)):
        if not 1 <= value <= MAX_CELLS:
            raise InvalidSetting(f"{name} is 1..{MAX_CELLS}", about=f"floor_plan.{name}")
    taken: dict[tuple[int, int], UUID] = {}
    ordered = sorted(places.items(), key=lambda item: (item[1].row, item[1].column))
    for resource_id, place in ordered:
        about = f"floor_plan.places.{resource_id}"
        if place.width < 1 or place.height < 1 or place.width > 10 or place.height > 10:
            raise InvalidSetting("a place is 1..10 cells wide and high", about=about)
        if place.column < 1 or place.row < 1:
            raise InvalidSetting("columns and rows count from 1", about=about)
        if place.column + place.width - 1 > columns or place.row + place.height - 1 > rows:
            raise InvalidSetting("the place lies outside the grid", about=about)
        for cell in sorted(place.cells(), key=lambda c: (c[1], c[0])):
            if cell in taken:
                raise InvalidSetting(
                    f"two resources share a cell (column {cell[0]}, row {cell[1]})", about=about
                )
            taken[cell] = resource_id


class FloorPlan(Aggregate):
    """The plan of one site (id: uuid5 of the site id)."""

    @staticmethod
    def create_id(site_id: UUID) -> UUID:
        return floor_plan_id(site_id)

    class Drawn(Aggregate.Created):
        site_id: UUID

    @event(Drawn)
    def __init__(self, site_id: UUID) -> None:
        self.site_id = site_id
        self.columns = 12
        self.rows = 8
        self.places: dict[UUID, Place] = {}
        self.background: str | None = None

    def set_places(self, columns: int, rows: int, places: dict[UUID, Place]) -> None:
        check_plan(columns, rows, places)
        if (columns, rows, places) == (self.columns, self.rows, self.places):
            return
        raw = {str(k): [p.column, p.row, p.width, p.height] for k, p in places.items()}
        self._set_places(columns, rows, raw)

    class PlacesSet(Aggregate.Event):
        columns: int
        rows: int
        places: dict[str, list[int]]

    @event(PlacesSet)
    def _set_places(self, columns: int, rows: int, places: dict[str, list[int]]) -> None:
        self.columns, self.rows = columns, rows
        self.places = {UUID(k): Place(*v) for k, v in places.items()}

    def set_background(self, svg: str | None) -> None:
        """A cleaned SVG drawing (see ``service.application.svg_cleaning``), or None."""
        if svg is not None and len(svg) > MAX_BACKGROUND:
            raise InvalidSetting("the drawing is too large", about="background")
        if svg != self.background:
            self._set_background(svg)

    class BackgroundSet(Aggregate.Event):
        svg: str | None

    @event(BackgroundSet)
    def _set_background(self, svg: str | None) -> None:
        self.background = svg
