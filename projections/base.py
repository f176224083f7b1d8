"""The base of grannskap's projections: eventsourcing ``Projection`` over a :class:`SqlView`."""

from __future__ import annotations

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.rows import forget, lookup, remember
from projections.tracking import SqlView

__all__ = ["ViewProjection", "forget", "lookup", "remember"]


class ViewProjection(Projection[SqlView]):
    """Each subclass declares its own ``process_event`` (a ``singledispatchmethod``) and
    registers a handler per event class. Events a projection does not handle still
    advance its position (:meth:`skip`), so a wait for any write's position ends."""

    tables: tuple[type, ...] = ()

    def skip(self, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)
