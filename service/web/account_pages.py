"""Accounts people own, as pages: a new name, e-mail address or password, language and
reminders, API tokens, the data held and its download, and deleting the account ("Radera
mitt konto")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from service.application import accounts, erasure, my_account, presence
from service.application.context import Context
from service.application.errors import ApplicationError
from service.presentation.messages import refusal, role_name, sign_up_refusal
from service.registry.accounts import SignUpRefused
from service.registry.members import Member
from service.web.core import (
    form_fields,
    lang_of,
    redirect,
    render,
    session_cookie,
    signed_in,
)

Asker = Request[Any, Any, Any]


class AccountPages(Controller):
    path = "/my"
    guards = [signed_in]

    @get("/data", sync_to_thread=True)
    def data(self, request: Asker, ctx: Context) -> Template:
        return data_page(request, ctx)

    @get("/data.json", sync_to_thread=True)
    def data_json(self, request: Asker, ctx: Context) -> Response[bytes]:
        body = my_account.export(ctx, request.user).data
        return Response(
            msgspec.json.format(msgspec.json.encode(body)),
            media_type="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="grannskap-my-data.json"',
                "Cache-Control": "no-store",
            },
        )

    async def _change(self, request: Asker, ctx: Context, change: Any, done: str) -> Response[Any]:
        values = await form_fields(request)

        def work() -> Response[Any]:
            t = lang_of(request)
            try:
                change(values)
            except SignUpRefused as refused:
                return data_page(request, ctx, sign_up_refusal(t, refused.reason), 400)
            except ApplicationError as error:
                return data_page(request, ctx, refusal(t, error), 400)
            except ValueError:
                return data_page(request, ctx, t("Please check the values in the form."), 400)
            return redirect(f"/my/data?done={done}")

        return await to_thread.run_sync(work)

    @post("/name")
    async def name(self, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request,
            ctx,
            lambda v: my_account.change_name(ctx, request.user, v.get("name", "")),
            "name",
        )

    @post("/email")
    async def email(self, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request,
            ctx,
            lambda v: my_account.request_email_change(ctx, request.user, v.get("email", "")),
            "email",
        )

    @post("/password")
    async def password(self, request: Asker, ctx: Context) -> Response[Any]:
        values = await form_fields(request)

        def work() -> Response[Any]:
            t = lang_of(request)
            has_password = ctx.accounts.account(request.user.id)
            try:
                if has_password is not None and has_password.has_password:
                    my_account.change_password(
                        ctx,
                        request.user,
                        values.get("current_password", ""),
                        values.get("password", ""),
                    )
                else:
                    accounts.set_password(ctx, request.user.email, values.get("password", ""))
            except SignUpRefused as refused:
                message = (
                    t("The current password is not right.")
                    if refused.reason == "wrong-password"
                    else sign_up_refusal(t, refused.reason)
                )
                return data_page(request, ctx, message, 400)
            # Every browser was signed out: this one signs in again at once.
            signed = accounts.start_session(ctx, request.user)
            response = redirect("/my/data?done=password")
            response.cookies.append(session_cookie(request, signed))
            return response

        return await to_thread.run_sync(work)

    @post("/preferences")
    async def preferences(self, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request,
            ctx,
            lambda v: my_account.set_preferences(
                ctx,
                request.user,
                v.get("language") or None,
                v.get("reminders") == "on",
                v.get("reminder_same_day") == "on",
                v.get("check_in_nudge") == "on",
            ),
            "preferences",
        )

    @post("/presence")
    async def presence(self, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request,
            ctx,
            lambda v: presence.show_me(ctx, request.user, v.get("shown") == "on"),
            "presence",
        )

    @post("/tokens")
    async def create_token(self, request: Asker, ctx: Context) -> Response[Any]:
        values = await form_fields(request)

        def work() -> Response[Any]:
            t = lang_of(request)
            days = values.get("days", "").strip()
            try:
                expires = (
                    ctx.now() + timedelta(days=int(days))
                    if days and days.isdecimal() and 0 < int(days) <= 3650
                    else None
                )
                if days and expires is None:
                    raise ValueError(days)
                _, secret = my_account.create_token(
                    ctx, request.user, values.get("name", ""), expires
                )
            except ApplicationError as error:
                return data_page(request, ctx, refusal(t, error), 400)
            except ValueError:
                return data_page(request, ctx, t("Please check the values in the form."), 400)
            return data_page(request, ctx, new_token=secret)

        return await to_thread.run_sync(work)

    @post("/tokens/{token_id:uuid}/revoke")
    async def revoke_token(self, token_id: UUID, request: Asker, ctx: Context) -> Response[Any]:
        return await self._change(
            request, ctx, lambda _: my_account.revoke_token(ctx, request.user, token_id), "revoked"
        )

    @post("/erase")
    async def erase(self, request: Asker, ctx: Context) -> Response[Any]:
        values = await form_fields(request)

        def work() -> Response[Any]:
            t = lang_of(request)
            account = ctx.accounts.account(request.user.id)
            if values.get("sure") != "on":
                return data_page(request, ctx, t("Tick the box to confirm."), 400)
            password = values.get("password", "")
            if (
                account is not None
                and account.has_password
                and not ctx.accounts.check_password(request.user.id, password)
            ):
                return data_page(request, ctx, t("The current password is not right."), 400)
            erasure.erase_member(ctx, request.user, request.user.id)
            response = render(
                request,
                "account_message.html",
                t("Your account is deleted"),
                notice=t(
                    "Your account and everything about you is deleted. Thank you for using grannskap."
                ),
                error="",
                link="/sign-in",
                link_text=t("Sign in"),
                user=None,
            )
            response.cookies.append(session_cookie(request, None))
            return response

        return await to_thread.run_sync(work)


def data_page(
    request: Asker, ctx: Context, error: str = "", status_code: int = 200, new_token: str = ""
) -> Template:
    t = lang_of(request)
    member: Member = request.user
    mine = accounts.my_data(ctx, member)
    account = mine.account
    done = request.query_params.get("done", "")
    notice = {
        "name": t("Your name is saved."),
        "email": t(
            "A link is on its way to the new address. Your address changes when you follow it."
        ),
        "password": t("Your new password is saved. Other browsers are signed out."),
        "preferences": t("Saved."),
        "presence": t("Saved."),
        "revoked": t("The token is revoked: it no longer works."),
    }.get(done, "")
    return render(
        request,
        "my_data.html",
        t("My data"),
        status_code=status_code,
        section="my-data",
        member={
            "id": str(member.id),
            "email": account.member.email,
            "name": account.member.name,
            "role": role_name(t, account.member.role),
        },
        account={
            "has_password": account.has_password,
            "home_site": mine.home_site_name,
            "invitation_code": account.invitation_code,
        },
        sessions=mine.sessions,
        feed_exists=mine.calendar_feed_since is not None,
        bookings=mine.bookings,
        tokens=my_account.my_tokens(ctx, member),
        preferences=ctx.accounts.preferences(member.id),
        shown=presence.am_i_shown(ctx, member),
        created_text=t.datetime(account.created_at, ZoneInfo(ctx.timezone))
        if account.created_at
        else "",
        new_token=new_token,
        notice="" if error else notice,
        error=error,
    )
