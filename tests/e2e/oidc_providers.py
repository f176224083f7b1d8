"""OpenID Connect providers for the sign-in tests, on 127.0.0.1 and a free port, in a
thread of the test process: the real provider of the ``oidc-provider-mock`` package, and a
small provider of our own whose ID tokens the test forges (a wrong audience, an expired
token, a signature by another key, another nonce), which the package's cannot."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import oidc_provider_mock
import werkzeug.serving
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


@contextmanager
def mock_provider() -> Iterator[str]:
    """The package's provider; yields its issuer URL."""
    app = oidc_provider_mock.app(require_nonce=True)
    # The package serves in Flask's debug mode behind Werkzeug's debugger: not here.
    app.debug = False
    debugged = app.wsgi_app
    app.wsgi_app = getattr(debugged, "app", debugged)  # type: ignore[method-assign]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


class Forger:
    """A provider whose next ID token is what the test says: ``forge`` maps the claims it
    would sign to the claims it signs, and ``signing_key`` may be a key it does not publish."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "published"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "published"})
        self.signing_key = self.key
        self.forge: Any = lambda claims: claims
        self.subject = "person-1"
        self.claims: dict[str, Any] = {"email": "forged@example.se", "email_verified": True}
        self.issuer = ""
        self.codes: dict[str, dict[str, str]] = {}

    def id_token(self, client_id: str, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": self.subject,
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
        }
        header = {"alg": "RS256", "kid": self.signing_key.kid}
        return jwt.encode(header, self.forge(claims), self.signing_key)


@contextmanager
def forging_provider() -> Iterator[Forger]:
    forger = Forger()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def _json(self, body: dict[str, Any], status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(
                    {
                        "issuer": forger.issuer,
                        "authorization_endpoint": f"{forger.issuer}/authorize",
                        "token_endpoint": f"{forger.issuer}/token",
                        "jwks_uri": f"{forger.issuer}/jwks",
                    }
                )
            elif url.path == "/jwks":
                self._json(KeySet([forger.key]).as_dict(private=False))
            elif url.path == "/authorize":
                asked = {k: v[0] for k, v in parse_qs(url.query).items()}
                code = secrets.token_urlsafe(16)
                forger.codes[code] = asked
                back = {"code": code, "state": asked["state"]}
                self.send_response(302)
                self.send_header("Location", f"{asked['redirect_uri']}?{urlencode(back)}")
                self.end_headers()
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            asked = forger.codes.pop(form.get("code", ""), None)
            if urlsplit(self.path).path != "/token" or asked is None:
                self._json({"error": "invalid_grant"}, 400)
                return
            token = forger.id_token(asked["client_id"], asked["nonce"])
            self._json({"access_token": "a", "token_type": "Bearer", "id_token": token})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    forger.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield forger
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
