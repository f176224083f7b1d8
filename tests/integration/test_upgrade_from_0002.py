"""An upgrade drill without tags: a database as the release at registry migration 0002 left
it (the registry at 0002, events in the store, view tables of another shape) is upgraded by
the current code, ``grannskap db upgrade`` and then start-up, on SQLite and PostgreSQL. The
registry keeps its rows and reaches the newest migration; the views are dropped and rebuilt
from the events, equal to a fresh rebuild.

When a migration after 0002 is added, this test upgrades across it; the release before it
stays pinned here by its migration id."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Uuid, bindparam, text

from projections.db import UTCDateTime, make_engine
from service.application.store import Grannskap
from service.cli.operator import Operator
from service.container import Container
from service.registry import schema
from tests.builders import OPENING_HOURS
from tests.integration.conftest import dump_views
from tests.settings import fast_settings

RELEASED = "0002"
GRANNSKAP = Path(sys.executable).with_name("grannskap")


def registry_at(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def a_released_database(database_url: str) -> uuid.UUID:
    """The registry at RELEASED with a member in it, a site with resources in the store, and
    views made of another shape than this code's. Returns the member's id."""
    engine = make_engine(fast_settings(database_url=database_url).sqlalchemy_url())
    member = uuid.uuid4()
    try:
        registry_at(engine, RELEASED)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO member (id, email, name, role, created_at) "
                    "VALUES (:id, 'karin.vard@example.se', 'Karin Värd', 'host', :at)"
                ).bindparams(bindparam("id", type_=Uuid()), bindparam("at", type_=UTCDateTime())),
                {"id": member, "at": datetime(2026, 1, 5, tzinfo=UTC)},
            )
        Grannskap(fast_settings(database_url=database_url).eventsourcing_env()).close()
        old = Container.build(fast_settings(database_url=database_url, create_schema=False))
        try:
            old.start_following()
            operator = Operator(old)
            site = operator.register_site(
                name="Grannskapskontoret Fellingsbro",
                address="Kyrkvägen 3",
                locality="Fellingsbro",
                opening_hours=OPENING_HOURS,
            ).id
            operator.add_resource(site, kind="desk", name="Skrivbord 1")
            operator.add_resource(site, kind="room", name="Mötesrum Arbogaån", seats=4)
            old.wait_for_all(old.store.position, timeout=30)
        finally:
            old.close()
        with engine.begin() as connection:  # the view tables of the release were other ones
            connection.execute(text("UPDATE view_shape SET fingerprint = 'release-0.x'"))
            connection.execute(text("UPDATE view_site SET name = 'a row of the old views'"))
    finally:
        engine.dispose()
    return member


def test_a_database_of_the_release_at_0002_upgrades_and_rebuilds_its_views(
    empty_database_url: str, tmp_path: Path
) -> None:
    member = a_released_database(empty_database_url)

    upgraded = subprocess.run(
        [str(GRANNSKAP), "db", "upgrade"],
        env={**os.environ, "GRANNSKAP_DATABASE_URL": empty_database_url},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    started = Container.build(fast_settings(database_url=empty_database_url))
    try:
        started.start_following()
        started.wait_for_all(started.store.position, timeout=30)
        followed = dump_views(started.engine)
        assert started.follower is not None
        started.follower.stop()  # a rebuild runs with nobody else following
        started.follower = None
        replayed = started.views.rebuild(started.store)
        rebuilt = dump_views(started.engine)
        with started.engine.connect() as connection:
            at = schema.current(connection)
        kept = started.members.get(member)
    finally:
        started.close()

    assert upgraded.returncode == 0, upgraded.stderr
    assert f"at migration {schema.head()}" in upgraded.stdout
    assert at == schema.head()
    assert kept is not None and kept.email == "karin.vard@example.se"
    assert replayed > 0
    assert len(followed["view_resource"]) == 2
    assert "a row of the old views" not in str(followed["view_site"])
    assert "Grannskapskontoret Fellingsbro" in str(followed["view_site"])
    assert followed == rebuilt
