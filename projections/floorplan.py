"""Floor plans: each site's grid, where its resources are on it, and the cleaned background
drawing, if any."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from sqlalchemy import JSON, Integer, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.floorplan import FloorPlan
from projections.base import ViewProjection
from projections.db import ViewBase


class FloorPlanRow(ViewBase):
    __tablename__ = "view_floor_plan"
    plan_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)  # domain.ids.floor_plan_id
    site_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    columns: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    places: Mapped[dict[str, list[int]]] = mapped_column(JSON)
    background: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The plan's version when the background last changed: part of its URL, so that a
    # browser may keep it for long and still never show an old one.
    background_version: Mapped[int] = mapped_column(Integer)


class FloorPlanProjection(ViewProjection):
    name = "floor_plan"
    tables = (FloorPlanRow,)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    @process_event.register(FloorPlan.Drawn)
    def _drawn(self, e: FloorPlan.Drawn, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                FloorPlanRow,
                site_id=e.site_id,
                plan_id=e.originator_id,
                columns=12,
                rows=8,
                places={},
                background=None,
                background_version=e.originator_version,
            )

    @process_event.register(FloorPlan.PlacesSet)
    def _places_set(self, e: FloorPlan.PlacesSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.change(
                FloorPlanRow, e.originator_id, columns=e.columns, rows=e.rows, places=dict(e.places)
            )

    @process_event.register(FloorPlan.BackgroundSet)
    def _background_set(self, e: FloorPlan.BackgroundSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.change(
                FloorPlanRow,
                e.originator_id,
                background=e.svg,
                background_version=e.originator_version,
            )
