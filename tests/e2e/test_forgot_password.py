"""``/forgot-password`` without signing in: hostile text in its e-mail field is a form
error (400) on SQLite and PostgreSQL, never a crash; it is throttled like sign-in; and a
known and an unknown address cost the request the same work (one message waiting in the
outbox, composed or dropped by the mail job), so its time tells nobody who has an account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from service.container import Container
from service.registry.tables import OutboxRecord

KNOWN = "anna.glomsk@example.se"


@pytest.fixture
def web(client: TestClient[Any], container: Container) -> TestClient[Any]:
    """The app with its mail job stopped: the tests run the outbox themselves, so that
    what waits in it is counted before the job composes or drops it."""
    if container.mail_job is not None:
        container.mail_job.stop()
    return client


def _forgot(client: TestClient[Any], email: str) -> Any:
    page = client.get("/forgot-password")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:300]
    return client.post(
        "/forgot-password",
        data={"email": email, "_csrf_token": token.group(1)},
        follow_redirects=False,
    )


def _waiting(container: Container) -> int:
    with container.engine.connect() as c:
        return int(
            c.scalar(
                select(func.count()).where(OutboxRecord.sent_at.is_(None)).select_from(OutboxRecord)
            )
            or 0
        )


@pytest.mark.parametrize(
    "email", ["anna\x00@example.se", "anna\x07@example.se", "a" * 400 + "@example.se"]
)
def test_hostile_text_in_the_forgotten_password_form_is_a_form_error_not_a_crash(
    web: TestClient[Any], container: Container, email: str
) -> None:
    answered = _forgot(web, email)

    assert answered.status_code == 400, answered.text[:300]
    assert "Det är ingen e-postadress." in answered.text
    assert _waiting(container) == 0


def test_a_known_and_an_unknown_address_leave_the_same_work_and_only_the_known_gets_mail(
    web: TestClient[Any], container: Container
) -> None:
    container.members.add(email=KNOWN, name="Anna Glömsk")

    known = _forgot(web, KNOWN)
    after_known = _waiting(container)
    unknown = _forgot(web, "ingen.alls@example.se")
    after_unknown = _waiting(container) - after_known

    assert known.status_code == unknown.status_code == 200
    assert after_known == after_unknown == 1  # the same insert either way
    container.mail.catch_up_fully()
    container.mail.deliver_due()
    with container.engine.connect() as c:
        rows = c.execute(select(OutboxRecord.recipient, OutboxRecord.body)).all()
    assert [r.recipient for r in rows] == [KNOWN]  # the unknown address is not kept


def test_forgot_password_is_throttled_per_address_and_client_like_sign_in(
    web: TestClient[Any], container: Container
) -> None:
    container.members.add(email=KNOWN, name="Anna Glömsk")

    answers = [_forgot(web, KNOWN).status_code for _ in range(12)]

    assert answers[:5] == [200] * 5
    assert set(answers[5:]) == {429}
    assert _waiting(container) == 5
    refused = _forgot(web, KNOWN)
    assert int(refused.headers["Retry-After"]) >= 1
    assert "Vänta" in refused.text
