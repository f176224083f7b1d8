"""The Kravspecifikation as a PDF to send on, a site's and the whole pilot's: for a bearer
token or the web pages' session, like the report page. Rendered in a worker thread (sync
handlers) and kept in the reports' cache; a bad period, an unknown site or a bad value is a
problem-details answer naming the field."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Request, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.types import ControllerRouterHandler

from service.application import reads
from service.http.auth import readers_only
from service.http.reports import Deps, From, To, checked, reports_of
from service.presentation.i18n import Lang
from service.registry.members import Member
from service.reporting.document import MEDIA_TYPE, Document, pilot_document, site_document

Language = Annotated[
    Literal["sv", "en"], QueryParameter(description="the document's language (default sv)")
]


def _attachment(document: Document) -> Response[bytes]:
    return Response(
        content=document.content,
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{document.file_name}"'},
    )


@get(
    "/reports/{site_id:uuid}/specification.pdf",
    sync_to_thread=True,
    guards=[readers_only],
    tags=["reports"],
    summary="A site's Kravspecifikation as a PDF (A4)",
    media_type=MEDIA_TYPE,
)
def site_specification_pdf(
    request: Request[Member, Any, Any],
    site_id: FromPath[UUID],
    ctx: Deps,
    first_day: From = None,
    last_day: To = None,
    lang: Language = "sv",
) -> Response[bytes]:
    reports = reports_of(ctx, request)
    return _attachment(
        checked(lambda: site_document(reports, site_id, first_day, last_day, Lang(lang)))
    )


@get(
    "/reports/specification.pdf",
    sync_to_thread=True,
    guards=[readers_only],
    tags=["reports"],
    summary="The whole pilot's Kravspecifikation as a PDF (A4): the sites side by side",
    media_type=MEDIA_TYPE,
)
def pilot_specification_pdf(
    request: Request[Member, Any, Any],
    ctx: Deps,
    first_day: From = None,
    last_day: To = None,
    lang: Language = "sv",
) -> Response[bytes]:
    reports = reports_of(ctx, request)
    sites = [(s.id, s.name) for s in reads.sites(ctx) if reports.readable(s.id)]
    return _attachment(
        checked(lambda: pilot_document(reports, sites, first_day, last_day, Lang(lang)))
    )


ROUTES: list[ControllerRouterHandler] = [site_specification_pdf, pilot_specification_pdf]
