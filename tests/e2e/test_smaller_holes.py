"""Smaller holes closed: the API document is served without a browsable UI that would load
scripts from a CDN; every answer (the API, /schema, the reports page) carries the pages'
security headers, and HSTS over https; ``serve`` can be told which proxies to trust."""

from __future__ import annotations

import argparse
from typing import Any

import pytest
from litestar.testing import TestClient

from service.asgi import create_app
from service.cli import run
from service.container import Container
from tests.e2e.conftest import Office, Person


def test_the_api_document_is_served_as_json_and_yaml_without_scripts(
    client: TestClient[Any],
) -> None:
    document = client.get("/schema")
    assert document.headers["content-type"].startswith("application/vnd.oai.openapi+json")
    assert document.json()["openapi"].startswith("3.")
    assert client.get("/schema/openapi.yaml").status_code == 200
    for ui in ("/schema/swagger", "/schema/elements", "/schema/redoc"):
        assert client.get(ui).status_code == 404
    assert "<script" not in document.text


def test_the_reports_page_and_the_schema_carry_the_security_headers(
    client: TestClient[Any], host: Person, office: Office
) -> None:
    for path, auth in (("/schema", {}), (f"/reports/{office.id}", host.auth), ("/health", {})):
        answered = client.get(path, headers=auth)
        assert answered.status_code == 200, path
        assert "default-src 'self'" in answered.headers["content-security-policy"], path
        assert answered.headers["x-content-type-options"] == "nosniff"
        assert answered.headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in answered.headers  # plain http


def test_over_https_every_answer_says_to_stay_on_https(container: Container) -> None:
    app = create_app(container=container)
    with TestClient(app=app, base_url="https://grannskap.example") as secure:
        for path in ("/health", "/sign-in", "/schema"):
            assert secure.get(path).headers["strict-transport-security"].startswith("max-age=")


def test_serve_trusts_forwarded_headers_only_from_the_proxies_it_is_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    given: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: given.update(kw))
    monkeypatch.setenv("GRANNSKAP_DATABASE_URL", f"sqlite:///{tmp_path / 'g.db'}")
    monkeypatch.setattr(run.preflight, "check", lambda settings: None)
    args = argparse.Namespace(
        host="127.0.0.1", port=8000, workers=1, log_level="info", forwarded_allow_ips="10.0.0.5"
    )

    assert run.cmd_serve(args) == 0
    assert given["forwarded_allow_ips"] == "10.0.0.5" and given["proxy_headers"] is True

    monkeypatch.setenv("GRANNSKAP_FORWARDED_ALLOW_IPS", "10.0.0.7")
    run.cmd_serve(argparse.Namespace(**{**vars(args), "forwarded_allow_ips": None}))
    assert given["forwarded_allow_ips"] == "10.0.0.7"
