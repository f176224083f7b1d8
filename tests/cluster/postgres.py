"""A PostgreSQL primary and a streaming replica from Debian's PostgreSQL 15 binaries, each
in its own host (namespace), their data in temporary folders owned by the ``postgres`` user."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.cluster.hosts import SUBNET, Host, wait_until

BIN = Path("/usr/lib/postgresql/15/bin")


def available() -> str | None:
    """Why PostgreSQL servers cannot be made here, or None."""
    if not (BIN / "initdb").exists():
        return f"no PostgreSQL 15 binaries in {BIN}"
    if shutil.which("runuser") is None:
        return "no runuser"
    try:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return "no postgres user"
    return None


def data_folder(root: Path, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    return folder


def url(host: Host, port: int, database: str = "grannskap") -> str:
    return f"postgresql://postgres@{host.address}:{port}/{database}"


def _start(host: Host, data: Path, port: int, log: Path) -> None:
    host.start(
        [
            str(BIN / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-c",
            f"listen_addresses={host.address}",
            "-c",
            f"unix_socket_directories={data}",
            "-c",
            "max_connections=200",
            "-c",
            "fsync=off",
            "-c",
            "full_page_writes=off",
        ],
        log,
        user="postgres",
    )

    def answers() -> bool:
        try:
            with psycopg.connect(url(host, port, "postgres"), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    wait_until(f"PostgreSQL on {host.namespace}", answers, timeout=60, every=0.2)


def start_primary(host: Host, root: Path, port: int) -> str:
    data = data_folder(root, "primary")
    host.run(
        [
            str(BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        user="postgres",
    )
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write(f"host all all {SUBNET}.0/24 trust\n")
        hba.write(f"host replication all {SUBNET}.0/24 trust\n")
    _start(host, data, port, root / "primary.log")
    with psycopg.connect(url(host, port, "postgres"), autocommit=True) as c:
        c.execute("CREATE DATABASE grannskap")
    return url(host, port)


def start_replica(host: Host, primary: Host, primary_port: int, root: Path, port: int) -> str:
    """pg_basebackup of the primary with -R (standby.signal and primary_conninfo)."""
    data = data_folder(root, "replica")
    host.run(
        [
            str(BIN / "pg_basebackup"),
            "-h",
            primary.address,
            "-p",
            str(primary_port),
            "-U",
            "postgres",
            "-D",
            str(data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
            "--no-sync",
        ],
        user="postgres",
    )
    _start(host, data, port, root / "replica.log")
    with psycopg.connect(url(host, port, "postgres")) as c:
        assert c.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
    return url(host, port)
