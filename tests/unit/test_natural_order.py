"""Resource and site names sort as people read them: numbers by value, Swedish letters last."""

from __future__ import annotations

from projections.queries import natural


def test_numbers_sort_by_value_and_case_does_not_matter() -> None:
    names = ["Skrivbord 10", "Skrivbord 2", "skrivbord 1", "Skrivbord 2b", "Skrivbord 02"]
    assert sorted(names, key=natural) == [
        "skrivbord 1",
        "Skrivbord 2",
        "Skrivbord 02",
        "Skrivbord 2b",
        "Skrivbord 10",
    ]


def test_a_ring_a_umlaut_and_o_umlaut_come_after_z_in_swedish_order() -> None:
    names = ["Mötesrum Ön", "Mötesrum Ån", "Mötesrum Zeta", "Mötesrum Älv", "Mötesrum Kvarnen"]
    assert sorted(names, key=natural) == [
        "Mötesrum Kvarnen",
        "Mötesrum Zeta",
        "Mötesrum Ån",
        "Mötesrum Älv",
        "Mötesrum Ön",
    ]
