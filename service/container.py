"""The composition root: the one place that builds everything from the settings (the event
store, the views and their follower, the read API, the registry, the use cases' context and
the no-show job) and closes it again. The HTTP app and the command line both use it."""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from prometheus_client import CollectorRegistry
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool

from projections.db import make_engine
from projections.follower import Follower, follow_with_listen_notify
from projections.locks import ViewsBusy
from projections.queries import Queries
from projections.rebuild import RebuildFailed
from projections.runner import Views
from service.application import health, jobs, reactions, waitlist
from service.application.context import Context
from service.application.store import Grannskap
from service.mail.follower import Mail
from service.mail.job import MailJob
from service.mail.transport import FolderTransport, SmtpTransport, Transport
from service.noshows import NoShowJob
from service.projection_metrics import ProjectionCollector
from service.registry import schema
from service.registry.accounts import Accounts
from service.registry.feeds import FeedTokens
from service.registry.hosting import SiteAssignments
from service.registry.links import Links
from service.registry.members import MemberRegistry
from service.registry.oidc import OidcRecords
from service.registry.oidc_provider import OidcConfig, Provider
from service.registry.outbox import Outbox
from service.registry.presence import Presence
from service.registry.retention import purge
from service.registry.secrets import private_file, secret_file, stored_secret
from service.registry.visitors import Visitors
from service.settings import Settings

log = logging.getLogger(__name__)
FOLLOWER_CHECK = 2.0  # seconds a look at who holds the views' lock is trusted


class NobodyFollows(RuntimeError):
    """A command would wait for the views, and no process follows the store."""


class NotRebuilt(Exception):
    """The views were not rebuilt: another process follows the store, or the replay failed."""


def upgrade_registry(settings: Settings) -> str:
    """Brings the tables not rebuilt from events to the newest migration; returns it."""
    engine = make_engine(settings.sqlalchemy_url())
    try:
        return schema.upgrade(engine)
    finally:
        engine.dispose()


