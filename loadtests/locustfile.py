"""The people who use grannskap, as locust users.

- ``MemberUser``: looks at availability, books a given desk or any desk (sometimes a room),
  lists their bookings, cancels some, and on the day books a desk for now, checks in
  (from 15 minutes before the start) and checks out again.
- ``RushMember``: the Monday-morning rush: wants a desk on one of the two popular days at
  the office, retries on another desk or day when it is taken, and falls back to a later
  day after a few refusals.
- ``CalendarClient``: a calendar (Google, Outlook) polling a member's iCal feed with
  ``If-None-Match``.
- ``Evaluator``: opens the utilisation, demand and specification reports now and then.

Run by ``python -m loadtests.run``, which seeds the database and passes, in the
environment, ``LOADTEST_DATA`` (the seeded facts and tokens), ``LOADTEST_OUT`` (where the
booking log and the outcome go), ``LOADTEST_SHAPE`` (day, steady or rush) and
``LOADTEST_THINK`` (a factor on every think time). A 409 for a taken desk is an expected
answer: it is reported under the request's name with `` [409]`` and counted apart. The
thresholds are checked when locust quits; a failed one makes locust exit non-zero.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

from loadtests import shapes
from loadtests.thresholds import Limits, evaluate

DATA: dict[str, Any] = json.loads(Path(os.environ["LOADTEST_DATA"]).read_text())
OUT = Path(os.environ.get("LOADTEST_OUT", "."))
THINK = float(os.environ.get("LOADTEST_THINK", "1"))
TZ = ZoneInfo("Europe/Stockholm")
QUARTER = timedelta(minutes=15)
CHECK_IN_OPENS = timedelta(minutes=15)

SITES = [s for s in DATA["sites"] if not s["check_in"] and s["days"]]
OFFICE = next(s for s in DATA["sites"] if s["office"])
CHECK_IN_SITE = next((s for s in DATA["sites"] if s["check_in"]), None)
MEMBERS: list[dict[str, str]] = [m for m in DATA["tokens"]["member"] if "id" in m]
POOL = list(MEMBERS)
random.shuffle(POOL)
EVALUATORS = [e["token"] for e in DATA["tokens"]["evaluator"]]
UNSUBSCRIBED = list(MEMBERS)  # members whose calendar feed URL was not asked for yet
random.shuffle(UNSUBSCRIBED)
FEEDS: list[str] = []  # feed paths of calendar clients that stopped

# Chosen by the driver: locust runs the first non-abstract shape class in this module.
if os.environ.get("LOADTEST_SHAPE"):

    class LoadShape(shapes.SHAPES[os.environ["LOADTEST_SHAPE"]]):  # type: ignore[misc]
        abstract = False


class Record:
    """What this run saw, for the thresholds and the post-run checks."""

    booked: list[str] = []  # ids of every 201 to POST /api/bookings
    conflicts: Counter[str] = Counter()  # expected 409s per request name
    statuses: Counter[tuple[str, int]] = Counter()
    refused: Counter[str] = Counter()  # unexpected refusals by rule
    started: float = 0.0
    stopped: float = 0.0
    notes: list[str] = []


# The server (uvicorn) closes a keep-alive connection after 5 s without a request. A
# request sent on such a connection just as the server closes it gets no answer, and a
# POST is not retried (RFC 9110). Browsers open a new connection after such a pause; so
# does a user here whose think time is longer than this (with a margin: the server's
# clock starts when it has sent the response, which a busy client reads later).
IDLE_LIMIT = 2.5


def local(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=TZ)


def wall(instant: datetime) -> str:
    """A site-local wall-clock time without offset, as a member's app sends it."""
    return instant.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def next_quarter(after: datetime) -> datetime:
    floor = after.replace(second=0, microsecond=0) - timedelta(minutes=after.minute % 15)
    return floor + QUARTER


