"""Calendar subscriptions over HTTP: feed URLs, what the feeds hold, conditional polls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import TestClient

from service.container import Container
from tests.apps import app_for
from tests.calendar_support import Parsed, instant, parse
from tests.conftest import METRICS_AUTH, Clock

ALL_WEEK = {d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class Office:
    site: str
    desk: str
    room: str


@pytest.fixture
def client(container: Container) -> Iterator[TestClient[Any]]:
    with TestClient(app=app_for(container)) as test_client:
        yield test_client


def person(container: Container, email: str, name: str, role: str = "member") -> Person:
    member, token = container.members.add(email=email, name=name, role=role)
    return Person(str(member.id), member.name, token)


@pytest.fixture
def host(container: Container) -> Person:
    return person(container, "vard@example.se", "Värd Servicepunkten", "host")


@pytest.fixture
def anna(container: Container) -> Person:
    return person(container, "anna@example.se", "Anna Åkesson-Öberg")


@pytest.fixture
def erik(container: Container) -> Person:
    return person(container, "erik@example.se", "Erik Johansson")


def open_office(client: TestClient[Any], host: Person) -> Office:
    site = client.post(
        "/api/sites",
        json={
            "name": "Grannskapskontoret Frövi",
            "address": "Storgatan 1, 718 30 Frövi",
            "locality": "Frövi",
            "opening_hours": ALL_WEEK,
        },
        headers=host.auth,
    ).json()["id"]

    def add(details: dict[str, Any]) -> str:
        response = client.post(f"/api/sites/{site}/resources", json=details, headers=host.auth)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    desk = add({"kind": "desk", "name": "Skrivbord 1, vid fönstret; norr"})
    return Office(site, desk, add({"kind": "room", "name": "Mötesrum Ån", "seats": 4}))


@pytest.fixture
def office(client: TestClient[Any], host: Person) -> Office:
    return open_office(client, host)


def book(client: TestClient[Any], who: Person, resource: str, start: str, end: str) -> str:
    response = client.post(
        "/api/bookings",
        json={"resource_id": resource, "start": start, "end": end},
        headers=who.auth,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def member_feed(client: TestClient[Any], who: Person) -> str:
    response = client.get("/api/members/me/calendar", headers=who.auth)
    assert response.status_code == 200, response.text
    return path_of(response.json()["https_url"])


def fetch(client: TestClient[Any], path: str, **headers: str) -> httpx.Response:
    # A feed never waits for the calendar view (it is read anonymously): wait here, as a
    # calendar asking again a little later would.
    container = client.app.state.container
    container.wait_for_all(container.store.position)
    response = client.get(path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    assert response.status_code in (200, 304), response.text
    return response


def read(client: TestClient[Any], path: str) -> Parsed:
    response = fetch(client, path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return parse(response.content)


def test_a_member_gets_a_secret_feed_url_that_needs_no_other_credentials(
    client: TestClient[Any], anna: Person, office: Office
) -> None:
    booking = book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    response = client.get("/api/members/me/calendar", headers=anna.auth)
    body = response.json()
    assert response.headers["cache-control"] == "no-store"
    https, webcal = body["https_url"], body["webcal_url"]
    token = https.rsplit("/", 1)[1].removesuffix(".ics")
    assert https.endswith(f"/ical/{token}.ics") and len(token) >= 22  # >= 128 bits
    assert webcal == "webcal://" + https.split("://", 1)[1]
    feed = read(client, path_of(https))  # no Authorization header
    event = feed.event(booking)
    assert str(event["SUMMARY"]) == "Skrivbord 1, vid fönstret; norr på Grannskapskontoret Frövi"
    assert str(event["LOCATION"]) == "Grannskapskontoret Frövi, Storgatan 1, 718 30 Frövi"
    assert str(event["URL"]).endswith(f"/my/bookings#booking-{booking}")
    assert "/api/" not in str(event["DESCRIPTION"])
    assert anna.name not in feed.text and anna.id not in feed.text


def test_a_feed_speaks_the_language_the_member_chose(
    client: TestClient[Any], container: Container, anna: Person, office: Office
) -> None:
    booking = book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    https = client.get("/api/members/me/calendar", headers=anna.auth).json()["https_url"]
    container.accounts.set_preferences(UUID(anna.id), language="en")
    feed = read(client, path_of(https))
    assert str(feed.event(booking)["SUMMARY"]).endswith(" at Grannskapskontoret Frövi")
    assert feed.ical.name == ["grannskap: my bookings"]


def test_the_feed_url_is_shown_when_issued_and_not_again(
    client: TestClient[Any], anna: Person, container: Container
) -> None:
    first = client.get("/api/members/me/calendar", headers=anna.auth).json()
    again = client.get("/api/members/me/calendar", headers=anna.auth).json()
    assert first["https_url"] and again["https_url"] is None and again["webcal_url"] is None
    assert again["issued_at"] == first["issued_at"]
    assert "rotate" in again["detail"]
    token = first["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    with container.engine.connect() as c:
        stored = " ".join(
            str(v) for row in c.exec_driver_sql("SELECT * FROM calendar_feed") for v in row
        )
    assert token not in stored


def test_rotating_stops_the_old_url_at_once_with_the_same_404_as_a_token_never_issued(
    client: TestClient[Any], anna: Person
) -> None:
    old = member_feed(client, anna)
    rotated = client.post("/api/members/me/calendar/rotate", headers=anna.auth)
    assert rotated.status_code == 201
    new = path_of(rotated.json()["https_url"])
    assert new != old
    gone = client.get(old)
    never = client.get("/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")
    malformed = client.get("/ical/nonsense")
    for response in (gone, never, malformed):
        assert response.status_code == 404
        assert response.json() == gone.json()
    assert read(client, new).events() == []


def test_the_feed_follows_a_booking_through_its_cancellation(
    client: TestClient[Any], anna: Person, office: Office, clock: Clock
) -> None:
    feed_path = member_feed(client, anna)
    booking = book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    placed = read(client, feed_path).event(booking)
    clock.advance(minutes=10)
    assert client.post(f"/api/bookings/{booking}/cancel", headers=anna.auth).status_code == 200
    feed = read(client, feed_path)
    cancelled = feed.event(booking)
    assert str(placed["STATUS"]) == "CONFIRMED" and str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] > placed["SEQUENCE"]
    assert str(cancelled["UID"]) == str(placed["UID"]) == booking
    assert cancelled.decoded("LAST-MODIFIED") > placed.decoded("LAST-MODIFIED")
    assert feed.strict_event(booking).status == "CANCELLED"
    clock.advance(days=30)
    assert read(client, feed_path).events() == []


def test_a_poll_with_the_etag_is_answered_304_until_something_changes(
    client: TestClient[Any], anna: Person, office: Office
) -> None:
    feed_path = member_feed(client, anna)
    book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    first = fetch(client, feed_path)
    etag = first.headers["etag"]
    again = fetch(client, feed_path, If_None_Match=etag)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert fetch(client, feed_path, If_None_Match=f'"other", W/{etag}').status_code == 304
    book(client, anna, office.room, "2026-12-02T09:00", "2026-12-02T10:00")
    changed = fetch(client, feed_path, If_None_Match=etag)
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert len(parse(changed.content).events()) == 2


def test_a_poll_with_if_modified_since_is_answered_304_until_something_changes(
    client: TestClient[Any], anna: Person, office: Office, clock: Clock
) -> None:
    feed_path = member_feed(client, anna)
    booking = book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    first = fetch(client, feed_path)
    since = first.headers["last-modified"]
    assert fetch(client, feed_path, If_Modified_Since=since).status_code == 304
    earlier = format_datetime(clock.now - timedelta(hours=1), usegmt=True)
    assert fetch(client, feed_path, If_Modified_Since=earlier).status_code == 200
    assert fetch(client, feed_path, If_Modified_Since="not a date").status_code == 200
    client.post(f"/api/bookings/{booking}/cancel", headers=anna.auth)  # in the same second
    assert fetch(client, feed_path, If_Modified_Since=since).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110).
    stale = fetch(client, feed_path, If_None_Match=first.headers["etag"], If_Modified_Since=since)
    assert stale.status_code == 200


def test_a_booking_leaving_the_window_changes_the_etag_without_any_new_event(
    client: TestClient[Any], anna: Person, office: Office, clock: Clock
) -> None:
    feed_path = member_feed(client, anna)
    book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    later = book(client, anna, office.desk, "2026-12-03T09:00", "2026-12-03T12:00")
    clock.now = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)  # 11:00 in Stockholm: both in
    etag = fetch(client, feed_path).headers["etag"]
    clock.now = datetime(2026, 12, 31, 11, 0, tzinfo=UTC)  # the first ended 30 days ago
    response = fetch(client, feed_path, If_None_Match=etag)
    assert response.status_code == 200
    assert [str(e["UID"]) for e in parse(response.content).events()] == [later]
    assert fetch(client, feed_path, If_None_Match=response.headers["etag"]).status_code == 304


@pytest.mark.parametrize(
    ("now", "days"),
    [
        (datetime(2026, 3, 20, 8, 0, tzinfo=UTC), ("2026-03-28", "2026-03-29", "2026-03-30")),
        (datetime(2026, 10, 20, 8, 0, tzinfo=UTC), ("2026-10-24", "2026-10-25", "2026-10-26")),
    ],
)
def test_bookings_on_the_days_around_a_daylight_saving_change_keep_their_local_times(
    client: TestClient[Any],
    anna: Person,
    host: Person,
    clock: Clock,
    now: datetime,
    days: tuple[str, ...],
) -> None:
    clock.now = now
    office = open_office(client, host)
    feed_path = member_feed(client, anna)
    bookings = {book(client, anna, office.desk, f"{d}T08:00", f"{d}T10:30"): d for d in days}
    feed = read(client, feed_path)
    for booking, day in bookings.items():
        stored = client.get(f"/api/bookings/{booking}", headers=anna.auth).json()
        start = datetime.fromisoformat(stored["start"])
        end = datetime.fromisoformat(stored["end"])
        event = feed.event(booking)
        assert event["DTSTART"].to_ical().decode() == day.replace("-", "") + "T080000"
        assert instant(feed.icalendar, event, "DTSTART") == start
        assert instant(feed.icalendar, event, "DTEND") == end
        strict = feed.strict_event(booking)
        assert (strict.dtstart.astimezone(UTC), strict.dtend.astimezone(UTC)) == (start, end)


def test_hosts_get_busy_block_feeds_for_a_resource_and_a_site_without_member_names_or_ids(
    client: TestClient[Any], anna: Person, host: Person, office: Office
) -> None:
    booking = book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    book(client, anna, office.room, "2026-12-01T13:00", "2026-12-01T14:00")
    resource = client.post(f"/api/resources/{office.desk}/calendar", headers=host.auth)
    site = client.post(f"/api/sites/{office.site}/calendar", headers=host.auth)
    assert resource.status_code == site.status_code == 201
    desk_feed = read(client, path_of(resource.json()["https_url"]))
    site_feed = read(client, path_of(site.json()["https_url"]))
    assert [str(e["SUMMARY"]) for e in desk_feed.events()] == [
        "Bokat: Skrivbord 1, vid fönstret; norr"
    ]
    assert len(site_feed.events()) == 2
    assert desk_feed.ical.name == [
        "grannskap: Skrivbord 1, vid fönstret; norr, Grannskapskontoret Frövi"
    ]
    for feed in (desk_feed, site_feed):
        for secret in (anna.name, anna.id, "anna@example.se", booking):
            assert secret not in feed.text


def test_a_new_resource_feed_url_stops_the_previous_one(
    client: TestClient[Any], host: Person, office: Office
) -> None:
    first = client.post(f"/api/resources/{office.desk}/calendar", headers=host.auth).json()
    second = client.post(f"/api/resources/{office.desk}/calendar", headers=host.auth).json()
    assert client.get(path_of(first["https_url"])).status_code == 404
    assert client.get(path_of(second["https_url"])).status_code == 200


def test_only_hosts_may_issue_resource_and_site_feeds(
    client: TestClient[Any], anna: Person, host: Person, office: Office
) -> None:
    assert (
        client.post(f"/api/resources/{office.desk}/calendar", headers=anna.auth).status_code == 403
    )
    assert client.post(f"/api/sites/{office.site}/calendar", headers=anna.auth).status_code == 403
    assert client.post(f"/api/sites/{office.site}/calendar").status_code == 401
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.post(f"/api/resources/{unknown}/calendar", headers=host.auth).status_code == 404
    assert client.post(f"/api/sites/{unknown}/calendar", headers=host.auth).status_code == 404


def test_a_single_booking_downloads_as_an_ics_file_for_its_owner_and_hosts_only(
    client: TestClient[Any], anna: Person, erik: Person, host: Person, office: Office
) -> None:
    booking = book(client, anna, office.desk, "2026-12-01T09:00", "2026-12-01T12:00")
    path = f"/api/bookings/{booking}.ics"
    own = client.get(path, headers=anna.auth)
    assert own.status_code == 200
    assert own.headers["content-type"] == "text/calendar; charset=utf-8"
    assert own.headers["content-disposition"] == f'attachment; filename="booking-{booking}.ics"'
    single = parse(own.content)
    (event,) = single.events()
    assert str(event["UID"]) == booking and single.ical.method == "PUBLISH"
    assert client.get(path, headers=host.auth).status_code == 200
    assert client.get(path, headers=erik.auth).status_code == 404
    assert client.get(path).status_code == 401
    assert (
        client.get(path, headers={**anna.auth, "If-None-Match": own.headers["etag"]}).status_code
        == 304
    )
    assert client.get(f"/api/bookings/{booking}", headers=anna.auth).json()["id"] == booking


def test_feed_tokens_never_become_metric_labels(client: TestClient[Any], anna: Person) -> None:
    feed_path = member_feed(client, anna)
    read(client, feed_path)
    client.get("/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")
    metrics = client.get("/metrics", headers=METRICS_AUTH).text
    token = feed_path.rsplit("/", 1)[1].removesuffix(".ics")
    assert 'path="/ical/{file}"' in metrics
    assert token not in metrics and "AAAAAAAA" not in metrics
