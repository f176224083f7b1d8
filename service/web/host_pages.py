"""Hosts run their sites: today's bookings and check-ins, resources, opening hours and
closures, and who may sign up (open sign-up, invitation codes). The forms' changes are in
``host_forms``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get
from litestar.response import Template

from domain.vocabulary import FEATURES, WEEKDAYS
from service.application import accounts, approvals, hosting, moves, reads
from service.application.context import Context
from service.application.reads import BookingLine, FloorPlanView, SiteView
from service.presentation.i18n import Lang
from service.presentation.messages import cancel_reason, feature_name, kind_name, status_name
from service.web.core import hosts, lang_of, render
from service.web.day_view import parse_day
from service.web.host_plan import plan_tab

TABS = ("today", "approvals", "resources", "plan", "hours", "rules", "sign-up")


@dataclass
class DayBooking:
    id: UUID
    when: str
    resource: str
    member: str
    status: str
    checked_in: str
    can_check_in: bool
    can_cancel: bool
    kind: str = ""
    resource_id: UUID | None = None
    active: bool = False
    note: str = ""


def day_booking(line: BookingLine, t: Lang) -> DayBooking:
    b, tz = line.booking, ZoneInfo(line.timezone)
    return DayBooking(
        id=b.id,
        when=t.span(b.start, b.end, tz),
        resource=line.resource_name
        + (f" \N{MULTIPLICATION SIGN} {b.quantity}" if b.quantity > 1 else ""),
        member=(
            t("%(name)s (walk-in visitor)", name=line.member_name)
            if b.drop_in and line.member_name
            else line.member_name or (t("Walk-in visitor") if b.drop_in else "?")
        ),
        status=status_name(t, b.status, b.checked_in_at is not None),
        checked_in=t.time(b.checked_in_at, tz) if b.checked_in_at else "",
        can_check_in=line.can_check_in,
        can_cancel=line.can_cancel,
        note=cancel_reason(t, b.cancel_reason, b.cancel_note)
        if b.status in ("cancelled", "declined")
        else "",
        kind=b.kind,
        resource_id=b.resource_id,
        active=line.can_cancel,
    )


def hours_rows(site: SiteView, t: Lang) -> list[dict[str, Any]]:
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


def notice(t: Lang, done: str) -> str:
    messages = {
        "site": t("The site is registered. Add its resources and opening hours."),
        "resource": t("The resource is added."),
        "retired": t("The resource is retired: it takes no new bookings."),
        "hours": t("The opening hours are saved."),
        "closure": t("The closure is added."),
        "closure-removed": t("The closure is removed: those days are open again."),
        "holidays": t("The site is closed on the Swedish public holidays of that year."),
        "rules": t("The booking rules are saved."),
        "cancelled": t("The booking is cancelled and the member is told by e-mail."),
        "booked": t("Booked on the member's behalf; they are told by e-mail."),
        "invitation": t("A new invitation code is ready to hand out."),
        "invited": t("The invitation is on its way by e-mail."),
        "withdrawn": t("The invitation code no longer works."),
        "sign-up": t("Saved."),
        "checked-in": t("Checked in."),
        "moved": t("The booking is moved."),
        "features": t("The features are saved."),
        "plan": t("The floor plan is saved."),
        "background": t("The drawing is saved."),
        "approval": t("Saved: whether its bookings wait for a host's approval."),
        "approved": t("The booking is approved and the member is told by e-mail."),
        "declined": t("The booking is declined and the member is told by e-mail."),
        "drop-in": t("The walk-in is registered: the resource is theirs until the end given."),
    }
    return messages.get(done, "")


def cancelled_notice(t: Lang, count: str) -> str:
    if not count.isdecimal() or not int(count):
        return ""
    return " " + t.ngettext(
        "%(n)s booking was cancelled; its member is told by e-mail.",
        "%(n)s bookings were cancelled; their members are told by e-mail.",
        int(count),
    )


def confirm_page(
    request: Request[Any, Any, Any],
    ctx: Context,
    site_id: UUID,
    tab: str,
    action: str,
    values: dict[str, str],
    hit: list[BookingLine],
    what: str,
) -> Template:
    """Asks the host to confirm a change that cancels bookings, listing them."""
    t = lang_of(request)
    site = reads.site(ctx, site_id)
    rows = []
    for line in hit:
        tz = ZoneInfo(line.timezone)
        b = line.booking
        rows.append(
            {
                "day": t.day(b.start.astimezone(tz).date()),
                "when": t.span(b.start, b.end, tz),
                "resource": line.resource_name,
                "member": line.member_name or "?",
            }
        )
    return render(
        request,
        "host_confirm.html",
        site.name,
        status_code=200,
        section="host",
        site=site,
        tab=tab,
        tabs=TABS,
        action=action,
        what=what,
        hidden=[(k, v) for k, v in values.items() if not k.startswith("_csrf") and k != "confirm"],
        rows=rows,
        error="",
        notice="",
    )


def host_index(
    request: Request[Any, Any, Any],
    ctx: Context,
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
        sites=hosting.hosted_sites(ctx, request.user),
        error=error,
        values=values or {},
    )


def host_tab(
    request: Request[Any, Any, Any],
    ctx: Context,
    site_id: UUID,
    tab: str,
    error: str = "",
    status_code: int = 200,
    values: dict[str, str] | None = None,
    proposed: FloorPlanView | None = None,
) -> Template:
    """One tab of a site's host pages (with a refusal and the form's values to show; on the
    plan tab, a previewed plan not stored)."""
    t = lang_of(request)
    site = hosting.hosted_site(ctx, request.user, site_id)
    tz = ZoneInfo(site.timezone)
    today = ctx.now().astimezone(tz).date()
    context: dict[str, Any] = {}
    if tab == "today":
        day = parse_day(request.query_params.get("date"), today)
        lines = reads.site_day(ctx, request.user, site.id, day)
        context["day"] = day
        context["bookings"] = [day_booking(line, t) for line in lines]
        closure = site.closure_on(day)
        context["closed_reason"] = (closure.reason or t("closed")) if closure else None
        context["open_spans"] = [
            t.span(i.start, i.end, tz) for i in reads.open_intervals(ctx, site, day)
        ]
        context["resources"] = reads.resources(ctx, site.id)
        context["prev_day"] = (day - timedelta(days=1)).isoformat()
        context["next_day"] = (day + timedelta(days=1)).isoformat()
        context["choices"] = moves.move_choices(
            ctx, request.user, site.id, [line.booking.id for line in lines]
        )
    elif tab == "approvals":
        context["pending"] = [
            (t.day(line.booking.start.astimezone(tz).date()), day_booking(line, t))
            for line in approvals.pending_lines(ctx, request.user, site.id)
        ]
        context["answer_within"] = int(ctx.approval_wait.total_seconds() // 3600)
    elif tab == "resources":
        context["resources"] = reads.resources(ctx, site.id, include_retired=True)
        context["vocabulary"] = list(FEATURES)
    elif tab == "plan":
        context.update(plan_tab(ctx, site, t, values, proposed))
    elif tab == "hours":
        context["hours"] = hours_rows(site, t)
        context["closures"] = [c for c in site.closures if c.last_day >= today]
        context["years"] = [today.year, today.year + 1]
    elif tab == "rules":
        context["policy"] = reads.policy(ctx, site.id)
    elif tab == "sign-up":
        context["open_sign_up"] = accounts.open_sign_up(ctx, site.id)
        context["invitations"] = accounts.invitations(ctx, request.user, site.id)
        context["now"] = ctx.now()
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
        notice=notice(t, request.query_params.get("done", ""))
        + cancelled_notice(t, request.query_params.get("cancelled", "")),
        values=values or {},
        kind_name=lambda k, plural=False: kind_name(t, k, plural),
        feature_name=lambda f: feature_name(t, f),
        **context,
    )


class HostPages(Controller):
    path = "/host"
    guards = [hosts]

    @get("/", sync_to_thread=True)
    def index(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_index(request, ctx)

    @get("/sites/{site_id:uuid}", sync_to_thread=True)
    def today(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "today")

    @get("/sites/{site_id:uuid}/approvals", sync_to_thread=True)
    def approvals(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "approvals")

    @get("/sites/{site_id:uuid}/resources", sync_to_thread=True)
    def resources(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "resources")

    @get("/sites/{site_id:uuid}/plan", sync_to_thread=True)
    def plan(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "plan")

    @get("/sites/{site_id:uuid}/hours", sync_to_thread=True)
    def hours(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "hours")

    @get("/sites/{site_id:uuid}/rules", sync_to_thread=True)
    def rules(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "rules")

    @get("/sites/{site_id:uuid}/sign-up", sync_to_thread=True)
    def sign_up(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return host_tab(request, ctx, site_id, "sign-up")
