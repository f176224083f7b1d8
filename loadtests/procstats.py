"""CPU time and memory of process trees, read from /proc (Linux)."""

from __future__ import annotations

import os
import platform
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after it.
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of one process so far (0 if it is gone)."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def status_kib(pid: int, key: str) -> int:
    """A field of /proc/PID/status in KiB (VmRSS, VmHWM), 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if Path(f"/proc/{pid}").exists():
            found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process, to measure the database's CPU."""
    for path in Path("/var/run/postgresql").glob("*.pid"):
        try:
            return int(path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    try:
        out = subprocess.run(["pgrep", "-o", "-x", "postgres"], capture_output=True, text=True)
        return int(out.stdout.split()[0]) if out.stdout.strip() else None
    except (OSError, ValueError):
        return None


@dataclass
class TreeStats:
    """CPU used and memory of one process tree over a measured window."""

    name: str
    root: int
    cpu_at_start: dict[int, float] = field(default_factory=dict)
    cpu_at_end: dict[int, float] = field(default_factory=dict)
    peak_rss_kib: int = 0  # the largest sum of VmRSS over the tree seen while sampling
    hwm_kib: dict[int, int] = field(default_factory=dict)  # VmHWM per process at the end

    @property
    def cpu(self) -> float:
        return sum(v - self.cpu_at_start.get(pid, 0.0) for pid, v in self.cpu_at_end.items())

    @property
    def processes(self) -> int:
        return len(self.cpu_at_end)

    @property
    def peak_hwm_kib(self) -> int:
        """The largest peak resident set of one process of the tree."""
        return max(self.hwm_kib.values(), default=0)


class Sampler:
    """Samples process trees every ``interval`` seconds in a thread, between start and stop."""

    def __init__(self, trees: list[TreeStats], interval: float = 0.5) -> None:
        self.trees = trees
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sampler", daemon=True)
        self.busy_at_start = self.busy = 0.0
        self.load_at_start = 0.0

    def start(self) -> None:
        self.busy_at_start = machine_busy_seconds()
        self.load_at_start = os.getloadavg()[0]
        for tree in self.trees:
            tree.cpu_at_start = {pid: cpu_seconds(pid) for pid in descendants(tree.root)}
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for tree in self.trees:
            self._sample(tree)
        self.busy = machine_busy_seconds() - self.busy_at_start

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            for tree in self.trees:
                self._sample(tree)

    @staticmethod
    def _sample(tree: TreeStats) -> None:
        pids = descendants(tree.root)
        rss = 0
        for pid in pids:
            cpu = cpu_seconds(pid)
            if cpu:
                tree.cpu_at_end[pid] = cpu
            rss += status_kib(pid, "VmRSS")
            hwm = status_kib(pid, "VmHWM")
            if hwm:
                tree.hwm_kib[pid] = max(hwm, tree.hwm_kib.get(pid, 0))
        tree.peak_rss_kib = max(tree.peak_rss_kib, rss)


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used so far (from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = status_like("/proc/meminfo", "MemTotal")
    return {
        "cpus": str(os.cpu_count()),
        "cpu model": model,
        "memory": f"{memory / 1024 / 1024:.1f} GiB" if memory else "?",
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def status_like(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
