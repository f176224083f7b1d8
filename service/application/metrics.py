"""What the use cases count, as Prometheus metrics of this process."""

from __future__ import annotations

from prometheus_client import Counter

BOOKINGS_PLACED = Counter("grannskap_bookings_placed_total", "Bookings placed", ["kind"])
BOOKINGS_REFUSED = Counter("grannskap_bookings_refused_total", "Booking attempts refused", ["rule"])
BOOKINGS_CANCELLED = Counter("grannskap_bookings_cancelled_total", "Bookings cancelled")
NO_SHOWS_RELEASED = Counter("grannskap_no_shows_released_total", "Bookings released as no-shows")
SERIES_STARTED = Counter("grannskap_series_started_total", "Recurring bookings started")
WAITLIST_JOINED = Counter("grannskap_waitlist_joined_total", "Waitlist entries made", ["kind"])
WAITLIST_SERVED = Counter("grannskap_waitlist_served_total", "Waitlist entries served", ["kind"])
CHECK_INS = Counter("grannskap_check_ins_total", "Check-ins by how they were made", ["method"])
