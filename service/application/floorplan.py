"""Floor plans: hosts place a site's resources on a grid and may add a background drawing;
the day page draws the plan with what is free, taken and the member's own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.floorplan import FloorPlan, Place, check_plan
from domain.ids import floor_plan_id
from projections.queries import FloorPlanView
from service.application import reads
from service.application.access import require_manager_of
from service.application.context import Context
from service.application.drawings import clean_svg
from service.application.errors import InvalidRequest, NotFound
from service.application.store import retrying
from service.registry.members import Member


@dataclass(frozen=True)
class SetPlaces:
    """The grid's size and where each resource is (resources left out are not on the plan)."""

    actor: Member
    site_id: UUID
    columns: int
    rows: int
    places: dict[UUID, Place]


def _change(ctx: Context, actor: Member, site_id: UUID, change: Callable[[FloorPlan], None]) -> int:
    require_manager_of(ctx, actor, site_id)
    reads.site(ctx, site_id)
    store = ctx.store

    def attempt() -> int:
        plan = store.load_or_none(FloorPlan, floor_plan_id(site_id)) or FloorPlan(site_id=site_id)
        change(plan)
        return store.save_all(plan)

    return ctx.written(retrying(attempt))


def _check_resources(ctx: Context, command: SetPlaces) -> None:
    require_manager_of(ctx, command.actor, command.site_id)
    reads.site(ctx, command.site_id)
    known = {r.id for r in ctx.queries.resources(command.site_id)}
    for resource_id in command.places:
        if resource_id not in known:
            raise InvalidRequest(
                "not a resource in use at this site", about=f"floor_plan.places.{resource_id}"
            )


def preview_places(ctx: Context, command: SetPlaces) -> FloorPlanView:
    """The plan as it would be with these places, checked by the same rules as saving it,
    and nothing stored: what the host sees before saving."""
    _check_resources(ctx, command)
    check_plan(command.columns, command.rows, command.places)
    now = plan_of(ctx, command.site_id)
    return FloorPlanView(
        site_id=command.site_id,
        columns=command.columns,
        rows=command.rows,
        places={k: [p.column, p.row, p.width, p.height] for k, p in command.places.items()},
        background_version=now.background_version,
    )


def set_places(ctx: Context, command: SetPlaces) -> FloorPlanView:
    _check_resources(ctx, command)
    _change(
        ctx,
        command.actor,
        command.site_id,
        lambda plan: plan.set_places(command.columns, command.rows, command.places),
    )
    return plan_of(ctx, command.site_id)


def set_background(ctx: Context, actor: Member, site_id: UUID, svg: str | None) -> FloorPlanView:
    """A drawing behind the grid (cleaned of anything but drawing), or none."""
    cleaned = clean_svg(svg) if svg is not None else None
    _change(ctx, actor, site_id, lambda plan: plan.set_background(cleaned))
    return plan_of(ctx, site_id)


def plan_of(ctx: Context, site_id: UUID) -> FloorPlanView:
    """The site's plan; an empty grid when no host has drawn one. Retired resources and
    resources no longer at the site are left out."""
    reads.site(ctx, site_id)
    found = ctx.queries.floor_plan(site_id)
    if found is None:
        return FloorPlanView(site_id=site_id, columns=12, rows=8, places={})
    in_use = {r.id for r in ctx.queries.resources(site_id)}
    found.places = {k: v for k, v in found.places.items() if k in in_use}
    return found


def background(ctx: Context, site_id: UUID) -> tuple[str, int]:
    found = ctx.queries.floor_plan_background(site_id)
    if found is None:
        raise NotFound("background")
    return found
