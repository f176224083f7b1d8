"""The base of grannskap's projections: eventsourcing ``Projection`` over a :class:`SqlView`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.rows import Rows
from projections.tracking import SqlView

__all__ = ["Rows", "ViewProjection"]


class ViewProjection(Projection[SqlView]):
    """Each subclass declares its own ``process_event`` (a ``singledispatchmethod``) and
    registers a handler per event class. Events a projection does not handle still
    advance its position (:meth:`skip`), so a wait for any write's position ends."""

    tables: tuple[type, ...] = ()

    def skip(self, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    def handler(self, event_class: type) -> Callable[[Any, Any, Tracking], None] | None:
        """The method that handles events of ``event_class``; None for events this view
        skips. Looked up once per class: ``singledispatchmethod`` builds a new bound
        function on every call, which cost a rebuild a sixth of its time."""
        method: Any = self.__dict__.get("process_event") or vars(type(self)).get("process_event")
        if method is None:
            method = inspect.getattr_static(type(self), "process_event")
        handlers: dict[type | None, Any] = self.__dict__.get("_handlers", {})
        if handlers.get(None) is not method:  # first use, or process_event was replaced
            handlers = self.__dict__["_handlers"] = {None: method}
        if event_class not in handlers:
            if not hasattr(method, "dispatcher"):  # a plain method: it decides itself
                handlers[event_class] = lambda view, event, tracking: view.process_event(
                    event, tracking
                )
            else:
                method.__get__(self, type(self))  # registers the handlers declared late
                found = method.dispatcher.dispatch(event_class)
                handlers[event_class] = None if found is method.func else found
        return handlers[event_class]
