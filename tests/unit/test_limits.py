"""The one set of input limits, decided in the domain: a command with text that a view column
could not hold (NUL, control characters, too long) is refused before any event exists."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain import limits
from domain.errors import InvalidSetting
from domain.resource import Resource
from domain.site import Site
from tests.builders import a_site


@pytest.mark.parametrize(
    ("details", "about"),
    [
        ({"name": "a\x00b"}, "name"),
        ({"name": "x" * (limits.NAME + 1)}, "name"),
        ({"name": "  "}, "name"),
        ({"address": "Storgatan\x001"}, "address"),
        ({"address": "x" * (limits.ADDRESS + 1)}, "address"),
        ({"locality": "Frövi\n" + "x"}, "locality"),
        ({"locality": "Frö\x85vi"}, "locality"),
        ({"timezone": "Europe/Stockholm\x00"}, "timezone"),
    ],
)
def test_a_site_with_text_no_column_can_hold_is_refused(
    details: dict[str, str], about: str
) -> None:
    given = {"name": "Storå", "address": "Bruksvägen 1", "locality": "Storå", **details}

    with pytest.raises(InvalidSetting) as refused:
        Site.register(**given)

    assert refused.value.about == about


def test_an_address_keeps_its_line_breaks_and_a_name_its_letters() -> None:
    site = Site.register(
        name=" Grannskapskontoret Frövi ", address="Storgatan 1\r\n718 30 Frövi", locality=""
    )

    assert site.name == "Grannskapskontoret Frövi"
    assert site.address == "Storgatan 1\n718 30 Frövi"


@pytest.mark.parametrize("name", ["D\x00", "D\x1b[31m", "x" * 201, ""])
def test_a_resource_with_a_name_no_column_can_hold_is_refused(name: str) -> None:
    with pytest.raises(InvalidSetting) as refused:
        Resource.add(site_id=uuid4(), kind="desk", name=name)

    assert refused.value.about == "name"


@pytest.mark.parametrize("reason", ["Läcka\x00", "x" * 201])
def test_a_closure_reason_no_column_can_hold_is_refused(reason: str) -> None:
    site = a_site()

    with pytest.raises(InvalidSetting) as refused:
        site.add_closure(date(2026, 12, 1), date(2026, 12, 1), reason)

    assert refused.value.about == "reason"


def test_the_edge_patterns_say_what_the_domain_decides() -> None:
    import re

    for text in ("a\x00b", "a\tb", "a\x7f", "a\x9f", "ok", "två rader\nhär", "a\u2028b"):
        assert bool(re.search(limits.LINE_PATTERN, text)) == limits.is_clean(text)
        assert bool(re.search(limits.TEXT_PATTERN, text)) == limits.is_clean(text, line_breaks=True)
