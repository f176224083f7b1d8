"""Getting into an account again, as pages: a forgotten password ("Glömt lösenordet?"), a
new password from the link sent, and a new e-mail address confirmed from its link."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from service.application import my_account
from service.application.context import Context
from service.presentation.messages import sign_up_refusal
from service.registry.accounts import SignUpRefused, Throttled
from service.web.core import (
    form_fields,
    lang_of,
    redirect,
    render,
    session_cookie,
)

Asker = Request[Any, Any, Any]


class PasswordPages(Controller):
    """Reachable without signing in."""

    path = "/"

    @get("/forgot-password", sync_to_thread=False)
    def forgot_form(self, request: Asker) -> Template:
        t = lang_of(request)
        return render(
            request, "forgot_password.html", t("Forgot your password?"), error="", notice=""
        )

    @post("/forgot-password")
    async def forgot(self, request: Asker, ctx: Context) -> Template:
        email = (await form_fields(request)).get("email", "").strip()
        t = lang_of(request)
        title = t("Forgot your password?")
        client = request.client.host if request.client else "unknown"
        try:
            await to_thread.run_sync(my_account.request_password_reset, ctx, email, client)
        except SignUpRefused as refused:
            error = sign_up_refusal(t, refused.reason)
            return render(request, "forgot_password.html", title, 400, error=error, notice="")
        except Throttled as wait:
            error = t.ngettext(
                "Too many requests. Wait %(n)s second and try again.",
                "Too many requests. Wait %(n)s seconds and try again.",
                wait.seconds,
            )
            page = render(request, "forgot_password.html", title, 429, error=error, notice="")
            page.headers["Retry-After"] = str(wait.seconds)
            return page
        notice = t(
            "If there is an account with that address, a link to choose a new password is on "
            "its way there. It works once, for one hour."
        )
        return render(request, "forgot_password.html", title, notice=notice, error="")

    @get("/reset-password", sync_to_thread=True)
    def reset_form(self, request: Asker, ctx: Context, token: str = "") -> Template:
        t = lang_of(request)
        live = bool(token) and my_account.reset_link_is_live(ctx, token[:200])
        error = (
            "" if live else t("That link is not valid (any more). Links work once, for one hour.")
        )
        return render(
            request,
            "reset_password.html",
            t("Choose a new password"),
            status_code=200 if live else 400,
            live=live,
            token=token[:200],
            error=error,
            notice="",
        )

    @post("/reset-password")
    async def reset(self, request: Asker, ctx: Context) -> Response[Any]:
        values = await form_fields(request)
        t = lang_of(request)
        token = values.get("token", "")[:200]
        try:
            await to_thread.run_sync(
                my_account.reset_password, ctx, token, values.get("password", "")
            )
        except SignUpRefused as refused:
            live = refused.reason != "link-invalid"
            error = (
                t("That link is not valid (any more). Links work once, for one hour.")
                if not live
                else sign_up_refusal(t, refused.reason)
            )
            return render(
                request,
                "reset_password.html",
                t("Choose a new password"),
                status_code=400,
                live=live,
                token=token,
                error=error,
                notice="",
            )
        response = redirect("/sign-in?reset=1")
        response.cookies.append(session_cookie(request, None))
        return response

    @get("/confirm-email", sync_to_thread=True)
    def confirm_email(self, request: Asker, ctx: Context, token: str = "") -> Template:
        t = lang_of(request)
        try:
            member = my_account.confirm_email_change(ctx, token[:200])
        except SignUpRefused as refused:
            error = (
                sign_up_refusal(t, refused.reason)
                if refused.reason != "link-invalid"
                else t("That link is not valid (any more). Links work once, for one day.")
            )
            return render(
                request,
                "account_message.html",
                t("Confirm your new e-mail address"),
                status_code=400,
                error=error,
                notice="",
                link="/my/data",
                link_text=t("My data"),
            )
        return render(
            request,
            "account_message.html",
            t("Confirm your new e-mail address"),
            notice=t("Your e-mail address is now %(email)s.", email=member.email),
            error="",
            link="/my/data",
            link_text=t("My data"),
        )
