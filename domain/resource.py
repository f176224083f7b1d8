"""Bookable resources at a site: desks, rooms and pools of equipment."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import limits
from domain.errors import InvalidSetting, ResourceRetired
from domain.vocabulary import FEATURES, KINDS, known_features, stored_features


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
        name = limits.one_line(name, about="name", length=limits.NAME, required=True)
        if kind == "room" and (seats is None or not 1 <= seats <= 500):
            raise InvalidSetting("a room has 1..500 seats", about="seats")
        if kind != "room" and seats is not None:
            raise InvalidSetting("only rooms have seats", about="seats")
        if kind != "equipment" and quantity != 1:
            raise InvalidSetting("only equipment comes in a quantity", about="quantity")
        if not 1 <= quantity <= 1000:
            raise InvalidSetting("quantity is 1..1000", about="quantity")
        return cls(
            site_id=site_id,
            kind=kind,
            name=name,
            features=check_features(features or []),
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
        self.features = stored_features(features)
        self.seats = seats
        self.quantity = quantity
        self.retired = False
        self.requires_approval = False

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

    def set_features(self, features: list[str]) -> None:
        """Replaces the features (from the vocabulary); the same ones again change nothing."""
        codes = check_features(features)
        if codes != self.features:
            self._set_features(codes)

    class FeaturesSet(Aggregate.Event):
        features: list[str]

    @event(FeaturesSet)
    def _set_features(self, features: list[str]) -> None:
        self.features = stored_features(features)

    def set_approval(self, required: bool) -> None:
        """Whether a member's booking of it waits for a host's approval; the same again
        changes nothing."""
        if bool(required) != self.requires_approval:
            self._set_approval(bool(required))

    class ApprovalSet(Aggregate.Event):
        required: bool

    @event(ApprovalSet)
    def _set_approval(self, required: bool) -> None:
        self.requires_approval = required

    def check_bookable(self, quantity: int) -> None:
        if self.retired:
            raise ResourceRetired(f"{self.name} is retired", about="resource")
        if not 1 <= quantity <= self.quantity:
            raise InvalidSetting(
                f"quantity is 1..{self.quantity} for {self.name}", about="quantity"
            )


def check_features(features: list[str] | tuple[str, ...]) -> list[str]:
    """The codes of the features a host gave; one the vocabulary does not know is refused."""
    if len(features) > 20:
        raise InvalidSetting("at most 20 features", about="features")
    try:
        return known_features(features)
    except ValueError as unknown:
        raise InvalidSetting(
            f"{unknown} is not a known feature (known: {', '.join(FEATURES)})", about="features"
        ) from None
