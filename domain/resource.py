"""Bookable resources at a site: desks, rooms and pools of equipment."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidSetting, ResourceRetired
from domain.vocabulary import KINDS


class Resource(Aggregate):
    """A desk, a room (with seats) or equipment (a pool of ``quantity`` identical items)."""

    @classmethod
    def add(
        cls,
        *,
        site_id: UUID,
        kind: str,
        name: str,
        features: list[str] | None = None,
        seats: int | None = None,
        quantity: int = 1,
    ) -> Resource:
        if kind not in KINDS:
            raise InvalidSetting(f"kind is one of {', '.join(KINDS)}", about="kind")
        if not name.strip():
            raise InvalidSetting("a resource needs a name", about="name")
        if kind == "room" and (seats is None or not 1 <= seats <= 500):
            raise InvalidSetting("a room has 1..500 seats", about="seats")
        if kind != "room" and seats is not None:
            raise InvalidSetting("only rooms have seats", about="seats")
        if kind != "equipment" and quantity != 1:
            raise InvalidSetting("only equipment comes in a quantity", about="quantity")
        if not 1 <= quantity <= 1000:
            raise InvalidSetting("quantity is 1..1000", about="quantity")
        cleaned = sorted({f.strip().lower() for f in features or [] if f.strip()})
        return cls(
            site_id=site_id,
            kind=kind,
            name=name.strip(),
            features=cleaned,
            seats=seats,
            quantity=quantity,
        )

    class Added(Aggregate.Created):
        site_id: UUID
        kind: str
        name: str
        features: list[str]
        seats: int | None
        quantity: int

    @event(Added)
    def __init__(
        self,
        site_id: UUID,
        kind: str,
        name: str,
        features: list[str],
        seats: int | None,
        quantity: int,
    ) -> None:
        self.site_id = site_id
        self.kind = kind
        self.name = name
        self.features = list(features)
        self.seats = seats
        self.quantity = quantity
        self.retired = False

    @property
    def capacity(self) -> int:
        """How many bookings may hold it at one instant."""
        return self.quantity

    def retire(self) -> None:
        if not self.retired:
            self._retire()

    class Retired(Aggregate.Event):
        pass

    @event(Retired)
    def _retire(self) -> None:
        self.retired = True

    def check_bookable(self, quantity: int) -> None:
        if self.retired:
            raise ResourceRetired(f"{self.name} is retired", about="resource")
        if not 1 <= quantity <= self.quantity:
            raise InvalidSetting(
                f"quantity is 1..{self.quantity} for {self.name}", about="quantity"
            )
