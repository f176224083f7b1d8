"""The demo sites' floor plans: where each desk, room and piece of equipment stands on the
grid, and a drawing behind it of the walls, windows and entrance (the plan's background,
cleaned like any host's upload). Demo premises, not the municipality's real ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from domain.floorplan import Place
from service.cli.operator import Operator

CELL = 40  # user units of a grid cell in the drawing, as on the pages


@dataclass(frozen=True)
class Layout:
    """A site's grid, each resource's place by its name, the inner walls (from cell edge to
    cell edge, in cells: column, row, column, row from the top left corner at 0, 0), the
    windows on the outer walls (the same way) and the entrance: a gap in the bottom wall
    from one column edge to another."""

    columns: int
    rows: int
    places: dict[str, Place]
    walls: list[tuple[int, int, int, int]] = field(default_factory=list)
    windows: list[tuple[int, int, int, int]] = field(default_factory=list)
    entrance: tuple[int, int] = (0, 0)


def _desks(names: list[str], column: int, row: int, step: int = 2) -> dict[str, Place]:
    """Desks of two by two cells side by side from (column, row)."""
    return {name: Place(column + i * step, row, 2, 2) for i, name in enumerate(names)}


OFFICE = Layout(
    columns=14,
    rows=10,
    places={
        **_desks(["Skrivbord 11", "Skrivbord 12", "Skrivbord 1", "Skrivbord 2"], 1, 1),
        **_desks(["Skrivbord 3", "Skrivbord 4", "Skrivbord 5", "Skrivbord 6"], 1, 4),
        **_desks(["Skrivbord 7", "Skrivbord 8", "Skrivbord 9", "Skrivbord 10"], 1, 6),
        "Mötesrum Kvarnen": Place(10, 1, 5, 4),
        "Mötesrum Ån": Place(10, 6, 3, 3),
        "Telefonbås": Place(13, 6, 2, 2),
        **{
            name: Place(1 + 3 * i, 9, 3, 2)
            for i, name in enumerate(["Extra skärm", "Projektor", "Videomötespaket"])
        },
    },
    walls=[
        (9, 0, 9, 4),  # the big meeting room, its door to the corridor
        (9, 4, 11, 4),
        (12, 4, 14, 4),
        (9, 5, 9, 8),  # the small meeting room and the phone booth
        (9, 5, 10, 5),
        (11, 5, 13, 5),
        (12, 5, 12, 8),
        (9, 8, 14, 8),
        (12, 7, 14, 7),
    ],
    windows=[(0, 0, 8, 0), (9, 0, 14, 0)],
    entrance=(10, 12),
)

# The service points: three desks in a corner of each, arranged as the room allows.
SERVICE_POINTS = {
    "Servicepunkt Lindesberg": Layout(
        10,
        6,
        _desks(["Skrivbord 1", "Skrivbord 2", "Skrivbord 3"], 1, 1, 3),
        walls=[(0, 4, 4, 4)],
        windows=[(0, 0, 9, 0)],
        entrance=(6, 8),
    ),
    "Servicepunkt Guldsmedshyttan/Storå": Layout(
        8,
        6,
        {
            "Skrivbord 1": Place(1, 1, 2, 2),
            "Skrivbord 2": Place(1, 4, 2, 2),
            "Skrivbord 3": Place(4, 1, 2, 2),
        },
        windows=[(0, 0, 0, 6)],
        entrance=(5, 7),
    ),
    "Servicepunkt Fellingsbro": Layout(
        8,
        5,
        _desks(["Skrivbord 1", "Skrivbord 2", "Skrivbord 3"], 2, 1),
        windows=[(1, 0, 7, 0)],
        entrance=(1, 3),
    ),
    "Servicepunkt Vedevåg": Layout(
        7,
        6,
        {
            "Skrivbord 1": Place(2, 1, 2, 2),
            "Skrivbord 2": Place(4, 1, 2, 2),
            "Skrivbord 3": Place(3, 4, 2, 2),
        },
        walls=[(0, 3, 1, 3)],
        windows=[(7, 1, 7, 5)],
        entrance=(5, 7),
    ),
}


def _line(x1: int, y1: int, x2: int, y2: int, css: str) -> str:
    return f'<line x1="{x1 * CELL}" y1="{y1 * CELL}" x2="{x2 * CELL}" y2="{y2 * CELL}" {css}/>'


def drawing(layout: Layout) -> str:
    """The walls, windows and entrance as an SVG whose units are the grid's: it lies exactly
    under the places."""
    width, height = layout.columns * CELL, layout.rows * CELL
    wall = 'stroke="#4a5560" stroke-width="6" stroke-linecap="square"'
    inner = 'stroke="#6b7680" stroke-width="4" stroke-linecap="square"'
    glass = 'stroke="#7fb2d9" stroke-width="6"'
    door_from, door_to = layout.entrance
    parts = [
        _line(0, 0, layout.columns, 0, wall),
        _line(0, 0, 0, layout.rows, wall),
        _line(layout.columns, 0, layout.columns, layout.rows, wall),
        _line(0, layout.rows, door_from, layout.rows, wall),
        _line(door_to, layout.rows, layout.columns, layout.rows, wall),
        *(_line(*w, inner) for w in layout.walls),
        *(_line(*w, glass) for w in layout.windows),
    ]
    # The entrance: an arrow pointing in through the gap.
    middle = (door_from + door_to) * CELL // 2
    parts.append(
        f'<polygon points="{middle - 14},{height - 4} {middle + 14},{height - 4} '
        f'{middle},{height - 26}" fill="#4a5560"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">' + "".join(parts) + "</svg>"
    )


def draw(operator: Operator, site_id: UUID, layout: Layout, ids: dict[str, UUID]) -> None:
    """Places the site's resources (by name) and sets the drawing behind them."""
    places = {ids[name]: place for name, place in layout.places.items() if name in ids}
    operator.set_floor_plan(site_id, layout.columns, layout.rows, places)
    operator.set_floor_plan_drawing(site_id, drawing(layout))
