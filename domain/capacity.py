"""How many units are held at once: the one sweep line that the day ledger, availability
and the evaluators' reports all use.

A hold is ``(start, end, units)`` over the half-open interval [start, end): holds that only
touch (one ends at 10:00, the next starts at 10:00) never count together.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.time import Interval

Hold = tuple[datetime, datetime, int]


def levels(holds: Iterable[Hold]) -> list[Hold]:
    """The pieces of time over which the number of units held is constant and not zero, in
    order, as ``(start, end, units held)``."""
    changes: dict[datetime, int] = {}
    for start, end, units in holds:
        if end <= start or not units:
            continue
        changes[start] = changes.get(start, 0) + units
        changes[end] = changes.get(end, 0) - units
    pieces: list[Hold] = []
    level = 0
    previous: datetime | None = None
    for instant in sorted(changes):
        if previous is not None and level:
            pieces.append((previous, instant, level))
        level += changes[instant]
        previous = instant
    return pieces


def clipped(holds: Iterable[Hold], within: Interval) -> list[Hold]:
    """The parts of ``holds`` that fall within ``within``."""
    return [
        (max(start, within.start), min(end, within.end), units)
        for start, end, units in holds
        if start < within.end and within.start < end
    ]


def peak(holds: Iterable[Hold], within: Interval | None = None) -> int:
    """The most units held at any one instant (of ``within``, when given)."""
    pieces = levels(holds if within is None else clipped(holds, within))
    return max((units for _, _, units in pieces), default=0)


def free_spans(
    opening: Iterable[Interval], holds: Iterable[Hold], capacity: int
) -> list[tuple[Interval, int]]:
    """The parts of the opening hours where fewer than ``capacity`` units are held, with how
    many are still free; neighbouring parts with the same number free are one span."""
    held = list(holds)
    spans: list[tuple[Interval, int]] = []
    for span in opening:
        cursor = span.start
        pieces = [*levels(clipped(held, span)), (span.end, span.end, 0)]
        for start, end, units in pieces:
            if cursor < start:
                _extend(spans, Interval(cursor, start), capacity)
            if start < end and capacity - units > 0:
                _extend(spans, Interval(start, end), capacity - units)
            cursor = max(cursor, end)
    return spans


def _extend(spans: list[tuple[Interval, int]], piece: Interval, free: int) -> None:
    if spans and spans[-1][0].end == piece.start and spans[-1][1] == free:
        spans[-1] = (Interval(spans[-1][0].start, piece.end), free)
    else:
        spans.append((piece, free))
