"""Sign up, sign in, sign out."""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from service.application import accounts, oidc, reads
from service.application.context import Context
from service.application.reads import SiteView
from service.presentation.messages import sign_up_refusal
from service.registry.accounts import SignUpRefused, Throttled
from service.web.core import SESSION_COOKIE, lang_of, redirect, render, safe_next, session_cookie


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def sign_in_page(
    request: Request[Any, Any, Any],
    ctx: Context,
    next_: str = "/",
    email: str = "",
    error: str = "",
    status_code: int = 200,
) -> Template:
    t = lang_of(request)
    return render(
        request,
        "sign_in.html",
        t("Sign in"),
        status_code=status_code,
        section="sign-in",
        next=safe_next(next_),
        email=email,
        error=error,
        provider=oidc.offered(ctx),
        passwords=oidc.passwords_allowed(ctx),
    )


class SignInController(Controller):
    path = "/"

    @get("/sign-in", sync_to_thread=False)
    def sign_in_form(
        self, request: Request[Any, Any, Any], ctx: Context, next: str = "/"
    ) -> Template:
        return sign_in_page(request, ctx, next_=next)

    @post("/sign-in")
    async def sign_in(self, request: Request[Any, Any, Any], ctx: Context) -> Response[Any]:
        form = await request.form()
        email = str(form.get("email", "")).strip()[:320]
        password = str(form.get("password", ""))[:1024]
        next_ = safe_next(str(form.get("next", "/")))
        t = lang_of(request)
        if not oidc.passwords_allowed(ctx):
            return sign_in_page(
                request, ctx, next_, "", t("Sign-in with a password is switched off here."), 403
            )
        previous = request.cookies.get(SESSION_COOKIE)
        try:
            signed = await to_thread.run_sync(
                partial(accounts.sign_in, ctx, email, password, _client(request), previous)
            )
        except Throttled as wait:
            page = sign_in_page(
                request,
                ctx,
                next_,
                email,
                t.ngettext(
                    "Too many failed attempts. Wait %(n)s second and try again.",
                    "Too many failed attempts. Wait %(n)s seconds and try again.",
                    wait.seconds,
                ),
                429,
            )
            page.headers["Retry-After"] = str(wait.seconds)
            return page
        except SignUpRefused:
            return sign_in_page(
                request, ctx, next_, email, t("Wrong e-mail address or password."), 400
            )
        response = redirect(next_)
        response.cookies.append(session_cookie(request, signed.session_token))
        return response

    @post("/sign-out")
    async def sign_out(self, request: Request[Any, Any, Any], ctx: Context) -> Response[Any]:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await to_thread.run_sync(accounts.sign_out, ctx, token)
        response = redirect("/sign-in?signed_out=1")
        response.cookies.append(session_cookie(request, None))
        return response

    @get("/sign-up", sync_to_thread=True)
    def sign_up_form(
        self, request: Request[Any, Any, Any], ctx: Context, code: str = "", email: str = ""
    ) -> Template:
        """The form, with the invitation code and the invited address of a mailed link."""
        return self._sign_up_page(
            request, ctx, {"invitation_code": code[:32], "email": email[:320]}
        )

    @staticmethod
    def _sign_up_page(
        request: Request[Any, Any, Any],
        ctx: Context,
        values: dict[str, str],
        error: str = "",
        field: str = "",
        status_code: int = 200,
    ) -> Template:
        t = lang_of(request)
        open_ids = accounts.open_sign_up_sites(ctx)
        open_sites: list[SiteView] = [s for s in reads.sites(ctx) if s.id in open_ids]
        return render(
            request,
            "sign_up.html",
            t("Create an account"),
            status_code=status_code,
            section="sign-up",
            values=values,
            open_sites=open_sites,
            error=error,
            field=field,
        )

    @post("/sign-up")
    async def sign_up(self, request: Request[Any, Any, Any], ctx: Context) -> Response[Any]:
        form = await request.form()
        values = {
            k: str(form.get(k, "")).strip()[:400]
            for k in ("email", "name", "invitation_code", "site_id")
        }
        password = str(form.get("password", ""))[:1024]
        t = lang_of(request)
        if not oidc.passwords_allowed(ctx):
            return sign_in_page(
                request, ctx, "/", "", t("Sign-in with a password is switched off here."), 403
            )
        try:
            site_id = UUID(values["site_id"]) if values["site_id"] else None
        except ValueError:
            site_id = None
        command = accounts.SignUp(
            email=values["email"],
            name=values["name"],
            password=password,
            invitation_code=values["invitation_code"],
            site_id=site_id,
            language=t.code,
        )
        try:
            signed = await to_thread.run_sync(accounts.sign_up, ctx, command)
        except SignUpRefused as refused:
            page = await to_thread.run_sync(
                partial(
                    self._sign_up_page,
                    request,
                    ctx,
                    values,
                    sign_up_refusal(t, refused.reason),
                    refused.field,
                    400,
                )
            )
            return page
        home = signed.home_site_id
        response = redirect(f"/sites/{home}?welcome=1" if home else "/?welcome=1")
        response.cookies.append(session_cookie(request, signed.session_token))
        return response
