"""Booking several days of one week in one go, from the site's week page: the days chosen,
a kind and the local times; the page that follows lists each day, booked or why not."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Controller, Request, post
from litestar.response import Template

from domain.errors import DomainError
from domain.vocabulary import KINDS
from service.application import reads, week
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import kind_name, refusal, status_of
from service.web.core import lang_of, render, signed_in
from service.web.day_view import parse_clock, parse_day
from service.web.my_plans import RecordedRefusal

Asker = Request[Any, Any, Any]


class WeekPages(Controller):
    path = "/"
    guards = [signed_in]

    @post("/sites/{site_id:uuid}/book-days")
    async def book_days(self, site_id: UUID, request: Asker, ctx: Context) -> Template:
        form = await request.form()
        chosen = [parse_day(str(d)[:10], date.min) for d in form.getall("day", [])][:7]
        kind = str(form.get("kind", "desk"))
        start, end = parse_clock(str(form.get("start", ""))), parse_clock(str(form.get("end", "")))

        def work() -> Template:
            t = lang_of(request)
            site = reads.site(ctx, site_id)
            tz = ZoneInfo(site.timezone)
            rows: list[tuple[str, str, bool]] = []
            error, status = "", 200
            if start is None or end is None or date.min in chosen:
                error, status = t("Choose a day, a start and an end."), 400
            elif kind not in KINDS:
                error, status = t("Choose a desk, a room or equipment."), 400
            else:
                command = week.BookDays(
                    request.user,
                    tuple(chosen),
                    start,
                    end,
                    site_id=site_id,
                    kind=kind,
                )
                try:
                    for d in week.book_days(ctx, command):
                        if d.booking is not None:
                            rows.append(
                                (
                                    t.short_day(d.day),
                                    t.span(d.booking.start, d.booking.end, tz),
                                    True,
                                )
                            )
                        else:
                            said = refusal(t, RecordedRefusal(d.rule or "", d.reason or ""))
                            rows.append((t.short_day(d.day), said, False))
                except (DomainError, ApplicationError) as refused:
                    if status_of(refused) == 404:
                        raise
                    error, status = refusal(t, refused), status_of(refused)
            return render(
                request,
                "week_booked.html",
                t("Several days"),
                status_code=status,
                site=site,
                kind=kind_name(t, kind if kind in KINDS else "desk", True),
                rows=rows,
                error=error,
            )

        return await to_thread.run_sync(work)
