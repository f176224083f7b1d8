"""Errors as RFC 9457 problem details (``application/problem+json``), each naming the
field to blame and the reason, with Litestar's problem-details plugin. Refusals of the
domain and the use cases get their status and title from the one table of
``service.presentation.outcomes``."""

from __future__ import annotations

import re
from typing import Any

from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from domain.errors import DomainError
from service.application.errors import ApplicationError
from service.presentation.outcomes import field_of, outcome
from service.settings import SettingsError

TYPE_BASE = "urn:grannskap:problem:"

# Litestar blames the whole body ("data") for an unknown or missing field; msgspec's
# message names the field. A missing query parameter comes with no key at all.
FIELD_IN_MESSAGE = re.compile(r"(?:unknown|missing required) field `([^`]+)`")
MISSING_PARAMETER = re.compile(r"Missing required (\w+) parameter '([^']+)'")
# Query parameters whose name in the URL is not their Python name: Litestar reports the
# Python name ("first_day"), the client sent the URL's ("from").
QUERY_NAMES = {"first_day": "from", "last_day": "to"}


def problem(
    status: int, title: str, detail: str, kind: str, field: str | None = None, **extra: Any
) -> ProblemDetailsException:
    body: dict[str, Any] = dict(extra)
    if field:
        body["invalid_params"] = [{"name": field, "reason": detail}]
    return ProblemDetailsException(
        status_code=status,
        title=title,
        detail=detail,
        type_=TYPE_BASE + kind,
        extra=body,
    )


def from_refusal(error: DomainError | ApplicationError) -> ProblemDetailsException:
    """A refusal of the domain or of a use case, by the one table of outcomes."""
    found = outcome(error)
    extra: dict[str, Any] = {}
    if isinstance(error, DomainError):
        extra["rule"] = error.rule
    exc = problem(found.status, found.title, error.message, error.rule, field_of(error), **extra)
    if found.status == 503:
        exc.headers = {"Retry-After": "1"}
    return exc


def from_validation(error: ValidationException) -> ProblemDetailsException:
    params = []
    for item in error.extra if isinstance(error.extra, list) else []:
        if isinstance(item, dict):
            name = item.get("key") or item.get("source") or "body"
            if item.get("source") == "query":
                name = QUERY_NAMES.get(name, name)
            reason = item.get("message", str(error.detail))
            if named := FIELD_IN_MESSAGE.search(reason):
                name = named.group(1) if name == "data" else f"{name}.{named.group(1)}"
            elif reason == f"'{name}'":  # Litestar's KeyError: no body was sent at all
                reason = "a JSON body is required"
            params.append({"name": name, "reason": reason})
    if not params and (missing := MISSING_PARAMETER.search(str(error.detail))):
        params.append(
            {"name": missing.group(2), "reason": f"a required {missing.group(1)} parameter"}
        )
    detail = str(error.detail)
    if params:
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
    return ProblemDetailsException(
        status_code=400,
        title="Invalid request",
        detail=detail,
        type_=TYPE_BASE + "invalid-request",
        extra={"invalid_params": params},
    )


def from_http(error: HTTPException) -> ProblemDetailsException:
    title = {
        400: "Malformed request",
        401: "Not signed in",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        413: "Request too large",
    }.get(error.status_code, "Error")
    return ProblemDetailsException(
        status_code=error.status_code,
        title=title,
        detail=error.detail,
        headers=error.headers,
        type_=TYPE_BASE + str(error.status_code),
    )


def from_value_error(error: ValueError) -> ProblemDetailsException:
    return problem(422, "Invalid value", str(error), "invalid-value")


def plugin() -> ProblemDetailsPlugin:
    mapping: dict[type[Exception], Any] = {
        DomainError: from_refusal,
        ApplicationError: from_refusal,
        ValidationException: from_validation,
        HTTPException: from_http,
        SettingsError: from_value_error,
    }
    return ProblemDetailsPlugin(ProblemDetailsConfig(exception_to_problem_detail_map=mapping))
