"""Where a booking's time goes: py-spy samples of the server during the run (wall clock:
idle threads included, so waiting on the database or on the views counts), reduced to the
samples inside the booking handler and split by what the handler was doing.

``python -m loadtests.profile FILE.raw`` prints the breakdown of a recorded profile."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


def frame(function: str, path: str) -> re.Pattern[str]:
    """A py-spy frame ``[Class.]function (path...)``."""
    return re.compile(rf"^(?:\w+\.)*(?:{function}) \((?:{path})")


HANDLER = frame("place", r"service/http/bookings\.py")

# What the handler was doing: the first of these (in this order) found anywhere below it.
PHASES = [
    ("read-your-writes wait (settle: the views must show the write)", frame("settle", "service/")),
    ("record a refusal (BookingRefused)", frame("_record_refusal", "service/")),
    ("candidates query on the views (book any desk)", frame("candidates", "projections/")),
    ("save: events to the store", frame("_save|save|insert_events", "service/|eventsourcing/")),
    ("domain rules (place_booking)", frame("place_booking", "domain/")),
    (
        "load aggregates (repository, snapshots, cache)",
        frame("_load|_get|get|_get_or_none", "service/application|eventsourcing/"),
    ),
    ("parse the request", frame("parse_interval|parse_instant", "service/")),
]
# Where, below the handler, the time is spent (inclusive; a sample may count in several).
LAYERS = [
    (
        "executing SQL or committing (sqlite3 / psycopg)",
        frame(
            r"SQLiteCursor\.\w+|SQLiteConnection\.\w+|\w+|do_execute",
            r"eventsourcing/sqlite|psycopg/|sqlalchemy/engine/default",
        ),
    ),
    (
        "waiting for a connection of the event store's pool",
        frame("get_connection", "eventsourcing/persistence"),
    ),
    ("in SQLAlchemy", re.compile(r"\(sqlalchemy/")),
    ("copying aggregates (deepcopy)", frame("deepcopy", "copy")),
    ("waiting on a lock or condition (threading)", frame("wait|acquire", "threading")),
]
FOLLOWER = frame(
    "_run|_process_events_loop|run_forever", "projections/runner|eventsourcing/projection"
)
PROJECTION = re.compile(r"^(\w+Projection)\.(\w+) \(projections/")
WAITING = re.compile(
    r"^(?:\w+\.)*(wait|select|poll|get|_wait_for_tstate_lock) \((threading|selectors|queue|psycopg/waiting)"
)


@dataclass
class Breakdown:
    samples: int
    handler_samples: int
    phases: list[tuple[str, int]]
    layers: list[tuple[str, int]]
    leaves: list[tuple[str, int]]
    follower_samples: int = 0
    follower_busy: int = 0
    projections: list[tuple[str, int]] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.handler_samples:
            return [f"no samples inside the booking handler (of {self.samples})"]
        n = self.handler_samples
        out = [f"Where a booking's time goes: {n} samples inside POST /api/bookings (wall clock):"]
        out += [f"  {share(c, n):>6}  {label}" for label, c in self.phases]
        out.append("  anywhere below the handler (a sample may count in several):")
        out += [f"  {share(c, n):>6}  {label}" for label, c in self.layers]
        out.append("  innermost frames (self time):")
        out += [f"  {share(c, n):>6}  {label}" for label, c in self.leaves]
        if self.follower_samples:
            f = self.follower_samples
            out.append(
                f"Projections (thread or worker keeping the views): busy {share(self.follower_busy, f)} "
                "of the time; busy time by handler:"
            )
            busy = max(self.follower_busy, 1)
            out += [f"  {share(c, busy):>6}  {label}" for label, c in self.projections]
        return out


def share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%"


def analyse(*raws: Path, top: int = 12) -> Breakdown:
    phases: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    projections: Counter[str] = Counter()
    samples = handler = follower = follower_busy = 0
    for raw in raws:
        for line in raw.read_text().splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not count_text.isdigit():
                continue
            count = int(count_text)
            samples += count
            frames = stack.split(";")
            if any(FOLLOWER.match(f) for f in frames):
                follower += count
                if not WAITING.match(frames[-1]):
                    follower_busy += count
                    names = [m.group(1) for f in frames if (m := PROJECTION.match(f))]
                    projections[names[0] if names else "reading the log, committing, other"] += (
                        count
                    )
                continue
            at = next((i for i, f in enumerate(frames) if HANDLER.match(f)), None)
            if at is None:
                continue
            handler += count
            below = frames[at + 1 :]
            phase = next(
                (label for label, pattern in PHASES if any(pattern.match(f) for f in below)),
                "other (framework, encoding the response)",
            )
            phases[phase] += count
            for label, pattern in LAYERS:
                if any(pattern.search(f) for f in below):
                    layers[label] += count
            leaves[frames[-1]] += count
    return Breakdown(
        samples,
        handler,
        phases.most_common(),
        [(k, layers[k]) for k, _ in LAYERS],
        leaves.most_common(top),
        follower,
        follower_busy,
        projections.most_common(8),
    )


def start_recording(pid: int, seconds: int, output: Path) -> subprocess.Popen[bytes]:
    py_spy = Path(sys.executable).parent / "py-spy"
    command = [
        str(py_spy), "record", "--pid", str(pid), "--subprocesses", "--idle", "--nolineno",
        "--nonblocking", "--rate", "50", "--format", "raw", "--duration", str(seconds),
        "--output", str(output),
    ]  # fmt: skip
    log = output.with_suffix(".log").open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


if __name__ == "__main__":
    for line in analyse(*(Path(a) for a in sys.argv[1:])).lines():
        print(line)
