"""Sign up, sign in, sign out."""

from __future__ import annotations

from functools import partial
from typing import Any

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from projections.queries import SiteView
from service.container import Container
from service.web.accounts import Accounts, SignUpRefused, Throttled
from service.web.core import lang_of, redirect, render, safe_next, session_cookie
from service.web.messages import sign_up_refusal


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


class SignInController(Controller):
    path = "/"

    @get("/sign-in", sync_to_thread=False)
    def sign_in_form(self, request: Request[Any, Any, Any], next: str = "/") -> Template:
        return self._sign_in_page(request, next_=next)

    @staticmethod
    def _sign_in_page(
        request: Request[Any, Any, Any],
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
        )

    @post("/sign-in")
    async def sign_in(self, request: Request[Any, Any, Any], accounts: Accounts) -> Response[Any]:
        form = await request.form()
        email = str(form.get("email", "")).strip()[:320]
        password = str(form.get("password", ""))[:1024]
        next_ = safe_next(str(form.get("next", "/")))
        t = lang_of(request)
        try:
            member = await to_thread.run_sync(
                accounts.authenticate, email, password, _client(request)
            )
        except Throttled as wait:
            page = self._sign_in_page(
                request,
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
            return page  # type: ignore[return-value]
        if member is None:
            return self._sign_in_page(  # type: ignore[return-value]
                request, next_, email, t("Wrong e-mail address or password."), 400
            )
        token = await to_thread.run_sync(accounts.start_session, member.id)
        old = request.cookies.get("grannskap_session")
        if old:
            await to_thread.run_sync(accounts.end_session, old)
        response = redirect(next_)
        response.cookies.append(session_cookie(request, token))
        return response

    @post("/sign-out")
    async def sign_out(self, request: Request[Any, Any, Any], accounts: Accounts) -> Response[Any]:
        token = request.cookies.get("grannskap_session")
        if token:
            await to_thread.run_sync(accounts.end_session, token)
        response = redirect("/sign-in?signed_out=1")
        response.cookies.append(session_cookie(request, None))
        return response

    @get("/sign-up", sync_to_thread=True)
    def sign_up_form(
        self,
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts,
        code: str = "",
    ) -> Template:
        return self._sign_up_page(request, container, accounts, {"invitation_code": code})

    @staticmethod
    def _sign_up_page(
        request: Request[Any, Any, Any],
        container: Container,
        accounts: Accounts,
        values: dict[str, str],
        error: str = "",
        field: str = "",
        status_code: int = 200,
    ) -> Template:
        t = lang_of(request)
        open_ids = accounts.open_sign_up_sites()
        open_sites: list[SiteView] = [s for s in container.queries.sites() if s.id in open_ids]
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
    async def sign_up(
        self, request: Request[Any, Any, Any], container: Container, accounts: Accounts
    ) -> Response[Any]:
        form = await request.form()
        values = {
            k: str(form.get(k, "")).strip()[:400]
            for k in ("email", "name", "invitation_code", "site_id")
        }
        password = str(form.get("password", ""))[:1024]
        t = lang_of(request)
        site_id = None
        if values["site_id"]:
            from uuid import UUID

            try:
                site_id = UUID(values["site_id"])
            except ValueError:
                site_id = None
        try:
            member = await to_thread.run_sync(
                partial(
                    accounts.sign_up,
                    email=values["email"],
                    name=values["name"],
                    password=password,
                    site_id=site_id,
                    invitation_code=values["invitation_code"],
                )
            )
        except SignUpRefused as refused:
            page = await to_thread.run_sync(
                partial(
                    self._sign_up_page,
                    request,
                    container,
                    accounts,
                    values,
                    sign_up_refusal(t, refused.reason),
                    refused.field,
                    400,
                )
            )
            return page  # type: ignore[return-value]
        token = await to_thread.run_sync(accounts.start_session, member.id)
        account = await to_thread.run_sync(accounts.account, member.id)
        target = f"/sites/{account.home_site_id}" if account and account.home_site_id else "/"
        response = redirect(target + "?welcome=1" if "?" not in target else target)
        response.cookies.append(session_cookie(request, token))
        return response
