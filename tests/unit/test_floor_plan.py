"""The floor plan's rules (a grid, places inside it, no two sharing a cell, the refusal naming
the cell), the short names a shape shows when its full name does not fit, and the demo
sites' plans, which must pass the same rules and place every resource."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidSetting
from domain.floorplan import Place, check_plan
from service.application.drawings import clean_svg
from service.cli import demo, demo_plans
from service.presentation.i18n import Lang
from service.presentation.messages import refusal
from service.web.floor_view import CELL, PlanDrawing, Shape, short_code


def test_two_resources_on_one_cell_are_refused_naming_the_cell_and_the_later_one() -> None:
    first, second = uuid4(), uuid4()
    with pytest.raises(InvalidSetting) as refused:
        check_plan(12, 8, {second: Place(4, 3, 2, 2), first: Place(3, 2, 2, 2)})
    assert refused.value.message == "two resources share a cell (column 4, row 3)"
    assert refused.value.about == f"floor_plan.places.{second}"


def test_the_shared_cell_is_said_in_swedish_with_its_column_and_row() -> None:
    with pytest.raises(InvalidSetting) as refused:
        check_plan(12, 8, {uuid4(): Place(1, 1), uuid4(): Place(1, 1)})
    said = refusal(Lang("sv"), refused.value)
    assert "två resurser delar en ruta (kolumn 1, rad 1)" in said


@pytest.mark.parametrize(
    ("columns", "rows", "place", "words"),
    [
        (12, 8, Place(12, 1, 2, 1), "the place lies outside the grid"),
        (12, 8, Place(1, 8, 1, 2), "the place lies outside the grid"),
        (12, 8, Place(0, 1), "columns and rows count from 1"),
        (12, 8, Place(1, 1, 11, 1), "a place is 1..10 cells wide and high"),
        (12, 8, Place(1, 1, 1, 0), "a place is 1..10 cells wide and high"),
        (61, 8, Place(1, 1), "columns is 1..60"),
        (12, 0, Place(1, 1), "rows is 1..60"),
    ],
)
def test_a_place_outside_the_grid_or_a_grid_too_big_is_refused(
    columns: int, rows: int, place: Place, words: str
) -> None:
    with pytest.raises(InvalidSetting) as refused:
        check_plan(columns, rows, {uuid4(): place})
    assert refused.value.message == words


def test_the_size_of_the_grid_is_said_in_swedish_naming_columns_or_rows() -> None:
    with pytest.raises(InvalidSetting) as refused:
        check_plan(61, 8, {})
    said = refusal(Lang("sv"), refused.value)
    assert "antalet kolumner ska ligga mellan 1 och 60" in said


def test_places_side_by_side_are_a_plan() -> None:
    check_plan(4, 2, {uuid4(): Place(1, 1, 2, 2), uuid4(): Place(3, 1, 2, 2)})


@pytest.mark.parametrize(
    ("name", "width", "shown"),
    [
        ("Mötesrum Kvarnen", 7 * CELL, "Mötesrum Kvarnen"),
        ("Mötesrum Kvarnen", 5 * CELL, "Kvarnen"),
        ("Skrivbord 11", 2 * CELL, "S11"),
        ("Skrivbord 3", 2 * CELL, "S3"),
        ("Mötesrum Ån", 2 * CELL, "Ån"),
        ("Extra skärm", 3 * CELL, "Skärm"),
        ("Videomötespaket", 3 * CELL, "Videom."),
    ],
)
def test_a_shape_shows_its_name_when_it_fits_and_a_short_code_otherwise(
    name: str, width: int, shown: str
) -> None:
    assert short_code(name, width, 22) == shown


def _shape(name: str, code: str, x: int, y: int) -> Shape:
    return Shape(uuid4(), name, "desk", "free", name, code, "#", x, y, 2 * CELL, 2 * CELL)


def test_the_legend_lists_only_the_coded_shapes_in_reading_order() -> None:
    shapes = [
        _shape("Skrivbord 2", "S2", 80, 0),
        _shape("Mötesrum Kvarnen", "Mötesrum Kvarnen", 400, 0),
        _shape("Skrivbord 3", "S3", 0, 80),
        _shape("Skrivbord 1", "S1", 0, 0),
    ]
    plan = PlanDrawing(640, 400, shapes, None, 16, 10)
    assert [s.code for s in plan.coded] == ["S1", "S2", "S3"]


def _ids(names: list[str]) -> dict[str, UUID]:
    return {name: uuid4() for name in names}


def test_every_demo_site_has_a_plan_that_places_each_of_its_resources_by_the_rules() -> None:
    office = [r["name"] for r in demo.OFFICE_RESOURCES]
    layouts = [(demo_plans.OFFICE, office)] + [
        (demo_plans.SERVICE_POINTS[name], ["Skrivbord 1", "Skrivbord 2", "Skrivbord 3"])
        for name, _, _ in demo.OTHER_SITES
    ]
    for layout, names in layouts:
        assert sorted(layout.places) == sorted(names)
        ids = _ids(names)
        check_plan(layout.columns, layout.rows, {ids[n]: p for n, p in layout.places.items()})
        assert all(p.width >= 2 and p.height >= 2 for p in layout.places.values())


def test_the_demo_drawings_survive_cleaning_and_lie_exactly_under_the_grid() -> None:
    for layout in [demo_plans.OFFICE, *demo_plans.SERVICE_POINTS.values()]:
        drawn = demo_plans.drawing(layout)
        cleaned = clean_svg(drawn)
        assert f'viewBox="0 0 {layout.columns * CELL} {layout.rows * CELL}"' in cleaned
        assert cleaned.count("<line") == drawn.count("<line") >= 5
        assert "<polygon" in cleaned  # the entrance's arrow
