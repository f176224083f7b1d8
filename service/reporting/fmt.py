"""The figures of the reports in a page's language; ``None`` is hidden for privacy."""

from __future__ import annotations

from projections.reports.facts import WEEKDAYS
from service.presentation.i18n import Lang
from service.presentation.messages import kind_name
from service.reporting.methods import GLOSSARY, PRIVACY, REPORTS


class Fmt:
    """Numbers of the reports in the page's language; ``None`` is hidden for privacy."""

    def __init__(self, t: Lang) -> None:
        self.t = t
        self.hidden = t("hidden")

    def pct(self, value: float | None) -> str:
        return self.hidden if value is None else self.t.percent(value)

    def hours(self, value: float | None) -> str:
        return self.hidden if value is None else self.t.number(round(value, 1))

    def count(self, value: int | None) -> str:
        return self.hidden if value is None else self.t.number(value)

    def pool(self, pool: str) -> str:
        """ "Skrivbord", "Rum", or the equipment item's own name ("Projektor")."""
        kind, _, name = pool.partition(":")
        if pool == "all":
            return self.t("All together")
        return name or kind_name(self.t, kind, plural=kind != "equipment")

    def interval(self, low: int | None, high: int | None) -> str:
        if low is None or high is None:
            return "\N{EN DASH}"
        return f"{self.t.number(low)}\N{EN DASH}{self.t.number(high)}"

    def weekday(self, key: str) -> str:
        return self.t.weekday_name(WEEKDAYS.index(key)) if key in WEEKDAYS else key

    def rule(self, rule: str) -> str:
        t = self.t
        return {
            "slot-taken": t("taken"),
            "nothing-free": t("nothing free"),
            "no-match": t("none has what was asked for"),
            "outside-opening-hours": t("outside opening hours"),
            "site-closed": t("closed day"),
            "member-desk-limit": t("already had a desk"),
            "member-booking-limit": t("too many bookings"),
            "outside-booking-window": t("too far ahead"),
            "too-long": t("too long"),
            "resource-retired": t("retired resource"),
            "in-the-past": t("in the past"),
            "not-aligned": t("not on the quarter hour"),
            "invalid-interval": t("impossible time"),
        }.get(rule, rule)

    def category(self, category: str) -> str:
        t = self.t
        return {
            "capacity": t("full"),
            "closed": t("closed"),
            "no-match": t("no such resource"),
            "policy": t("booking rules"),
            "input": t("impossible request"),
        }.get(category, category)

    def activity(self, category: str) -> str:
        """A category of the activity report: a check-in method, a waitlist outcome, a kind."""
        t = self.t
        return {
            "code": t("code or QR code"),
            "button": t("button on the member's page"),
            "host": t("by a host"),
            "unrecorded": t("method not recorded"),
            "served": t("served"),
            "expired": t("expired"),
            "left": t("left the list"),
            "waiting": t("still waiting"),
        }.get(category) or kind_name(t, category, plural=True)

    def spans(self, spans: list[list[str]]) -> str:
        return ", ".join(f"{a}\N{EN DASH}{b}" for a, b in spans) or "\N{EN DASH}"

    def methods(self, report: str, privacy: bool = False) -> list[tuple[str, str]]:
        """How each figure of ``report`` is counted: (name, method) in the page's language."""
        entries = [*REPORTS[report], *([PRIVACY] if privacy else [])]
        return [(self.t(m.label), self.t(m.text)) for m in entries]

    def glossary(self) -> list[tuple[str, str]]:
        return [(self.t(term), self.t(text)) for term, text in GLOSSARY]
