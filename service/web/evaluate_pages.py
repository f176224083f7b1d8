"""Evaluators read the reports: utilisation, demand, the specification and what-if."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from service.container import Container
from service.web.core import evaluators, lang_of, render


class EvaluatePages(Controller):
    path = "/evaluate"
    guards = [evaluators]

    @get("/", sync_to_thread=True)
    def index(self, request: Request[Any, Any, Any], container: Container) -> Template:
        t = lang_of(request)
        return render(
            request,
            "evaluate_index.html",
            t("Evaluation"),
            section="evaluate",
            sites=container.queries.sites(),
        )
