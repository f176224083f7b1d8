"""The cluster test's machines: network namespaces made here (``ip netns``), joined by veth
pairs to a bridge in a namespace of their own, with addresses in one private /24 that exists
only inside them (and on one veth end in this namespace, so that the test reaches them).
Every process started here runs inside one of them; ``Lan.close`` kills what is left in
each namespace and deletes them all, also after a failure."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SUBNET = "10.231.77"  # the /24 of the test's own namespaces; no route leads elsewhere


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


@dataclass
class Host:
    namespace: str
    address: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(
        self, argv: list[str], log: Path, env: dict[str, str] | None = None, user: str = ""
    ) -> subprocess.Popen[bytes]:
        """Starts ``argv`` inside this host's namespace (as ``user`` if given)."""
        prefix = ["ip", "netns", "exec", self.namespace]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        with log.open("ab") as out:
            process = subprocess.Popen(
                prefix + argv,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def run(self, argv: list[str], user: str = "", timeout: float = 120) -> str:
        prefix = ["ip", "netns", "exec", self.namespace]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        done = subprocess.run(
            prefix + argv, capture_output=True, text=True, timeout=timeout, check=False
        )
        assert done.returncode == 0, f"{argv}: {done.stdout}{done.stderr}"
        return done.stdout

    def pids(self) -> list[int]:
        listed = subprocess.run(
            ["ip", "netns", "pids", self.namespace], capture_output=True, text=True, check=False
        )
        return [int(p) for p in listed.stdout.split()]

    def kill_all(self) -> None:
        """The host's power cut: every process in its namespace gets SIGKILL at once."""
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)


class Lan:
    """A bridge in namespace ``<prefix>-lan``; hosts join it with ``add``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.hosts: dict[str, Host] = {}
        self.namespaces: list[str] = []
        self._links = 0

    def start(self) -> None:
        lan = self._namespace("lan")
        ip("-n", lan, "link", "add", "br0", "type", "bridge")
        ip("-n", lan, "link", "set", "br0", "up")
        # This namespace's own end: the test (seeding, load, checks) reaches the hosts.
        self._join(None, f"{SUBNET}.1")

    def _namespace(self, name: str) -> str:
        namespace = f"{self.prefix}-{name}"
        ip("netns", "add", namespace)
        self.namespaces.append(namespace)
        ip("-n", namespace, "link", "set", "lo", "up")
        return namespace

    def _join(self, namespace: str | None, address: str) -> None:
        self._links += 1
        inside, outside = f"{self.prefix}h{self._links}", f"{self.prefix}b{self._links}"
        lan = f"{self.prefix}-lan"
        ip("link", "add", inside, "type", "veth", "peer", "name", outside)
        ip("link", "set", outside, "netns", lan)
        ip("-n", lan, "link", "set", outside, "master", "br0")
        ip("-n", lan, "link", "set", outside, "up")
        where = ["-n", namespace] if namespace else []
        if namespace:
            ip("link", "set", inside, "netns", namespace)
        ip(*where, "addr", "add", f"{address}/24", "dev", inside)
        ip(*where, "link", "set", inside, "up")

    def add(self, name: str, last_octet: int) -> Host:
        namespace = self._namespace(name)
        address = f"{SUBNET}.{last_octet}"
        self._join(namespace, address)
        host = self.hosts[name] = Host(namespace, address)
        return host

    def close(self) -> None:
        for host in self.hosts.values():
            host.kill_all()
        for namespace in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True, check=False)
        # the veth end in this namespace went with its peer; make sure of it
        for n in range(1, self._links + 1):
            subprocess.run(
                ["ip", "link", "del", f"{self.prefix}h{n}"], capture_output=True, check=False
            )


@contextlib.contextmanager
def lan(prefix: str) -> Iterator[Lan]:
    network = Lan(prefix)
    try:
        network.start()
        yield network
    finally:
        network.close()


def wait_until(
    what: str, check: object, timeout: float, every: float = 0.1, since: float | None = None
) -> float:
    """Polls ``check()`` until true; returns the seconds from ``since`` (a monotonic time;
    by default the call) until it was; fails after ``timeout``."""
    started = time.monotonic()
    while True:
        if check():  # type: ignore[operator]
            return time.monotonic() - (started if since is None else since)
        assert time.monotonic() - started < timeout, f"{what}: not within {timeout} s"
        time.sleep(every)
