"""The pilot's demo data: the five localities of Lindesberg municipality as sites, the
neighbourhood office at Frövi's service point, and a few demo members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from service.application import accounts
from service.cli import demo_plans
from service.cli.operator import Operator
from service.container import Container

OFFICE_HOURS = {
    **{d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu")},
    "fri": [["07:00", "17:00"]],
    "sat": [["09:00", "14:00"]],
}
SERVICE_POINT_HOURS = {
    **{d: [["08:00", "16:00"]] for d in ("mon", "tue", "wed", "thu")},
    "fri": [["08:00", "15:00"]],
}

# (name, locality, address) - demo addresses, not the municipality's real premises.
OFFICE = ("Grannskapskontoret Frövi", "Frövi", "Servicepunkt Frövi, Storgatan 1, 718 30 Frövi")
OTHER_SITES = [
    ("Servicepunkt Lindesberg", "Lindesberg", "Kyrkogatan 1, 711 30 Lindesberg"),
    ("Servicepunkt Guldsmedshyttan/Storå", "Guldsmedshyttan/Storå", "Bruksvägen 1, 711 77 Storå"),
    ("Servicepunkt Fellingsbro", "Fellingsbro", "Stationsgatan 1, 718 91 Fellingsbro"),
    ("Servicepunkt Vedevåg", "Vedevåg", "Bygdegårdsvägen 1, 711 91 Vedevåg"),
]

OFFICE_RESOURCES: list[dict[str, Any]] = [
    *[
        {
            "kind": "desk",
            "name": f"Skrivbord {n}",
            "features": ["screen", *(["height-adjustable"] if n % 3 == 0 else [])],
        }
        for n in range(1, 11)
    ],
    {"kind": "desk", "name": "Skrivbord 11", "features": ["window"]},
    {"kind": "desk", "name": "Skrivbord 12", "features": ["window", "height-adjustable"]},
    {
        "kind": "room",
        "name": "Mötesrum Kvarnen",
        "seats": 8,
        "features": ["video meeting", "whiteboard", "screen"],
    },
    {"kind": "room", "name": "Mötesrum Ån", "seats": 4, "features": ["whiteboard"]},
    {
        "kind": "room",
        "name": "Telefonbås",
        "seats": 1,
        "features": ["phone booth", "video meeting"],
    },
    {"kind": "equipment", "name": "Extra skärm", "quantity": 4, "features": ["usb-c"]},
    {"kind": "equipment", "name": "Projektor", "quantity": 1, "features": ["hdmi"]},
    {
        "kind": "equipment",
        "name": "Videomötespaket",
        "quantity": 2,
        "features": ["camera", "speakerphone"],
    },
]

MEMBERS = [
    ("anna.distans@example.se", "Anna Lindqvist", "member"),
    ("erik.konsult@example.se", "Erik Johansson", "member"),
    ("host@example.se", "Värd Servicepunkten", "host"),
    ("evaluator@example.se", "Utvärderare Piloten", "evaluator"),
    ("admin@example.se", "Administratör", "admin"),
]


@dataclass
class Seeded:
    sites: int
    resources: int
    tokens: list[tuple[str, str, str]]


def is_empty(container: Container) -> bool:
    return not container.store.position and container.members.count() == 0


def _views_current(container: Container) -> None:
    """The plans are checked against the sites and resources just added, as the views show
    them: when no one follows the store (a seed before any server starts), they catch up
    here first."""
    followed = container.follower is not None or container.views.following_here
    if not followed and container.settings.projections == "inprocess":
        container.catch_up_views()


def seed(container: Container, today: date | None = None) -> Seeded:
    operator = Operator(container)
    year = (today or container.now().date()).year
    resources = 0
    office = operator.register_site(
        name=OFFICE[0],
        locality=OFFICE[1],
        address=OFFICE[2],
        opening_hours=OFFICE_HOURS,
        policy={
            "days_ahead": 28,
            "max_future_bookings": 10,
            "max_minutes": {"desk": 720, "room": 240, "equipment": 720},
        },
    ).id
    operator.close_on_public_holidays(office, [year, year + 1])
    office_ids = {}
    for details in OFFICE_RESOURCES:
        office_ids[details["name"]] = operator.add_resource(office, **details).id
        resources += 1
    plans = [(office, demo_plans.OFFICE, office_ids)]
    for name, locality, address in OTHER_SITES:
        site = operator.register_site(
            name=name, locality=locality, address=address, opening_hours=SERVICE_POINT_HOURS
        ).id
        operator.close_on_public_holidays(site, [year, year + 1])
        ids = {}
        for n in range(1, 4):
            features = ["screen"] if n == 1 else []
            desk = f"Skrivbord {n}"
            ids[desk] = operator.add_resource(site, kind="desk", name=desk, features=features).id
            resources += 1
        plans.append((site, demo_plans.SERVICE_POINTS[name], ids))
    _views_current(container)
    for site_id, layout, names in plans:
        demo_plans.draw(operator, site_id, layout, names)
    tokens = []
    for email, name, role in MEMBERS:
        _, token = accounts.add_member(container.ctx, email=email, name=name, role=role)
        tokens.append((email, role, token))
    return Seeded(sites=1 + len(OTHER_SITES), resources=resources, tokens=tokens)
