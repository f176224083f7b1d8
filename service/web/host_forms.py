"""The hosts' forms: each turns its fields into one use case and shows the tab again with
the refusal, or goes back to it with a notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, post

from domain.errors import DomainError
from domain.vocabulary import WEEKDAYS, WORKDAYS
from service.application import accounts, bookings, sites
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import refusal, sign_up_refusal, status_of
from service.registry.accounts import SignUpRefused
from service.web.core import hosts, lang_of, redirect
from service.web.host_pages import host_index, host_tab

Form = dict[str, str]
Asker = Request[Any, Any, Any]


async def form_values(request: Asker) -> Form:
    """The form's fields; a field given more than once (checkboxes) with its values joined
    by commas."""
    form = await request.form()
    return {k: ",".join(str(v) for v in form.getall(k))[:2000] for k in form}


def _number(text: str, default: int) -> int:
    text = text.strip()
    if not text:
        return default
    if not (text.isascii() and text.isdecimal()):
        raise ValueError(text)
    return int(text)


def outcome(
    request: Asker,
    ctx: Context,
    site_id: UUID,
    tab: str,
    done: str,
    change: Callable[[Form], object],
    values: Form,
) -> Response[Any]:
    """Runs one form's use case: back to the tab with a notice, or the tab again with the
    refusal and the form's values."""
    t = lang_of(request)
    try:
        change(values)
    except (DomainError, ApplicationError) as error:
        if status_of(error) == 404:
            raise
        message, status = refusal(t, error), status_of(error)
    except SignUpRefused as refused:
        message, status = sign_up_refusal(t, refused.reason), 422
    except ValueError:
        message, status = t("Please check the values in the form."), 400
    else:
        suffix = "" if tab == "today" else f"/{tab}"
        return redirect(f"/host/sites/{site_id}{suffix}?done={done}")
    return host_tab(request, ctx, site_id, tab, message, status, values)


class HostForms(Controller):
    path = "/host"
    guards = [hosts]

    @post("/sites")
    async def register_site(self, request: Asker, ctx: Context) -> Response[Any]:
        values = {k: v.strip()[:200] for k, v in (await form_values(request)).items()}

        def work() -> Response[Any]:
            try:
                changed = sites.register_site(
                    ctx,
                    sites.RegisterSite(
                        actor=request.user,
                        name=values.get("name", ""),
                        address=values.get("address", ""),
                        locality=values.get("locality", ""),
                        opening_hours={d: [["08:00", "17:00"]] for d in WORKDAYS},
                    ),
                )
            except DomainError as error:
                t = lang_of(request)
                return host_index(request, ctx, refusal(t, error), values, 422)
            return redirect(f"/host/sites/{changed.id}/resources?done=site")

        return await to_thread.run_sync(work)

    async def _change(
        self,
        request: Asker,
        ctx: Context,
        site_id: UUID,
        tab: str,
        done: str,
        change: Callable[[Form], object],
    ) -> Response[Any]:
        values = await form_values(request)
        return await to_thread.run_sync(
            lambda: outcome(request, ctx, site_id, tab, done, change, values)
        )

    @post("/sites/{site_id:uuid}/resources")
    async def add_resource(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            kind = v.get("kind", "desk")
            command = sites.AddResource(
                actor=request.user,
                site_id=site_id,
                kind=kind,
                name=v.get("name", ""),
                features=tuple(f.strip() for f in v.get("features", "").split(",") if f.strip()),
                seats=_number(v.get("seats", ""), 0) or None if kind == "room" else None,
                quantity=_number(v.get("quantity", ""), 1) if kind == "equipment" else 1,
            )
            return sites.add_resource(ctx, command)

        return await self._change(request, ctx, site_id, "resources", "resource", change)

    @post("/sites/{site_id:uuid}/resources/{resource_id:uuid}/retire")
    async def retire(
        self, site_id: UUID, resource_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(_: Form) -> object:
            command = sites.RetireResource(request.user, resource_id, site_id)
            return sites.retire_resource(ctx, command)

        return await self._change(request, ctx, site_id, "resources", "retired", change)

    @post("/sites/{site_id:uuid}/hours")
    async def set_hours(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            hours: dict[str, list[list[str]]] = {}
            for day in WEEKDAYS:
                spans = []
                for a, b in ((f"{day}_open", f"{day}_close"), (f"{day}_open2", f"{day}_close2")):
                    opens, closes = v.get(a, "").strip(), v.get(b, "").strip()
                    if opens or closes:
                        spans.append([opens, closes])
                if spans:
                    hours[day] = spans
            return sites.set_opening_hours(ctx, sites.SetOpeningHours(request.user, site_id, hours))

        return await self._change(request, ctx, site_id, "hours", "hours", change)

    @post("/sites/{site_id:uuid}/closures")
    async def add_closure(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            first = date.fromisoformat(v.get("first_day", ""))
            last = date.fromisoformat(v["last_day"]) if v.get("last_day") else first
            command = sites.AddClosure(
                request.user, site_id, first, last, v.get("reason", "")[:200]
            )
            return sites.add_closure(ctx, command)

        return await self._change(request, ctx, site_id, "hours", "closure", change)

    @post("/sites/{site_id:uuid}/public-holidays")
    async def public_holidays(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            year = _number(v.get("year", ""), 0)
            if not 2000 <= year <= 2100:
                raise ValueError("year")
            command = sites.CloseOnPublicHolidays(request.user, site_id, (year,))
            return sites.close_on_public_holidays(ctx, command)

        return await self._change(request, ctx, site_id, "hours", "holidays", change)

    @post("/sites/{site_id:uuid}/sign-up")
    async def set_sign_up(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            open_ = v.get("open_sign_up") == "on"
            accounts.set_open_sign_up(ctx, request.user, site_id, open_)
            return None

        return await self._change(request, ctx, site_id, "sign-up", "sign-up", change)

    @post("/sites/{site_id:uuid}/invitations")
    async def invite(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            uses, days = _number(v.get("uses", ""), 1), _number(v.get("days", ""), 30)
            return accounts.create_invitation(ctx, request.user, site_id, uses=uses, days=days)

        return await self._change(request, ctx, site_id, "sign-up", "invitation", change)

    @post("/sites/{site_id:uuid}/invitations/{code:str}/withdraw")
    async def withdraw(
        self, site_id: UUID, code: str, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(_: Form) -> object:
            accounts.withdraw_invitation(ctx, request.user, site_id, code[:32])
            return None

        return await self._change(request, ctx, site_id, "sign-up", "withdrawn", change)

    @post("/sites/{site_id:uuid}/bookings/{booking_id:uuid}/check-in")
    async def check_in(
        self, site_id: UUID, booking_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(_: Form) -> object:
            command = bookings.ChangeBooking(request.user, booking_id, site_id)
            return bookings.check_in(ctx, command)

        return await self._change(request, ctx, site_id, "today", "checked-in", change)
