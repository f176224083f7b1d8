"""Makes the OpenAPI document tell what the API does, beyond what Litestar infers from the
handlers: the bearer token (``securitySchemes``; none for the public addresses, the metrics
token for ``/metrics``), every problem an operation can answer (``application/problem+json``
with the shape of ``service.http.errors``), and the calendar, CSV, SVG and HTML bodies that
are not JSON. Applied once to the document's dict, before it is first served."""

from __future__ import annotations

from typing import Any

from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin

PROBLEM = "application/problem+json"
PUBLIC = ("/health", "/schema", "/ical/")
WRITES = ("post", "put", "patch", "delete")
TITLES = {
    400: "Invalid request: the field to blame is named in invalid_params",
    401: "No token, or an unknown one",
    403: "The member's role does not allow this",
    404: "No such thing (or none the member may see)",
    409: "Taken, or in conflict with what is there",
    413: "The body is larger than the server reads",
    422: "Refused by a rule: rule names it",
    500: "Failed on our side: quote request_id",
    503: "Busy, or the database is unreachable: try again after Retry-After",
}
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem.",
    "required": ["status", "title"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "rule": {"type": "string", "description": "The rule that refused (422, 409)"},
        "request_id": {"type": "string", "description": "The id of the request (5xx)"},
        "invalid_params": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}
OTHER_BODIES = {
    "calendar": ("text/calendar", {"type": "string", "description": "An iCalendar file"}),
    "csv": ("text/csv", {"type": "string", "description": "One CSV table"}),
    "svg": ("image/svg+xml", {"type": "string", "description": "An SVG drawing"}),
    "html": ("text/html", {"type": "string", "description": "An HTML page"}),
    "pdf": (
        "application/pdf",
        {"type": "string", "format": "binary", "description": "A PDF document (A4)"},
    ),
    "metrics": ("text/plain", {"type": "string", "description": "Prometheus text format"}),
}


# A booking names its resource, or a site and a kind (any free one of that kind).
BOOKING_ONE_OF = [
    {
        "title": "a resource",
        "required": ["resource_id"],
        "properties": {"resource_id": {"type": "string"}, "kind": {"type": "null"}},
    },
    {
        "title": "any free one of a kind at a site",
        "required": ["site_id", "kind"],
        "properties": {
            "site_id": {"type": "string"},
            "kind": {"type": "string"},
            "resource_id": {"type": "null"},
        },
    },
]


def _statuses(path: str, method: str, operation: dict[str, Any], public: bool) -> list[int]:
    statuses = [400, 404, 422, 500, 503]
    if not public:
        statuses += [401, 403]
    if method in WRITES:
        statuses += [409, 413]
    if path == "/metrics":
        statuses = [401, 404, 500]
    if path in ("/health", "/health/ready"):
        statuses = [500, 503]
    if path == "/health/live":
        statuses = [500]
    return sorted(statuses)


def _body_kind(path: str, operation: dict[str, Any]) -> str | None:
    summary = str(operation.get("summary", "")) + str(operation.get("description", ""))
    if path.startswith("/ical/") or path.endswith(("/ics", ".ics")):
        return "calendar"
    if path.endswith(".svg"):
        return "svg"
    if path.endswith(".pdf"):
        return "pdf"
    if path == "/metrics":
        return "metrics"
    if path.startswith("/reports/"):
        return "html"
    if "text/csv" in summary:
        return "csv"
    return None


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """Completes the document in place (once) and returns it."""
    if document.get("x-grannskap-complete"):
        return document
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token of a member (grannskap members token, or the pages)",
        },
        "metricsToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "The token of GRANNSKAP_METRICS_TOKEN",
        },
    }
    document["security"] = [{"bearer": []}]
    problem = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, item in document.get("paths", {}).items():
        public = path.startswith(PUBLIC)
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if public:
                operation["security"] = []
            elif path == "/metrics":
                operation["security"] = [{"metricsToken": []}]
            responses = operation["responses"]
            for status in _statuses(path, method, operation, public or path == "/metrics"):
                responses[str(status)] = {"description": TITLES[status], "content": problem}
            kind = _body_kind(path, operation)
            if kind is not None:
                media_type, schema = OTHER_BODIES[kind]
                for status, response in responses.items():
                    if status.startswith("2") and status != "204":
                        content = response.setdefault("content", {})
                        if kind != "csv":
                            content.clear()
                        content[media_type] = {"schema": schema}
            for status, response in responses.items():
                if status == "304":
                    response.pop("content", None)
    _closed_bodies(document)
    booking = components["schemas"].get("BookingRequest")
    if booking is not None:
        booking["oneOf"] = BOOKING_ONE_OF
    document["x-grannskap-complete"] = True
    return document


def _closed_bodies(document: dict[str, Any]) -> None:
    """The request bodies are strict (an unknown field is refused): their objects say so."""
    schemas = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def close(schema: Any) -> None:
        if isinstance(schema, dict):
            ref = schema.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in seen and name in schemas:
                    seen.add(name)
                    target = schemas[name]
                    if target.get("type") == "object" and "properties" in target:
                        target.setdefault("additionalProperties", False)
                    close(target)
                return
            for key in ("properties",):
                for value in schema.get(key, {}).values():
                    close(value)
            for key in ("items", "additionalProperties"):
                close(schema.get(key))
            for key in ("oneOf", "anyOf", "allOf"):
                for value in schema.get(key, []):
                    close(value)

    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                for media in operation.get("requestBody", {}).get("content", {}).values():
                    close(media.get("schema"))


class CompleteJson(JsonRenderPlugin):
    def render(self, request: Any, openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, complete(openapi_schema))


class CompleteYaml(YamlRenderPlugin):
    def render(self, request: Any, openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, complete(openapi_schema))
