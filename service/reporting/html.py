"""The report page outside the web pages (``/reports/{site_id}`` for a token or the web
session, and ``grannskap report --format html``): the same Jinja templates as the
evaluators' pages (``templates/_site_reports.html``), in a self-contained page with its
styles inline, printable, Swedish by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.presentation.i18n import Lang
from service.presentation.messages import feature_name, kind_name
from service.reporting.fmt import Fmt

REPORT_TEMPLATES = Path(__file__).parent / "templates"

_env = Environment(
    loader=FileSystemLoader(REPORT_TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def environment() -> Environment:
    """The report templates' Jinja environment (also the PDF's)."""
    return _env


def render_page(t: Lang, **context: Any) -> str:
    return _render("report_page.html", t, **context)


def render_reports(t: Lang, **context: Any) -> str:
    """The reports of one site and period (``_site_reports.html``), as the pages embed them."""
    return _render("_site_reports.html", t, **context)


def _render(template: str, t: Lang, **context: Any) -> str:
    return _env.get_template(template).render(
        t=t,
        _=t.gettext,
        f=Fmt(t),
        kind_name=lambda k, plural=False: kind_name(t, k, plural),
        feature_name=lambda x: feature_name(t, x),
        **context,
    )
