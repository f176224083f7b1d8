"""Shared pieces: a settable clock, run statistics, machine facts and the result table."""

from __future__ import annotations

import os
import platform
import resource
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


class Clock:
    """A clock the benchmark sets: every booking lies in its future and booking window."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass(frozen=True)
class Plan:
    """How many runs of how long each figure gets."""

    runs: int
    seconds: float
    warmup: int  # operations done (and not measured) before the first run


FULL = Plan(runs=5, seconds=2.5, warmup=50)
QUICK = Plan(runs=3, seconds=1.0, warmup=20)


@dataclass
class Run:
    """One run: operations done, wall time, and per-operation latencies (seconds)."""

    ops: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    # CPU seconds of this process over the run: the whole app (commands and projection
    # follower) for app-level runs, the load client for HTTP runs
    client_cpu: float | None = None
    server_cpu: float | None = None  # seconds of CPU of the server process over the run
    worker_cpu: float | None = None  # of the projection and mail worker, when there is one
    errors: int = 0

    @property
    def rate(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0


@dataclass
class Figure:
    """One line of the table: the median over several runs."""

    backend: str
    name: str
    unit: str
    runs: list[Run]
    note: str = ""

    @property
    def rate(self) -> float:
        return statistics.median(r.rate for r in self.runs)

    def latency(self, q: float) -> float | None:
        """The median over runs of each run's latency quantile ``q`` (milliseconds)."""
        values = [quantile(r.latencies, q) for r in self.runs if r.latencies]
        return statistics.median(values) * 1000 if values else None

    def per_op_cpu(self, attr: str) -> float | None:
        """The median over runs of CPU milliseconds per operation."""
        values = [
            getattr(r, attr) / r.ops * 1000
            for r in self.runs
            if getattr(r, attr) is not None and r.ops
        ]
        return statistics.median(values) if values else None

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs)


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


def process_cpu() -> float:
    """CPU seconds (user + system) this process has used, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_runs(plan: Plan, op: Callable[[], None], warmup: int | None = None) -> list[Run]:
    """Calls ``op`` in a loop for ``plan.seconds`` per run, ``plan.runs`` times, timing each
    call. Single-threaded."""
    for _ in range(plan.warmup if warmup is None else warmup):
        op()
    runs = []
    for _ in range(plan.runs):
        latencies: list[float] = []
        cpu = process_cpu()
        started = time.perf_counter()
        deadline = started + plan.seconds
        now = started
        while now < deadline:
            op()
            after = time.perf_counter()
            latencies.append(after - now)
            now = after
        runs.append(Run(len(latencies), now - started, latencies, process_cpu() - cpu))
    return runs


def machine() -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    cpu = platform.processor() or _cpu_model()
    python = os.path.relpath(sys.executable)
    python = sys.executable if python.startswith("..") else python
    return [
        f"command: {shlex.join([python, '-m', 'benchmarks.run', *sys.argv[1:]])}",
        f"date:    {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"machine: nproc={os.cpu_count()} ({cpu}), {platform.system()} {platform.release()}, "
        f"load average {load[0]:.2f}",
        f"python:  {platform.python_implementation()} {platform.python_version()}",
        f"code:    {_revision()}",
    ]


def _revision() -> str:
    import subprocess

    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty=+uncommitted changes", "--exclude", "*"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return f"git {out.replace('+', ' + ')}"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def table(figures: list[Figure]) -> str:
    """The result table: each figure is the median over its runs."""
    header = (
        "backend",
        "figure",
        "median rate",
        "runs (rate each)",
        "p50 ms",
        "p95 ms",
        "own CPU ms/op",
        "server CPU ms/op",
        "worker CPU ms/op",
    )
    rows = [header]
    for f in figures:
        rows.append(
            (
                f.backend,
                f.name + (f" [{f.errors} errors]" if f.errors else ""),
                f"{f.rate:,.0f} {f.unit}",
                " ".join(f"{r.rate:,.0f}" for r in f.runs),
                _fmt(f.latency(0.5), 2),
                _fmt(f.latency(0.95), 2),
                _fmt(f.per_op_cpu("client_cpu"), 2),
                _fmt(f.per_op_cpu("server_cpu"), 2),
                _fmt(f.per_op_cpu("worker_cpu"), 2),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i < 2 or i == 3 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        "rate: median over runs; p50/p95: per-operation latency (median over runs);",
        "own CPU: of this process (app-level: commands + projection follower, without the",
        "database server's; HTTP: the load client); server CPU: of 'grannskap serve';",
        "worker CPU: of 'grannskap projections run' (views and mail), where one runs.",
    ]
    notes = [f"  {f.backend} / {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)
