"""The evaluators' pages and the wide tables of hosts and admins at a phone's 390 px and a
desktop's 1280 px: every column of every table can be read (a stacked card per row on the
phone, all columns side by side on the desktop), and the page itself never scrolls sideways.
Screenshots go to test-artifacts/browser/layout/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, PASSWORD, Server, sign_in
from tests.settings import fast_settings

WIDTHS = {"phone": 390, "desktop": 1280}

PAGES = [
    ("evaluate", "evaluator@example.se", "/evaluate"),
    ("site-reports", "evaluator@example.se", "/evaluate/sites/{office}"),
    ("site-whatif", "evaluator@example.se", "/evaluate/sites/{office}?desk=13#what-if"),
    ("site-specification", "evaluator@example.se", "/evaluate/sites/{office}/specification"),
    ("pilot-specification", "evaluator@example.se", "/evaluate/specification"),
    ("admin-members", "admin@example.se", "/admin/members"),
    ("host-resources", "host@example.se", "/host/sites/{office}/resources"),
]

# Every cell of every table shown in <main> (closed <details> opened first) must lie within
# the screen and within its table's scroll box; the column headers must be on screen too, or,
# when a table is stacked (its header row only for screen readers), every data cell must carry
# its column's name in data-label.
HIDDEN_COLUMNS = """() => {
  document.querySelectorAll("main details").forEach((d) => { d.open = true; });
  const screen = document.documentElement.clientWidth;
  const problems = [];
  const shown = (el) => el.getClientRects().length > 0;
  for (const table of document.querySelectorAll("main table")) {
    if (!shown(table)) continue;
    const name = (table.caption ? table.caption.textContent : table.className).trim();
    const wrap = table.closest(".table-wrap");
    const box = wrap ? wrap.getBoundingClientRect() : { left: 0, right: screen };
    const left = Math.max(0, box.left) - 1;
    const right = Math.min(screen, box.right) + 1;
    const outside = (cell) => {
      const r = cell.getBoundingClientRect();
      return r.left < left || r.right > right;
    };
    const stacked = table.tHead && table.tHead.getBoundingClientRect().height <= 1;
    const headers = table.tHead ? [...table.tHead.querySelectorAll("th")] : [];
    for (const th of headers) {
      if (!stacked && outside(th)) problems.push(`${name}: column "${th.textContent.trim()}" is off screen`);
    }
    for (const cell of table.querySelectorAll("tbody th, tbody td")) {
      if (outside(cell)) problems.push(`${name}: cell "${cell.textContent.trim().slice(0, 30)}" is off screen`);
      if (stacked && cell.tagName === "TD" && !cell.dataset.label && !cell.classList.contains("cell-actions")) {
        problems.push(`${name}: a stacked cell "${cell.textContent.trim().slice(0, 30)}" has no column name`);
      }
    }
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def admin_password(server: Server) -> Iterator[None]:
    """The demo admin gets the same password as the demo host and evaluator."""
    from service.container import Container

    container = Container.build(fast_settings(database_url=server.database_url))
    try:
        admin = container.accounts._member_by_email("admin@example.se")
        assert admin is not None
        container.accounts.set_password(admin.id, PASSWORD)
    finally:
        container.close()
    yield


def _page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_every_column_of_every_table_can_be_read_and_the_page_does_not_scroll_sideways(
    browser: Any,
    server: Server,
    admin_password: None,
    name: str,
    who: str,
    path: str,
    width: int,
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=server.url, locale="sv-SE"
    )
    context.set_default_timeout(60_000)  # a site's first visit draws its charts
    page = context.new_page()
    try:
        sign_in(page, who)
        page.goto(path.format(office=server.office_id))
        assert page.locator("main table").count() >= 1, f"{path} shows no table"

        problems = page.evaluate(HIDDEN_COLUMNS)
        folder = ARTIFACTS / "layout"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)

        assert problems == []
        assert _page_width(page) <= width, f"{path} is {_page_width(page)} px wide at {width} px"
    finally:
        context.close()
