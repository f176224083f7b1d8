"""Views that stopped: a view that cannot apply an event stops at it alone (the others go on),
and says so once, here. The stall is kept in memory by the process that follows the store
and in the table ``projection_stall`` beside the positions, so that a server whose views a
worker follows can tell it too (``/health`` answers 503 naming the view and the position).
A stalled view is tried again now and then (``RETRY``); when it gets past the event, the
stall is cleared."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, Integer, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from projections.db import UTCDateTime, ViewBase

log = logging.getLogger(__name__)
RETRY = 60.0  # seconds between attempts to apply the event a view stopped at
ERROR_LENGTH = 500


class StallRecord(ViewBase):
    """A view that stopped, at which notification, and why."""

    __tablename__ = "projection_stall"
    projection: Mapped[str] = mapped_column(String(64), primary_key=True)
    application_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    notification_id: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(ERROR_LENGTH))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Stall:
    view: str
    position: int  # the notification id the view could not apply
    error: str
    tried_at: float = field(default_factory=time.monotonic, compare=False)

    @property
    def retry_due(self) -> bool:
        return time.monotonic() - self.tried_at >= RETRY


def describe(error: BaseException) -> str:
    """The first line of an error, without characters a column could not hold."""
    text = f"{type(error).__name__}: {error}".splitlines()[0] if str(error) else repr(error)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text[:ERROR_LENGTH]


def record(engine: Engine, application_name: str, stall: Stall) -> None:
    try:
        with engine.begin() as connection:
            connection.execute(
                delete(StallRecord).where(
                    StallRecord.projection == stall.view,
                    StallRecord.application_name == application_name,
                )
            )
            connection.execute(
                insert(StallRecord).values(
                    projection=stall.view,
                    application_name=application_name,
                    notification_id=stall.position,
                    error=stall.error,
                    at=datetime.now(UTC),
                )
            )
    except Exception:  # the stall is still known in memory and logged
        log.exception("could not record that view %s stopped", stall.view)


def clear(engine: Engine, application_name: str, view: str) -> None:
    try:
        with engine.begin() as connection:
            connection.execute(
                delete(StallRecord).where(
                    StallRecord.projection == view,
                    StallRecord.application_name == application_name,
                )
            )
    except Exception:
        log.exception("could not clear the stall of view %s", view)


def stored(engine: Engine, application_name: str) -> dict[str, Stall]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(StallRecord.projection, StallRecord.notification_id, StallRecord.error).where(
                StallRecord.application_name == application_name
            )
        ).all()
    return {view: Stall(view, position, error) for view, position, error in rows}
