"""What the use cases count, as Prometheus metrics of this process."""

from __future__ import annotations

from prometheus_client import Counter

BOOKINGS_PLACED = Counter("grannskap_bookings_placed_total", "Bookings placed", ["kind"])
BOOKINGS_REFUSED = Counter("grannskap_bookings_refused_total", "Booking attempts refused", ["rule"])
BOOKINGS_CANCELLED = Counter("grannskap_bookings_cancelled_total", "Bookings cancelled")
NO_SHOWS_RELEASED = Counter("grannskap_no_shows_released_total", "Bookings released as no-shows")
