"""The decision summary opens a site's reports, its Kravspecifikation and each site of the
pilot's, in Swedish by default and in English when chosen."""

from __future__ import annotations

import html
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.e2e.test_evaluate_pages import evaluator  # noqa: F401
from tests.e2e.test_web_pages import (  # noqa: F401
    accounts,
    office,
    seeded,
    web,
)


@pytest.mark.parametrize(
    "path", ["/evaluate/sites/{office}", "/evaluate/sites/{office}/specification"]
)
def test_a_sites_pages_open_with_what_the_evidence_says_per_pool(
    evaluator: TestClient[Any],  # noqa: F811
    office: str,  # noqa: F811
    path: str,
) -> None:
    text = html.unescape(evaluator.get(path.format(office=office)).text)

    summary = text.index("Vad underlaget säger")
    assert summary < text.index("Rekommenderad kapacitet")
    assert "Skrivbord: inga förfrågningar under perioden" in text[summary:]


def test_every_site_of_the_pilots_specification_has_its_decision_in_english_when_chosen(
    evaluator: TestClient[Any],  # noqa: F811
) -> None:
    text = html.unescape(evaluator.get("/evaluate/specification?lang=en").text)

    assert text.count("What the evidence says") == 5
    assert "Desks: no requests in the period, so no evidence either way" in text
