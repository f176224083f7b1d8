"""The link of a mailed invitation opens the sign-up form with the code and the invited
address already filled in."""

from __future__ import annotations

import html

from litestar.testing import TestClient

from service.container import Container
from tests.builders import Office
from tests.mail.conftest import SmtpServer
from tests.mail.test_account_mail import PASSWORD, link_in, post, sign_in, web

__all__ = ["web"]


def test_the_invitation_link_fills_in_the_code_and_the_invited_address(
    web: TestClient[object], mailing: Container, office: Office, smtp: SmtpServer
) -> None:
    host, _ = mailing.members.add(email="host@example.se", name="Värd", role="host")
    mailing.accounts.set_password(host.id, PASSWORD)
    assert sign_in(web, "host@example.se", PASSWORD) == 303
    page = f"/host/sites/{office.site_id}/sign-up"
    post(web, f"/host/sites/{office.site_id}/invitations/by-email", page, email="ny+a@example.se")
    mailing.mail.run_once()
    (message,) = smtp.inbox.to("ny+a@example.se")
    web.cookies.clear()

    form = web.get(html.unescape(link_in(message))).text

    code = mailing.accounts.invitations(office.site_id)[0].code
    assert f'name="invitation_code" autocomplete="off" maxlength="32" value="{code}"' in form
    assert 'maxlength="320" value="ny+a@example.se"' in form
