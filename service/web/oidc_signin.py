"""Signing in through the OpenID Connect provider: the browser is sent there with a state
kept in a short-lived cookie, and comes back to the callback, which must carry the same
state. Both handlers run in a worker thread: they wait on the provider."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import Cookie
from litestar.response import Redirect

from service.application import oidc
from service.application.context import Context
from service.presentation.i18n import Lang
from service.registry.accounts import Throttled
from service.web.core import SESSION_COOKIE, lang_of, safe_next, session_cookie
from service.web.signin import sign_in_page

STATE_COOKIE = "grannskap_oidc_state"
PATH = "/sign-in/oidc"
LONGEST = 2000


def _state_cookie(request: Request[Any, Any, Any], state: str | None) -> Cookie:
    return Cookie(
        key=STATE_COOKIE,
        value=state or "",
        max_age=600 if state else 0,
        path=PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def _refusal(t: Lang, reason: str) -> str:
    return {
        "state": t("The sign-in took too long or was already used. Try again."),
        "provider": t(
            "The sign-in service could not be reached or did not answer as it should. "
            "Try again later."
        ),
        "token": t("The sign-in service's answer could not be trusted, so you are not signed in."),
        "email-taken": t(
            "An account with this e-mail address exists, and the sign-in service has not "
            "verified that the address is yours. Sign in with your password instead."
        ),
        "no-email": t("The sign-in service gave no e-mail address, which an account needs."),
    }.get(reason, t("The sign-in service's answer could not be trusted, so you are not signed in."))


class OidcSignIn(Controller):
    path = PATH

    @get("/", sync_to_thread=True)
    def start(
        self, request: Request[Any, Any, Any], ctx: Context, next: str = "/"
    ) -> Response[Any]:
        next_ = safe_next(next[:LONGEST])
        t = lang_of(request)
        try:
            started = oidc.begin(ctx, next_, request.client.host if request.client else "unknown")
        except oidc.OidcRefused as refused:
            return sign_in_page(request, ctx, next_, "", _refusal(t, refused.reason), 503)
        except Throttled as wait:
            said = t.ngettext(
                "Too many requests. Wait %(n)s second and try again.",
                "Too many requests. Wait %(n)s seconds and try again.",
                wait.seconds,
            )
            page = sign_in_page(request, ctx, next_, "", said, 429)
            page.headers["Retry-After"] = str(wait.seconds)
            return page
        response: Response[Any] = Redirect(path=started.url, status_code=303)
        response.cookies.append(_state_cookie(request, started.state))
        return response

    @get("/callback", sync_to_thread=True)
    def callback(
        self,
        request: Request[Any, Any, Any],
        ctx: Context,
        code: str = "",
        error: str = "",
    ) -> Response[Any]:
        # "state" is a name Litestar keeps for the app's state: read from the query itself.
        state = str(request.query_params.get("state", ""))
        browser_state = request.cookies.get(STATE_COOKIE)
        previous = request.cookies.get(SESSION_COOKIE)
        try:
            if error:
                raise oidc.OidcRefused("provider", error[:200])
            signed, next_ = oidc.complete(
                ctx, state[:LONGEST], browser_state, code[:LONGEST], previous
            )
        except oidc.OidcRefused as refused:
            status = 503 if refused.reason == "provider" else 400
            page = sign_in_page(
                request, ctx, "/", "", _refusal(lang_of(request), refused.reason), status
            )
            page.cookies.append(_state_cookie(request, None))
            return page
        response: Response[Any] = Redirect(path=safe_next(next_), status_code=303)
        response.cookies.append(session_cookie(request, signed.session_token))
        response.cookies.append(_state_cookie(request, None))
        return response
