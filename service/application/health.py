"""Readiness: may this process take traffic? It may when the database answers, some process
follows the store (holds the views' lock), no view has stopped at an event it cannot apply,
and the views are not further behind the store than ``GRANNSKAP_READY_MAX_LAG`` seconds.

A follower that goes away is not named at once once one has been seen: while a standby
worker takes the views' lock over (about two seconds), every server would otherwise leave
the load balancer's rotation together. It is named when nobody has held the lock for
``GRANNSKAP_READY_MAX_LAG`` seconds, or at once while no follower has been seen since this
process started.

The lag is measured in time, not in events: the age of the oldest event a view has not
applied yet (its timestamp in the store, against the wall clock). So a burst of writes that
the follower applies within a second is no lag, and a stopped follower shows within the
setting's seconds of the first write it does not apply, however quiet the service is."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from eventsourcing.persistence import PersistenceError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from projections.runner import Views
from service.application.store import Grannskap

log = logging.getLogger(__name__)

# What readiness can name.
DATABASE = "database"
FOLLOWER = "follower"
LAG = "lag"
STALLED = "stalled"


@dataclass(frozen=True)
class NotReady:
    what: str
    """``database``, ``follower``, ``lag`` or ``stalled``."""
    detail: str


@dataclass(frozen=True)
class Readiness:
    problems: list[NotReady] = field(default_factory=list)
    store_position: int | None = None
    views_position: int | None = None
    lag_seconds: float = 0.0

    @property
    def ready(self) -> bool:
        return not self.problems


class FollowerWatch:
    """How long nobody has held the views' lock, as this process has seen it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen = False
        self._missing_since: float | None = None

    def missing(self, present: bool, grace: float, now: float | None = None) -> bool:
        """Whether the follower is to be named missing: never seen here, or gone for
        ``grace`` seconds."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if present:
                self._seen, self._missing_since = True, None
                return False
            if self._missing_since is None:
                self._missing_since = now
            return not self._seen or now - self._missing_since >= grace


def lags(views: Views, store: Grannskap, now: datetime | None = None) -> dict[str, float]:
    """Each view's lag in seconds: how long ago the oldest event it has not applied was
    recorded (0 when it has applied everything)."""
    now = now or datetime.now(UTC)
    store_position = store.position
    ages: dict[int, float] = {}
    result: dict[str, float] = {}
    for name, reached in views.positions().items():
        if reached >= store_position:
            result[name] = 0.0
            continue
        if reached not in ages:
            written = store.written_after(reached)
            ages[reached] = max((now - written).total_seconds(), 0.0) if written else 0.0
        result[name] = ages[reached]
    return result


def readiness(
    views: Views,
    store: Grannskap,
    max_lag: float,
    now: datetime | None = None,
    watch: FollowerWatch | None = None,
) -> Readiness:
    """What keeps this process from being ready, if anything (the database is asked)."""
    try:
        return _readiness(views, store, max_lag, now, watch or FollowerWatch())
    except (SQLAlchemyError, PersistenceError, OSError) as error:
        log.warning("readiness: the database did not answer: %s", error)
        cause = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Readiness([NotReady(DATABASE, f"the database did not answer: {cause}")])


def _readiness(
    views: Views, store: Grannskap, max_lag: float, now: datetime | None, watch: FollowerWatch
) -> Readiness:
    problems: list[NotReady] = []
    # First a plain question that fails at once when the database is gone (the store's own
    # reads retry for minutes before they give up).
    with views.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    store_position = store.position
    present = views.following_here or views.lock.holder_present()
    if watch.missing(present, max_lag):
        problems.append(
            NotReady(
                FOLLOWER,
                "no process follows the store (nobody holds the views' lock): "
                "start `grannskap projections run`",
            )
        )
    stalled = views.stalled()
    for stall in sorted(stalled.values(), key=lambda s: s.view):
        problems.append(
            NotReady(
                STALLED,
                f"view {stall.view} stopped at notification {stall.position}: {stall.error}",
            )
        )
    going = {name: lag for name, lag in lags(views, store, now).items() if name not in stalled}
    worst = max(going.values(), default=0.0)
    positions = views.positions()
    views_position = min((p for n, p in positions.items() if n not in stalled), default=0)
    if worst > max_lag:
        behind = sorted(name for name, lag in going.items() if lag > max_lag)
        problems.append(
            NotReady(
                LAG,
                f"views {', '.join(behind)} lag the store by {worst:.1f} s "
                f"(more than GRANNSKAP_READY_MAX_LAG={max_lag:g} s): at {views_position} "
                f"of {store_position}",
            )
        )
    return Readiness(problems, store_position, views_position, round(worst, 3))