@dataclass
class Container:
    settings: Settings
    store: Grannskap
    engine: Engine
    views: Views
    queries: Queries
    members: MemberRegistry
    accounts: Accounts
    feed_tokens: FeedTokens
    mail: Mail
    # The reports' reads (GRANNSKAP_REPORTS_DATABASE_URL); None: the views' engine.
    reports_engine: Engine | None = None
    ctx: Context = field(init=False)
    metrics: CollectorRegistry = field(init=False)
    follower: Follower | None = None
    no_show_job: NoShowJob | None = None
    mail_job: MailJob | None = None
    housekeeping_job: NoShowJob | None = None
    # A command of the CLI: waiting for views nobody follows is an error (NobodyFollows)
    # rather than a bounded wait per write, as it is in a server.
    unfollowed_is_error: bool = False

    def __post_init__(self) -> None:
        self._follower_seen: tuple[float, bool] = (0.0, False)
        self._follower_watch = health.FollowerWatch()
        self._wait_slots = threading.BoundedSemaphore(max(self.settings.max_waiting, 1))
        if self.settings.max_waiting == 0:
            self._wait_slots.acquire()  # no request waits
        self.ctx = Context(
            store=self.store,
            queries=self.queries,
            members=self.members,
            accounts=self.accounts,
            feed_tokens=self.feed_tokens,
            sites=SiteAssignments(self.engine, self.store.clock),
            presence=Presence(self.engine, self.store.clock),
            visitors=Visitors(self.engine, self.store.clock),
            oidc_records=OidcRecords(self.engine, self.store.clock),
            oidc=self._oidc_provider(),
            password_sign_in=self.settings.password_sign_in,
            wait_for_reads=self.wait_for_reads,
            wait_for_view=self.wait_for_view,
            timezone=self.settings.timezone,
            send_mail=self.mail.account_mail,
            forget_mail=self.mail.forget_member,
            ask_for_reset=self.mail.reset_requested,
            links=Links(self.engine, self.store.clock),
            public_url=self.settings.public_url,
            reports_engine=self.reports_engine,
            approval_wait=timedelta(hours=self.settings.approval_hours),
        )
        # The reactions that run right after a command (service.application.reactions).
        self.ctx.handlers[reactions.OFFER_FREED] = waitlist.offer_freed
        self.metrics = CollectorRegistry(auto_describe=True)
        self.metrics.register(
            ProjectionCollector(
                self.views,
                lambda: self.store.position,
                lambda: health.lags(self.views, self.store),
            )
        )

    def _oidc_provider(self) -> Provider | None:
        s = self.settings
        if not (s.oidc_issuer and s.oidc_client_id and s.oidc_client_secret):
            return None
        config = OidcConfig(
            issuer=s.oidc_issuer,
            client_id=s.oidc_client_id,
            client_secret=s.oidc_client_secret,
            redirect_uri=f"{s.public_url}/sign-in/oidc/callback",
            role_claim=s.oidc_role_claim,
            name=s.oidc_name,
        )
        return Provider(config, self.store.clock)

    @classmethod
    def build(cls, settings: Settings, clock: Callable[[], datetime] | None = None) -> Container:
        if settings.sqlite_path is not None:
            private_file(settings.sqlite_path)
        store = Grannskap(settings.eventsourcing_env(), clock=clock)
        if settings.is_memory:
            engine = make_engine(settings.sqlalchemy_url(), poolclass=StaticPool)
        else:
            engine = make_engine(settings.sqlalchemy_url())
        if settings.create_schema:
            schema.upgrade(engine)
        views = Views(engine, store.name)
        views.create_tables(settings.create_schema)
        members = MemberRegistry(engine, store.clock)
        time_cost, memory_kib, parallelism = settings.argon2_cost
        hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        accounts = Accounts(engine, members, hasher=hasher, clock=store.clock)
        mail = Mail(
            store=store,
            members=members,
            accounts=accounts,
            outbox=Outbox(engine, store.clock, store.name),
            transport=transport(settings),
            sender=settings.mail_from,
            base_url=settings.public_url,
            links=Links(engine, store.clock),
        )
        return cls(
            settings=settings,
            store=store,
            engine=engine,
            views=views,
            queries=Queries(engine, views.catalogue_position),
            members=members,
            accounts=accounts,
            feed_tokens=FeedTokens(engine, store.clock),
            mail=mail,
            reports_engine=(
                make_engine(settings.reports_sqlalchemy_url())
                if settings.reports_database_url
                else None
            ),
        )

    # -- keeping the views up to date ---------------------------------------------------------

    def catch_up_views(self) -> None:
        """Applies every event the views miss (for a command no server may be following)."""
        self.views.catch_up_fully(self.store)

    def rebuild_views(self) -> int:
        """Replays every event into fresh views and swaps them in; returns the events
        replayed. Raises ``NotRebuilt`` while another process follows the store, or when the
        replay failed (the live views are left as they were)."""
        try:
            return self.views.rebuild(self.store)
        except (ViewsBusy, RebuildFailed) as refused:
            raise NotRebuilt(str(refused)) from refused

    def follow_by_listen_notify(self, stop: threading.Event) -> None:
        """Follows the PostgreSQL store, woken by LISTEN/NOTIFY, until ``stop`` is set."""
        follow_with_listen_notify(self.store, self.views, self.settings.database_url, stop)

    def start_following(self) -> None:
        """Keeps the views up to date from this process (unless a worker does it). In memory
        every write is applied to the views before the command returns."""
        if self.settings.projections != "inprocess" or self.follower is not None:
            return
        if self.settings.is_memory:
            self.views.following_here = True
            self.store.after_write.append(self._catch_up_now)
            return
        self.follower = follower = Follower(self.views, self.store)
        self.store.after_write.append(lambda _position: follower.nudge())
        follower.start()

    def _catch_up_now(self, _position: int) -> None:
        self.views.catch_up_fully(self.store)

    def wait_for_reads(self, position: int) -> None:
        """Read-your-writes: returns once the views a member reads right after a write
        (catalogue, availability, my bookings) show the write at ``position``, or after a
        bounded wait (the response then says what was written, and the views follow). A
        process that keeps no views and has no worker to wait for (a command of the CLI)
        does not wait: the views catch up when a server or worker starts."""
        if not self._views_followed():
            return
        with self._waiting() as may_wait:
            if not may_wait:
                return
            try:
                self.views.wait(position, self.settings.read_wait)
            except TimeoutError:
                log.warning("views lag behind write %s", position)

    def wait_for_view(self, name: str) -> None:
        """Before reading a view that responses do not wait for (calendar feeds, reports):
        waits, bounded, until it shows everything the store had when asked."""
        if not self._views_followed():
            return
        with self._waiting() as may_wait:
            if not may_wait:
                return
            try:
                self.views.wait(self.store.position, self.settings.read_wait * 0.4, (name,))
            except TimeoutError:
                log.warning("the %s view lags behind the store", name)

    @contextlib.contextmanager
    def _waiting(self) -> Iterator[bool]:
        """One of at most ``max_waiting`` requests that wait for the views at once; the
        ones beyond answer at once from the views as they are."""
        if not self._wait_slots.acquire(blocking=False):
            log.info("too many requests wait for the views; answering without waiting")
            yield False
            return
        try:
            yield True
        finally:
            self._wait_slots.release()

    def _views_followed(self) -> bool:
        # A follower here that waits for the views' lock: another process follows them.
        if self.views.following_here or self.follower is not None:
            return True
        if self.settings.projections != "external":
            return False
        if self._someone_follows():
            return True
        if self.unfollowed_is_error:
            self.require_followed()
            return True
        log.warning("no process follows the views (start `grannskap projections run`): not waiting")
        return False

    def _someone_follows(self) -> bool:
        """Whether a process holds the views' lock (looked at most every 2 s)."""
        looked, seen = self._follower_seen
        if time.monotonic() - looked < FOLLOWER_CHECK:
            return seen
        seen = self.views.lock.holder_present()
        self._follower_seen = (time.monotonic(), seen)
        return seen

    def require_followed(self, patience: float | None = None) -> None:
        """In external mode, waits (saying so) up to ``patience`` seconds (the read wait) for
        a process to follow the store; raises :class:`NobodyFollows` when none comes."""
        if self.settings.projections != "external" or self.views.following_here:
            return
        if self.views.lock.holder_present():
            return
        patience = self.settings.read_wait if patience is None else patience
        log.warning(
            "waiting up to %g s for a process to follow the views (`grannskap projections run`)",
            patience,
        )
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            time.sleep(min(0.5, max(deadline - time.monotonic(), 0.0)))
            if self.views.lock.holder_present():
                self._follower_seen = (time.monotonic(), True)
                return
        raise NobodyFollows(
            "no process follows the views (GRANNSKAP_PROJECTIONS=external and nobody holds "
            "the views' lock): start `grannskap projections run`, or run this command with "
            "GRANNSKAP_PROJECTIONS=inprocess"
        )

    def readiness(self) -> health.Readiness:
        """Whether this process may take traffic, and if not, what keeps it."""
        return health.readiness(
            self.views, self.store, self.settings.ready_max_lag, watch=self._follower_watch
        )

    def wait_for_all(self, position: int, timeout: float = 5.0) -> None:
        """Returns once every view shows the write at ``position``."""
        self.views.wait(position, timeout, tuple(p.name for p in self.views.projections))

    # -- jobs ----------------------------------------------------------------------------------

    def start_no_show_job(self, interval: float = 60.0) -> None:
        """Runs the minute's jobs every ``interval`` seconds from this process: releases
        no-shows, places recurring bookings' days as the window opens, offers what is free
        to the waitlists (``service.application.jobs``)."""
        if self.no_show_job is None:
            self.no_show_job = NoShowJob(lambda: jobs.run_once(self.ctx).no_shows, interval)
            self.no_show_job.start()

    def start_mail(self, interval: float = 5.0) -> None:
        """Runs the mail outbox from this process: new events into messages, and what is
        due sent (several processes may do it at once: each event's messages are recorded
        once, and each message is claimed by one sender at a time)."""
        if self.mail_job is None:
            self.mail_job = job = MailJob(self.mail.run_once, interval)
            self.store.after_write.append(lambda _position: job.nudge())
            job.start()

    def start_housekeeping(self, interval: float = 3600.0) -> None:
        """Deletes personal data past its retention, now and then every ``interval`` s."""
        if self.housekeeping_job is None:
            self.housekeeping_job = NoShowJob(self.housekeeping, interval)
            self.housekeeping_job.start()

    def housekeeping(self) -> int:
        purged = purge(self.engine, self.now(), self.settings.retention_days)
        return purged.sign_in_failures + purged.sessions + purged.links + purged.messages

    # -- secrets ---------------------------------------------------------------------------------

    def secret_key(self) -> str:
        """``GRANNSKAP_SECRET_KEY``; else a key generated once and kept beside the data: in a
        file beside the SQLite database (``<db>.secret``, readable by its owner only), or in
        the PostgreSQL database (shared by every server process)."""
        if self.settings.secret_key:
            return self.settings.secret_key
        path = self.settings.sqlite_path
        if self.settings.is_memory:
            return secrets.token_urlsafe(48)
        if path is None:
            return stored_secret(self.engine, "web")
        return secret_file(path.with_name(path.name + ".secret"))

    def now(self) -> datetime:
        return self.store.clock()

    def close(self) -> None:
        for job in (self.no_show_job, self.mail_job, self.housekeeping_job):
            if job is not None:
                job.stop()
        self.no_show_job = self.mail_job = self.housekeeping_job = None
        if self.follower is not None:
            self.follower.stop()
            self.follower = None
        self.views.watch.close()
        if self.ctx.oidc is not None:
            self.ctx.oidc.close()
        self.store.close()
        self.engine.dispose()
        if self.reports_engine is not None:
            self.reports_engine.dispose()


def transport(settings: Settings) -> Transport | None:
    """SMTP when ``GRANNSKAP_SMTP_URL`` is set; else .eml files in a folder beside the
    database; none in memory (messages stay in the outbox)."""
    if settings.smtp_url:
        return SmtpTransport(settings.smtp_url)
    folder = settings.mail_folder
    return FolderTransport(folder) if folder is not None else None
