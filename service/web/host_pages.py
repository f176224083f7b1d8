"""Hosts run their sites: today's bookings and check-ins, resources, opening hours and
closures, and who may sign up (open sign-up, invitation codes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template
from sqlalchemy import select

from domain.errors import DomainError
from domain.site import WEEKDAYS
from domain.time import day_bounds
from projections.queries import SiteView
from projections.tables import MemberBookingRow
from service.application import Written
from service.container import Container
from service.http.deps import settle
from service.members import MemberRecord
from service.web.accounts import Accounts, SignUpRefused
from service.web.booking_pages import parse_day, site_or_404
from service.web.core import hosts, lang_of, redirect, render
from service.web.i18n import Lang
from service.web.messages import (
    feature_name,
    kind_name,
    refusal,
    sign_up_refusal,
    status_name,
)

TABS = ("today", "resources", "hours", "sign-up")


@dataclass
class DayBooking:
    id: UUID
    when: str
    resource: str
    member: str
    status: str
    checked_in: str
    can_check_in: bool


def site_day_bookings(container: Container, site: SiteView, day: date, t: Lang) -> list[DayBooking]:
    tz = ZoneInfo(site.timezone)
    bounds = day_bounds(day, tz)
    now = container.now()
    grace = timedelta(minutes=int(site.policy.get("grace_minutes", 30)))  # type: ignore[call-overload]
    with container.engine.connect() as c:
        rows = c.execute(
            select(MemberBookingRow)
            .where(
                MemberBookingRow.site_id == site.id,
                MemberBookingRow.start < bounds.end,
                MemberBookingRow.end > bounds.start,
            )
            .order_by(MemberBookingRow.start)
        ).all()
        member_ids = {r.member_id for r in rows}
        names = (
            dict(
                c.execute(
                    select(MemberRecord.id, MemberRecord.name).where(
                        MemberRecord.id.in_(member_ids)
                    )
                ).all()
            )
            if member_ids
            else {}
        )
    resources = {r.id: r.name for r in container.queries.resources(site.id, include_retired=True)}
    return [
        DayBooking(
            id=r.booking_id,
            when=t.span(r.start, r.end, tz),
            resource=resources.get(r.resource_id, "?")
            + (f" \N{MULTIPLICATION SIGN} {r.quantity}" if r.quantity > 1 else ""),
            member=names.get(r.member_id, "?"),
            status=status_name(t, r.status, r.checked_in_at is not None),
            checked_in=t.time(r.checked_in_at, tz) if r.checked_in_at else "",
            can_check_in=r.status == "confirmed"
            and r.checked_in_at is None
            and r.start - timedelta(minutes=15) <= now < min(r.start + grace, r.end),
        )
        for r in rows
    ]


def _hours_rows(site: SiteView, t: Lang) -> list[dict[str, Any]]:
    rows = []
    for index, day in enumerate(WEEKDAYS):
        spans = site.opening_hours.get(day, [])
        rows.append(
            {
                "key": day,
                "name": t.weekday_name(index),
                "open": spans[0][0] if spans else "",
                "close": spans[0][1] if spans else "",
                "open2": spans[1][0] if len(spans) > 1 else "",
                "close2": spans[1][1] if len(spans) > 1 else "",
            }
        )
    return rows


class HostPages(Controller):
    path = "/host"
    guards = [hosts]

    @get("/", sync_to_thread=True)
    def index(self, request: Request[Any, Any, Any], container: Container) -> Template:
        return self._index(request, container)

    @staticmethod
    def _index(
        request: Request[Any, Any, Any],
        container: Container,
        error: str = "",
        values: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        t = lang_of(request)
        return render(
            request,
            "host_index.html",
            t("Host"),
            status_code=status_code,
            section="host",
            sites=container.queries.sites(),
            error=error,
            values=values or {},
        )

    @post("/sites")
    async def register_site(
        self, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        form = await request.form()
        values = {k: str(form.get(k, "")).strip()[:200] for k in ("name", "address", "locality")}

        def work() -> Response[Any]:
            try:
                written = container.app.register_site(
                    name=values["name"],
                    address=values["address"],
                    locality=values["locality"],
                    opening_hours={
                        d: [["08:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")
                    },
                )
            except DomainError as error:
                return self._index(  # type: ignore[return-value]
                    request, container, refusal(lang_of(request), error), values, 422
                )
            settle(container, written)
            return redirect(f"/host/sites/{written.id}/resources?done=site")

        return await to_thread.run_sync(work)

    # -- the tabs of one site --------------------------------------------------------------

    @get("/sites/{site_id:uuid}", sync_to_thread=True)
    def today(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Template:
        return self._tab(request, container, None, site_id, "today")

    @get("/sites/{site_id:uuid}/resources", sync_to_thread=True)
    def resources(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Template:
        return self._tab(request, container, None, site_id, "resources")

    @get("/sites/{site_id:uuid}/hours", sync_to_thread=True)
    def hours(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Template:
        return self._tab(request, container, None, site_id, "hours")

    @get("/sites/{site_id:uuid}/sign-up", sync_to_thread=True)
    def sign_up(
        self,
        site_id: UUID,
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts,
    ) -> Template:
        return self._tab(request, container, accounts, site_id, "sign-up")

    @staticmethod
    def _tab(
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts | None,
        site_id: UUID,
        tab: str,
        error: str = "",
        status_code: int = 200,
        values: dict[str, str] | None = None,
    ) -> Template:
        t = lang_of(request)
        site = site_or_404(container, site_id)
        tz = ZoneInfo(site.timezone)
        today = container.now().astimezone(tz).date()
        context: dict[str, Any] = {}
        if tab == "today":
            day = parse_day(request.query_params.get("date"), today)
            context["day"] = day
            context["bookings"] = site_day_bookings(container, site, day, t)
            context["prev_day"] = (day - timedelta(days=1)).isoformat()
            context["next_day"] = (day + timedelta(days=1)).isoformat()
        elif tab == "resources":
            context["resources"] = container.queries.resources(site.id, include_retired=True)
        elif tab == "hours":
            context["hours"] = _hours_rows(site, t)
            context["closures"] = [c for c in site.closures if c.last_day >= today]
            context["years"] = [today.year, today.year + 1]
        elif tab == "sign-up":
            from service.web.core import accounts_of

            accounts = accounts or accounts_of(request.app)
            context["open_sign_up"] = accounts.open_sign_up(site.id)
            context["invitations"] = accounts.invitations(site.id)
            context["now"] = container.now()
        done = request.query_params.get("done", "")
        notice = {
            "site": t("The site is registered. Add its resources and opening hours."),
            "resource": t("The resource is added."),
            "retired": t("The resource is retired: it takes no new bookings."),
            "hours": t("The opening hours are saved."),
            "closure": t("The closure is added."),
            "holidays": t("The site is closed on the Swedish public holidays of that year."),
            "invitation": t("A new invitation code is ready to hand out."),
            "withdrawn": t("The invitation code no longer works."),
            "sign-up": t("Saved."),
            "checked-in": t("Checked in."),
        }.get(done, "")
        return render(
            request,
            f"host_{tab.replace('-', '_')}.html",
            site.name,
            status_code=status_code,
            section="host",
            site=site,
            tz=tz,
            tab=tab,
            tabs=TABS,
            today=today,
            error=error,
            notice=notice,
            values=values or {},
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda f: feature_name(t, f),
            **context,
        )

    async def _change(
        self,
        request: Request[Any, Any, Any],
        container: Container,
        site_id: UUID,
        tab: str,
        done: str,
        change: Callable[[dict[str, str], dict[str, list[str]]], Written | None],
    ) -> Response[Any]:
        form = await request.form()
        values = {k: str(v)[:2000] for k, v in form.items()}
        lists = {k: [str(x) for x in form.getall(k)] for k in form}

        def work() -> Response[Any]:
            t = lang_of(request)
            try:
                written = change(values, lists)
            except DomainError as error:
                return self._tab(  # type: ignore[return-value]
                    request, container, None, site_id, tab, refusal(t, error), 422, values
                )
            except SignUpRefused as refused:
                return self._tab(  # type: ignore[return-value]
                    request,
                    container,
                    None,
                    site_id,
                    tab,
                    sign_up_refusal(t, refused.reason),
                    422,
                    values,
                )
            except ValueError:
                return self._tab(  # type: ignore[return-value]
                    request,
                    container,
                    None,
                    site_id,
                    tab,
                    t("Please check the values in the form."),
                    400,
                    values,
                )
            if written is not None:
                settle(container, written)
            suffix = "" if tab == "today" else f"/{tab}"
            return redirect(f"/host/sites/{site_id}{suffix}?done={done}")

        return await to_thread.run_sync(work)

    @post("/sites/{site_id:uuid}/resources")
    async def add_resource(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        def change(v: dict[str, str], _: dict[str, list[str]]) -> Written:
            kind = v.get("kind", "desk")
            seats = v.get("seats", "").strip()
            quantity = v.get("quantity", "").strip()
            return container.app.add_resource(
                site_id,
                kind=kind,
                name=v.get("name", ""),
                features=[f.strip() for f in v.get("features", "").split(",") if f.strip()],
                seats=int(seats) if kind == "room" and seats else None,
                quantity=int(quantity) if kind == "equipment" and quantity else 1,
            )

        return await self._change(request, container, site_id, "resources", "resource", change)

    @post("/sites/{site_id:uuid}/resources/{resource_id:uuid}/retire")
    async def retire(
        self,
        site_id: UUID,
        resource_id: UUID,
        request: Request[Any, Any, Any],
        container: Container,
    ) -> Response[Any]:
        def change(_: dict[str, str], __: dict[str, list[str]]) -> Written:
            if container.app.resource(resource_id).site_id != site_id:
                raise ValueError("not at this site")
            return container.app.retire_resource(resource_id)

        return await self._change(request, container, site_id, "resources", "retired", change)

    @post("/sites/{site_id:uuid}/hours")
    async def set_hours(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        def change(v: dict[str, str], _: dict[str, list[str]]) -> Written:
            hours: dict[str, list[list[str]]] = {}
            for day in WEEKDAYS:
                spans = []
                for a, b in ((f"{day}_open", f"{day}_close"), (f"{day}_open2", f"{day}_close2")):
                    opens, closes = v.get(a, "").strip(), v.get(b, "").strip()
                    if opens or closes:
                        spans.append([opens, closes])
                if spans:
                    hours[day] = spans
            return container.app.set_opening_hours(site_id, hours)

        return await self._change(request, container, site_id, "hours", "hours", change)

    @post("/sites/{site_id:uuid}/closures")
    async def add_closure(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        def change(v: dict[str, str], _: dict[str, list[str]]) -> Written:
            first = date.fromisoformat(v.get("first_day", ""))
            last = date.fromisoformat(v["last_day"]) if v.get("last_day") else first
            return container.app.add_closure(site_id, first, last, v.get("reason", "")[:200])

        return await self._change(request, container, site_id, "hours", "closure", change)

    @post("/sites/{site_id:uuid}/public-holidays")
    async def public_holidays(
        self, site_id: UUID, request: Request[Any, Any, Any], container: Container
    ) -> Response[Any]:
        def change(v: dict[str, str], _: dict[str, list[str]]) -> Written:
            year = int(v.get("year", ""))
            if not 2000 <= year <= 2100:
                raise ValueError("year")
            return container.app.close_on_public_holidays(site_id, [year])

        return await self._change(request, container, site_id, "hours", "holidays", change)

    @post("/sites/{site_id:uuid}/sign-up")
    async def set_sign_up(
        self,
        site_id: UUID,
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts,
    ) -> Response[Any]:
        def change(v: dict[str, str], _: dict[str, list[str]]) -> None:
            site_or_404(container, site_id)
            accounts.set_open_sign_up(site_id, v.get("open_sign_up") == "on")

        return await self._change(request, container, site_id, "sign-up", "sign-up", change)

    @post("/sites/{site_id:uuid}/invitations")
    async def invite(
        self,
        site_id: UUID,
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts,
    ) -> Response[Any]:
        def change(v: dict[str, str], _: dict[str, list[str]]) -> None:
            site_or_404(container, site_id)
            accounts.create_invitation(
                site_id,
                request.user.id,
                uses=int(v.get("uses") or 1),
                days=int(v.get("days") or 30),
            )

        return await self._change(request, container, site_id, "sign-up", "invitation", change)

    @post("/sites/{site_id:uuid}/invitations/{code:str}/withdraw")
    async def withdraw(
        self,
        site_id: UUID,
        code: str,
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts,
    ) -> Response[Any]:
        def change(_: dict[str, str], __: dict[str, list[str]]) -> None:
            accounts.withdraw_invitation(site_id, code[:32])

        return await self._change(request, container, site_id, "sign-up", "withdrawn", change)

    @post("/sites/{site_id:uuid}/bookings/{booking_id:uuid}/check-in")
    async def check_in(
        self,
        site_id: UUID,
        booking_id: UUID,
        request: Request[Any, Any, Any],
        container: Container,
    ) -> Response[Any]:
        def change(_: dict[str, str], __: dict[str, list[str]]) -> Written:
            if container.app.booking(booking_id).site_id != site_id:
                raise ValueError("not at this site")
            return container.app.check_in(booking_id)

        return await self._change(request, container, site_id, "today", "checked-in", change)
