"""The Kravspecifikation as a document to send on: a PDF (A4) of a site's specification or
of the whole pilot's, rendered on the server by WeasyPrint from the same Jinja macros as the
pages (decision summary, table with "Now" and totals, methods and glossary in the page's
language), with a print stylesheet and no forms or navigation. Rendering takes a few hundred
milliseconds of CPU: callers run it in a thread (sync handlers), and the PDF is kept in the
reports' cache under the reports' key and the language."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from service.application.errors import NotFound
from service.application.reports import Reports
from service.presentation.i18n import Lang
from service.presentation.messages import feature_name, kind_name
from service.reporting import site_reports
from service.reporting.cache import cache_for
from service.reporting.fmt import Fmt
from service.reporting.html import environment
from service.reporting.pilot import pilot_file_name, pilot_rows, totals
from service.reporting.spreadsheet import file_name

MEDIA_TYPE = "application/pdf"
# WeasyPrint tells every step of every document at INFO: not the server's log's business.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Document:
    content: bytes
    file_name: str


def site_document(
    reports: Reports, site_id: UUID, first: date | None, last: date | None, t: Lang
) -> Document:
    """A site's Kravspecifikation. Raises what ``site_reports`` raises for a bad period."""
    shown = site_reports(reports, site_id, first, last, t, with_charts=False)
    scope = shown.context["spec"].scope
    site = SimpleNamespace(id=site_id, name=scope.site_name)
    name = file_name(t, "specification", scope.site_name, shown.first, shown.last)[:-4] + ".pdf"
    return cache_for(reports.source.engine).get(
        ("pdf", t.code, *shown.key),
        lambda: Document(
            _pdf(
                t, "document_site.html", site=site, first=shown.first, last=shown.last, shown=shown
            ),
            name,
        ),
    )


def pilot_document(
    reports: Reports,
    sites: list[tuple[UUID, str]],
    first: date | None,
    last: date | None,
    t: Lang,
) -> Document:
    """The whole pilot's Kravspecifikation: the sites side by side, then each site's."""
    shown = [
        (
            SimpleNamespace(id=id_, name=name),
            site_reports(reports, id_, first, last, t, with_charts=False),
        )
        for id_, name in sites
    ]
    if not shown:
        raise NotFound("site")
    period = (shown[0][1].first, shown[0][1].last)
    rows = pilot_rows([(site.name, s.context["spec"]) for site, s in shown])
    return cache_for(reports.source.engine).get(
        ("pdf-pilot", t.code, period, tuple(s.key for _, s in shown)),
        lambda: Document(
            _pdf(
                t,
                "document_pilot.html",
                sites=shown,
                pilot=SimpleNamespace(rows=rows, totals=totals(rows)),
                first=period[0],
                last=period[1],
            ),
            pilot_file_name(t, *period, extension="pdf"),
        ),
    )


def _pdf(t: Lang, template: str, **context: Any) -> bytes:
    html = (
        environment()
        .get_template(template)
        .render(
            t=t,
            _=t.gettext,
            f=Fmt(t),
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda x: feature_name(t, x),
            **context,
        )
    )
    # Imported on the first PDF, not with the app: WeasyPrint's import (Pango through cffi,
    # its own style sheets) costs about 0.8 s of every server process's and test's start.
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return pdf