def slot_in(span_start: datetime, span_end: datetime, minutes: int) -> tuple[datetime, datetime]:
    """A quarter-hour aligned slot of at most ``minutes`` inside a free span."""
    start = span_start if span_start.minute % 15 == 0 else next_quarter(span_start)
    length = min(timedelta(minutes=minutes), span_end - start)
    length -= timedelta(minutes=(length.seconds // 60) % 15)
    if length < QUARTER:
        return start, start
    room = span_end - start - length
    quarters = int(room / QUARTER)
    start += QUARTER * random.randint(0, quarters)
    return start, start + length


class Held:
    def __init__(self, booking: dict[str, Any]) -> None:
        self.id = booking["id"]
        self.kind = booking["kind"]
        self.site_id = booking["site_id"]
        self.start = parse(booking["start"])
        self.end = parse(booking["end"])
        self.checked_in = booking.get("checked_in_at") is not None


class _Person(FastHttpUser):
    abstract = True
    network_timeout = 30.0
    connection_timeout = 10.0
    think_seconds: tuple[float, float] = (1.0, 1.0)

    def wait_time(self) -> float:  # type: ignore[override]
        seconds = random.uniform(*self.think_seconds) * THINK
        if seconds > IDLE_LIMIT:
            self.drop_idle_connections()
        return seconds

    def pause(self, seconds: float) -> None:
        """A pause inside a task (waiting for check-in to open, coming back later)."""
        if seconds > IDLE_LIMIT:
            self.drop_idle_connections()
        gevent.sleep(seconds)

    def drop_idle_connections(self) -> None:
        pool = getattr(getattr(self.client, "client", None), "_connection_pool", None)
        idle = getattr(pool, "_socket_queue", None)
        while idle is not None and not idle.empty():
            idle.get_nowait().close()

    def take_member(self) -> None:
        if not POOL:
            note("more users than seeded members: a user stays idle (seed more members)")
            raise StopUser
        self.member = POOL.pop()
        self.auth = {"Authorization": f"Bearer {self.member['token']}"}
        self.held: dict[str, Held] = {}

    def give_back_member(self) -> None:
        if getattr(self, "member", None) is not None:
            POOL.append(self.member)
            self.member = None  # type: ignore[assignment]

    # -- requests -------------------------------------------------------------------

    def refresh(self) -> None:
        with self.client.get(
            "/api/members/me/bookings",
            headers=self.auth,
            name="GET my bookings",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                return fail(r)
            self.held = {b["id"]: Held(b) for b in r.json() if b["status"] == "confirmed"}

    def availability(self, site: dict[str, Any], day: str, kind: str) -> dict[str, Any] | None:
        with self.client.get(
            f"/api/sites/{site['id']}/availability?date={day}&kind={kind}",
            headers=self.auth,
            name="GET availability",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                fail(r)
                return None
            return r.json()

    def book(self, body: dict[str, Any], name: str) -> Held | None:
        with self.client.post(
            "/api/bookings", json=body, headers=self.auth, name=name, catch_response=True
        ) as r:
            if r.status_code == 201:
                held = Held(r.json())
                self.held[held.id] = held
                Record.booked.append(held.id)
                return held
            if r.status_code == 409:
                r.request_meta["name"] = f"{name} [409]"
                Record.conflicts[name] += 1
                r.success()
                return None
            fail(r)
            return None

    def cancel(self, held: Held) -> None:
        with self.client.post(
            f"/api/bookings/{held.id}/cancel",
            headers=self.auth,
            name="POST cancel",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                return fail(r)
            self.held.pop(held.id, None)

    # -- what a member knows about their own bookings -------------------------------

    def upcoming(self) -> list[Held]:
        now = datetime.now(UTC)
        return [h for h in self.held.values() if h.end > now]

    def holds_desk_during(self, start: datetime, end: datetime) -> bool:
        return any(h.kind == "desk" and h.start < end and start < h.end for h in self.held.values())

    def make_room(self) -> None:
        """At most 10 upcoming bookings: cancel one to make room for the next."""
        upcoming = self.upcoming()
        if len(upcoming) >= 9:
            later = [h for h in upcoming if not h.checked_in and h.start > datetime.now(UTC)]
            if later:
                self.cancel(random.choice(later))


def fail(r: Any) -> None:
    """An unexpected answer: a failure, named by status and the problem's rule or title."""
    why = ""
    if not r.status_code:
        why = repr(r.request_meta.get("exception"))[:120]
    try:
        body = r.json()
        why = body.get("rule") or body.get("title") or ""
        detail = str(body.get("detail", ""))[:80]
        if r.status_code >= 500 and detail:
            why = f"{why}: {detail}"
    except Exception:
        pass
    Record.refused[f"{r.request_meta['name']} {r.status_code} {why}".strip()] += 1
    r.failure(f"{r.status_code} {why}".strip())


def note(text: str) -> None:
    if text not in Record.notes:
        Record.notes.append(text)
        print(f"note: {text}", file=sys.stderr)


def pick_day(site: dict[str, Any]) -> dict[str, Any]:
    days = site["days"]
    # Most look at the coming two weeks, some further ahead.
    near = [
        d
        for d in days
        if date.fromisoformat(d["date"]) - date.fromisoformat(DATA["today"]) <= timedelta(days=14)
    ]
    return random.choice(near if near and random.random() < 0.7 else days)


class MemberUser(_Person):
    """A member on a normal working day."""

    weight = 8
    think_seconds = (3, 10)

    def on_start(self) -> None:
        self.take_member()
        self.refresh()

    def on_stop(self) -> None:
        self.give_back_member()

    @task(6)
    def look_and_book(self) -> None:
        site = random.choice(SITES) if random.random() < 0.6 else OFFICE
        day = pick_day(site)["date"]
        kind = "room" if "room" in site["kinds"] and random.random() < 0.15 else "desk"
        seen = self.availability(site, day, kind)
        if seen is None:
            return
        minutes = random.choice([60, 90, 120] if kind == "room" else [60, 120, 180, 240, 240, 480])
        choices = []
        for resource in seen["resources"]:
            for span in resource["free"]:
                start, end = slot_in(parse(span["start"]), parse(span["end"]), minutes)
                if end > start:
                    choices.append((resource["resource_id"], start, end))
        self.make_room()
        if not choices:
            if kind == "desk" and seen["open"] and random.random() < 0.3:
                # Nothing free: some try "any desk" all the same, and are refused.
                span = seen["open"][0]
                start, end = slot_in(parse(span["start"]), parse(span["end"]), minutes)
                if end > start and not self.holds_desk_during(start, end):
                    body = {
                        "site_id": site["id"],
                        "kind": "desk",
                        "start": wall(start),
                        "end": wall(end),
                    }
                    self.book(body, "POST book any desk")
            return
        resource_id, start, end = random.choice(choices)
        if kind == "desk" and self.holds_desk_during(start, end):
            return  # they have a desk then already
        if kind == "desk" and random.random() < 0.5:
            body = {"site_id": site["id"], "kind": "desk", "start": wall(start), "end": wall(end)}
            self.book(body, "POST book any desk")
        else:
            body = {"resource_id": resource_id, "start": wall(start), "end": wall(end)}
            self.book(body, f"POST book a {kind}")

    @task(3)
    def my_bookings(self) -> None:
        self.refresh()

    @task(1)
    def cancel_one(self) -> None:
        now = datetime.now(UTC)
        later = [h for h in self.held.values() if h.start > now and not h.checked_in]
        if later:
            self.cancel(random.choice(later))

    @task(2)
    def book_now_and_check_in(self) -> None:
        """On the day: a desk from the next quarter hour, and checking in when it opens."""
        if CHECK_IN_SITE is None:
            return
        now = datetime.now(UTC)
        start = next_quarter(now + timedelta(minutes=1))
        end = start + timedelta(hours=1)
        if (
            end.astimezone(TZ).date() != start.astimezone(TZ).date()
            or end.astimezone(TZ).time() > datetime.strptime("23:45", "%H:%M").time()
        ):
            return  # past closing at midnight
        if self.holds_desk_during(start, end):
            return
        self.make_room()
        body = {
            "site_id": CHECK_IN_SITE["id"],
            "kind": "desk",
            "start": wall(start),
            "end": wall(end),
        }
        held = self.book(body, "POST book desk now")
        if held is None:
            return
        wait = (held.start - CHECK_IN_OPENS - datetime.now(UTC)).total_seconds()
        if wait > 0:
            self.pause(wait + 1)  # walking to the office until check-in opens
        with self.client.post(
            f"/api/bookings/{held.id}/check-in",
            headers=self.auth,
            name="POST check-in",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                return fail(r)
            held.checked_in = True

    @task(1)
    def check_out(self) -> None:
        checked_in = [h for h in self.held.values() if h.checked_in]
        if not checked_in:
            return
        held = random.choice(checked_in)
        with self.client.post(
            f"/api/bookings/{held.id}/check-out",
            headers=self.auth,
            name="POST check-out",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                return fail(r)
            self.held.pop(held.id, None)


RUSH_SLOTS = [("08:00", "17:00"), ("08:00", "12:00"), ("13:00", "17:00")]


class RushMember(_Person):
    """Monday morning: everyone wants a desk at the office on the same popular days."""

    weight = 1
    think_seconds = (0.5, 2)

    def on_start(self) -> None:
        self.take_member()
        self.refresh()
        self.tries = 0
        self.done = False

    def on_stop(self) -> None:
        self.give_back_member()

    @task
    def rush(self) -> None:
        if self.done:
            self.pause(random.uniform(20, 40) * THINK)  # had their desk; look again later
            self.refresh()
            return
        if self.tries >= 4 or not DATA["popular_days"]:
            self.fall_back()
            return
        day = DATA["popular_days"][self.tries % len(DATA["popular_days"])]
        opens, closes = random.choice(RUSH_SLOTS)
        start, end = local(day, opens), local(day, closes)
        if self.holds_desk_during(local(day, "00:00"), local(day, "23:45")):
            self.done = True  # they have their desk that day already
            return
        seen = self.availability(OFFICE, day, "desk")
        if seen is None:
            return
        fitting, partial = [], []
        for resource in seen["resources"]:
            for span in resource["free"]:
                s, e = parse(span["start"]), parse(span["end"])
                if s <= start and end <= e:
                    fitting.append(resource["resource_id"])
                elif e - s >= timedelta(hours=2):
                    partial.append((resource["resource_id"], s, min(e, s + timedelta(hours=8))))
        if fitting:
            body = {"resource_id": random.choice(fitting), "start": wall(start), "end": wall(end)}
            held = self.book(body, "POST book a desk (rush)")
        elif partial:
            resource_id, s, e = random.choice(partial)
            body = {"resource_id": resource_id, "start": wall(s), "end": wall(e)}
            held = self.book(body, "POST book a desk (rush)")
        else:
            body = {"site_id": OFFICE["id"], "kind": "desk", "start": wall(start), "end": wall(end)}
            held = self.book(body, "POST book any desk (rush)")
        self.tries += 1
        self.done = held is not None

    def fall_back(self) -> None:
        """After a few refusals: any desk on a later, quieter day."""
        later = [d for d in OFFICE["days"] if d["date"] not in DATA["popular_days"]]
        day = random.choice(later)
        opens, closes = day["open"][0]
        start, end = local(day["date"], opens), local(day["date"], closes)
        end = min(end, start + timedelta(hours=8))
        if not self.holds_desk_during(start, end):
            body = {"site_id": OFFICE["id"], "kind": "desk", "start": wall(start), "end": wall(end)}
            self.book(body, "POST book any desk (later day)")
        self.done = True


class CalendarClient(_Person):
    """A calendar subscribed to one member's feed, polling it with If-None-Match."""

    weight = 3
    think_seconds = (10, 30)

    def on_start(self) -> None:
        self.etag: str | None = None
        self.feed = FEEDS.pop() if FEEDS else self.subscribe()

    def on_stop(self) -> None:
        if getattr(self, "feed", None):
            FEEDS.append(self.feed)  # the calendar stays subscribed

    def subscribe(self) -> str:
        """A member asks for their feed URL (shown once) and pastes it into a calendar."""
        if not UNSUBSCRIBED:
            note("every member's calendar is subscribed: a calendar client stays idle")
            raise StopUser
        member = UNSUBSCRIBED.pop()
        auth = {"Authorization": f"Bearer {member['token']}"}
        with self.client.get(
            "/api/members/me/calendar", headers=auth, name="GET calendar link", catch_response=True
        ) as r:
            if r.status_code != 200:
                fail(r)
                raise StopUser
            https_url = r.json().get("https_url")
            if not https_url:
                r.failure("the feed URL was shown before")
                raise StopUser
        url = urlsplit(https_url)
        return url.path + (f"?{url.query}" if url.query else "")

    @task
    def poll(self) -> None:
        headers = {"If-None-Match": self.etag} if self.etag else {}
        with self.client.get(
            self.feed, headers=headers, name="GET ical feed", catch_response=True
        ) as r:
            if r.status_code == 304:
                r.request_meta["name"] = "GET ical feed [304]"
                return
            if r.status_code != 200:
                return fail(r)
            self.etag = r.headers.get("ETag") or r.headers.get("etag")


REPORTS = ("utilisation", "demand", "specification")


class Evaluator(_Person):
    """A pilot evaluator opening a report now and then."""

    weight = 1
    think_seconds = (15, 45)

    def on_start(self) -> None:
        self.auth = {"Authorization": f"Bearer {random.choice(EVALUATORS)}"}

    @task
    def report(self) -> None:
        kind = random.choice(REPORTS)
        today = date.fromisoformat(DATA["today"])
        query = f"site_id={OFFICE['id']}&from={today - timedelta(days=28)}&to={today + timedelta(days=28)}"
        with self.client.get(
            f"/api/reports/{kind}?{query}",
            headers=self.auth,
            name=f"GET report {kind}",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                fail(r)


# -- recording and the thresholds ------------------------------------------------------


@events.request.add_listener
def _count(name: str, response: Any = None, **_: Any) -> None:
    Record.statuses[(name, int(getattr(response, "status_code", 0) or 0))] += 1


@events.test_start.add_listener
def _started(**_: Any) -> None:
    Record.started = time.time()


@events.test_stop.add_listener
def _stopped(**_: Any) -> None:
    Record.stopped = time.time()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bookings-201.txt").write_text("".join(f"{b}\n" for b in Record.booked))


@events.quitting.add_listener
def _check(environment: Any, **_: Any) -> None:
    limits = Limits.from_env(os.environ)
    results = evaluate(environment.stats, Record.statuses, limits)
    outcome = {
        "started": Record.started,
        "stopped": Record.stopped or time.time(),
        "booked": len(Record.booked),
        "conflicts": dict(Record.conflicts),
        "unexpected": dict(Record.refused),
        "statuses": [[n, s, c] for (n, s), c in sorted(Record.statuses.items())],
        "thresholds": [r.as_dict() for r in results],
        "notes": Record.notes,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "outcome.json").write_text(json.dumps(outcome, indent=1))
    failed = [r for r in results if not r.ok]
    print("\nThresholds:", file=sys.stderr)
    for r in results:
        print(f"  {'ok  ' if r.ok else 'FAIL'} {r.what}: {r.detail}", file=sys.stderr)
    environment.process_exit_code = 1 if failed else 0
