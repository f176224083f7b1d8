"""The systemd units in deploy/systemd pass ``systemd-analyze verify`` (with the programs
they start pointed at this checkout's), and the environment file they read is one the
settings accept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("grannskap*.service")) + sorted(
    (DEPLOY / "systemd").glob("grannskap*.timer")
)
INSTALLED = "/opt/grannskap/.venv/bin/grannskap"


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is missing (Debian's systemd package has it)",
)
def test_every_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    here = str(Path(sys.executable).with_name("grannskap"))
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALLED, here))

    done = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / unit.name) for unit in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )

    assert {unit.name for unit in UNITS} >= {
        "grannskap.service",
        "grannskap-projections.service",
        "grannskap-mail.service",
        "grannskap-backup.service",
        "grannskap-backup.timer",
    }
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr


def test_the_units_environment_file_is_one_the_settings_accept() -> None:
    lines = (DEPLOY / "systemd" / "grannskap.env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))

    settings = Settings.from_env(env)

    assert settings.projections == "external"
    assert settings.is_postgres


def test_every_unit_starts_the_installed_command() -> None:
    for unit in UNITS:
        if unit.suffix == ".service":
            assert INSTALLED in unit.read_text(), unit.name


def test_the_compose_file_runs_a_worker_and_checks_the_servers_readiness() -> None:
    import yaml

    compose = yaml.safe_load((DEPLOY / "container" / "compose.yaml").read_text())
    services = compose["services"]

    assert services["projections"]["command"] == ["grannskap", "projections", "run"]
    assert services["server"]["environment"]["GRANNSKAP_PROJECTIONS"] == "external"
    assert "/health/ready" in " ".join(services["server"]["healthcheck"]["test"])
    assert services["server"]["environment"]["GRANNSKAP_DATABASE_URL"].startswith("postgresql://")


def test_the_containerfile_copies_every_package_the_project_installs() -> None:
    import tomllib

    project = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())
    packages = [
        name.rstrip("*") for name in project["tool"]["setuptools"]["packages"]["find"]["include"]
    ]
    containerfile = (DEPLOY / "container" / "Containerfile").read_text()

    for package in packages:
        assert f"COPY {package} ./{package}" in containerfile
