"""One command for a load test (``make loadtest``):

    python -m loadtests.run --db sqlite|postgres [--workers N] [--users U]
                            [--duration 60s] [--shape day|steady|rush] [--repeat 3]

For each run it creates a fresh database (a SQLite file in a temporary folder, or a
uniquely named PostgreSQL database that is dropped afterwards), seeds the demo sites and
many members, starts ``grannskap serve`` as production does (on PostgreSQL with several
workers: ``GRANNSKAP_PROJECTIONS=external`` and a ``grannskap projections run`` worker),
runs locust headless (CSV and HTML reports into the results folder), measures the client's
and the server's CPU and the server's peak memory, runs pgbench on PostgreSQL, checks the
outcome (no overlapping bookings, every 201 in the store, views equal a rebuild) and prints
a summary. The exit status is non-zero when a threshold or a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from loadtests import pg
from loadtests.procstats import Sampler, TreeStats, machine, postmaster_pid

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_USERS = {"day": 200, "steady": 200, "rush": 300}
CLASSES = {"day": ["MemberUser", "CalendarClient", "Evaluator"], "rush": ["RushMember"]}
CLASSES["steady"] = CLASSES["day"]


def seconds(text: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip().lower()
    if text[-1:] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m loadtests.run", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes (default 1 on SQLite, 2 on PostgreSQL)",
    )
    p.add_argument(
        "--users",
        type=int,
        default=None,
        help="peak concurrent users (default: day 200, steady 200, rush 300)",
    )
    p.add_argument("--duration", type=seconds, default=60, help="e.g. 60s or 2m (default 60s)")
    p.add_argument("--shape", choices=["day", "steady", "rush"], default="day")
    p.add_argument(
        "--members", type=int, default=None, help="members to seed (default 2 x users + 100)"
    )
    p.add_argument(
        "--extra-offices",
        type=int,
        default=0,
        help="offices like the pilot's to add (more free desks)",
    )
    p.add_argument(
        "--think", type=float, default=1.0, help="factor on every think time (default 1)"
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs, each on a fresh database; the summary gives medians",
    )
    p.add_argument(
        "--p95-ms", type=float, default=None, help="p95 limit per request type (default 100 ms)"
    )
    p.add_argument(
        "--profile", action="store_true", help="record the server with py-spy during the run"
    )
    p.add_argument("--pgbench-seconds", type=int, default=30)
    p.add_argument("--pgbench-clients", type=int, default=10)
    p.add_argument("--no-pgbench", action="store_true")
    p.add_argument("--no-checks", action="store_true", help="skip the post-run checks")
    p.add_argument(
        "--results",
        type=Path,
        default=None,
        help="folder for reports (default loadtests/results/...)",
    )
    p.add_argument("--keep-database", action="store_true")
    return p


@dataclass
class RunResult:
    folder: Path
    locust_exit: int
    stats: list[dict[str, str]]
    outcome: dict[str, Any]
    client_cpu: float
    server: TreeStats
    projector: TreeStats | None
    database_cpu: TreeStats | None
    pgbench: pg.Pgbench | None
    checks: list[Any]
    skipped: list[str]
    profile: list[str] = field(default_factory=list)
    machine_busy: float = 0.0  # CPU seconds the whole machine used during the run
    load_at_start: float = 0.0
    connections: tuple[int, int] | None = None  # peak PostgreSQL connections: ours, all

    @property
    def others_cpu(self) -> float:
        """CPU seconds used during the run by processes that are not part of the test."""
        ours = self.client_cpu + self.server.cpu
        ours += sum(t.cpu for t in (self.projector, self.database_cpu) if t is not None)
        return max(self.machine_busy - ours, 0.0)

    planned_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """The run's length: from locust's start to the end of the planned run time (users
        still finishing a task in locust's stop timeout after that are not counted)."""
        measured = self.outcome["stopped"] - self.outcome["started"]
        return max(min(measured, self.planned_seconds or measured), 1e-9)

    @property
    def bookings_per_second(self) -> float:
        return self.outcome["booked"] / self.seconds

    @property
    def ok(self) -> bool:
        return self.locust_exit == 0 and all(c.ok for c in self.checks)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.workers = args.workers or (2 if args.db == "postgres" else 1)
    args.users = args.users or DEFAULT_USERS[args.shape]
    args.members = args.members or 2 * args.users + 100
    if args.db == "sqlite" and args.workers > 1:
        print("several server processes need PostgreSQL (--db postgres)", file=sys.stderr)
        return 2
    if args.db == "postgres" and not pg.reachable(pg.admin_url()):
        print(
            f"PostgreSQL is not reachable at {pg.admin_url()} (GRANNSKAP_LOADTEST_PG)",
            file=sys.stderr,
        )
        return 2
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = (
        args.results
        or ROOT
        / "loadtests"
        / "results"
        / f"{stamp}-{args.db}-w{args.workers}-{args.shape}-u{args.users}"
    )
    base.mkdir(parents=True, exist_ok=True)
    results = []
    for n in range(1, args.repeat + 1):
        folder = base if args.repeat == 1 else base / f"run-{n}"
        print(
            f"\n=== run {n} of {args.repeat}: {args.db}, {args.workers} server process(es), "
            f"{args.users} users, {args.duration} s, shape {args.shape} -> {folder}",
            flush=True,
        )
        results.append(one_run(args, folder))
    lines = summary(args, results)
    text = "\n".join(lines)
    print("\n" + text)
    (base / "summary.txt").write_text(text + "\n")
    (base / "summary.json").write_text(json.dumps(figures(args, results), indent=1))
    return 0 if all(r.ok for r in results) else 1


# -- one run ---------------------------------------------------------------------------


def one_run(args: argparse.Namespace, folder: Path) -> RunResult:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="grannskap-load-"))
    admin = pg.admin_url()
    dbname = None
    if args.db == "postgres":
        dbname = pg.unique_name("grannskap_load")
        pg.create_database(admin, dbname)
        url = pg.with_database(admin, dbname)
    else:
        url = f"sqlite:///{tmp / 'grannskap.db'}"
    servers: list[subprocess.Popen[bytes]] = []
    try:
        from loadtests.seed import seed

        seeding = seed(url, folder, members=args.members, extra_offices=args.extra_offices)
        print(
            f"seeded {seeding.sites} sites, {seeding.resources} resources and "
            f"{seeding.members} members in {seeding.seconds:.1f} s",
            flush=True,
        )
        external = args.db == "postgres" and args.workers > 1
        env = {
            **os.environ,
            "GRANNSKAP_DATABASE_URL": url,
            "GRANNSKAP_PROJECTIONS": "external" if external else "inprocess",
        }
        port = free_port()
        if args.workers > 1:
            # On an empty database, several workers creating the tables at start-up at
            # once can clash (CREATE TABLE races); production starts on a database that
            # has them. So one process starts once first and creates them.
            warm = start(
                [str(BIN / "grannskap"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                env, folder / "server-first-start.log",
            )  # fmt: skip
            try:
                wait_for_health(f"http://127.0.0.1:{port}", warm)
            finally:
                stop(warm)
        server = start(
            [
                str(BIN / "grannskap"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env,
            folder / "server.log",
        )
        servers.append(server)
        projector = None
        if external:
            projector = start(
                [str(BIN / "grannskap"), "projections", "run"], env, folder / "projections.log"
            )
            servers.append(projector)
        host = f"http://127.0.0.1:{port}"
        wait_for_health(host, server)
        data = json.loads(seeding.data_file.read_text())
        classes, skipped = available_classes(args.shape, host, data)
        for note in skipped:
            print(f"note: {note}", flush=True)

        trees = [TreeStats("server", server.pid)]
        if projector is not None:
            trees.append(TreeStats("projections", projector.pid))
        master = postmaster_pid() if args.db == "postgres" else None
        if master:
            trees.append(TreeStats("postgresql", master))
        sampler = Sampler(trees)
        connections = pg.ConnectionCounter(admin, dbname) if dbname else None
        if connections is not None:
            connections.start()
        profilers = []
        if args.profile:
            from loadtests.profile import start_recording

            profilers.append(start_recording(server.pid, args.duration, folder / "profile.raw"))
            if projector is not None:
                raw = folder / "profile-projections.raw"
                profilers.append(start_recording(projector.pid, args.duration, raw))
        sampler.start()
        exit_code, client_cpu = run_locust(args, host, folder, seeding.data_file, classes)
        sampler.stop()
        if connections is not None:
            connections.stop()
        for profiler in profilers:
            profiler.wait(timeout=60)
        outcome = json.loads((folder / "outcome.json").read_text())
        stats = read_stats(folder / "locust_stats.csv")

        checks = []
        if not args.no_checks:
            from loadtests.checks import Check, wait_for_views

            for process, name in ((server, "server"), (projector, "projection worker")):
                if process is not None and process.poll() is not None:
                    detail = f"exited with {process.returncode} during the run (see its log)"
                    checks.append(Check(f"the {name} kept running", False, detail))
            checks.append(wait_for_views(url))
        for process in reversed(servers):
            stop(process)
        servers.clear()

        bench = None
        if args.db == "postgres" and not args.no_pgbench:
            print(f"pgbench for {args.pgbench_seconds} s ...", flush=True)
            bench = pg.run_pgbench(
                admin, args.pgbench_seconds, args.pgbench_clients, 2, 10, folder / "pgbench.log"
            )
        if not args.no_checks:
            from loadtests.checks import run_checks

            print("checking the store and the views ...", flush=True)
            checks += run_checks(url, folder / "bookings-201.txt")
        profile_lines = []
        if args.profile and (folder / "profile.raw").exists():
            from loadtests.profile import analyse

            raws = [folder / "profile.raw", folder / "profile-projections.raw"]
            profile_lines = analyse(*(r for r in raws if r.exists())).lines()
            (folder / "profile.txt").write_text("\n".join(profile_lines) + "\n")
        result = RunResult(
            folder, exit_code, stats, outcome, client_cpu, trees[0],
            trees[1] if projector is not None else None,
            next((t for t in trees if t.name == "postgresql"), None),
            bench, checks, skipped, profile_lines, sampler.busy, sampler.load_at_start,
            (connections.peak_ours, connections.peak_all) if connections else None,
            float(args.duration),
        )  # fmt: skip
        for line in run_lines(result):
            print(line)
        return result
    finally:
        for process in reversed(servers):
            stop(process)
        if dbname and not args.keep_database:
            pg.drop_database(admin, dbname)
        if not args.keep_database:
            shutil.rmtree(tmp, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("w")
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group of the process this script started
        process.wait()


def wait_for_health(host: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} (see server.log)")
        try:
            with urllib.request.urlopen(f"{host}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{host}/health did not answer in {timeout} s")


def status_of(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def available_classes(shape: str, host: str, data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The user classes whose endpoints this server has; a missing one is skipped."""
    classes, skipped = list(CLASSES[shape]), []
    # The demo host asks (a member's feed URL is shown only once: the members keep theirs).
    host_token = data["tokens"]["host"][0]["token"]
    if "CalendarClient" in classes:
        status = status_of(f"{host}/api/members/me/calendar", host_token)
        if status != 200:
            classes.remove("CalendarClient")
            skipped.append(
                f"calendar feeds: GET /api/members/me/calendar answered {status}: CalendarClient skipped"
            )
    if "Evaluator" in classes:
        office = next(s for s in data["sites"] if s["office"])["id"]
        today = datetime.fromisoformat(data["today"]).date()
        query = (
            f"site_id={office}&from={today - timedelta(days=28)}&to={today + timedelta(days=28)}"
        )
        status = status_of(
            f"{host}/api/reports/utilisation?{query}", data["tokens"]["evaluator"][0]["token"]
        )
        if status != 200:
            classes.remove("Evaluator")
            skipped.append(
                f"reports: GET /api/reports/utilisation answered {status}: Evaluator skipped"
            )
    return classes, skipped


def run_locust(
    args: argparse.Namespace, host: str, folder: Path, data: Path, classes: list[str]
) -> tuple[int, float]:
    env = {
        **os.environ,
        "LOADTEST_DATA": str(data),
        "LOADTEST_OUT": str(folder),
        "LOADTEST_SHAPE": args.shape,
        "LOADTEST_THINK": str(args.think),
    }
    if args.p95_ms is not None:
        env["LOADTEST_P95_MS"] = str(args.p95_ms)
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "loadtests" / "locustfile.py"), "--headless",
        "--host", host, "--users", str(args.users), "--run-time", f"{args.duration}s",
        "--stop-timeout", "10", "--csv", str(folder / "locust"), "--html", str(folder / "locust.html"),
        "--loglevel", "WARNING", "--only-summary", *classes,
    ]  # fmt: skip
    with (folder / "locust.log").open("w") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + args.duration + 180
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()  # our own child: locust did not stop by itself
            time.sleep(0.2)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime


def read_stats(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open() as f:
        return list(csv.DictReader(f))


# -- reporting -------------------------------------------------------------------------


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def run_lines(r: RunResult) -> list[str]:
    out = [f"run in {r.folder}: locust exit {r.locust_exit}, {r.seconds:.0f} s"]
    for t in r.outcome["thresholds"]:
        if not t["ok"]:
            out.append(f"  threshold FAILED: {t['what']}: {t['detail']}")
    for c in r.checks:
        out.append(f"  check {'ok  ' if c.ok else 'FAILED'} {c.what}: {c.detail}")
    if r.outcome["unexpected"]:
        out.append(f"  unexpected answers: {r.outcome['unexpected']}")
    return out


def per_type(results: list[RunResult]) -> list[dict[str, Any]]:
    names: list[tuple[str, str]] = []
    for r in results:
        for row in r.stats:
            key = (row["Type"], row["Name"])
            if key not in names and row["Name"] != "Aggregated":
                names.append(key)
    names.sort(key=lambda key: key[1])
    names.append(("", "Aggregated"))
    rows = []
    for kind, name in names:
        found = [
            row for r in results for row in r.stats if row["Name"] == name and row["Type"] == kind
        ]
        if not found:
            continue

        def med(column: str, found: list[dict[str, str]] = found) -> float:
            values = [float(row[column]) for row in found if row[column] not in ("", "N/A")]
            return statistics.median(values) if values else 0.0

        rows.append({
            "type": kind, "name": name, "requests": med("Request Count"), "failures": med("Failure Count"),
            "rps": med("Requests/s"), "p50": med("50%"), "p95": med("95%"), "p99": med("99%"),
            "runs": len(found),
        })  # fmt: skip
    return rows


def figures(args: argparse.Namespace, results: list[RunResult]) -> dict[str, Any]:
    def med(values: list[float]) -> float:
        return statistics.median(values) if values else 0.0

    booked = med([r.bookings_per_second for r in results])
    benches = [r.pgbench.tps for r in results if r.pgbench]
    return {
        "db": args.db, "workers": args.workers, "users": args.users, "shape": args.shape,
        "duration_s": args.duration, "think": args.think, "runs": len(results),
        "extra_offices": args.extra_offices, "machine": machine(),
        "types": per_type(results),
        "confirmed_bookings_per_s": booked,
        "confirmed_bookings_per_s_per_run": [r.bookings_per_second for r in results],
        "others_cpu_s_per_run": [r.others_cpu for r in results],
        "conflicts_409": med([sum(r.outcome["conflicts"].values()) for r in results]),
        "pgbench_tps": med(benches) if benches else None,
        "ratio_to_pgbench": booked / med(benches) if benches else None,
        "client_cpu_s": med([r.client_cpu for r in results]),
        "server_cpu_s": med([r.server.cpu for r in results]),
        "projector_cpu_s": med([r.projector.cpu for r in results if r.projector]) if any(r.projector for r in results) else None,
        "database_cpu_s": med([r.database_cpu.cpu for r in results if r.database_cpu]) if any(r.database_cpu for r in results) else None,
        "server_peak_rss_mib": med([r.server.peak_rss_kib / 1024 for r in results]),
        "server_peak_hwm_mib": med([r.server.peak_hwm_kib / 1024 for r in results]),
        "server_hwm_sum_mib": med([sum(r.server.hwm_kib.values()) / 1024 for r in results]),
        "server_processes": max(r.server.processes for r in results),
        "run_seconds": med([r.seconds for r in results]),
        "others_cpu_s": med([r.others_cpu for r in results]),
        "peak_pg_connections": med([r.connections[0] for r in results if r.connections]) if any(r.connections for r in results) else None,
        "peak_pg_connections_all": med([r.connections[1] for r in results if r.connections]) if any(r.connections for r in results) else None,
        "load_average_at_start": med([r.load_at_start for r in results]),
        "ok": all(r.ok for r in results),
        "skipped": sorted({s for r in results for s in r.skipped}),
        "folders": [str(r.folder) for r in results],
    }  # fmt: skip


def summary(args: argparse.Namespace, results: list[RunResult]) -> list[str]:
    f = figures(args, results)
    runs = len(results)
    label = "median of" if runs > 1 else "one run,"
    out = [
        f"Load test: {args.db}, {args.workers} server process(es), {args.users} users, shape {args.shape}, "
        f"{args.duration} s, think x{args.think} ({label} {runs} run{'s' if runs > 1 else ''})",
        "machine: " + ", ".join(f"{k} {v}" for k, v in f["machine"].items()),
        "",
        f"{'request':<38} {'count':>8} {'fail':>5} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}",
    ]
    for row in f["types"]:
        name = row["name"]
        out.append(
            f"{name[:38]:<38} {row['requests']:>8.0f} {row['failures']:>5.0f} {row['rps']:>8.1f} "
            f"{row['p50']:>7.0f} {row['p95']:>7.0f} {row['p99']:>7.0f}"
        )
    out.append("")
    out.append(
        f"confirmed bookings per second: {f['confirmed_bookings_per_s']:.1f} "
        f"(expected 409s: {f['conflicts_409']:.0f})"
        + (
            f"; per run: {', '.join(f'{r.bookings_per_second:.1f}' for r in results)}"
            if runs > 1
            else ""
        )
    )
    if f["pgbench_tps"]:
        out.append(
            f"pgbench TPC-B-like: {f['pgbench_tps']:,.0f} tps; bookings/s as a share of it: "
            f"{f['ratio_to_pgbench']:.3f} ({100 * f['ratio_to_pgbench']:.1f}%)"
        )
    wall = f["run_seconds"]
    cpu = f"CPU over {wall:.0f} s: client (locust) {f['client_cpu_s']:.0f} s, server {f['server_cpu_s']:.0f} s"
    if f["projector_cpu_s"] is not None:
        cpu += f", projection worker {f['projector_cpu_s']:.0f} s"
    if f["database_cpu_s"] is not None:
        cpu += f", PostgreSQL {f['database_cpu_s']:.0f} s"
    cpu += f", other processes on the machine {f['others_cpu_s']:.0f} s"
    out.append(cpu + f" (of {wall * (os.cpu_count() or 1):.0f} core-seconds)")
    out.append(f"load average when the run started: {f['load_average_at_start']:.1f}")
    out.append(
        f"server peak memory (VmHWM): {f['server_peak_hwm_mib']:.0f} MiB for the largest process, "
        f"{f['server_hwm_sum_mib']:.0f} MiB summed over its {f['server_processes']} processes "
        f"(largest resident total sampled: {f['server_peak_rss_mib']:.0f} MiB)"
    )
    if f["peak_pg_connections"] is not None:
        out.append(
            f"PostgreSQL connections at the peak: {f['peak_pg_connections']:.0f} to the run's database, "
            f"{f['peak_pg_connections_all']:.0f} in all"
        )
    for note in f["skipped"]:
        out.append(f"note: {note}")
    for r in results:
        out.extend(run_lines(r))
        out.extend(r.profile)
    out.append(f"reports: {', '.join(str(r.folder / 'locust.html') for r in results)}")
    out.append("RESULT: " + ("ok" if f["ok"] else "FAILED (see above)"))
    return out


if __name__ == "__main__":
    sys.exit(main())
