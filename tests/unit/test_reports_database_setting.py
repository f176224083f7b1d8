"""GRANNSKAP_REPORTS_DATABASE_URL: where the evaluators' reports read the usage view (a
streaming replica of the primary); without it, the main database."""

from __future__ import annotations

import pytest

from service.settings import Settings, SettingsError

PRIMARY = "postgresql://grannskap@10.0.0.1:5432/grannskap"
REPLICA = "postgresql://grannskap@10.0.0.2:5433/grannskap"


def test_the_reports_database_is_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {"GRANNSKAP_DATABASE_URL": PRIMARY, "GRANNSKAP_REPORTS_DATABASE_URL": REPLICA}
    )

    assert settings.reports_database_url == REPLICA
    assert settings.reports_sqlalchemy_url() == (
        "postgresql+psycopg://grannskap@10.0.0.2:5433/grannskap"
    )
    assert settings.sqlalchemy_url() == "postgresql+psycopg://grannskap@10.0.0.1:5432/grannskap"


def test_without_it_the_reports_read_the_main_database() -> None:
    settings = Settings.from_env({"GRANNSKAP_DATABASE_URL": PRIMARY})

    assert settings.reports_database_url is None
    assert settings.reports_sqlalchemy_url() == settings.sqlalchemy_url()


@pytest.mark.parametrize(
    ("main", "reports"),
    [
        (PRIMARY, "sqlite:///replica.db"),
        ("sqlite:///grannskap.db", REPLICA),
        (PRIMARY, "memory:"),
        ("memory:", REPLICA),
        (PRIMARY, "postgresql://grannskap@10.0.0.2:5433/"),
        (PRIMARY, "mysql://grannskap@10.0.0.2/grannskap"),
    ],
)
def test_a_reports_database_on_another_engine_is_refused_naming_the_setting(
    main: str, reports: str
) -> None:
    with pytest.raises(SettingsError, match="GRANNSKAP_REPORTS_DATABASE_URL"):
        Settings.from_env(
            {"GRANNSKAP_DATABASE_URL": main, "GRANNSKAP_REPORTS_DATABASE_URL": reports}
        )
