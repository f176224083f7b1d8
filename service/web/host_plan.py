"""The hosts' floor-plan tab and the page of a site's QR codes to print."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from domain.time import SLOT, Interval
from service.application import floorplan, reads
from service.application.context import Context
from service.application.reads import FloorPlanView, SiteView
from service.presentation import qr
from service.presentation.i18n import Lang
from service.web.floor_view import drawing


def plan_tab(
    ctx: Context,
    site: SiteView,
    t: Lang,
    values: dict[str, str] | None = None,
    proposed: FloorPlanView | None = None,
) -> dict[str, Any]:
    """The grid, each resource in use with its place (empty when not on the plan; what the
    host posted when the form comes back), and the plan as members see it now, or as it
    would be with the places the host previews (``proposed``, not stored)."""
    plan = floorplan.plan_of(ctx, site.id)
    posted = values or {}
    rows = []
    for r in reads.resources(ctx, site.id):
        place = plan.places.get(r.id)
        stored = {
            "column": place[0] if place else "",
            "row": place[1] if place else "",
            "width": place[2] if place else 1,
            "height": place[3] if place else 1,
        }
        if f"column-{r.id}" in posted:
            stored = {k: posted.get(f"{k}-{r.id}", "")[:3] for k in stored}
        rows.append({"id": r.id, "name": r.name, "kind": r.kind, **stored})
    now = ctx.now()
    today = now.astimezone(ZoneInfo(site.timezone)).date()
    open_now = any(i.start <= now < i.end for i in reads.open_intervals(ctx, site, today))
    preview = drawing(
        proposed or plan,
        reads.availability(ctx, site, today),
        [],
        Interval(now, now + SLOT) if open_now else None,  # closed now: every shape says so
        f"/sites/{site.id}?date={today.isoformat()}",
        t,
    )
    return {"plan": plan, "places": rows, "preview": preview, "proposed": proposed is not None}


def codes(ctx: Context, site: SiteView, base_url: str) -> list[dict[str, Any]]:
    """Every resource in use with the QR code of its check-in page."""
    return [
        {
            "name": r.name,
            "kind": r.kind,
            "url": qr.check_in_url(base_url, r.id),
            "svg": qr.qr_svg(qr.check_in_url(base_url, r.id), r.name, scale=5),
        }
        for r in reads.resources(ctx, site.id)
    ]
