# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""The pages of recurring bookings, the waitlist, the usual, the floor plan, check-in by QR
code and the hosts' new forms, through Litestar's test client on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.builders import at
from tests.e2e.test_web_pages import (  # noqa: F401
    DAY,
    accounts,
    csrf,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60" onload="alert(1)">'
    '<script>alert(1)</script><rect width="100" height="60" fill="#eef"/></svg>'
)


def resource_id(seeded: Container, office: str, name: str) -> str:
    from uuid import UUID

    return str(next(r.id for r in seeded.queries.resources(UUID(office)) if r.name == name))


def member(web: TestClient[Any], accounts: Any, email: str) -> None:
    with_password(accounts, email)
    sign_in(web, email)


def test_a_recurring_booking_from_the_day_page(
    web: TestClient[Any], accounts: Any, office: str, seeded: Container
) -> None:
    member(web, accounts, "anna.distans@example.se")
    day = web.get(f"/sites/{office}?date={DAY}&start=08:00&end=16:00")
    assert "Återkommande" in day.text
    token = csrf(web, f"/sites/{office}?date={DAY}")
    desk = resource_id(seeded, office, "Skrivbord 4")

    started = web.post(
        f"/sites/{office}/series",
        data={
            "_csrf_token": token,
            "what": desk,
            "kind": "desk",
            "date": DAY,
            "start": "08:00",
            "end": "16:00",
            "weekday": ["tue", "thu"],
            "until": "2026-12-10",
        },
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    page = web.get(started.headers["location"])
    assert "Den återkommande bokningen är gjord" in page.text
    assert page.text.count('class="series-day placed"') == 4  # 1, 3, 8 and 10 December
    listed = web.get("/my/bookings").text
    assert (
        "Återkommande bokningar" in listed
        and "Skrivbord 4, tis, tors 08:00\N{EN DASH}16:00" in listed
    )

    series_url = started.headers["location"].split("?")[0]
    cancelled = web.post(
        f"{series_url}/cancel",
        data={"_csrf_token": token, "from": "2026-12-08"},
        follow_redirects=False,
    )
    assert cancelled.status_code == 303
    assert web.get(series_url).text.count("Avbokad") == 2


def test_taken_the_member_joins_the_waitlist_and_gets_it_when_it_frees(
    web: TestClient[Any], accounts: Any, office: str, seeded: Container
) -> None:
    member(web, accounts, "anna.distans@example.se")
    token = csrf(web, f"/sites/{office}?date={DAY}")
    desk = resource_id(seeded, office, "Skrivbord 1")
    booked = web.post(
        f"/sites/{office}/book",
        data={
            "_csrf_token": token,
            "date": DAY,
            "start": "09:00",
            "end": "12:00",
            "kind": "desk",
            "resource_id": desk,
        },
        follow_redirects=False,
    )
    anna_booking = booked.headers["location"].split("booked=")[1]
    web.post("/sign-out", data={"_csrf_token": token})

    member(web, accounts, "erik.konsult@example.se")
    token = csrf(web, f"/sites/{office}?date={DAY}")
    row = web.get(f"/sites/{office}?date={DAY}&start=09:00&end=12:00").text
    assert f'id="resource-{desk}"' in row and "Ställ dig i kö" in row
    refused = web.post(
        f"/sites/{office}/book",
        data={
            "_csrf_token": token,
            "date": DAY,
            "start": "09:00",
            "end": "12:00",
            "kind": "desk",
            "resource_id": desk,
        },
    )
    assert refused.status_code == 409 and "Ställ dig i kö" in refused.text
    joined = web.post(
        f"/sites/{office}/waitlist",
        data={
            "_csrf_token": token,
            "date": DAY,
            "start": "09:00",
            "end": "12:00",
            "kind": "desk",
            "resource_id": desk,
        },
        follow_redirects=False,
    )
    assert joined.status_code == 303
    mine = web.get(joined.headers["location"]).text
    assert "Du står i kön" in mine and "nummer 1 i kön" in mine

    from uuid import UUID

    from service.application import bookings
    from service.cli.operator import Operator

    anna = accounts._member_by_email("anna.distans@example.se")
    Operator(seeded).cancel(UUID(anna_booking), by=anna.id)
    assert bookings  # the cancellation above is an ordinary use case
    after = web.get("/my/bookings").text
    assert "Bokad åt dig från kön" in after


def test_book_my_usual_and_forget_it(web: TestClient[Any], accounts: Any, office: str) -> None:
    member(web, accounts, "anna.distans@example.se")
    token = csrf(web, f"/sites/{office}?date={DAY}")
    placed = web.post(
        f"/sites/{office}/book",
        data={"_csrf_token": token, "date": DAY, "start": "08:00", "end": "15:00", "kind": "desk"},
        follow_redirects=False,
    )
    booking_id = placed.headers["location"].split("booked=")[1]
    made = web.post(f"/my/bookings/{booking_id}/usual", data={"_csrf_token": token})
    assert "Sparad som din första favorit" in made.text

    day = web.get(f"/sites/{office}?date=2026-12-02").text
    assert "Boka min favorit" in day and "08:00\N{EN DASH}15:00" in day
    booked = web.post(
        f"/sites/{office}/book-usual", data={"_csrf_token": token, "date": "2026-12-02"}
    )
    assert booked.status_code == 200 and "Bokat: Skrivbord" in booked.text


def test_check_in_by_the_code_and_book_on_the_spot(
    web: TestClient[Any], accounts: Any, office: str, seeded: Container
) -> None:
    desk = resource_id(seeded, office, "Skrivbord 2")
    anonymous = web.get(f"/r/{desk}", follow_redirects=False)
    assert (
        anonymous.status_code == 303 and anonymous.headers["location"] == f"/sign-in?next=/r/{desk}"
    )

    member(web, accounts, "anna.distans@example.se")
    seeded.store.clock.now = at(DAY, "09:05")  # type: ignore[attr-defined]
    page = web.get(f"/r/{desk}").text
    assert "Skrivbord 2" in page and "Boka och checka in" in page
    token = csrf(web, f"/r/{desk}")
    booked = web.post(
        f"/r/{desk}/book-now",
        data={"_csrf_token": token, "end": at(DAY, "12:00").isoformat()},
        follow_redirects=False,
    )
    assert booked.status_code == 303
    assert "Bokat och incheckat" in web.get(booked.headers["location"]).text
    assert "Du är incheckad" in web.get(f"/r/{desk}").text


def test_a_host_draws_the_floor_plan_and_members_see_it_beside_the_list(
    web: TestClient[Any], accounts: Any, office: str, seeded: Container
) -> None:
    member(web, accounts, "host@example.se")
    token = csrf(web, f"/host/sites/{office}/plan")
    desk1 = resource_id(seeded, office, "Skrivbord 1")
    desk2 = resource_id(seeded, office, "Skrivbord 2")
    saved = web.post(
        f"/host/sites/{office}/plan",
        data={
            "_csrf_token": token,
            "columns": "8",
            "rows": "5",
            f"column-{desk1}": "1",
            f"row-{desk1}": "1",
            f"column-{desk2}": "2",
            f"row-{desk2}": "1",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    overlapping = web.post(
        f"/host/sites/{office}/plan",
        data={
            "_csrf_token": token,
            "columns": "8",
            "rows": "5",
            f"column-{desk1}": "1",
            f"row-{desk1}": "1",
            f"column-{desk2}": "1",
            f"row-{desk2}": "1",
        },
    )
    assert overlapping.status_code == 422
    uploaded = web.post(
        f"/host/sites/{office}/plan/background",
        data={"_csrf_token": token},
        files={"drawing": ("plan.svg", SVG.encode(), "image/svg+xml")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303, uploaded.text

    day = web.get(f"/sites/{office}?date={DAY}&start=09:00&end=12:00").text
    assert 'class="floor"' in day and 'aria-label="Skrivbord 1: ledig"' in day
    image = re.search(r'<image href="([^"]+)"', day)
    assert image is not None
    drawing = web.get(image.group(1).replace("&amp;", "&"))
    assert drawing.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in drawing.headers["content-security-policy"]
    assert b"script" not in drawing.content and b"onload" not in drawing.content


def test_a_host_prints_the_codes_moves_a_booking_and_sets_features(
    web: TestClient[Any], accounts: Any, office: str, seeded: Container
) -> None:
    member(web, accounts, "host@example.se")
    codes = web.get(f"/host/sites/{office}/codes").text
    assert codes.count('class="code"') == 18 and "<svg" in codes and "/r/" in codes

    token = csrf(web, f"/sites/{office}?date={DAY}")
    desk1 = resource_id(seeded, office, "Skrivbord 1")
    desk3 = resource_id(seeded, office, "Skrivbord 3")
    placed = web.post(
        f"/sites/{office}/book",
        data={
            "_csrf_token": token,
            "date": DAY,
            "start": "09:00",
            "end": "12:00",
            "kind": "desk",
            "resource_id": desk1,
        },
        follow_redirects=False,
    )
    booking_id = placed.headers["location"].split("booked=")[1]
    today = web.get(f"/host/sites/{office}?date={DAY}").text
    assert f"/bookings/{booking_id}/move" in today
    moved = web.post(
        f"/host/sites/{office}/bookings/{booking_id}/move",
        data={"_csrf_token": token, "resource_id": desk3},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    from uuid import UUID

    assert str(seeded.queries.booking(UUID(booking_id)).resource_id) == desk3  # type: ignore[union-attr]

    saved = web.post(
        f"/host/sites/{office}/resources/{desk1}/features",
        data={"_csrf_token": token, "feature": ["quiet", "screen"]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    resources = web.get(f"/host/sites/{office}/resources").text
    assert "tyst zon, skärm" in resources


def test_an_unknown_web_address_is_a_page_in_the_members_language(
    web: TestClient[Any],
) -> None:
    swedish = web.get("/no/such/page")
    assert swedish.status_code == 404 and swedish.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in swedish.text and "Det finns ingen sida" in swedish.text
    english = web.get("/no/such/page?lang=en")
    assert '<html lang="en">' in english.text and "There is no page at this address" in english.text
    api = web.get("/api/no/such/thing")
    assert api.status_code in (401, 404)
    assert api.headers["content-type"].startswith("application/problem+json")
