"""Changes that hit bookings already made: which bookings a closure, new opening hours or
a retirement no longer allows (domain.disruption), closures with ids that can be removed,
the de facto closed days, and a cancellation that says why."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.booking import BY_HOST, BY_MEMBER, HOURS_CHANGED, SITE_CLOSED, Booking
from domain.disruption import Booked, hit_by_retirement, hit_by_site
from domain.errors import InvalidSetting
from domain.holidays import midsummer_eve, swedish_eves
from domain.site import Site, legacy_closure_id
from tests.builders import NOW, TUESDAY, WEDNESDAY, a_resource, a_site, slot


def booked(day: date, start: str, end: str, resource_id=None) -> Booked:
    interval = slot(day, start, end)
    return Booked(uuid4(), resource_id or uuid4(), interval.start, interval.end)


def test_a_closure_hits_the_bookings_on_its_days_and_no_others() -> None:
    site = a_site()
    tuesday, wednesday = booked(TUESDAY, "09:00", "12:00"), booked(WEDNESDAY, "09:00", "12:00")
    site.add_closure(TUESDAY, TUESDAY, "Personaldag")
    assert hit_by_site(site, [tuesday, wednesday], NOW) == {tuesday.booking_id: SITE_CLOSED}


def test_new_opening_hours_hit_only_the_bookings_they_no_longer_cover() -> None:
    site = a_site()  # weekdays 07-17
    morning, afternoon = booked(TUESDAY, "08:00", "10:00"), booked(TUESDAY, "14:00", "16:00")
    site.set_opening_hours({d: [["07:00", "12:00"]] for d in ("mon", "tue", "wed", "thu", "fri")})
    assert hit_by_site(site, [morning, afternoon], NOW) == {afternoon.booking_id: HOURS_CHANGED}


def test_bookings_that_have_ended_are_never_hit() -> None:
    site = a_site()
    earlier = booked(TUESDAY, "08:00", "10:00")
    site.add_closure(TUESDAY, TUESDAY, "")
    assert hit_by_site(site, [earlier], earlier.end + timedelta(minutes=1)) == {}


def test_retiring_a_resource_hits_its_bookings_that_have_not_ended() -> None:
    site = a_site()
    resource = a_resource(site.id)
    mine, other = booked(TUESDAY, "09:00", "10:00", resource.id), booked(TUESDAY, "09:00", "10:00")
    assert hit_by_retirement(resource, [mine, other], NOW) == set()
    resource.retire()
    assert hit_by_retirement(resource, [mine, other], NOW) == {mine.booking_id}


def test_a_closure_can_be_removed_by_its_id_and_the_days_open_again() -> None:
    site = a_site()
    keep = site.add_closure(WEDNESDAY, WEDNESDAY, "Inventering")
    gone = site.add_closure(TUESDAY, TUESDAY, "Personaldag")
    site.remove_closure(gone)
    assert not site.is_closed_on(TUESDAY)
    assert [c.id for c in site.closures] == [keep]
    with pytest.raises(InvalidSetting) as refused:
        site.remove_closure(gone)
    assert refused.value.about == "closure"


def test_closures_recorded_without_an_id_get_a_stable_one_on_replay() -> None:
    site = a_site()
    site._add_closure(TUESDAY.isoformat(), TUESDAY.isoformat(), "Gammal")  # as old events were
    events = site.collect_events()
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    assert isinstance(replayed, Site)
    expected = legacy_closure_id(site.id, TUESDAY.isoformat(), TUESDAY.isoformat())
    assert [c.id for c in replayed.closures] == [expected]
    replayed.remove_closure(expected)
    assert not replayed.is_closed_on(TUESDAY)


def test_a_closure_reason_is_one_short_line() -> None:
    with pytest.raises(InvalidSetting) as refused:
        a_site().add_closure(TUESDAY, TUESDAY, "x" * 201)
    assert refused.value.about == "reason"


def test_the_de_facto_closed_days_are_christmas_new_years_and_midsummer_eve() -> None:
    assert midsummer_eve(2026) == date(2026, 6, 19)
    assert midsummer_eve(2027) == date(2027, 6, 25)
    assert swedish_eves(2026) == {
        date(2026, 6, 19): "Midsommarafton",
        date(2026, 12, 24): "Julafton",
        date(2026, 12, 31): "Nyårsafton",
    }
    assert swedish_eves(2026, ("julafton",)) == {date(2026, 12, 24): "Julafton"}


def _booking() -> Booking:
    interval = slot(TUESDAY, "09:00", "10:00")
    return Booking(
        member_id=uuid4(),
        site_id=uuid4(),
        resource_id=uuid4(),
        kind="desk",
        start=interval.start,
        end=interval.end,
        quantity=1,
        placed_at=NOW,
    )


def test_a_cancellation_says_who_and_why_and_keeps_a_hosts_note() -> None:
    own, by_host, closed = _booking(), _booking(), _booking()
    own.cancel(own.member_id, NOW)
    by_host.cancel(uuid4(), NOW, note="  Skrivbordet  är trasigt ")
    closed.cancel(uuid4(), NOW, reason=SITE_CLOSED)
    assert (own.cancel_reason, by_host.cancel_reason, closed.cancel_reason) == (
        BY_MEMBER,
        BY_HOST,
        SITE_CLOSED,
    )
    assert by_host.cancel_note == "Skrivbordet är trasigt"


def test_a_hosts_note_is_at_most_500_characters_and_has_no_control_characters() -> None:
    for note in ("x" * 501, "a\x00b"):
        with pytest.raises(InvalidSetting) as refused:
            _booking().cancel(uuid4(), NOW, note=note)
        assert refused.value.about == "note"


def test_a_cancellation_stored_before_there_were_reasons_still_loads() -> None:
    booking = _booking()
    placed = booking.collect_events()
    old = Booking.Cancelled(  # as stored before: no reason, no note
        originator_id=booking.id,
        originator_version=2,
        timestamp=NOW,
        by=booking.member_id,
        at=NOW,
    )
    replayed = None
    for e in [*placed, old]:
        replayed = e.mutate(replayed)
    assert isinstance(replayed, Booking)
    assert replayed.status == "cancelled" and replayed.cancel_reason is None
