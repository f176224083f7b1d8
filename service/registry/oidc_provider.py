"""The OpenID Connect provider as this service talks to it: found by discovery, the
authorization request with PKCE, state and nonce, the code exchanged for tokens, and the ID
token checked by joserfc (signature by the provider's published keys, issuer, audience,
expiry, nonce; OpenID Connect Core 3.1.3.7).

The calls are plain blocking HTTP (httpx): the use cases that make them run in a worker
thread, never on the event loop."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

# Asymmetric algorithms only: never "none", never a secret shared with the client.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")
LEEWAY = 60  # seconds of clock difference allowed between the provider and us
TIMEOUT = 10.0
SCOPE = "openid email profile"


class OidcRefused(Exception):
    """A sign-in through the provider that is not accepted. ``reason`` is one of:
    ``state`` (unknown, used before, expired or not this browser's), ``provider`` (the
    provider could not be reached or answered nonsense), ``token`` (the ID token failed a
    check), ``email-taken`` (an address that is not verified belongs to a member), and
    ``no-email`` (no address to make a member with)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    role_claim: str | None = None
    name: str = ""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Provider:
    """The provider as found by discovery; metadata and keys are fetched once and the keys
    again when a token names a key not seen yet (the provider rotated them)."""

    def __init__(
        self,
        config: OidcConfig,
        clock: Callable[[], datetime],
        http: httpx.Client | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.http = http or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    def _get_json(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.http.get(url, **kwargs)
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise OidcRefused("provider", f"{url}: {error}") from None
        if not isinstance(body, dict):
            raise OidcRefused("provider", f"{url} did not answer a JSON object")
        return body

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                issuer = self.config.issuer.rstrip("/")
                found = self._get_json(f"{issuer}/.well-known/openid-configuration")
                if found.get("issuer") != self.config.issuer:
                    raise OidcRefused("provider", "the provider names another issuer")
                for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(found.get(needed), str):
                        raise OidcRefused("provider", f"the provider gives no {needed}")
                self._metadata = found
            return self._metadata

    def keys(self, refresh: bool = False) -> KeySet:
        uri = self.metadata()["jwks_uri"]
        with self._lock:
            if self._keys is None or refresh:
                try:
                    self._keys = KeySet.import_key_set(self._get_json(uri))  # type: ignore[arg-type]
                except (JoseError, ValueError, TypeError) as error:
                    raise OidcRefused("provider", f"unusable keys: {error}") from None
            return self._keys

    def authorization_url(self, state: str, nonce: str, verifier: str) -> str:
        challenge = _b64(hashlib.sha256(verifier.encode()).digest())
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "redirect_uri": self.config.redirect_uri,
                "scope": SCOPE,
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        endpoint = self.metadata()["authorization_endpoint"]
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def exchange(self, code: str, verifier: str) -> dict[str, Any]:
        """The provider's token answer for the code (client_secret_basic, RFC 6749 2.3.1)."""
        try:
            response = self.http.post(
                self.metadata()["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.config.redirect_uri,
                    "code_verifier": verifier,
                },
                # client_secret_basic: both form-encoded before Basic (RFC 6749 2.3.1)
                auth=(
                    quote(self.config.client_id, safe=""),
                    quote(self.config.client_secret, safe=""),
                ),
                headers={"Accept": "application/json"},
            )
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise OidcRefused("provider", f"token endpoint: {error}") from None
        if response.status_code != 200 or not isinstance(body, dict):
            raise OidcRefused("provider", f"token endpoint answered {response.status_code}")
        if not isinstance(body.get("id_token"), str):
            raise OidcRefused("token", "no ID token")
        return body

    def claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims once its signature, issuer, audience, expiry and nonce
        hold (OpenID Connect Core 3.1.3.7)."""
        try:
            try:
                token = jwt.decode(id_token, self.keys(), algorithms=list(ALGORITHMS))
            except InvalidKeyIdError:  # a key published since the keys were fetched
                token = jwt.decode(id_token, self.keys(refresh=True), algorithms=list(ALGORITHMS))
            registry = jwt.JWTClaimsRegistry(
                now=lambda: int(self.clock().timestamp()),
                leeway=LEEWAY,
                iss={"essential": True, "value": self.config.issuer},
                aud={"essential": True, "value": self.config.client_id},
                sub={"essential": True},
                exp={"essential": True},
                iat={"essential": True},
                nonce={"essential": True, "value": nonce},
            )
            registry.validate(token.claims)
        except (JoseError, ValueError) as error:
            raise OidcRefused("token", str(error)) from None
        audience = token.claims.get("aud")
        several = isinstance(audience, list) and len(audience) > 1
        if several and token.claims.get("azp") != self.config.client_id:
            raise OidcRefused("token", "the token was issued to another client")
        return dict(token.claims)

    def close(self) -> None:
        self.http.close()
