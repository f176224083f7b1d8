"""The new pages without a browser: a host's closure asks to confirm after showing the
bookings it hits, and can be removed; the host's day shows a closed day, cancels with a
reason and books on a member's behalf; the booking rules form; My bookings has check-out
and says by when to check in; days that cannot be booked say so; My data changes and
deletes the account; the admins' page of roles."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from service.registry.accounts import Accounts
from tests.builders import at
from tests.conftest import Clock
from tests.e2e.test_web_pages import DAY, csrf, sign_in, with_password

__all__ = ["accounts", "office", "seeded", "web"]
from tests.e2e.test_web_pages import accounts, office, seeded, web


def _post(web: TestClient[Any], path: str, page: str, **data: str) -> Any:
    return web.post(path, data={**data, "_csrf_token": csrf(web, page)}, follow_redirects=False)


def _book_as_anna(
    web: TestClient[Any], accounts: Accounts, office: str, start: str = "09:00"
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    booked = _post(
        web,
        f"/sites/{office}/book",
        f"/sites/{office}?date={DAY}",
        date=DAY,
        start=start,
        end="12:00",
        kind="desk",
    )
    assert booked.status_code == 303, booked.text
    web.post("/sign-out", data={"_csrf_token": csrf(web, "/my/bookings")})


def test_a_closure_over_booked_days_is_confirmed_after_showing_them_then_removed(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    _book_as_anna(web, accounts, office)
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    hours = f"/host/sites/{office}/hours"

    asked = _post(web, f"/host/sites/{office}/closures", hours, first_day=DAY, reason="Läcka")

    assert asked.status_code == 200
    assert "Bekräfta: bokningar kommer att avbokas" in asked.text
    assert "Anna Lindqvist" in asked.text
    assert "Platsen kommer att vara stängd de dagar då dessa bokningar är." in asked.text
    assert seeded.queries.site(seeded.queries.sites()[0].id) is not None
    assert all(c.first_day.isoformat() != DAY for s in seeded.queries.sites() for c in s.closures)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', asked.text)
    assert token
    confirmed = web.post(
        f"/host/sites/{office}/closures",
        data={"first_day": DAY, "reason": "Läcka", "confirm": "1", "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    assert "cancelled=1" in confirmed.headers["location"]
    page = web.get(confirmed.headers["location"])
    assert "1 bokning avbokades" in page.text
    day = web.get(f"/host/sites/{office}?date={DAY}")
    assert "Stängt: Läcka" in day.text and "Avbokad" in day.text
    assert "platsen är stängd den dagen" in day.text

    remove = re.search(rf'action="(/host/sites/{office}/closures/[0-9a-f-]+/remove)"', page.text)
    assert remove
    removed = _post(web, remove.group(1), hours)
    assert removed.status_code == 303
    assert "Stängt: Läcka" not in web.get(f"/host/sites/{office}?date={DAY}").text


def test_a_host_cancels_with_a_reason_and_books_on_a_members_behalf(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    _book_as_anna(web, accounts, office)
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    day = f"/host/sites/{office}?date={DAY}"
    cancel = re.search(r'action="(/host/sites/[^"]+/bookings/[^"]+/cancel)"', web.get(day).text)
    assert cancel

    cancelled = _post(web, cancel.group(1), day, note="Stängt för städning")
    assert cancelled.status_code == 303
    assert "Stängt för städning" in web.get(day).text

    desk = next(
        r for r in seeded.queries.resources(seeded.queries.sites()[0].id) if r.kind == "desk"
    )
    booked = _post(
        web,
        f"/host/sites/{office}/book",
        day,
        email="erik.konsult@example.se",
        date=DAY,
        resource_id=str(desk.id),
        start="13:00",
        end="15:00",
    )
    assert booked.status_code == 303, booked.text
    assert "Erik Johansson" in web.get(day).text
    unknown = _post(
        web,
        f"/host/sites/{office}/book",
        day,
        email="ingen@example.se",
        date=DAY,
        resource_id=str(desk.id),
        start="13:00",
        end="15:00",
    )
    assert unknown.status_code == 400


def test_the_booking_rules_form_changes_only_what_it_is_given(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    rules = f"/host/sites/{office}/rules"
    assert "Bokningsregler" in web.get(rules).text

    saved = _post(web, rules, rules, days_ahead="14", max_hours_room="2.5", grace_minutes="20")
    wrong = _post(web, rules, rules, days_ahead="9999")

    assert saved.status_code == 303
    policy = seeded.queries.policy(
        next(s.id for s in seeded.queries.sites() if str(s.id) == office)
    )
    assert (policy.days_ahead, policy.max_minutes["room"], policy.grace_minutes) == (14, 150, 20)
    assert wrong.status_code == 422


def test_my_bookings_say_by_when_to_check_in_and_offer_check_out_after_check_in(
    web: TestClient[Any], accounts: Accounts, office: str, clock: Clock
) -> None:
    _book_as_anna(web, accounts, office)
    sign_in(web, "anna.distans@example.se")
    assert (
        "Checka in senast 09:30, annars släpps platsen till andra." in web.get("/my/bookings").text
    )
    clock.now = at(DAY, "09:05")
    check_in = re.search(r'action="(/my/bookings/[^"]+/check-in)"', web.get("/my/bookings").text)
    assert check_in
    assert _post(web, check_in.group(1), "/my/bookings").status_code == 303
    page = web.get("/my/bookings").text
    check_out = re.search(r'action="(/my/bookings/[^"]+/check-out)"', page)
    assert check_out and "Checka in senast" not in page
    done = _post(web, check_out.group(1), "/my/bookings")
    assert done.status_code == 303 and "checked-out" in done.headers["location"]


def test_days_that_cannot_be_booked_say_so_and_hours_passed_today_are_not_offered(
    web: TestClient[Any], accounts: Accounts, office: str, clock: Clock
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    past = web.get(f"/sites/{office}?date=2026-11-27").text
    far = web.get(f"/sites/{office}?date=2027-03-01").text
    assert "Den här dagen har passerat" in past and "Boka " not in past.split("</nav>")[-1]
    assert "Den här dagen går inte att boka än. Den kan bokas från och med" in far
    clock.now = at("2026-11-30", "10:10")
    today = web.get(f"/sites/{office}?date=2026-11-30&kind=desk").text
    starts = re.findall(r"<option[^>]*>(\d\d:\d\d)</option>", today.split('id="end"')[0])
    assert starts and starts[0] == "10:15"


def test_a_member_changes_their_name_and_deletes_their_account_with_their_password(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    with_password(accounts, "erik.konsult@example.se")
    sign_in(web, "erik.konsult@example.se")
    renamed = _post(web, "/my/name", "/my/data", name="Erik J")
    assert renamed.status_code == 303 and "Erik J" in web.get("/my/data").text
    wrong = _post(web, "/my/erase", "/my/data", sure="on", password="fel")
    assert wrong.status_code == 400 and seeded.members.by_email("erik.konsult@example.se")

    erased = _post(web, "/my/erase", "/my/data", sure="on", password="ett-langt-losenord-2026")

    assert erased.status_code == 200 and "Ditt konto är raderat" in erased.text
    assert seeded.members.by_email("erik.konsult@example.se") is None
    assert web.get("/my/data", follow_redirects=False).status_code == 303


def test_an_admin_gives_roles_on_a_page_that_hosts_do_not_see(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    assert web.get("/admin/members").status_code == 403
    with_password(accounts, "admin@example.se")
    sign_in(web, "admin@example.se")
    page = web.get("/admin/members")
    assert page.status_code == 200 and "Medlemmar och roller" in page.text
    erik = seeded.members.by_email("erik.konsult@example.se")
    assert erik is not None

    saved = _post(web, f"/admin/members/{erik.id}/role", "/admin/members", role="host")

    assert saved.status_code == 303
    assert seeded.members.by_email("erik.konsult@example.se").role == "host"
