"""The hosts' forms: each turns its fields into one use case and shows the tab again with
the refusal, or goes back to it with a notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, post

from domain.errors import DomainError
from domain.holidays import EVES
from domain.vocabulary import KINDS, WEEKDAYS, WORKDAYS
from service.application import accounts, bookings, hosting, sites
from service.application.context import Context
from service.application.disruptions import Disrupted
from service.application.errors import ApplicationError
from service.presentation.messages import refusal, sign_up_refusal, status_of
from service.registry.accounts import SignUpRefused
from service.web.core import hosts, lang_of, redirect
from service.web.day_view import parse_clock
from service.web.host_pages import confirm_page, host_index, host_tab

Form = dict[str, str]


def _(message: str) -> str:
    """Marks a message id for the catalogue; it is translated where it is shown."""
    return message


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

    async def _disrupting(
        self,
        request: Asker,
        ctx: Context,
        site_id: UUID,
        tab: str,
        done: str,
        change: Callable[[Form, bool], Disrupted],
        what: str,
    ) -> Response[Any]:
        """A change that may cancel bookings: shown first with the bookings it hits, for
        the host to confirm (a second post with ``confirm=1``); made at once if it hits
        none."""
        values = await form_values(request)

        def work() -> Response[Any]:
            t = lang_of(request)
            try:
                if values.get("confirm") != "1":
                    preview = change(values, True)
                    if preview.cancelled:
                        action = request.url.path
                        return confirm_page(
                            request, ctx, site_id, tab, action, values, preview.cancelled, t(what)
                        )
                changed = change(values, False)
            except (DomainError, ApplicationError) as error:
                if status_of(error) == 404:
                    raise
                message, status = refusal(t, error), status_of(error)
            except ValueError:
                message, status = t("Please check the values in the form."), 400
            else:
                suffix = "" if tab == "today" else f"/{tab}"
                count = len(changed.cancelled)
                return redirect(f"/host/sites/{site_id}{suffix}?done={done}&cancelled={count}")
            return host_tab(request, ctx, site_id, tab, message, status, values)

        return await to_thread.run_sync(work)

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
        def change(_: Form, preview: bool) -> Disrupted:
            command = sites.RetireResource(request.user, resource_id, site_id)
            return sites.retire_resource(ctx, command, preview)

        what = _("Retiring the resource cancels its bookings that have not ended.")
        return await self._disrupting(request, ctx, site_id, "resources", "retired", change, what)

    @post("/sites/{site_id:uuid}/hours")
    async def set_hours(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form, preview: bool) -> Disrupted:
            hours: dict[str, list[list[str]]] = {}
            for day in WEEKDAYS:
                spans = []
                for a, b in ((f"{day}_open", f"{day}_close"), (f"{day}_open2", f"{day}_close2")):
                    opens, closes = v.get(a, "").strip(), v.get(b, "").strip()
                    if opens or closes:
                        spans.append([opens, closes])
                if spans:
                    hours[day] = spans
            command = sites.SetOpeningHours(request.user, site_id, hours)
            return sites.set_opening_hours(ctx, command, preview)

        what = _("The new opening hours no longer cover these bookings.")
        return await self._disrupting(request, ctx, site_id, "hours", "hours", change, what)

    @post("/sites/{site_id:uuid}/closures")
    async def add_closure(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form, preview: bool) -> Disrupted:
            first = date.fromisoformat(v.get("first_day", ""))
            last = date.fromisoformat(v["last_day"]) if v.get("last_day") else first
            command = sites.AddClosure(
                request.user, site_id, first, last, v.get("reason", "")[:200]
            )
            return sites.add_closure(ctx, command, preview)

        what = _("The site will be closed on the days of these bookings.")
        return await self._disrupting(request, ctx, site_id, "hours", "closure", change, what)

    @post("/sites/{site_id:uuid}/closures/{closure_id:uuid}/remove")
    async def remove_closure(
        self, site_id: UUID, closure_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(_: Form) -> object:
            command = sites.RemoveClosure(request.user, site_id, closure_id)
            return sites.remove_closure(ctx, command)

        return await self._change(request, ctx, site_id, "hours", "closure-removed", change)

    @post("/sites/{site_id:uuid}/public-holidays")
    async def public_holidays(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form, preview: bool) -> Disrupted:
            eves = tuple(e for e in EVES if v.get(f"eve_{e}") == "on")
            year = _number(v.get("year", ""), 0)
            if not 2000 <= year <= 2100:
                raise ValueError("year")
            command = sites.CloseOnPublicHolidays(request.user, site_id, (year,), eves)
            return sites.close_on_public_holidays(ctx, command, preview)

        what = _("The site will be closed on the public holidays of these bookings.")
        return await self._disrupting(request, ctx, site_id, "hours", "holidays", change, what)

    @post("/sites/{site_id:uuid}/rules")
    async def set_rules(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            changes: dict[str, Any] = {}
            for key in ("days_ahead", "max_future_bookings", "grace_minutes"):
                if v.get(key, "").strip():
                    changes[key] = _number(v[key], 0)
            minutes = {}
            for kind in KINDS:
                hours = v.get(f"max_hours_{kind}", "").strip().replace(",", ".")
                if hours:
                    value = float(hours)
                    minutes[kind] = round(value * 60)
            if minutes:
                changes["max_minutes"] = minutes
            return sites.change_policy(ctx, sites.ChangePolicy(request.user, site_id, changes))

        return await self._change(request, ctx, site_id, "rules", "rules", change)

    @post("/sites/{site_id:uuid}/bookings/{booking_id:uuid}/cancel")
    async def cancel_booking(
        self, site_id: UUID, booking_id: UUID, request: Asker, ctx: Context
    ) -> Response[Any]:
        def change(v: Form) -> object:
            command = bookings.ChangeBooking(
                request.user, booking_id, site_id, note=v.get("note", "")[:500]
            )
            return bookings.cancel(ctx, command)

        return await self._change(request, ctx, site_id, "today", "cancelled", change)

    @post("/sites/{site_id:uuid}/book")
    async def book_for(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        def change(v: Form) -> object:
            member = hosting.member_for_host(ctx, request.user, v.get("email", "").strip())
            day = date.fromisoformat(v.get("date", ""))
            start, end = parse_clock(v.get("start")), parse_clock(v.get("end"))
            if start is None or end is None:
                raise ValueError("start")
            command = bookings.Book(
                actor=request.user,
                start=datetime.combine(day, start),
                end=datetime.combine(day, end),
                resource_id=UUID(v.get("resource_id", "")),
                site_id=site_id,
                member_id=member.id,
            )
            return bookings.book(ctx, command)

        return await self._change(request, ctx, site_id, "today", "booked", change)

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

    @post("/sites/{site_id:uuid}/invitations/by-email")
    async def invite_by_email(self, site_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        language = lang_of(request).code

        def change(v: Form) -> object:
            email = v.get("email", "")[:320]
            return accounts.invite_by_email(ctx, request.user, site_id, email, language)

        return await self._change(request, ctx, site_id, "sign-up", "invited", change)

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
