"""Features wished for: what members asked for when they asked for any resource of a kind
with features, booked or refused; and what no resource of the kind had ("no match")."""

from __future__ import annotations

import msgspec

from projections.reports.facts import Member, ReportInput, hidden, refused_requests

WISHES_METHOD = (
    "For each kind and feature asked for (a booking or refused request for any resource of "
    "the kind with features; a resource chosen by name asks for none): requests = bookings "
    "placed + refused requests (de-duplicated per member and slot) that asked for it; booked: "
    "of them placed; refused: refused for capacity, closed time or a rule; no_match: refused "
    "because no resource of the kind has it, so the specification asks for a resource with "
    "it, not for more units. Bookings and refusals recorded before the features were kept "
    "ask for none. Hidden from fewer than the minimum of members, and as many more as keep "
    "the hidden ones from being worked out from the others."
)


class WishedFeature(msgspec.Struct, kw_only=True):
    kind: str
    feature: str
    requests: int | None
    booked: int | None
    refused: int | None
    no_match: int | None
    suppressed: bool


def wished_features(data: ReportInput) -> list[WishedFeature]:
    counts: dict[tuple[str, str], list[int]] = {}  # booked, refused, no match
    members: dict[tuple[str, str], set[Member]] = {}
    for b in data.bookings:
        for f in b.features:
            counts.setdefault((b.kind, f), [0, 0, 0])[0] += 1
            members.setdefault((b.kind, f), set()).add(b.member)
    for q in refused_requests(data):
        if q.met_later:
            continue
        for f in q.features:
            counts.setdefault((q.kind, f), [0, 0, 0])[2 if q.outcome == "no-match" else 1] += 1
            members.setdefault((q.kind, f), set()).add(q.member)
    keys = sorted(counts, key=lambda k: (k[0], -sum(counts[k]), k[1]))
    hide = hidden([members[k] for k in keys])
    out = []
    for i, key in enumerate(keys):
        booked, refused, no_match = counts[key]
        visible = i not in hide
        out.append(
            WishedFeature(
                kind=key[0],
                feature=key[1],
                requests=booked + refused + no_match if visible else None,
                booked=booked if visible else None,
                refused=refused if visible else None,
                no_match=no_match if visible else None,
                suppressed=not visible,
            )
        )
    return out
