"""The composition root: one place that builds the application, the views, the member
registry and the follower from the settings. The HTTP app and the CLI both use it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from projections.db import make_engine
from projections.queries import Queries
from projections.runner import Follower, Views
from service.application import Grannskap
from service.members import MemberRegistry
from service.noshows import NoShowJob, release_no_shows
from service.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    app: Grannskap
    engine: Engine
    views: Views
    queries: Queries
    members: MemberRegistry
    follower: Follower | None = field(default=None)
    no_show_job: NoShowJob | None = field(default=None)

    @classmethod
    def build(cls, settings: Settings, clock: object = None) -> Container:
        app = Grannskap(settings.eventsourcing_env(), clock=clock)  # type: ignore[arg-type]
        engine = make_engine(settings.sqlalchemy_url())
        views = Views(engine, app.name)
        views.create_tables()
        members = MemberRegistry(engine)
        members.create_tables()
        return cls(settings, app, engine, views, Queries(engine, views.catalogue_position), members)

    def start_following(self) -> None:
        """Keeps the views up to date from this process (unless a worker does it)."""
        if self.settings.projections != "inprocess" or self.follower is not None:
            return
        self.follower = Follower(self.views, self.app)
        self.app.after_write.append(lambda _position: self.follower and self.follower.nudge())
        self.follower.start()

    def start_no_show_job(self, interval: float = 60.0) -> None:
        """Releases no-shows every ``interval`` seconds from this process."""
        if self.no_show_job is None:
            self.no_show_job = NoShowJob(self.release_no_shows, interval)
            self.no_show_job.start()

    def release_no_shows(self) -> int:
        return release_no_shows(self.app, self.queries)

    def wait_for(self, position: int, timeout: float = 5.0) -> None:
        """Returns once every view shows the write at ``position``."""
        self.views.wait(position, timeout, tuple(p.name for p in self.views.projections))

    def wait_for_reads(self, position: int, timeout: float = 5.0) -> None:
        """Read-your-writes: returns once the views a member reads right after a write
        (catalogue, availability, my bookings) show the write at ``position``."""
        self.views.wait(position, timeout)

    def now(self) -> datetime:
        return self.app.clock()

    def close(self) -> None:
        if self.no_show_job is not None:
            self.no_show_job.stop()
            self.no_show_job = None
        if self.follower is not None:
            self.follower.stop()
            self.follower = None
        self.app.close()
        self.engine.dispose()
