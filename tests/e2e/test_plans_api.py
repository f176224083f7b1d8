"""The API of recurring bookings, the waitlist, usuals, moves, features, floor plans and QR
codes, over HTTP on SQLite and PostgreSQL: what members and hosts see, and bad input as
problem details naming the field."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book, new_events

SERIES = "/api/bookings/series"


def a_series(office: Office, **more: Any) -> dict[str, Any]:
    return {
        "resource_id": office.screen_desk,
        "weekdays": ["tue", "thu"],
        "until": "2027-03-31",
        "start": "08:00",
        "end": "16:00",
        **more,
    }


def test_a_series_books_each_day_in_the_window_and_reports_each_refusal(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    assert book(client, erik, office.screen_desk, f"{DAY}T15:00", f"{DAY}T17:00").status_code == 201

    with new_events(container) as topics:
        started = client.post(SERIES, json=a_series(office), headers=anna.auth)

    assert started.status_code == 201, started.text
    body = started.json()
    days = {d["day"]: d for d in body["days"]}
    assert days[DAY]["status"] == "refused" and days[DAY]["rule"] == "slot-taken"
    assert days["2026-12-03"]["status"] == "placed" and days["2026-12-03"]["booking_id"]
    assert days["2027-03-30"]["status"] == "pending"
    assert "domain.booking:BookingRefused.Recorded" in topics
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert len(mine) == sum(d["status"] == "placed" for d in body["days"])
    listed = client.get("/api/members/me/series", headers=anna.auth).json()
    assert [s["id"] for s in listed] == [body["id"]]
    assert client.get(f"{SERIES}/{body['id']}", headers=erik.auth).status_code == 404

    cancelled = client.post(
        f"{SERIES}/{body['id']}/cancel", json={"from": "2026-12-10"}, headers=anna.auth
    )
    assert cancelled.status_code == 200, cancelled.text
    statuses = {
        b["start"][:10]: b["status"]
        for b in client.get("/api/members/me/bookings", headers=anna.auth).json()
    }
    assert statuses["2026-12-08"] == "confirmed" and statuses["2026-12-10"] == "cancelled"
    assert "pending" not in {d["status"] for d in cancelled.json()["days"]}


def test_bad_series_input_names_the_field(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    for change, status, field in [
        ({"weekdays": ["funday"]}, 400, "weekdays[0]"),
        ({"weekdays": []}, 400, "weekdays"),
        ({"until": "next year"}, 400, "until"),
        ({"start": "8"}, 400, "start"),
        ({"start": "25:00"}, 400, "start"),
        ({"until": "2029-01-01"}, 422, "until"),
        ({"end": "07:00"}, 422, "end"),
    ]:
        response = client.post(SERIES, json=a_series(office, **change), headers=anna.auth)
        assert_problem(response, status, field)


def test_the_waitlist_serves_the_first_in_line_when_a_desk_is_cancelled(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    held = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()
    refused = book(client, erik, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00")
    assert refused.status_code == 409

    joined = client.post(
        "/api/waitlist",
        json={"resource_id": office.screen_desk, "start": f"{DAY}T09:00", "end": f"{DAY}T12:00"},
        headers=erik.auth,
    )
    assert joined.status_code == 201, joined.text
    assert (joined.json()["status"], joined.json()["place"]) == ("waiting", 1)
    again = client.post(
        "/api/waitlist",
        json={"resource_id": office.screen_desk, "start": f"{DAY}T10:00", "end": f"{DAY}T11:00"},
        headers=erik.auth,
    )
    assert_problem(again, 409, "start", rule="already-waiting")

    with new_events(container) as topics:
        client.post(f"/api/bookings/{held['id']}/cancel", headers=anna.auth)
    assert "domain.waitlist:Waitlist.Served" in topics

    entry = client.get(f"/api/waitlist/{joined.json()['id']}", headers=erik.auth).json()
    assert entry["status"] == "served"
    (mine,) = client.get("/api/members/me/bookings", headers=erik.auth).json()
    assert mine["id"] == entry["booking_id"]
    assert client.get("/api/members/me/waitlist", headers=erik.auth).json()[0]["status"] == "served"


def test_waiting_for_what_the_rules_refuse_is_refused(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    response = client.post(
        "/api/waitlist",
        json={"site_id": office.id, "kind": "desk", "start": f"{DAY}T20:00", "end": f"{DAY}T21:00"},
        headers=anna.auth,
    )
    assert_problem(response, 422, "start", rule="outside-opening-hours")
    unknown = client.post(
        "/api/waitlist",
        json={
            "site_id": office.id,
            "kind": "desk",
            "features": ["jacuzzi"],
            "start": f"{DAY}T09:00",
            "end": f"{DAY}T10:00",
        },
        headers=anna.auth,
    )
    assert_problem(unknown, 400, "features")


def test_book_my_usual(client: TestClient[Any], office: Office, anna: Person) -> None:
    usual = client.put(
        "/api/members/me/usuals",
        json={"resource_id": office.window_desk, "start": "08:00", "end": "12:00"},
        headers=anna.auth,
    )
    assert usual.status_code == 200, usual.text
    booked = client.post(
        f"/api/members/me/usuals/{office.id}/book", json={"date": DAY}, headers=anna.auth
    )
    assert booked.status_code == 201, booked.text
    assert booked.json()["resource_id"] == office.window_desk
    assert booked.json()["start"] == f"{DAY}T07:00:00Z"
    assert (
        client.delete(f"/api/members/me/usuals/{office.id}", headers=anna.auth).status_code == 204
    )
    assert client.get("/api/members/me/usuals", headers=anna.auth).json() == []


def test_a_host_moves_a_booking_and_sets_features(
    client: TestClient[Any], office: Office, anna: Person, host: Person
) -> None:
    held = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()
    assert (
        client.post(
            f"/api/bookings/{held['id']}/move",
            json={"resource_id": office.window_desk},
            headers=anna.auth,
        ).status_code
        == 403
    )
    moved = client.post(
        f"/api/bookings/{held['id']}/move",
        json={"resource_id": office.window_desk},
        headers=host.auth,
    )
    assert moved.status_code == 200 and moved.json()["resource_id"] == office.window_desk

    set_ = client.put(
        f"/api/resources/{office.room}/features",
        json={"features": ["Whiteboard", "videomöte"]},
        headers=host.auth,
    )
    assert set_.status_code == 200, set_.text
    rooms = client.get(f"/api/sites/{office.id}/resources?kind=room", headers=anna.auth).json()
    assert rooms[0]["features"] == ["video meeting", "whiteboard"]
    bad = client.put(
        f"/api/resources/{office.room}/features", json={"features": ["jacuzzi"]}, headers=host.auth
    )
    assert_problem(bad, 422, "features")
    vocabulary = client.get("/api/features", headers=anna.auth).json()
    assert {"code": "window", "en": "by a window", "sv": "vid fönster"} in vocabulary


def test_a_floor_plan_and_its_cleaned_background(
    client: TestClient[Any], office: Office, anna: Person, host: Person
) -> None:
    plan = {
        "columns": 6,
        "rows": 4,
        "places": {
            office.screen_desk: {"column": 1, "row": 1},
            office.room: {"column": 3, "row": 1, "width": 3, "height": 2},
        },
    }
    assert (
        client.put(f"/api/sites/{office.id}/floor-plan", json=plan, headers=anna.auth).status_code
        == 403
    )
    set_ = client.put(f"/api/sites/{office.id}/floor-plan", json=plan, headers=host.auth)
    assert set_.status_code == 200, set_.text
    assert client.get(f"/api/sites/{office.id}/floor-plan", headers=anna.auth).json()["places"] == {
        office.screen_desk: {"column": 1, "row": 1, "width": 1, "height": 1},
        office.room: {"column": 3, "row": 1, "width": 3, "height": 2},
    }
    overlap = {**plan, "places": {**plan["places"], office.window_desk: {"column": 4, "row": 2}}}
    assert_problem(
        client.put(f"/api/sites/{office.id}/floor-plan", json=overlap, headers=host.auth), 422
    )

    drawing = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 6 4"><script>x()</script><rect width="6" height="4"/></svg>'
    uploaded = client.put(
        f"/api/sites/{office.id}/floor-plan/background",
        content=drawing,
        headers={**host.auth, "Content-Type": "image/svg+xml"},
    )
    assert uploaded.status_code == 200, uploaded.text
    served = client.get(uploaded.json()["background_url"], headers=anna.auth)
    assert served.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in served.headers["content-security-policy"]
    assert b"<rect" in served.content and b"script" not in served.content
    not_svg = client.put(
        f"/api/sites/{office.id}/floor-plan/background",
        content=b"<!DOCTYPE svg [<!ENTITY x 'y'>]><svg/>",
        headers={**host.auth, "Content-Type": "image/svg+xml"},
    )
    assert_problem(not_svg, 422, "background")


def test_each_resource_has_a_qr_code_of_its_check_in_page(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    code = client.get(f"/api/resources/{office.screen_desk}/code.svg", headers=anna.auth)
    assert code.status_code == 200 and code.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in code.content and b"Skrivbord 1" in code.content


def test_the_openapi_document_covers_the_new_endpoints(client: TestClient[Any]) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in (
        "/api/bookings/series",
        "/api/bookings/series/{series_id}",
        "/api/bookings/series/{series_id}/cancel",
        "/api/waitlist",
        "/api/waitlist/{entry_id}/leave",
        "/api/members/me/usuals",
        "/api/bookings/{booking_id}/move",
        "/api/sites/{site_id}/floor-plan",
        "/api/resources/{resource_id}/code.svg",
        "/api/features",
    ):
        assert path in paths, path
